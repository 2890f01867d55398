from datetime import date

import pytest

from conftest import make_user
from pilkada.accounts.roles import Role
from pilkada.adhoc.models import Body, Member, Position
from pilkada.audit.models import AuditEntry
from pilkada.budget.models import Grant, GrantTransfer, Payout, PpsTransfer, Tranche
from pilkada.budget.rules import Step
from pilkada.budget.selectors import honor_cuts, people_of, reconciliation, transfer_gaps
from pilkada.budget.services import (
    NewAllocation,
    entitlements_compute,
    grant_create,
    grant_return_record,
    grant_transfer_record,
    payout_confirm,
    payout_record,
    payouts_confirm_area,
    pps_transfer_record,
    rates_sync,
    realisation_record,
    tranches_set,
)
from pilkada.core.exceptions import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db

GOOD = [
    NewAllocation("kpu", "KPU", 40_000_000_000),
    NewAllocation("bawaslu", "Bawaslu", 24_000_000_000),
]


def _grant(actor, allocations=GOOD, nomor="NPHD-1"):
    return grant_create(
        actor=actor,
        nomor=nomor,
        tanggal_ttd=date(2023, 11, 10),
        hari_pemungutan=date(2024, 11, 27),
        kode_wilayah="1807",
        pemberi="Pemkab",
        allocations=allocations,
    )


@pytest.fixture
def keuangan(world):
    return make_user("keu", Role.PEMKAB_KEUANGAN, "1807")


def test_grant_plan_and_transfers(keuangan):
    before = AuditEntry.objects.count()
    grant = _grant(keuangan)
    assert grant.total == 64_000_000_000
    kpu = grant.allocations.get(penerima_kode="kpu")
    t1, t2 = kpu.tranches.order_by("nomor")
    assert (t1.jumlah, t2.jumlah) == (16_000_000_000, 24_000_000_000)
    assert (t1.batas_tanggal, t2.batas_tanggal) == (date(2023, 11, 30), date(2024, 6, 27))
    grant_transfer_record(
        actor=keuangan, tranche_id=t1.pk, jumlah="10.000.000.000", tanggal=date(2023, 11, 20)
    )
    with pytest.raises(ValidationFailed, match="melebihi sisa tahap"):
        grant_transfer_record(
            actor=keuangan, tranche_id=t1.pk, jumlah=6_000_000_001, tanggal=date(2023, 11, 21)
        )
    grant_transfer_record(
        actor=keuangan, tranche_id=t1.pk, jumlah=6_000_000_000, tanggal=date(2023, 11, 21)
    )
    assert GrantTransfer.objects.count() == 2
    assert AuditEntry.objects.count() == before + 3
    realisation_record(
        actor=keuangan,
        allocation_id=kpu.pk,
        akun="5211",
        uraian="x",
        jumlah=15_000_000_000,
        tanggal=date(2024, 1, 1),
    )
    with pytest.raises(ValidationFailed, match="melebihi saldo"):
        realisation_record(
            actor=keuangan,
            allocation_id=kpu.pk,
            akun="5211",
            uraian="x",
            jumlah=1_000_000_001,
            tanggal=date(2024, 1, 2),
        )
    with pytest.raises(ValidationFailed, match="melebihi sisa dana"):
        grant_return_record(
            actor=keuangan, allocation_id=kpu.pk, jumlah=1_000_000_001, tanggal=date(2025, 1, 1)
        )
    grant_return_record(
        actor=keuangan, allocation_id=kpu.pk, jumlah=1_000_000_000, tanggal=date(2025, 1, 1)
    )


@pytest.mark.parametrize("bad", [-1_000, "1.000.000,5", 1.5, "satu miliar", ""])
def test_bad_amounts_refuse_the_whole_agreement(keuangan, bad):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        _grant(keuangan, [*GOOD, NewAllocation("polres", "Polres", bad)])
    assert "polres" in str(exc.value)
    assert Grant.objects.count() == 0 and Tranche.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_a_tranche_larger_than_its_allocation_is_refused(keuangan):
    grant = _grant(keuangan)
    kodim = grant.allocations.get(penerima_kode="bawaslu")
    with pytest.raises(ValidationFailed, match="melebihi alokasi"):
        tranches_set(
            actor=keuangan,
            allocation_id=kodim.pk,
            tranches=[(25_000_000_000, date(2024, 1, 1)), (0, date(2024, 6, 1))],
        )
    with pytest.raises(ValidationFailed, match="harus sama dengan alokasi"):
        tranches_set(actor=keuangan, allocation_id=kodim.pk, tranches=[(1, date(2024, 1, 1))])
    assert kodim.tranches.count() == 2
    rows = tranches_set(
        actor=keuangan,
        allocation_id=kodim.pk,
        tranches=[
            (9_600_000_000, date(2024, 1, 1)),
            (9_600_000_000, date(2024, 7, 1)),
            ("4.800.000.000", date(2024, 10, 1)),
        ],
    )
    assert sum(t.jumlah for t in rows) == 24_000_000_000


def test_roles_that_may_not_manage_the_grant(world, users):
    with pytest.raises(PermissionDenied):
        _grant(users["kades_a1"])
    with pytest.raises(PermissionDenied):
        _grant(users["ppk_a"])


# --- honoraria ------------------------------------------------------------------------------


def _kpps(tps_code, n=7):
    out = []
    for i in range(n):
        out.append(
            Member.objects.create(
                body=Body.KPPS,
                position=Position.KETUA if i == 0 else Position.ANGGOTA,
                unit_code=tps_code,
                nama=f"ORANG {tps_code} {i}",
            )
        )
    out += [
        Member.objects.create(
            body=Body.LINMAS,
            position=Position.PETUGAS,
            unit_code=tps_code,
            nama=f"LINMAS {tps_code} {i}",
        )
        for i in range(2)
    ]
    return out


@pytest.fixture
def paid_world(world, users):
    rates_sync(actor=None)
    people = {code: _kpps(code) for code in world.tps}
    entitlements_compute(actor=users["kpu"], area_code="1807")
    for desa in ("1807012001", "1807012002", "1807022001"):
        pps_transfer_record(
            actor=users["kpu"], desa_kode=desa, jumlah=2 * 7_300_000, tanggal=date(2024, 11, 19)
        )
    return people


def test_entitlement_from_roster_and_months(paid_world, users):
    lines = people_of(actor=users["kpu"], area="1807012001001")
    assert sorted(p.bruto for p in lines) == [650_000] * 2 + [850_000] * 6 + [900_000]
    member = paid_world["1807012001001"][1]
    entitlements_compute(actor=users["kpu"], area_code="1807012001001", months={member.pk: 2})
    assert member.entitlement.__class__.objects.get(member=member).bruto == 1_700_000


def test_planted_cut_is_flagged_at_that_tps_and_step_only(paid_world, users):
    pps = users["pps_a1"]
    kpu = users["kpu"]
    for code, members in paid_world.items():
        payer = kpu if not code.startswith("1807012001") else pps
        for m in members:
            gross = m.entitlement.bruto
            payout_record(
                actor=payer,
                member_id=m.pk,
                dibayar=gross - gross * 6 // 100,
                pajak=gross * 6 // 100,
            )
    # Kepala desa of 1807012001 fills his form: one member of TPS 002 got Rp200.000 less.
    kades = users["kades_a1"]
    cut_member = paid_world["1807012001002"][3]
    form = {}
    for p in Payout.objects.filter(desa_kode="1807012001").select_related("entitlement"):
        member_id = p.entitlement.member_id
        form[member_id] = p.dibayar - 200_000 if member_id == cut_member.pk else p.dibayar
    payouts_confirm_area(actor=kades, area_code="1807012001", received=form)
    flags = honor_cuts(actor=kpu)
    assert [(f.unit_code, f.step, f.amount) for f in flags] == [
        ("1807012001002", Step.PENERIMAAN, 200_000)
    ]
    # the kades sees it; the PPK of the kecamatan sees it; the other kecamatan's nothing
    assert [f.unit_code for f in honor_cuts(actor=kades)] == ["1807012001002"]
    assert [f.unit_code for f in honor_cuts(actor=users["ppk_a"])] == ["1807012001002"]
    outsider = make_user("kades_b1", Role.KEPALA_DESA, "1807022001")
    assert honor_cuts(actor=outsider) == []
    # books of the desa close: paid + cuts = transferred
    rec = reconciliation(actor=kpu, area="1807012001")
    assert rec.transferred == 2 * 7_300_000
    assert rec.paid_received + rec.cuts == rec.transferred and rec.cuts == 200_000


def test_bad_payments_and_confirmations_are_refused(paid_world, users):
    kpu, pps = users["kpu"], users["pps_a1"]
    m = paid_world["1807012001001"][0]
    with pytest.raises(NotFoundOrOutOfScope, match="tidak terdaftar"):
        payout_record(actor=kpu, member_id=999_999, dibayar=100)
    with pytest.raises(NotFoundOrOutOfScope, match="tidak terdaftar"):
        payout_record(actor=kpu, member_id="abc", dibayar=100)
    for bad in (-1, 1.5, "850.000,00", "x"):
        with pytest.raises(ValidationFailed):
            payout_record(actor=pps, member_id=m.pk, dibayar=bad)
    with pytest.raises(ValidationFailed, match="melebihi hak"):
        payout_record(actor=pps, member_id=m.pk, dibayar=900_001)
    with pytest.raises(PermissionDenied):  # a PPS of another desa
        payout_record(actor=users["pps_a2"], member_id=m.pk, dibayar=900_000)
    before = AuditEntry.objects.count()
    payout_record(actor=pps, member_id=m.pk, dibayar=846_000, pajak=54_000)
    assert AuditEntry.objects.count() == before + 1
    with pytest.raises(ValidationFailed, match="lebih besar"):
        payout_confirm(actor=users["kpps_a1"], member_id=m.pk, diterima=846_001)
    with pytest.raises(PermissionDenied):  # the payer cannot confirm his own payment
        payout_confirm(actor=pps, member_id=m.pk, diterima=846_000)
    payout_confirm(actor=users["kpps_a1"], member_id=m.pk, diterima=846_000)
    assert Payout.objects.get().diterima == 846_000
    assert honor_cuts(actor=kpu) == []  # tax is not a cut


def test_kades_form_is_all_or_nothing(paid_world, users):
    pps = users["pps_a1"]
    ms = paid_world["1807012001001"][:2]
    for m in ms:
        payout_record(actor=pps, member_id=m.pk, dibayar=m.entitlement.bruto)
    other = paid_world["1807012002001"][0]
    with pytest.raises(ValidationFailed):
        payouts_confirm_area(
            actor=users["kades_a1"],
            area_code="1807012001",
            received={ms[0].pk: 100, ms[1].pk: "-5"},
        )
    with pytest.raises(PermissionDenied):
        payouts_confirm_area(
            actor=users["kades_a1"], area_code="1807012002", received={other.pk: 1}
        )
    assert not Payout.objects.filter(diterima__isnull=False).exists()


def test_transfer_beyond_what_is_owed_is_refused_and_gaps_shown(paid_world, users):
    with pytest.raises(ValidationFailed, match="melebihi hak"):
        pps_transfer_record(
            actor=users["kpu"], desa_kode="1807012001", jumlah=1, tanggal=date(2024, 11, 20)
        )
    assert all(g.gap == 0 for g in transfer_gaps(actor=users["kpu"]))
    assert PpsTransfer.objects.count() == 3


def test_short_transfer_is_flagged_at_the_desa_and_transfer_step(world, users):
    rates_sync(actor=None)
    _kpps("1807012001001")
    entitlements_compute(actor=users["kpu"], area_code="1807")
    pps_transfer_record(
        actor=users["kpu"], desa_kode="1807012001", jumlah=7_000_000, tanggal=date(2024, 11, 19)
    )
    flags = [(f.unit_code, f.step, f.amount) for f in honor_cuts(actor=users["kpu"])]
    assert flags == [("1807012001", Step.TRANSFER, 300_000)]
