"""Readiness per kecamatan: what each domain holds against what it should hold.

Later work (voter roll, logistics, honoraria, supervision, count) adds columns here; each column
is a (have, need) pair so the page can show a traffic light and the gap.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import actor_area, scope_q
from pilkada.adhoc.models import BODY_SIZE, Body
from pilkada.adhoc.selectors import member_counts_by_kecamatan
from pilkada.budget.selectors import confirmation_by_kecamatan
from pilkada.logistics.selectors import complete_by_kecamatan
from pilkada.tps.models import Tps
from pilkada.wilayah.selectors import desa_count_by_kecamatan, kecamatan_list

# Columns in display order: (key, label, body, unit the size is per).
COLUMNS: list[tuple[str, str, str, str]] = [
    ("ppk", "PPK", Body.PPK, "kecamatan"),
    ("pps", "PPS", Body.PPS, "desa"),
    ("kpps", "KPPS", Body.KPPS, "tps"),
    ("linmas", "Linmas", Body.LINMAS, "tps"),
    ("panwascam", "Panwascam", Body.PANWASCAM, "kecamatan"),
    ("pkd", "PKD", Body.PKD, "desa"),
    ("ptps", "PTPS", Body.PTPS, "tps"),
]
# Columns measured by other domains (issue #6): (key, label).
DOMAIN_COLUMNS: list[tuple[str, Any]] = [
    ("logistik", _("Logistik lengkap (TPS)")),
    ("honor", _("Honor dikonfirmasi (orang)")),
]


@dataclass(frozen=True)
class Measure:
    have: int
    need: int

    @property
    def ready(self) -> bool:
        return self.have >= self.need

    @property
    def percent(self) -> int:
        return 100 if self.need == 0 else min(100, round(100 * self.have / self.need))


@dataclass
class KecamatanReadiness:
    kode: str
    nama: str
    desa: int
    tps: int
    measures: dict[str, Measure] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return all(m.ready for m in self.measures.values())


def readiness_by_kecamatan(*, actor: Any) -> list[KecamatanReadiness]:
    """One row per kecamatan in the actor's area (3 queries whatever the size)."""
    tps_per_kec = dict(
        Tps.objects.filter(scope_q(actor, "kode", Perm.KESIAPAN_VIEW))
        .values_list("kecamatan_kode")
        .annotate(n=Count("kode"))
    )
    members = member_counts_by_kecamatan(actor=actor)
    desa_per_kec = desa_count_by_kecamatan(actor=actor)
    area = actor_area(actor) or ""
    rows = []
    for kec in kecamatan_list(actor=actor):
        n_desa = desa_per_kec.get(kec.kode, 0)
        n_tps = tps_per_kec.get(kec.kode, 0)
        # Kecamatan-level bodies count only for actors whose area holds the whole kecamatan.
        units = {"kecamatan": 1 if len(area) <= 6 else 0, "desa": n_desa, "tps": n_tps}
        row = KecamatanReadiness(kode=kec.kode, nama=kec.nama, desa=n_desa, tps=n_tps)
        for key, _label, body, per in COLUMNS:
            row.measures[key] = Measure(
                members.get((kec.kode, body), 0), BODY_SIZE[body] * units[per]
            )
        rows.append(row)
    logistics = complete_by_kecamatan(actor=actor)
    honoraria = confirmation_by_kecamatan(actor=actor)
    for row in rows:
        row.measures["logistik"] = Measure(*logistics.get(row.kode, (0, row.tps)))
        row.measures["honor"] = Measure(*honoraria.get(row.kode, (0, 0)))
    return rows


def readiness_totals(rows: list[KecamatanReadiness]) -> KecamatanReadiness:
    total = KecamatanReadiness(
        kode="", nama="Total", desa=sum(r.desa for r in rows), tps=sum(r.tps for r in rows)
    )
    for key in [c[0] for c in COLUMNS] + [c[0] for c in DOMAIN_COLUMNS]:
        total.measures[key] = Measure(
            sum(r.measures[key].have for r in rows), sum(r.measures[key].need for r in rows)
        )
    return total
