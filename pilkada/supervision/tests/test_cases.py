"""Deadlines on cases, overdue on the dashboard, duplicates, Gakkumdu steps, pages."""

from datetime import timedelta

import pytest
from django.test import Client

from conftest import PASSWORD
from pilkada.core import clock
from pilkada.core.exceptions import PermissionDenied, ValidationFailed
from pilkada.supervision.models import Case, Holiday
from pilkada.supervision.selectors import case_deadlines, dashboard, duplicate_candidates
from pilkada.supervision.services import (
    case_assign,
    case_extend,
    case_gakkumdu_record,
    case_link,
    case_mulai_kajian,
    case_nyatakan_lengkap,
    case_teruskan,
    case_tindak_lanjuti,
    report_receive,
)
from pilkada.supervision.tests.conftest import new_report


def _login(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.mark.django_db
def test_holidays_2024_loaded_by_migration():
    assert Holiday.objects.filter(tanggal="2024-11-27", jenis="pemilihan").exists()
    assert Holiday.objects.filter(tanggal__year=2024).count() == 29


@pytest.mark.django_db
def test_overdue_case_is_raised_and_rehearsal_moves_the_countdown(sup):
    with clock.shifted(-timedelta(days=10)):
        old = report_receive(report=new_report())
    fresh = report_receive(report=new_report(kategori="asn"))
    d = dashboard(actor=sup["bawaslu"])
    assert [r.case.pk for r in d.overdue] == [old.pk]
    assert {dl.rule.code for dl in d.overdue[0].overdue} == {"kajian_awal", "putusan"}
    assert d.total == 2 and dict(d.by_category) == {"politik_uang": 1, "asn": 1}
    assert d.by_kecamatan == [("180701", "Sukadana", 2, 1)]
    putusan = next(x for x in case_deadlines(fresh) if x.rule.code == "putusan")
    assert putusan.days_left == 3
    with clock.shifted(timedelta(days=5)):  # a rehearsal five days ahead
        putusan = next(x for x in case_deadlines(fresh) if x.rule.code == "putusan")
        assert putusan.overdue and putusan.days_left == -2
        assert {r.case.pk for r in dashboard(actor=sup["bawaslu"]).overdue} == {old.pk, fresh.pk}
    # Out of area: Panwascam of the other kecamatan sees nothing.
    assert dashboard(actor=sup["panwascam_b"]).total == 0


@pytest.mark.django_db
def test_extension_moves_the_decision_deadline(sup, report):
    actor = sup["panwascam_a"]
    case_mulai_kajian(actor=actor, case_id=report.pk)
    before = next(x for x in case_deadlines(report) if x.rule.code == "putusan").due
    case_extend(actor=actor, case_id=report.pk, keputusan="Perlu keterangan saksi")
    report.refresh_from_db()
    after = next(x for x in case_deadlines(report) if x.rule.code == "putusan").due
    assert (after - before).days == 2
    with pytest.raises(ValidationFailed):
        case_extend(actor=actor, case_id=report.pk, keputusan="lagi")


@pytest.mark.django_db
def test_duplicates_found_and_linked(sup, report):
    other = report_receive(
        report=new_report(uraian="Ada pembagian amplop uang kepada warga menjelang pemungutan.")
    )
    unrelated = report_receive(report=new_report(uraian="Spanduk dipasang di pohon jalan raya."))
    far = report_receive(report=new_report(desa_kode="1807022001"))
    found = [c.pk for c, _ in duplicate_candidates(actor=sup["bawaslu"], case=report)]
    assert found == [other.pk]
    assert unrelated.pk not in found and far.pk not in found
    case_assign(actor=sup["bawaslu"], case_id=other.pk, officers=[sup["panwascam_a"]])
    case_link(actor=sup["bawaslu"], case_id=other.pk, primary_id=report.pk, keputusan="Sama")
    other.refresh_from_db()
    assert other.linked_to_id == report.pk
    with pytest.raises(ValidationFailed, match="digabung"):
        case_mulai_kajian(actor=sup["panwascam_a"], case_id=other.pk)
    assert Case.objects.filter(linked_to__isnull=True).count() == 3


@pytest.mark.django_db
def test_gakkumdu_track_deadlines(sup, report):
    actor = sup["panwascam_a"]
    case_mulai_kajian(actor=actor, case_id=report.pk)
    case_nyatakan_lengkap(actor=actor, case_id=report.pk, keputusan="L", dokumen="1")
    case_tindak_lanjuti(actor=actor, case_id=report.pk, keputusan="T", dokumen="2")
    with pytest.raises(ValidationFailed):  # not yet forwarded
        case_gakkumdu_record(
            actor=actor, case_id=report.pk, event="berkas_ke_jaksa", tanggal=clock.local_today()
        )
    case_teruskan(actor=actor, case_id=report.pk, keputusan="Ke Gakkumdu", dokumen="3")
    report.refresh_from_db()
    codes = {d.rule.code for d in case_deadlines(report)}
    assert "penyidikan" in codes and "pengembalian_berkas" not in codes
    case_gakkumdu_record(
        actor=actor, case_id=report.pk, event="berkas_ke_jaksa", tanggal=clock.local_today()
    )
    report.refresh_from_db()
    states = {d.rule.code: d.state for d in case_deadlines(report)}
    assert states["penyidikan"] == "terpenuhi" and states["pengembalian_berkas"] == "berjalan"
    with pytest.raises(ValidationFailed):  # recorded once
        case_gakkumdu_record(
            actor=actor, case_id=report.pk, event="berkas_ke_jaksa", tanggal=clock.local_today()
        )


@pytest.mark.django_db
def test_pages_render_for_handlers_and_are_refused_to_others(sup, report):
    c = _login(sup["panwascam_a"])
    for url in [
        "/pengawasan/",
        "/pengawasan/kasus/?kategori=politik_uang",
        f"/pengawasan/kasus/{report.pk}/",
        "/pengawasan/temuan/baru/",
        "/pengawasan/rawan/",
        "/pengawasan/rawan/1807012001001/",
        "/pengawasan/tps/1807012001001/",
    ]:
        assert c.get(url).status_code == 200, url
    r = c.post(f"/pengawasan/kasus/{report.pk}/langkah/mulai_kajian/", {"keputusan": ""})
    assert r.status_code == 302
    report.refresh_from_db()
    assert report.status == "kajian_awal"
    # Forbidden step through the page: refused, status unchanged.
    c.post(f"/pengawasan/kasus/{report.pk}/langkah/teruskan/", {"keputusan": "x", "dokumen": "y"})
    report.refresh_from_db()
    assert report.status == "kajian_awal"
    # The TPS page lists the case for a supervision role, not for the KPPS.
    assert report.nomor in c.get("/tps/1807012001001/").content.decode()
    kpps = _login(sup["kpps_a1"])
    assert report.nomor not in kpps.get("/tps/1807012001001/").content.decode()
    assert kpps.get("/pengawasan/").status_code == 403
    assert kpps.get(f"/pengawasan/kasus/{report.pk}/").status_code == 404
    # Other kecamatan: 404 for the page, 403 for a write.
    far = _login(sup["panwascam_b"])
    assert far.get(f"/pengawasan/kasus/{report.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        case_mulai_kajian(actor=sup["panwascam_b"], case_id=report.pk)


@pytest.mark.django_db
def test_api_step_and_refusal(sup, report):
    c = _login(sup["panwascam_a"])
    r = c.post(
        f"/api/pengawasan/kasus/{report.pk}/langkah/teruskan",
        data={"keputusan": "x", "dokumen": "y"},
        content_type="application/json",
    )
    assert r.status_code == 422
    r = c.post(
        f"/api/pengawasan/kasus/{report.pk}/langkah/mulai_kajian",
        data={},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "kajian_awal"
    assert {t["langkah"] for t in r.json()["langkah_berikut"]} == {
        "nyatakan_lengkap",
        "nyatakan_tidak_lengkap",
    }
    assert any(d["aturan"] == "putusan" and d["sisa_hari"] == 3 for d in r.json()["tenggat"])


@pytest.mark.django_db
def test_finding_by_ptps_only_for_own_tps(sup):
    c = _login(sup["ptps_a1"])
    when = clock.local_now() - timedelta(hours=2)
    data = {
        "kategori": "proses_tps",
        "desa": "1807012001",
        "tps_nomor": "1",
        "terlapor": "KPPS",
        "peristiwa_pada": when.strftime("%Y-%m-%dT%H:%M"),
        "diketahui_pada": when.date().isoformat(),
        "uraian": "TPS dibuka terlambat satu jam karena kotak suara belum tiba.",
    }
    r = c.post("/pengawasan/temuan/baru/", data)
    assert r.status_code == 302
    case = Case.objects.get()
    assert (case.jenis, case.dibuat_oleh_id, case.area_code) == (
        "temuan",
        sup["ptps_a1"].pk,
        "1807012001001",
    )
    r = c.post("/pengawasan/temuan/baru/", {**data, "tps_nomor": "2"})
    assert r.status_code == 400 and Case.objects.count() == 1
