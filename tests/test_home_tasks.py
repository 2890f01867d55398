"""Role home pages (issue #10): each next task shows the right count, inside the user's area."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client

from conftest import make_user
from pilkada.accounts.roles import Role
from pilkada.adhoc.models import Body, Member, Position
from pilkada.budget.models import Entitlement, Payout
from pilkada.budget.services import (
    entitlements_compute,
    payout_record,
    pps_transfer_record,
    rates_sync,
)
from pilkada.counting.models import CHasil
from pilkada.counting.services import entry_submit, pleno_approve, pleno_propose
from pilkada.counting.tests.conftest import make_contests
from pilkada.counting.tests.helpers import kwargs
from pilkada.supervision.selectors import dashboard
from pilkada.supervision.services import checklist_submit
from pilkada.tahapan.models import Stage
from pilkada.web.selectors import next_tasks
from tests.helpers import lock_kabupaten, province_with_verified_forms

pytestmark = pytest.mark.django_db


def _counts(user) -> dict[str, int]:
    return {t.label: t.count for t in next_tasks(user)}


def test_kepala_desa_sees_honoraria_to_confirm_in_his_desa_only(world, users):
    rates_sync(actor=None)
    for code in ("1807012001001", "1807012002001"):
        for i in range(3):
            Member.objects.create(
                body=Body.KPPS, position=Position.ANGGOTA, unit_code=code, nama=f"A{i}"
            )
    entitlements_compute(actor=users["kpu"], area_code="1807")
    for desa in ("1807012001", "1807012002"):
        owed = sum(Entitlement.objects.filter(desa_kode=desa).values_list("bruto", flat=True))
        pps_transfer_record(
            actor=users["kpu"], desa_kode=desa, jumlah=owed, tanggal=date(2024, 11, 19)
        )
    for e in Entitlement.objects.all():
        payout_record(actor=users["kpu"], member_id=e.member_id, dibayar=e.bruto)
    kades = users["kades_a1"]
    waiting = Payout.objects.filter(desa_kode="1807012001", diterima__isnull=True).count()
    assert waiting == 3
    counts = _counts(kades)
    assert counts["Honorarium menunggu konfirmasi penerimaan"] == waiting
    page = Client()
    page.force_login(kades)
    html = page.get("/").content.decode()
    assert "/anggaran/wilayah/1807012001/" in html


def test_pps_sees_forms_waiting_for_first_and_second_entry(world, users):
    contests = make_contests()
    now = datetime.now(UTC)
    Stage.objects.create(
        election=contests["gub"].election,
        kode="pemungutan_suara",
        nama="Pemungutan",
        mulai=now - timedelta(hours=1),
        selesai=now + timedelta(hours=5),
    )
    entry_submit(
        actor=users["kpps_a1"],
        tps_kode="1807012001001",
        contest_kode="pilgub",
        **kwargs({1: 3, 2: 2}),
    )
    other = make_user("kpps_a2", Role.KPPS, "1807012002001")
    entry_submit(
        actor=other, tps_kode="1807012002001", contest_kode="pilgub", **kwargs({1: 3, 2: 2})
    )
    pps = users["pps_a1"]
    in_desa = CHasil.objects.filter(tps__kode__startswith="1807012001")
    counts = _counts(pps)
    # 2 TPS x 2 contests in the desa, one form entered once.
    assert counts["C.Hasil menunggu entri"] == 2 * 2 - in_desa.exclude(status="belum").count() == 3
    assert (
        counts["C.Hasil menunggu entri kedua"]
        == in_desa.filter(status=CHasil.Status.MENUNGGU).count()
        == 1
    )
    page = Client()
    page.force_login(pps)
    assert "?status=menunggu" in page.get("/").content.decode()


def test_bawaslu_cases_near_deadline_scoped(world, users):
    ptps = make_user("ptps", Role.PTPS, "1807012001001")
    checklist_submit(actor=ptps, tps_kode="1807012001001", answers={"politik_uang": True})
    d = dashboard(actor=users["bawaslu"])
    counts = _counts(users["bawaslu"])
    assert counts["Kasus lewat tenggat"] == len(d.overdue)
    assert counts["Kasus dengan tenggat dalam 2 hari"] == len(d.due_soon)
    assert len(d.overdue) + len(d.due_soon) >= 1  # a finding's clock starts at once
    panwas_b = make_user("panwas_b", Role.PANWASCAM, "180702")
    assert sum(_counts(panwas_b).values()) == 0


def test_kpu_admin_and_citizen(world, users):
    make_contests()
    counts = _counts(users["kpu"])
    assert counts["Impor DPT menunggu keputusan"] == 0
    assert counts["Pasangan kemungkinan pemilih ganda"] == 0
    assert any(label.startswith("Pleno") for label in counts)
    html = Client().get("/").content.decode()
    assert "/cek-dpt/" in html or "cek-dpt" in html
    assert "/lapor/" in html


def test_kpu_provinsi_home_leads_to_the_next_plenary_step(world):
    """KPU Provinsi: kabupaten/kota plenaries locked N of all, then the province plenary to
    propose, to approve (by another member), and finally its D.Hasil Provinsi."""
    make_contests()
    prov = province_with_verified_forms()

    def tasks() -> dict[str, tuple[int, str, str]]:
        return {t.label: (t.count, t.note, t.url) for t in next_tasks(prov["prov1"])}

    waiting = "Pleno kabupaten/kota Gubernur dan Wakil Gubernur belum ditetapkan"
    propose = "Pleno provinsi Gubernur dan Wakil Gubernur: ajukan penetapan D.Hasil Provinsi"
    approve = "Pleno provinsi Gubernur dan Wakil Gubernur menunggu persetujuan orang kedua"
    done = "Pleno provinsi Gubernur dan Wakil Gubernur ditetapkan"
    t = tasks()
    assert t[waiting] == (2, "0 dari 2 sudah ditetapkan", "/rekap/pilgub/18/")
    assert t[propose][:2] == (0, "2 pleno kabupaten/kota belum ditetapkan.")
    lock_kabupaten(prov, "1807")
    assert tasks()[waiting][:2] == (1, "1 dari 2 sudah ditetapkan")
    lock_kabupaten(prov, "1872")
    t = tasks()
    assert t[waiting][:2] == (0, "2 dari 2 sudah ditetapkan")
    assert t[propose] == (1, "siap diajukan", "/rekap/pilgub/18/")
    p = pleno_propose(
        actor=prov["prov1"],
        contest_kode="pilgub",
        area_code="18",
        nomor_berita_acara="BA/KPU-PROV/9",
        tempat="Bandar Lampung",
        tanggal=date(2024, 12, 5),
        totals={},
    )
    t = tasks()
    assert propose not in t and t[approve] == (1, "diajukan oleh prov1", "/rekap/pilgub/18/")
    pleno_approve(actor=prov["prov2"], pleno_id=p.pk, totals={})
    t = tasks()
    assert approve not in t
    assert t[done] == (0, "berita acara BA/KPU-PROV/9", "/rekap/pilgub/18/pdf/")
    # The page itself shows the tasks and its role.
    page = Client()
    page.force_login(prov["prov1"])
    html = page.get("/").content.decode()
    assert "KPU Provinsi" in html and "/rekap/pilgub/18/pdf/" in html
    # The regency race (1807) gives KPU Provinsi no task; a KPU Kabupaten gets none of these.
    assert not any("Bupati" in label for label in t)
    assert waiting not in {x.label for x in next_tasks(prov["kpu1807a"])}
