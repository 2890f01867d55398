"""Reading C.Hasil forms, their history, objections, plenaries and running totals (scoped)."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import require_see, scope_q
from pilkada.core.exceptions import NotFoundOrOutOfScope
from pilkada.counting.anomalies import Flag, FormFacts, anomalies
from pilkada.counting.models import CHasil, Entry, Keberatan, Photo, Pleno, Tally
from pilkada.counting.services import SCALARS, Delta, _numbers
from pilkada.counting.validators import Form, differences
from pilkada.pemilihan.models import Contest
from pilkada.tps.selectors import tps_superseded_codes
from pilkada.wilayah.models import Kabupaten


def contest_get(*, kode: str) -> Contest:
    contest = Contest.objects.filter(kode=kode).first()
    if contest is None:
        raise NotFoundOrOutOfScope("Kontestasi tidak ditemukan.")
    return contest


def contests_for_area(*, area_code: str) -> list[Contest]:
    """Contests voted on in an area: a governor race (2-digit code) or the regency's own."""
    return [
        c
        for c in Contest.objects.order_by("urutan").prefetch_related("pairs")
        if area_code.startswith(c.kode_wilayah) or c.kode_wilayah.startswith(area_code)
        if len(c.kode_wilayah) <= 4 and c.kode_wilayah != "0"
    ]


def form_get(*, actor: Any, tps_kode: str, contest_kode: str) -> CHasil | None:
    require_see(actor, tps_kode, Perm.COUNTING_VIEW)
    return (
        CHasil.objects.select_related("counted", "counted__photo", "contest")
        .filter(tps_id=tps_kode, contest__kode=contest_kode)
        .first()
    )


def form_entries(*, actor: Any, tps_kode: str, contest_kode: str) -> list[Entry]:
    """Every version of the form, oldest first: who, when, level, why, which photo, result."""
    require_see(actor, tps_kode, Perm.COUNTING_VIEW)
    return list(
        Entry.objects.filter(tps_kode=tps_kode, form__contest__kode=contest_kode)
        .select_related("entered_by", "photo", "keberatan", "compared_with")
        .order_by("entered_at", "pk")
    )


def form_photos(*, actor: Any, tps_kode: str, contest_kode: str) -> list[Photo]:
    require_see(actor, tps_kode, Perm.COUNTING_VIEW)
    return list(
        Photo.objects.filter(tps_id=tps_kode, contest__kode=contest_kode).order_by("uploaded_at")
    )


@dataclass(frozen=True)
class SideBySide:
    name: str
    a: int | None
    b: int | None


def entry_comparison(entry: Entry) -> list[SideBySide]:
    """The numbers in which an entry differs from the one it was compared with."""
    other = entry.compared_with
    if other is None:
        return []
    fa = Form(angka=other.angka, suara=other.votes())
    fb = Form(angka=entry.angka, suara=entry.votes())
    rows = []
    for name in differences(fa, fb):
        if name.startswith("suara_") and name[6:].isdigit():
            key = int(name[6:])
            rows.append(SideBySide(name, fa.suara.get(key), fb.suara.get(key)))
        else:
            rows.append(SideBySide(name, fa.get(name), fb.get(name)))
    return rows


def forms_list(
    *, actor: Any, contest_kode: str, area_code: str = "", status: str = ""
) -> QuerySet[CHasil]:
    qs = CHasil.objects.filter(
        scope_q(actor, "tps__kode", Perm.COUNTING_VIEW), contest__kode=contest_kode
    ).select_related("counted", "tps", "tps__desa")
    if area_code:
        qs = qs.filter(tps__kode__startswith=area_code)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("tps_id")


def keberatan_list(*, actor: Any, area_code: str, contest_kode: str = "") -> QuerySet[Keberatan]:
    qs = Keberatan.objects.filter(
        scope_q(actor, "area_code", Perm.COUNTING_VIEW), area_code__startswith=area_code
    ).select_related("dibuat_oleh", "dijawab_oleh", "contest")
    if contest_kode:
        qs = qs.filter(contest__kode=contest_kode)
    return qs


def pleno_get(*, contest: Contest, area_code: str) -> Pleno | None:
    return (
        Pleno.objects.select_related("diajukan_oleh", "disetujui_oleh")
        .filter(contest=contest, area_code=area_code)
        .first()
    )


# ---------------------------------------------------------------------------------------------
# Totals


def _empty() -> dict[str, Any]:
    return {"suara": {}, **dict.fromkeys(SCALARS, 0)}


def _superseded_delta(contest: Contest, area_codes: Iterable[str]) -> dict[str, Delta]:
    """What to take off each area's running total for TPS whose result is superseded."""
    codes = tps_superseded_codes(contest_kode=contest.kode)
    out: dict[str, Delta] = {}
    if not codes:
        return out
    forms = CHasil.objects.filter(
        tps_id__in=codes, contest=contest, counted__isnull=False
    ).select_related("counted")
    for form in forms:
        if form.counted is None:
            continue
        for area in area_codes:
            if form.tps_id.startswith(area):
                out.setdefault(area, Delta()).add(_numbers(form.counted), -1)
    return out


def totals(*, contest: Contest, area_codes: list[str]) -> dict[str, dict[str, Any]]:
    """Current totals of counted, not superseded forms for each area (desa up to province).

    Read from the running totals; TPS under an open recount/revote order are taken off.
    """
    out = {a: _empty() for a in area_codes}
    for t in Tally.objects.filter(contest=contest, area_code__in=area_codes):
        out[t.area_code] = {
            "suara": {int(k): int(v) for k, v in t.suara.items()},
            **{k: int(getattr(t, k)) for k in SCALARS},
        }
    # A province (2 digits) has no running-total row of its own: every verification would
    # otherwise lock one row for the whole province. Its total is the sum of its kabupaten
    # rows (15 for Lampung), read here; the superseded TPS are taken off below as for any area.
    provinces = [a for a in area_codes if len(a) == 2]
    if provinces:
        kabupaten = list(
            Kabupaten.objects.filter(provinsi_id__in=provinces).values_list("kode", flat=True)
        )
        for t in Tally.objects.filter(contest=contest, area_code__in=kabupaten):
            row = out[t.area_code[:2]]
            for k, v in t.suara.items():
                row["suara"][int(k)] = row["suara"].get(int(k), 0) + int(v)
            for k in SCALARS:
                row[k] += int(getattr(t, k))
    for area, d in _superseded_delta(contest, area_codes).items():
        row = out[area]
        for k, v in d.suara.items():
            row["suara"][int(k)] = row["suara"].get(int(k), 0) + v
        for k in SCALARS:
            row[k] += d.scalars[k]
    pairs = list(contest.pairs.values_list("nomor_urut", flat=True))
    keys = [*pairs, 0] if len(pairs) == 1 else pairs
    for row in out.values():
        row["suara"] = {k: row["suara"].get(k, 0) for k in sorted(set(keys) | set(row["suara"]))}
    return out


def counted_tps_totals(*, contest: Contest, area_code: str) -> dict[str, dict[str, Any]]:
    """Per TPS (inside an area): the counted numbers, superseded TPS left out."""
    superseded = tps_superseded_codes(contest_kode=contest.kode)
    out: dict[str, dict[str, Any]] = {}
    for form in CHasil.objects.filter(
        contest=contest, tps__kode__startswith=area_code, counted__isnull=False
    ).select_related("counted"):
        if form.tps_id in superseded:
            continue
        if form.counted is None:
            continue
        n = _numbers(form.counted)
        n["suara"] = {int(k): v for k, v in n["suara"].items()}
        out[form.tps_id] = n
    return out


def anomaly_flags(*, actor: Any, contest: Contest, area_code: str) -> list[Flag]:
    """Anomaly flags over the counted forms inside the actor's view of an area."""
    forms = (
        CHasil.objects.filter(
            scope_q(actor, "tps__kode", Perm.COUNTING_VIEW),
            contest=contest,
            tps__kode__startswith=area_code,
        )
        .exclude(counted__isnull=True)
        .select_related("counted", "tps")
    )
    facts = []
    for form in forms:
        e = form.counted
        if e is None:
            continue
        facts.append(
            FormFacts(
                tps_kode=form.tps_id,
                angka=e.angka,
                suara=e.votes(),
                photo_sha256=e.photo_sha256,
                registered_dpt=form.tps.jumlah_dpt,
            )
        )
    # The same photo uploaded at two TPS, even if the numbers were typed from another one.
    photos = Photo.objects.filter(contest=contest, tps__kode__startswith=area_code).values_list(
        "sha256", "tps_id"
    )
    return anomalies(facts, photos=list(photos))


@dataclass(frozen=True)
class TpsForms:
    """C.Hasil of one TPS across its contests: how many entered, how many verified."""

    entered: int = 0
    verified: int = 0


def forms_by_tps(*, actor: Any, area: str) -> dict[str, TpsForms]:
    """{TPS code: TpsForms} for TPS in `area` the actor may see (one query)."""
    out: dict[str, list[int]] = {}
    rows = (
        CHasil.objects.filter(
            scope_q(actor, "tps__kode", Perm.COUNTING_VIEW), tps__kode__startswith=area
        )
        .exclude(status=CHasil.Status.BELUM)
        .values_list("tps_id", "status")
    )
    for tps_id, status in rows:
        t = out.setdefault(tps_id, [0, 0])
        t[0] += 1
        t[1] += int(status == CHasil.Status.TERVERIFIKASI)
    return {k: TpsForms(*v) for k, v in out.items()}
