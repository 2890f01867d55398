"""The tiered recapitulation: TPS -> desa (PPS) -> kecamatan (D.Hasil Kecamatan, PPK) ->
kabupaten (D.Hasil Kabupaten, KPU) -> province (D.Hasil Provinsi, KPU Provinsi, governor race
only): the province level has one row per kabupaten/kota.

Totals come from the running totals kept by counting in the same transaction as each
verification, so a page never re-adds every TPS form.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import require_see
from pilkada.core.exceptions import NotFoundOrOutOfScope
from pilkada.counting.models import CHasil, Pleno
from pilkada.counting.selectors import contest_get, counted_tps_totals, pleno_get, totals
from pilkada.pemilihan.models import Contest
from pilkada.tps.models import Tps
from pilkada.tps.selectors import child_areas
from pilkada.wilayah.models import Desa, Kabupaten, Kecamatan, Provinsi

LEVEL_NAMES = {2: "provinsi", 4: "kabupaten", 6: "kecamatan", 10: "desa", 13: "tps"}
# Levels that hold a plenary: kecamatan (PPK), kabupaten (KPU Kabupaten) and, for a governor
# race only (recap_get refuses the province level otherwise), the province (KPU Provinsi).
PLENARY_LENGTHS = (2, 4, 6)


@dataclass
class RecapRow:
    kode: str
    nama: str
    numbers: dict[str, Any]
    tps_total: int = 0


@dataclass
class Recap:
    contest: Contest
    area_code: str
    area_name: str
    level: str
    rows: list[RecapRow]
    total: dict[str, Any]
    pleno: Pleno | None
    tps_total: int

    @property
    def pair_keys(self) -> list[int]:
        return list(self.total["suara"])


def _area_name(code: str) -> str:
    model = {2: Provinsi, 4: Kabupaten, 6: Kecamatan, 10: Desa}.get(len(code))
    if model is None:
        return code
    obj = model.objects.filter(pk=code).only("nama").first()  # type: ignore[attr-defined]
    return str(obj.nama) if obj else code


def recap_get(*, actor: Any, contest_kode: str, area_code: str) -> Recap:
    """One level of the recapitulation: a row per child area and the area's total."""
    require_see(actor, area_code, Perm.COUNTING_VIEW)
    contest = contest_get(kode=contest_kode)
    if len(area_code) == 2 and contest.kode_wilayah != area_code:
        # Only a governor race is recapitulated at province level, in its own province.
        raise NotFoundOrOutOfScope("Data tidak ditemukan.")
    children = child_areas(area_code)
    if len(area_code) == 10:
        per_tps = counted_tps_totals(contest=contest, area_code=area_code)
        empty = totals(contest=contest, area_codes=["-"])["-"]
        rows = [
            RecapRow(k, n, per_tps.get(k) or {**empty, "suara": dict(empty["suara"])}, 1)
            for k, n in children
        ]
        total = totals(contest=contest, area_codes=[area_code])[area_code]
    else:
        t = totals(contest=contest, area_codes=[area_code] + [k for k, _ in children])
        tps_counts: dict[str, int] = {}
        width = {2: 4, 4: 6}.get(len(area_code), 10)
        for code in Tps.objects.filter(kode__startswith=area_code).values_list("kode", flat=True):
            tps_counts[code[:width]] = tps_counts.get(code[:width], 0) + 1
        rows = [RecapRow(k, n, t[k], tps_counts.get(k, 0)) for k, n in children]
        total = t[area_code]
    return Recap(
        contest=contest,
        area_code=area_code,
        area_name=_area_name(area_code),
        level=LEVEL_NAMES.get(len(area_code), ""),
        rows=rows,
        total=total,
        pleno=pleno_get(contest=contest, area_code=area_code)
        if len(area_code) in PLENARY_LENGTHS
        else None,
        tps_total=Tps.objects.filter(kode__startswith=area_code).count(),
    )


def recap_progress(*, contest: Contest, area_code: str) -> dict[str, int]:
    """How many forms of the area are in each status (for the plenary checklist)."""
    out: dict[str, int] = dict.fromkeys(CHasil.Status.values, 0)
    for status in CHasil.objects.filter(
        contest=contest, tps__kode__startswith=area_code
    ).values_list("status", flat=True):
        out[status] += 1
    out[CHasil.Status.BELUM] += Tps.objects.filter(kode__startswith=area_code).count() - sum(
        out.values()
    )
    return out


@dataclass(frozen=True)
class Below:
    """The plenaries of the level below a kabupaten (its kecamatan) or a province (its
    kabupaten/kota) for one contest: which are locked, and which are not yet."""

    locked: list[str]
    waiting: list[tuple[str, str]]  # (code, name), in code order

    @property
    def total(self) -> int:
        return len(self.locked) + len(self.waiting)


def plenaries_below(*, contest: Contest, area_code: str) -> Below | None:
    """None for a level with no plenaries under it (a kecamatan or smaller)."""
    rows: list[tuple[str, str]]
    if len(area_code) == 4:
        level = "kecamatan"
        rows = list(
            Kecamatan.objects.filter(kabupaten_id=area_code)
            .order_by("kode")
            .values_list("kode", "nama")
        )
    elif len(area_code) == 2:
        level = "kabupaten"
        rows = list(
            Kabupaten.objects.filter(provinsi_id=area_code)
            .order_by("kode")
            .values_list("kode", "nama")
        )
    else:
        return None
    locked = set(
        Pleno.objects.filter(
            contest=contest,
            level=level,
            status=Pleno.Status.TERKUNCI,
            area_code__startswith=area_code,
        ).values_list("area_code", flat=True)
    )
    return Below(
        locked=[k for k, _n in rows if k in locked],
        waiting=[(k, str(n)) for k, n in rows if k not in locked],
    )


def pleno_issues(*, contest: Contest, area_code: str) -> list[str]:
    """What blocks locking this level's plenary (shown in the UI, checked by the view).

    Each level waits for the one below: a kecamatan for all its forms verified, a kabupaten for
    its kecamatan plenaries, the province (governor race) for its kabupaten/kota plenaries.
    """
    issues = []
    progress = recap_progress(contest=contest, area_code=area_code)
    open_forms = sum(v for k, v in progress.items() if k != CHasil.Status.TERVERIFIKASI)
    if open_forms:
        issues.append(_("%(n)d formulir belum terverifikasi.") % {"n": open_forms})
    below = plenaries_below(contest=contest, area_code=area_code)
    if below is not None and below.waiting:
        n = len(below.waiting)
        if len(area_code) == 4:
            issues.append(_("%(n)d pleno kecamatan belum ditetapkan.") % {"n": n})
        else:
            issues.append(_("%(n)d pleno kabupaten/kota belum ditetapkan.") % {"n": n})
    return issues
