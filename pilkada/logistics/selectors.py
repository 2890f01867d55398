"""Reading logistics, scoped to the actor's area: needs, flags, TPS completeness, progress."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, QuerySet, Sum

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import can_see, scope_q
from pilkada.core.exceptions import NotFoundOrOutOfScope
from pilkada.logistics.models import Item, Shipment, ShipmentLine
from pilkada.logistics.rules import Leg, missing_items, need_at_tps
from pilkada.tps.models import Tps


def item_list() -> list[Item]:
    return list(Item.objects.all())


def needs_for(dpt: int, items: list[Item]) -> dict[str, int]:
    return {i.kode: need_at_tps(i.basis, i.per_tps, dpt) for i in items}


@dataclass
class TpsLogistics:
    kode: str
    desa_kode: str
    kecamatan_kode: str
    dpt: int
    needs: dict[str, int]
    missing: dict[str, int] = field(default_factory=dict)

    @property
    def lengkap(self) -> bool:
        return not self.missing


def tps_logistics(
    *, actor: Any, kecamatan: str | None = None, desa: str | None = None
) -> list[TpsLogistics]:
    """Every TPS in the area with its needs and what is still missing (2 queries)."""
    items = item_list()
    tps_qs = Tps.objects.filter(scope_q(actor, "kode", Perm.LOGISTICS_VIEW))
    lines = ShipmentLine.objects.filter(
        scope_q(actor, "to_code", Perm.LOGISTICS_VIEW),
        leg=Leg.PPS_KPPS,
        qty_received__isnull=False,
    )
    if kecamatan:
        tps_qs = tps_qs.filter(kecamatan_kode=kecamatan)
        lines = lines.filter(to_code__startswith=kecamatan)
    if desa:
        tps_qs = tps_qs.filter(desa_id=desa)
        lines = lines.filter(to_code__startswith=desa)
    intact: dict[str, dict[str, int]] = defaultdict(dict)
    for row in lines.values("to_code", "item_id").annotate(
        n=Sum(F("qty_received") - F("qty_damaged"))
    ):
        intact[row["to_code"]][row["item_id"]] = int(row["n"] or 0)
    out = []
    for kode, desa_id, kec, dpt in tps_qs.order_by("kode").values_list(
        "kode", "desa_id", "kecamatan_kode", "jumlah_dpt"
    ):
        needs = needs_for(dpt, items)
        out.append(TpsLogistics(kode, desa_id, kec, dpt, needs, missing_items(needs, intact[kode])))
    return out


def tps_logistics_get(*, actor: Any, kode: str) -> TpsLogistics:
    if not can_see(actor, kode, Perm.LOGISTICS_VIEW):
        raise NotFoundOrOutOfScope("TPS tidak ditemukan.")
    rows = [r for r in tps_logistics(actor=actor, desa=kode[:10]) if r.kode == kode]
    if not rows:
        raise NotFoundOrOutOfScope("TPS tidak ditemukan.")
    return rows[0]


@dataclass(frozen=True)
class Flag:
    """A shortfall or damage, at the leg and the receiving node where it happened."""

    shipment_id: int
    leg: str
    from_code: str
    to_code: str
    item: str
    dispatched: int
    received: int
    damaged: int

    @property
    def shortfall(self) -> int:
        return self.dispatched - self.received


def logistics_flags(*, actor: Any, area: str | None = None) -> list[Flag]:
    qs = ShipmentLine.objects.filter(
        scope_q(actor, "to_code", Perm.LOGISTICS_VIEW), qty_received__isnull=False
    ).filter(qty_received__lt=F("qty_dispatched")) | ShipmentLine.objects.filter(
        scope_q(actor, "to_code", Perm.LOGISTICS_VIEW), qty_damaged__gt=0
    )
    if area:
        qs = qs.filter(to_code__startswith=area)
    return [
        Flag(
            r["shipment_id"],
            r["leg"],
            r["shipment__from_code"],
            r["to_code"],
            r["item_id"],
            r["qty_dispatched"],
            int(r["qty_received"] or 0),
            r["qty_damaged"],
        )
        for r in qs.order_by("leg", "to_code", "item_id").values(
            "shipment_id",
            "leg",
            "shipment__from_code",
            "to_code",
            "item_id",
            "qty_dispatched",
            "qty_received",
            "qty_damaged",
        )
    ]


@dataclass(frozen=True)
class Progress:
    kode: str
    tps: int
    lengkap: int

    @property
    def percent(self) -> int:
        return 100 if self.tps == 0 else round(100 * self.lengkap / self.tps)


def progress_by_kecamatan(*, actor: Any) -> list[Progress]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in tps_logistics(actor=actor):
        counts[row.kecamatan_kode][0] += 1
        counts[row.kecamatan_kode][1] += int(row.lengkap)
    return [Progress(k, n, ok) for k, (n, ok) in sorted(counts.items())]


def shipment_list(
    *, actor: Any, leg: str | None = None, area: str | None = None, pending: bool = False
) -> QuerySet[Shipment]:
    qs = Shipment.objects.filter(
        scope_q(actor, "to_code", Perm.LOGISTICS_VIEW)
        | scope_q(actor, "from_code", Perm.LOGISTICS_VIEW)
    )
    if leg:
        qs = qs.filter(leg=leg)
    if area:
        qs = qs.filter(to_code__startswith=area)
    if pending:
        qs = qs.filter(status=Shipment.Status.DIKIRIM)
    return qs.order_by("leg", "to_code", "id")


def shipment_get(*, actor: Any, pk: int) -> Shipment:
    s = Shipment.objects.filter(pk=pk).prefetch_related("lines__item").first()
    if s is None or not (
        can_see(actor, s.to_code, Perm.LOGISTICS_VIEW)
        or can_see(actor, s.from_code, Perm.LOGISTICS_VIEW)
    ):
        raise NotFoundOrOutOfScope("Pengiriman tidak ditemukan.")
    return s


def complete_by_kecamatan(*, actor: Any) -> dict[str, tuple[int, int]]:
    """{kecamatan: (TPS with complete logistics, TPS)}, for the readiness overview."""
    return {p.kode: (p.lengkap, p.tps) for p in progress_by_kecamatan(actor=actor)}
