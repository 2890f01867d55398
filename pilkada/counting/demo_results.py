"""Synthetic but consistent C.Hasil numbers for every TPS whose area sums equal a file.

Used by the election-night simulator and by the demo. The regency file is
data/lampung_timur_pilkada2024_kecamatan.csv: per kecamatan, the votes of each pair in both
races (KPU Sirekap on the night of 27 Nov 2024, domain.md §1.2). The province file is
data/lampung_pilkada2024_gubernur_kabupaten.csv: per kabupaten/kota, the governor votes. Each
TPS gets votes in proportion to a random weight, by largest remainder, so every area (kecamatan
or kabupaten, whichever the file lists) sums exactly.
"""

import csv
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pilkada.counting.validators import Form, consistent_form

KECAMATAN_FILE = "lampung_timur_pilkada2024_kecamatan.csv"
KABUPATEN_FILE = "lampung_pilkada2024_gubernur_kabupaten.csv"
AREA_COLUMNS = ("kode_kecamatan_kpu", "kode_kabupaten_kpu")


@dataclass(frozen=True)
class Target:
    # The area code the votes belong to: a kecamatan (6 digits) or a kabupaten (4 digits).
    kecamatan: str
    # {race: [votes of pair 1, votes of pair 2, ...]}; race is "bupati" or "gubernur".
    votes: Mapping[str, tuple[int, ...]]


def scaled(value: int, scale: float) -> int:
    """A count times `scale`, rounded half up (the same rule wherever a scaled run is checked)."""
    return math.floor(value * scale + 0.5) if scale != 1 else value


def read_targets(path: Path, *, scale: float = 1.0, only: set[str] | None = None) -> list[Target]:
    """Per-area votes per race (columns <race>_paslon_<n>), optionally scaled and filtered.

    The area column is `kode_kecamatan_kpu` or `kode_kabupaten_kpu`. With `scale` < 1 (small
    province runs) each area's votes are `scaled(v, scale)`, so the expected sums are known.
    """
    out = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            area = next((row[c] for c in AREA_COLUMNS if c in row), None)
            if area is None:
                raise ValueError(f"{path.name}: tidak ada kolom {' atau '.join(AREA_COLUMNS)}")
            if only is not None and area not in only:
                continue
            races: dict[str, list[tuple[int, int]]] = {}
            for col, val in row.items():
                if "_paslon_" in col:
                    race, _, n = col.partition("_paslon_")
                    races.setdefault(race, []).append((int(n), scaled(int(val), scale)))
            out.append(
                Target(
                    kecamatan=area,
                    votes={r: tuple(v for _, v in sorted(p)) for r, p in races.items()},
                )
            )
    return out


def allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` over `weights` in whole numbers (largest remainder); sums exactly."""
    if not weights:
        return []
    s = sum(weights) or 1.0
    raw = [total * w / s for w in weights]
    out = [math.floor(r) for r in raw]
    rest = total - sum(out)
    order = sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)
    for i in order[:rest]:
        out[i] += 1
    return out


def generate(
    *,
    tps: Sequence[tuple[str, int]],
    targets: Sequence[Target],
    races: Mapping[str, Sequence[int]],
    seed: int = 27,
) -> dict[str, dict[str, Form]]:
    """{tps code: {race: form}} for the TPS of every kecamatan in `targets`.

    `tps` is (code, registered DPT or 0); `races` maps a race to its pair numbers.
    """
    rng = random.Random(seed)  # noqa: S311  (synthetic demo numbers, not secrets)
    by_kec: dict[str, list[tuple[str, int]]] = {}
    widths = {len(t.kecamatan) for t in targets}
    for code, dpt in sorted(tps):
        for width in widths:
            by_kec.setdefault(code[:width], []).append((code, dpt))
    out: dict[str, dict[str, Form]] = {}
    for target in targets:
        places = by_kec.get(target.kecamatan, [])
        if not places:
            continue
        # With a roll loaded, votes follow each TPS's registered voters (turnout varies by
        # ±10 % around the area's); without one, a plain ±20 % spread. Either way a TPS never
        # gets more votes than its DPT can cast when the area's turnout allows it.
        weights = [
            rng.uniform(0.9, 1.1) * dpt if dpt else rng.uniform(0.8, 1.2) for _, dpt in places
        ]
        cols: dict[str, list[list[int]]] = {}
        for race, votes in target.votes.items():
            if race not in races:
                continue
            cols[race] = [allocate(v, weights) for v in votes]
        for i, (code, registered) in enumerate(places):
            per_race = {race: [col[i] for col in c] for race, c in cols.items()}
            valid_max = max((sum(v) for v in per_race.values()), default=0)
            voted = valid_max + rng.randint(2, 12)
            dpt = registered or max(rng.randint(430, 590), math.ceil(voted / 0.85))
            dpk = max(0, voted - dpt)
            dpt_voted = voted - dpk
            dpt_l = dpt // 2 - rng.randint(0, 10) if dpt > 20 else dpt // 2
            dpt_p = dpt - dpt_l
            voted_l = min(dpt_l, dpt_voted // 2)
            voted_p = dpt_voted - voted_l
            if voted_p > dpt_p:
                voted_l, voted_p = dpt_voted - dpt_p, dpt_p
            forms: dict[str, Form] = {}
            for race, race_votes in per_race.items():
                numbers = dict(zip(races[race], race_votes, strict=True))
                forms[race] = consistent_form(
                    dpt_l=dpt_l,
                    dpt_p=dpt_p,
                    voted_l=voted_l,
                    voted_p=voted_p,
                    dpk_l=dpk // 2,
                    dpk_p=dpk - dpk // 2,
                    votes=numbers,
                    invalid=voted - sum(race_votes),
                )
            out[code] = forms
    return out
