"""Issue #6 "Done means", on the full Lampung Timur demo."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.test import Client

from pilkada.accounts.models import User
from pilkada.audit.models import AuditEntry
from pilkada.budget.demo import planted_cuts, planted_tps
from pilkada.budget.models import Allocation, Grant, PpsTransfer, Tranche
from pilkada.budget.rules import Step
from pilkada.budget.selectors import honor_cuts, reconciliation
from pilkada.logistics.demo import SHORT_QTY, short_desa
from pilkada.logistics.models import Shipment
from pilkada.logistics.rules import Leg, ballots_needed
from pilkada.logistics.selectors import logistics_flags, tps_logistics
from pilkada.tps.models import Tps

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("demo")
    return User.objects.get(username="kpu")


def test_demo_money_and_logistics(demo):
    kpu = demo
    # --- the grant reconciles to the rupiah
    grant = Grant.objects.get()
    assert grant.total == 69_000_000_000
    assert Allocation.objects.aggregate(s=Sum("jumlah"))["s"] == 69_000_000_000
    assert dict(Allocation.objects.values_list("penerima_kode", "jumlah")) == {
        "kpu": 40_000_000_000,
        "bawaslu": 24_000_000_000,
        "polres": 4_000_000_000,
        "kodim": 1_000_000_000,
    }
    for alloc in Allocation.objects.all():
        tranches = list(Tranche.objects.filter(allocation=alloc).order_by("nomor"))
        assert sum(t.jumlah for t in tranches) == alloc.jumlah
        assert [t.jumlah for t in tranches] == [alloc.jumlah * 4 // 10, alloc.jumlah * 6 // 10]

    # --- honoraria: paid + flagged cuts = transferred to PPS accounts
    rec = reconciliation(actor=kpu)
    transferred = PpsTransfer.objects.aggregate(s=Sum("jumlah"))["s"]
    assert rec.transferred == transferred == 1621 * 7_300_000  # 900k + 6×850k + 2×650k per TPS
    assert rec.unpaid == rec.unconfirmed == 0
    assert rec.paid_received + rec.cuts == transferred
    assert rec.cuts == 200_000 + 1_026_000 + 350_000
    assert rec.difference == 0

    # --- the planted Rp200.000 cut is flagged at exactly that TPS and step, nowhere else
    flags = {(f.unit_code, f.step): f.amount for f in honor_cuts(actor=kpu)}
    assert flags == planted_cuts("1807")
    tps_a = planted_tps("1807")["a"]
    assert [(u, s, a) for (u, s), a in flags.items() if u == tps_a] == [
        (tps_a, Step.PENERIMAAN, 200_000)
    ]
    # the kepala desa of that desa sees it; the one of another desa does not
    kades = User.objects.get(username="kades.sukadana")
    seen = {(f.unit_code, f.step): f.amount for f in honor_cuts(actor=kades)}
    expected = {k: v for k, v in flags.items() if k[0].startswith(kades.area_code)}
    assert seen == expected
    assert tps_a.startswith(kades.area_code)  # the demo kades.sukadana sees the planted cut
    assert seen == {(tps_a, Step.PENERIMAAN): 200_000}

    # --- one short shipment at one PPS: flagged there, its TPS "logistik belum lengkap"
    short = short_desa("1807")
    lflags = logistics_flags(actor=kpu)
    assert [(f.leg, f.to_code, f.shortfall, f.damaged) for f in lflags] == [
        (Leg.PPK_PPS, short, SHORT_QTY, 0)
    ]
    status = tps_logistics(actor=kpu)
    assert len(status) == 1621
    incomplete = [s for s in status if not s.lengkap]
    assert [s.desa_kode for s in incomplete] == [short]
    assert sum(incomplete[0].missing.values()) == SHORT_QTY
    assert sum(s.lengkap for s in status) == 1620

    # --- both feed the readiness overview
    from pilkada.kesiapan.selectors import readiness_by_kecamatan

    ready = {r.kode: r for r in readiness_by_kecamatan(actor=kpu)}
    kec = ready[short[:6]]
    assert (kec.measures["logistik"].have, kec.measures["logistik"].need) == (kec.tps - 1, kec.tps)
    assert all(r.measures["logistik"].ready for k, r in ready.items() if k != short[:6])
    assert all(r.measures["honor"].ready for r in ready.values())
    page = Client()
    page.force_login(kpu)
    assert page.get("/kesiapan/").status_code == 200
    assert page.get("/anggaran/").status_code == 200
    assert page.get("/logistik/").status_code == 200
    kades_page = Client()
    kades_page.force_login(kades)
    area = kades_page.get(f"/anggaran/wilayah/{kades.area_code}/")
    assert area.status_code == 200 and b'name="diterima-' in area.content
    assert kades_page.get("/anggaran/wilayah/1807022001/").status_code == 404

    # --- ballot needs are DPT + 2.5 % rounded up, per TPS and per contest
    dpt = dict(Tps.objects.values_list("kode", "jumlah_dpt"))
    # Filled by the demo where the voters app left 0 (823,417 spread evenly), else the roll's.
    assert all(0 < n <= 600 for n in dpt.values())
    one = status[0]
    ballots = {k: v for k, v in one.needs.items() if k.startswith("surat-suara-")}
    assert len(ballots) == 2 and set(ballots.values()) == {ballots_needed(dpt[one.kode])}

    # --- a second run changes nothing and logs nothing
    counts = (Shipment.objects.count(), PpsTransfer.objects.count(), AuditEntry.objects.count())
    call_command("demo")
    assert (Shipment.objects.count(), PpsTransfer.objects.count(), AuditEntry.objects.count()) == (
        counts
    )
    assert Counter(Shipment.objects.values_list("leg", flat=True)) == {
        Leg.GUDANG_PPK: 24,
        Leg.PPK_PPS: 264,
        Leg.PPS_KPPS: 1621,
    }
