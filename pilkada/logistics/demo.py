"""Demo logistics for a regency: DPT where still 0, the catalogue, and every shipment.

One planted anomaly: the PPK of the first kecamatan ships the ballots of the first contest
short by SHORT_QTY to the PPS of its third desa; that PPS can then forward only what it holds,
so the last TPS of that desa is "logistik belum lengkap".
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from django.db import transaction

from pilkada.audit.services import audit_log
from pilkada.logistics.models import Item, Shipment
from pilkada.logistics.rules import Basis
from pilkada.logistics.selectors import needs_for
from pilkada.logistics.services import NewShipment, items_sync, shipments_bulk_record
from pilkada.tps.models import Tps

SHORT_QTY = 50


@transaction.atomic
def demo_dpt_fill(*, kabupaten: str, total: int) -> int:
    """Spread `total` voters evenly over the TPS whose DPT is still 0 (the voters app owns it)."""
    empty = list(Tps.objects.filter(kode__startswith=kabupaten, jumlah_dpt=0).order_by("kode"))
    if not empty:
        return 0
    base, extra = divmod(total, len(empty))
    for i, t in enumerate(empty):
        t.jumlah_dpt = min(600, base + (1 if i < extra else 0))
    Tps.objects.bulk_update(empty, ["jumlah_dpt"], batch_size=1000)
    audit_log(
        actor=None,
        action="logistics.dpt_demo_set",
        object_type="tps.tps",
        object_id=kabupaten,
        area_code=kabupaten,
        changes={"tps": len(empty), "jumlah_dpt": sum(t.jumlah_dpt for t in empty)},
    )
    return len(empty)


def short_desa(kabupaten: str) -> str:
    """The desa whose PPS receives the short shipment (third desa of the first kecamatan)."""
    desa = sorted(
        set(Tps.objects.filter(kode__startswith=kabupaten).values_list("desa_id", flat=True))
    )
    first_kec = desa[0][:6]
    in_kec = [d for d in desa if d.startswith(first_kec)]
    return in_kec[min(2, len(in_kec) - 1)]


def demo_load_logistics(
    *,
    kabupaten: str,
    contests: Sequence[tuple[str, str]],
    dpt_total: int,
    say: Callable[[str], None] = lambda s: None,
) -> dict[str, Any]:
    done: dict[str, Any] = {}
    done["dpt_diisi"] = demo_dpt_fill(kabupaten=kabupaten, total=dpt_total)
    done["barang_baru"] = items_sync(actor=None, contests=contests)
    if Shipment.objects.filter(to_code__startswith=kabupaten).exists():
        return done
    items = list(Item.objects.all())
    ballot = next(i.kode for i in items if i.basis == Basis.DPT)
    tps = list(
        Tps.objects.filter(kode__startswith=kabupaten)
        .order_by("kode")
        .values_list("kode", "desa_id", "kecamatan_kode", "jumlah_dpt")
    )
    per_tps = {k: needs_for(dpt, items) for k, _d, _k, dpt in tps}
    by_desa: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_kec: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for kode, desa, kec, _dpt in tps:
        for item, n in per_tps[kode].items():
            by_desa[desa][item] += n
            by_kec[kec][item] += n
    short = short_desa(kabupaten)
    rows: list[NewShipment] = []
    for kec, needs in sorted(by_kec.items()):
        rows.append(NewShipment(kabupaten, kec, tuple((i, n, n, 0) for i, n in needs.items() if n)))
    for desa, needs in sorted(by_desa.items()):
        rows.append(
            NewShipment(
                desa[:6],
                desa,
                tuple(
                    (i, n, n - SHORT_QTY if (desa == short and i == ballot) else n, 0)
                    for i, n in needs.items()
                    if n
                ),
            )
        )
    # Each PPS forwards what it holds; at the short desa the last TPS gets what is left.
    last_of_short = max(k for k, d, _k, _n in tps if d == short)
    for kode, desa, _kec, _dpt in tps:
        lines = []
        for item, n in per_tps[kode].items():
            if not n:
                continue
            sent = n - SHORT_QTY if (kode == last_of_short and item == ballot) else n
            lines.append((item, max(0, sent), max(0, sent), 0))
        rows.append(NewShipment(desa, kode, tuple(lines)))
    done["pengiriman"] = shipments_bulk_record(actor=None, rows=rows, area_code=kabupaten)
    say(f"logistik: {done['pengiriman']} pengiriman; surat suara PPS {short} kurang {SHORT_QTY}")
    return done
