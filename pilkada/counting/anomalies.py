"""Anomaly flags beyond arithmetic (pure, no ORM): what observers look at on election night.

A flag is a reason to look at the photo, not a finding that blocks a form: a TPS can really
vote 99 % for one pair. Thresholds are named here so the docs and the page quote the same ones.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# One pair with at least this share of valid votes ...
LANDSLIDE_SHARE = 0.98
# ... at a turnout of at least this (KawalPemilu/Apollo-style "janggal" TPS).
HIGH_TURNOUT = 0.90


@dataclass(frozen=True)
class FormFacts:
    tps_kode: str
    angka: Mapping[str, int]
    suara: Mapping[int, int]
    photo_sha256: str = ""
    registered_dpt: int = 0


@dataclass(frozen=True)
class Flag:
    code: str
    tps_kode: str
    message: str


def _eligible(f: FormFacts) -> int:
    a = f.angka
    dpt = f.registered_dpt or int(a.get("pemilih_dpt_jml", 0))
    return dpt + int(a.get("pemilih_dptb_jml", 0)) + int(a.get("pemilih_dpk_jml", 0))


def anomalies(forms: Iterable[FormFacts], photos: Iterable[tuple[str, str]] = ()) -> list[Flag]:
    """Flags for a set of forms (one contest): turnout, landslides, zeros, copies, reused photos.

    `photos` adds (sha256, tps code) pairs of every uploaded photo, counted or not.
    """
    flags: list[Flag] = []
    by_numbers: dict[tuple[object, ...], list[str]] = defaultdict(list)
    by_photo: dict[str, set[str]] = defaultdict(set)
    for sha, code in photos:
        by_photo[sha].add(code)
    for f in forms:
        a = f.angka
        voted = int(a.get("suara_total", 0))
        eligible = _eligible(f)
        if eligible and voted > eligible:
            flags.append(
                Flag(
                    "partisipasi_lebih_100",
                    f.tps_kode,
                    f"Partisipasi {voted / eligible:.0%}: {voted} suara untuk {eligible} pemilih.",
                )
            )
        valid = sum(f.suara.values())
        if valid and eligible and voted / eligible >= HIGH_TURNOUT:
            top_key, top = max(f.suara.items(), key=lambda kv: kv[1])
            if top / valid >= LANDSLIDE_SHARE:
                flags.append(
                    Flag(
                        "satu_paslon_dominan",
                        f.tps_kode,
                        f"Paslon {top_key:02d} meraih {top / valid:.1%} suara sah pada "
                        f"partisipasi {voted / eligible:.0%}.",
                    )
                )
        if not any(int(v) for v in a.values()) and not any(f.suara.values()):
            flags.append(Flag("semua_nol", f.tps_kode, "Semua angka pada formulir nol."))
        else:
            key = (tuple(sorted(a.items())), tuple(sorted(f.suara.items())))
            by_numbers[key].append(f.tps_kode)
        if f.photo_sha256:
            by_photo[f.photo_sha256].add(f.tps_kode)
    for codes in by_numbers.values():
        if len(codes) > 1:
            for code in codes:
                others = ", ".join(c for c in codes if c != code)
                flags.append(
                    Flag("formulir_identik", code, f"Angka sama persis dengan TPS {others}.")
                )
    for sha, codes_set in by_photo.items():
        if len(codes_set) > 1:
            for code in sorted(codes_set):
                others = ", ".join(c for c in sorted(codes_set) if c != code)
                flags.append(
                    Flag(
                        "foto_sama",
                        code,
                        f"Foto yang sama (SHA-256 {sha[:12]}…) juga dipakai TPS {others}.",
                    )
                )
    return sorted(flags, key=lambda fl: (fl.tps_kode, fl.code))
