"""Demo money trail: the Rp69 miliar grant of Lampung Timur, honoraria and planted cuts.

Real: the four allocations (domain.md §0, [R1]), the 40/60 tranche rule (§6.1), the monthly
rates (§6.2). Synthetic (not found in the sources): the NPHD number and date, transfer dates,
spending lines, the amount returned, the 6 % tax example applied to every payout (§6.3 cites
6 % in 2019), and three planted cuts, modelled on the reported cases of §6.3.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import Sum

from pilkada.adhoc.models import Body
from pilkada.budget.models import Entitlement, Grant, PpsTransfer
from pilkada.budget.rules import Step, tax_amount
from pilkada.budget.services import (
    DemoPayout,
    NewAllocation,
    entitlements_compute,
    grant_create,
    grant_return_record,
    grant_transfer_record,
    honoraria_bulk_record,
    rates_sync,
    realisation_record,
)

NPHD_NOMOR = "DEMO-NPHD/1807/XI/2023"
NPHD_DATE = date(2023, 11, 10)
TAX_BP = 600  # 6 %, the 2019 example of domain.md §6.3
ALLOCATIONS = [
    NewAllocation("kpu", "KPU Kabupaten Lampung Timur", 40_000_000_000),
    NewAllocation("bawaslu", "Bawaslu Kabupaten Lampung Timur", 24_000_000_000),
    NewAllocation("polres", "Polres Lampung Timur", 4_000_000_000),
    NewAllocation("kodim", "Kodim 0429/Lampung Timur", 1_000_000_000),
]
PPS_TRANSFER_DAY = date(2024, 11, 19)
# Planted cuts: (index in the sorted TPS list, step, amount per person, people affected).
PLANTED: list[tuple[str, Step, int, int]] = [
    ("a", Step.PENERIMAAN, 200_000, 1),  # one KPPS member got Rp200.000 less than paid
    ("b", Step.PENCAIRAN, 114_000, 9),  # Rp1.026.000 per TPS (Lamteng Pilkada 2020)
    ("c", Step.PENCAIRAN, 50_000, 7),  # Rp350.000 per TPS (Lamteng, Rp200–500k)
]


def planted_tps(kabupaten: str) -> dict[str, str]:
    """Which TPS carry the planted cuts: the 2nd TPS, one a third in and one two thirds in."""
    codes = sorted(
        set(
            Entitlement.objects.filter(unit_code__startswith=kabupaten, body=Body.KPPS)
            .order_by()
            .values_list("unit_code", flat=True)
        )
    )
    return {"a": codes[1], "b": codes[len(codes) // 3], "c": codes[2 * len(codes) // 3]}


def planted_cuts(kabupaten: str) -> dict[tuple[str, Step], int]:
    where = planted_tps(kabupaten)
    return {(where[k], step): per * n for k, step, per, n in PLANTED}


def _grant(kabupaten: str, voting_day: date) -> None:
    grant = grant_create(
        actor=None,
        nomor=NPHD_NOMOR,
        tanggal_ttd=NPHD_DATE,
        hari_pemungutan=voting_day,
        kode_wilayah=kabupaten,
        pemberi="Pemerintah Kabupaten Lampung Timur",
        allocations=ALLOCATIONS,
    )
    for alloc in grant.allocations.all():
        for t in alloc.tranches.all():
            grant_transfer_record(
                actor=None,
                tranche_id=t.pk,
                jumlah=t.jumlah,
                tanggal=t.batas_tanggal,
                referensi=f"SP2D-DEMO-{alloc.penerima_kode}-{t.nomor}",
            )
    ents = Entitlement.objects.filter(unit_code__startswith=kabupaten)

    def owed(*bodies: str) -> int:
        return int(ents.filter(body__in=bodies).aggregate(s=Sum("bruto"))["s"] or 0)

    pps_sent = int(
        PpsTransfer.objects.filter(desa_kode__startswith=kabupaten).aggregate(s=Sum("jumlah"))["s"]
        or 0
    )
    n_tps = ents.filter(body=Body.KPPS).values("unit_code").distinct().count()
    spend = {
        "kpu": [
            ("5221-HON-KPPS", "Honorarium KPPS dan Linmas (transfer ke rekening PPS)", pps_sent),
            ("5221-HON-PPK-PPS", "Honorarium PPK dan PPS", owed(Body.PPK, Body.PPS)),
            ("5211-LOG", "Pengadaan dan distribusi logistik", 9_000_000_000),
            ("5211-OPS-TPS", "Operasional TPS (Rp3.500.000 per TPS)", 3_500_000 * n_tps),
        ],
        "bawaslu": [
            ("5221-HON-PANWASCAM", "Honorarium Panwascam", owed(Body.PANWASCAM)),
            ("5221-PENGAWASAN", "Pengawasan tahapan", 18_000_000_000),
            ("5211-SEKRETARIAT", "Operasional sekretariat", 3_000_000_000),
        ],
        "polres": [("5211-PAM", "Pengamanan tahapan dan TPS", 3_850_000_000)],
        "kodim": [("5211-PAM", "Dukungan pengamanan", 960_000_000)],
    }
    for alloc in grant.allocations.all():
        total = 0
        for akun, uraian, amount in spend[alloc.penerima_kode]:
            if amount:
                realisation_record(
                    actor=None,
                    allocation_id=alloc.pk,
                    akun=akun,
                    uraian=uraian,
                    jumlah=amount,
                    tanggal=date(2024, 12, 15),
                )
                total += amount
        if alloc.jumlah - total > 0:
            grant_return_record(
                actor=None,
                allocation_id=alloc.pk,
                jumlah=alloc.jumlah - total,
                tanggal=date(2025, 3, 25),
                referensi=f"STS-DEMO-{alloc.penerima_kode}",
            )


def _honoraria(kabupaten: str) -> int:
    # Everyone with an entitlement is paid: KPPS and Linmas in cash from the PPS account,
    # the others (PPK, PPS, Panwascam) directly by their secretariat.
    ents = list(
        Entitlement.objects.filter(unit_code__startswith=kabupaten).order_by(
            "unit_code", "body", "position", "member_id"
        )
    )
    where = planted_tps(kabupaten)
    cut_at = {where[k]: (step, per, n) for k, step, per, n in PLANTED}
    seen: dict[str, int] = {}
    owed: dict[str, int] = {}
    payouts = []
    for e in ents:
        if e.lewat_pps:
            owed[e.desa_kode] = owed.get(e.desa_kode, 0) + e.bruto
        tax = tax_amount(e.bruto, TAX_BP)
        paid = received = e.bruto - tax
        if e.unit_code in cut_at:
            step, per, n = cut_at[e.unit_code]
            i = seen.get(e.unit_code, 0)
            seen[e.unit_code] = i + 1
            if i < n:
                if step == Step.PENCAIRAN:
                    paid = received = paid - per
                else:
                    received = paid - per
        payouts.append(DemoPayout(e.member_id, paid, tax, received))
    transfers = [(d, amount, PPS_TRANSFER_DAY) for d, amount in sorted(owed.items())]
    return honoraria_bulk_record(
        actor=None, area_code=kabupaten, transfers=transfers, payouts=payouts
    )


def demo_load_budget(
    *, kabupaten: str, voting_day: date, say: Callable[[str], None] = lambda s: None
) -> dict[str, Any]:
    done: dict[str, Any] = {"tarif_baru": rates_sync(actor=None)}
    done["hak_dihitung"] = entitlements_compute(actor=None, area_code=kabupaten)
    if not PpsTransfer.objects.filter(desa_kode__startswith=kabupaten).exists():
        done["pembayaran"] = _honoraria(kabupaten)
    if not Grant.objects.filter(nomor=NPHD_NOMOR).exists():
        _grant(kabupaten, voting_day)
        done["nphd"] = NPHD_NOMOR
        say("hibah: NPHD demo Rp69.000.000.000 (KPU 40, Bawaslu 24, Polres 4, Kodim 1 miliar)")
    return done
