"""Web pages and API of counting and recap: entry form, live checks, history, PDFs, import."""

from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD
from pilkada.accounts.services import api_token_create
from pilkada.counting.importer import csv_columns
from pilkada.counting.models import Entry
from pilkada.counting.services import entry_submit
from pilkada.counting.tests.conftest import make_contests
from pilkada.counting.tests.helpers import kwargs
from pilkada.counting.validators import NUMBER_FIELDS

TPS = "1807012001001"


@pytest.fixture
def contests(world: Any) -> Any:
    return make_contests()


def login(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def post_data(votes: dict[int, int]) -> dict[str, Any]:
    k = kwargs(votes)
    data: dict[str, Any] = dict(k["angka"])
    data.update({f"suara_{n}": v for n, v in k["suara"].items()})
    return data


@pytest.mark.django_db
def test_entry_form_live_check_and_save(users, contests) -> None:
    c = login(users["kpps_a1"])
    page = c.get(f"/penghitungan/{TPS}/pilgub/entri/")
    assert page.status_code == 200
    html = page.content.decode()
    for name in NUMBER_FIELDS:  # one box per number of the paper form
        assert f'name="{name}"' in html
    bad = post_data({1: 120, 2: 80}) | {"suara_sah": 199}
    r = c.post(f"/penghitungan/{TPS}/pilgub/periksa/", bad)
    assert "Aturan 1" in r.content.decode()
    png = b"\x89PNG\r\n\x1a\n" + b"x" * 20
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = post_data({1: 120, 2: 80}) | {"foto": SimpleUploadedFile("c.png", png)}
    r = c.post(f"/penghitungan/{TPS}/pilgub/entri/", data)
    assert r.status_code == 302
    e = Entry.objects.get()
    assert e.result == "menunggu" and len(e.photo_sha256) == 64
    detail = login(users["bawaslu"]).get(f"/penghitungan/{TPS}/pilgub/")
    assert e.photo_sha256 in detail.content.decode()
    # Another KPPS area: no entry page.
    assert c.get("/penghitungan/1807012002001/pilgub/entri/").status_code in (403, 404)


@pytest.mark.django_db
def test_recap_pages_and_pdfs(users, contests) -> None:
    for u in ("kpps_a1", "pps_a1"):
        entry_submit(actor=users[u], tps_kode=TPS, contest_kode="pilgub", **kwargs({1: 120, 2: 80}))
    c = login(users["kpu"])
    for area in ("1807", "180701", "1807012001"):
        r = c.get(f"/rekap/pilgub/{area}/")
        assert r.status_code == 200
        assert "120" in r.content.decode()
    pdf = c.get("/rekap/pilgub/180701/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    pdf = c.get(f"/penghitungan/{TPS}/pilgub/pdf/")
    assert pdf.content.startswith(b"%PDF")
    assert c.get("/penghitungan/?kontestasi=pilgub").status_code == 200
    assert c.get("/penghitungan/anomali/pilgub/").status_code == 200


@pytest.mark.django_db
def test_api_idempotent_submission_and_recap(users, contests) -> None:
    _, secret = api_token_create(actor=None, user=users["kpps_a1"], name="uji")
    _, secret2 = api_token_create(actor=None, user=users["pps_a1"], name="uji")
    c = Client()
    k = kwargs({1: 120, 2: 80})
    body = {
        "tps": TPS,
        "kontestasi": "pilgub",
        "angka": k["angka"],
        "suara": {str(n): v for n, v in k["suara"].items()},
    }
    for auth, key in ((secret, "a-1"), (secret, "a-1"), (secret2, "b-1"), (secret2, "b-1")):
        r = c.post(
            "/api/penghitungan/entri",
            body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {auth}", "Idempotency-Key": key},
        )
        assert r.status_code == 200, r.content
    assert r.json()["duplikat"] is True and r.json()["hasil"] == "cocok"
    assert Entry.objects.count() == 2
    r = c.get("/api/rekap/pilgub/1807", headers={"Authorization": f"Bearer {secret2}"})
    # A desa-level user cannot read the kabupaten.
    assert r.status_code == 404
    _, kpu = api_token_create(actor=None, user=users["kpu"], name="uji")
    r = c.get("/api/rekap/pilgub/1807", headers={"Authorization": f"Bearer {kpu}"})
    assert r.json()["total"]["suara"] == {"1": 120, "2": 80}
    assert r.json()["total"]["tps_count"] == 1
    hist = c.get(
        f"/api/penghitungan/formulir/{TPS}/pilgub", headers={"Authorization": f"Bearer {kpu}"}
    ).json()
    assert [h["hasil"] for h in hist["riwayat"]] == ["menunggu", "cocok"]
    bad = dict(body, angka=dict(k["angka"], suara_sah=1))
    r = c.post(
        "/api/penghitungan/entri",
        bad,
        content_type="application/json",
        headers={"Authorization": f"Bearer {kpu}"},
    )
    assert r.json()["hasil"] == "perlu_koreksi" and r.json()["temuan"][0]["rule"] == 1


@pytest.mark.django_db
def test_csv_import_by_pps(users, contests) -> None:
    cols = csv_columns(contests["bup"])
    lines = [",".join(cols)]
    for n in (1, 2):
        k = kwargs({1: 100 + n, 0: 30})
        vals = {
            **k["angka"],
            **{f"suara_{p}": v for p, v in k["suara"].items()},
            "tps": f"1807012001{n:03d}",
        }
        lines.append(",".join(str(vals[c]) for c in cols))
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = login(users["pps_a1"])
    f = SimpleUploadedFile("c.csv", ("\n".join(lines) + "\n").encode())
    r = c.post("/penghitungan/impor/", {"kontestasi": "pilbup", "berkas": f})
    assert r.status_code == 200, r.content.decode()[:2000]
    assert Entry.objects.filter(kind="impor").count() == 2
    # A broken row names the line and column; nothing is stored.
    f = SimpleUploadedFile(
        "c.csv", ("\n".join([lines[0], lines[1].replace(",", ",x", 1)])).encode()
    )
    r = c.post("/penghitungan/impor/", {"kontestasi": "pilbup", "berkas": f})
    assert r.status_code == 400 and "baris 2" in r.content.decode()
    assert Entry.objects.filter(kind="impor").count() == 2


@pytest.mark.django_db
def test_plenary_objection_and_two_person_lock_on_the_web(users, contests) -> None:
    from conftest import make_user
    from pilkada.counting.models import Keberatan, Pleno

    for tps in ("1807012001001", "1807012001002", "1807012002001", "1807012002002"):
        for u in ("kpu", "ppk_a"):
            entry_submit(
                actor=users[u], tps_kode=tps, contest_kode="pilgub", **kwargs({1: 120, 2: 80})
            )
    c = login(users["ppk_a"])
    r = c.post(
        "/penghitungan/keberatan/pilgub/180701/",
        {
            "saksi": "Saksi 02",
            "jenis": "keberatan",
            "isi": "Minta hitung ulang TPS 1",
            "pasangan_nomor": 2,
            "next": "/rekap/pilgub/180701/",
        },
    )
    assert r.status_code == 302
    k = Keberatan.objects.get()
    assert k.level == "kecamatan" and k.area_code == "180701"
    c.post(f"/penghitungan/keberatan/{k.pk}/jawab/", {"jawaban": "Ditolak: angka sesuai foto."})
    page = c.get("/rekap/pilgub/180701/").content.decode()
    assert "Minta hitung ulang" in page and "Ditolak" in page
    r = c.post(
        "/rekap/pilgub/180701/pleno/ajukan/",
        {"nomor_berita_acara": "BA/1", "tempat": "Aula", "tanggal": "2024-11-29"},
    )
    assert Pleno.objects.get().status == "diajukan"
    c.post("/rekap/pilgub/180701/pleno/setujui/")  # the proposer cannot approve
    assert Pleno.objects.get().status == "diajukan"
    login(make_user("ppk_a_2", "ppk", "180701")).post("/rekap/pilgub/180701/pleno/setujui/")
    p = Pleno.objects.get()
    assert p.status == "terkunci" and p.totals["suara"] == {"1": 480, "2": 320}
