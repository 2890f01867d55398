"""Public intake: no login, late reports kept, evidence hashed, floods refused."""

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from pilkada.core import clock
from pilkada.core.exceptions import ValidationFailed
from pilkada.supervision import intake
from pilkada.supervision.models import Case, Evidence
from pilkada.supervision.services import UploadedEvidence, report_receive
from pilkada.supervision.tests.conftest import new_report

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _form_data(token: str, **over: str) -> dict[str, str]:
    when = clock.local_now() - timedelta(days=1)
    data = {
        "token": token,
        "situs_web": "",
        "nama": "Rudi Pelapor",
        "alamat": "Dusun I Sukadana",
        "kontak": "0812000111",
        "kategori": "politik_uang",
        "desa": "1807012001",
        "tps_nomor": "1",
        "tempat": "Depan masjid",
        "terlapor": "Tim pemenangan",
        "peristiwa_pada": when.strftime("%Y-%m-%dT%H:%M"),
        "diketahui_pada": when.date().isoformat(),
        "uraian": "Pembagian sembako dengan stiker paslon di depan masjid pada malam hari.",
        "saksi": "",
    }
    data.update(over)
    return data


def _post(client: Client, data: dict[str, str], ip: str = "10.0.0.1"):
    return client.post("/pengawasan/lapor/", data, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_anonymous_report_is_registered(world):
    client = Client()
    page = client.get("/pengawasan/lapor/")
    assert page.status_code == 200 and b'name="situs_web"' in page.content
    with time_machine.travel(clock.now(), tick=False) as t:
        token = intake.issue_token()
        t.shift(10)
        r = _post(client, _form_data(token))
    assert r.status_code == 302, r.content.decode()[:2000]
    case = Case.objects.get()
    assert (case.jenis, case.kategori, case.area_code, case.terlambat) == (
        "laporan",
        "politik_uang",
        "1807012001001",
        False,
    )
    thanks = client.get(r["Location"])
    assert case.nomor in thanks.content.decode()


@pytest.mark.django_db
def test_bots_are_refused(world):
    client = Client()
    with time_machine.travel(clock.now(), tick=False) as t:
        token = intake.issue_token()
        # Submitted at once: scripted.
        assert _post(client, _form_data(token)).status_code == 400
        t.shift(10)
        # Honeypot filled: answered like a success, nothing stored.
        r = _post(client, _form_data(intake.issue_token(), situs_web="http://spam"), ip="10.0.0.2")
        assert r.status_code == 302
        # No token, a forged token.
        assert _post(client, _form_data(""), ip="10.0.0.3").status_code == 400
        assert _post(client, _form_data(token + "x"), ip="10.0.0.3").status_code == 400
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_token_is_single_use_and_rate_limited(world, settings):
    settings.PILKADA_INTAKE_PER_HOUR = 3
    client = Client()
    with time_machine.travel(clock.now(), tick=False) as t:
        tokens = [intake.issue_token() for _ in range(5)]
        t.shift(10)
        assert _post(client, _form_data(tokens[0])).status_code == 302
        assert _post(client, _form_data(tokens[0])).status_code == 400  # replayed
        assert _post(client, _form_data(tokens[1])).status_code == 302
        assert _post(client, _form_data(tokens[2])).status_code == 429  # 4th attempt this hour
        # Another client is not affected.
        assert _post(client, _form_data(tokens[3]), ip="10.9.9.9").status_code == 302
    assert Case.objects.count() == 3


@pytest.mark.django_db
def test_late_report_is_kept_and_marked(world):
    old = clock.local_now() - timedelta(days=10)
    case = report_receive(report=new_report(peristiwa_pada=old, diketahui_pada=old.date()))
    assert case.terlambat is True
    assert Case.objects.filter(pk=case.pk).exists()


@pytest.mark.django_db
def test_evidence_hashed_and_type_checked(world):
    case = report_receive(report=new_report(), files=[UploadedEvidence("foto.png", PNG)])
    ev = Evidence.objects.get(case=case)
    assert ev.sha256 == hashlib.sha256(PNG).hexdigest()
    assert (ev.content_type, ev.ukuran) == ("image/png", len(PNG))
    assert "foto" not in ev.berkas.name  # stored under its hash, not its name
    with pytest.raises(ValidationFailed) as exc:
        report_receive(report=new_report(), files=[UploadedEvidence("x.png", b"MZ\x90\x00evil")])
    assert exc.value.errors[0][0] == "bukti ke-1"
    big = UploadedEvidence("b.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationFailed):
        report_receive(report=new_report(), files=[big])
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_invalid_report_names_fields(world):
    with pytest.raises(ValidationFailed) as exc:
        report_receive(report=new_report(nama="", uraian="pendek", kategori="lain"))
    assert {w for w, _ in exc.value.errors} == {"nama", "uraian", "kategori"}
    with pytest.raises(ValidationFailed):
        report_receive(report=new_report(tps_nomor=9))  # no TPS 009 in the desa


@pytest.mark.django_db
def test_officer_adds_evidence_later(sup, report):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = Client()
    assert c.login(username="panwascam_a", password="rahasia-uji-123")
    r = c.post(
        f"/pengawasan/kasus/{report.pk}/bukti/",
        {"bukti": [SimpleUploadedFile("a.png", PNG), SimpleUploadedFile("b.pdf", b"%PDF-1.4 x")]},
    )
    assert r.status_code == 302
    assert sorted(Evidence.objects.filter(case=report).values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/png",
    ]
    first = Evidence.objects.filter(case=report).order_by("pk")[0]
    got = c.get(f"/pengawasan/kasus/{report.pk}/bukti/{first.pk}/")
    assert got.status_code == 200
    # A KPPS cannot add evidence nor download it.
    k = Client()
    assert k.login(username="kpps_a1", password="rahasia-uji-123")
    assert k.post(f"/pengawasan/kasus/{report.pk}/bukti/", {}).status_code == 404
