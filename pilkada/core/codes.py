"""Region and TPS codes.

KPU codes are the Kemendagri codes without dots: province 2 digits (18), kabupaten 4 (1807),
kecamatan 6 (180701), desa 10 (1807012001), and a TPS adds its 3-digit number (1807012001001).
Because each level extends its parent, "is inside" is a prefix test, which is how every query is
scoped to a user's area (see pilkada.accounts.scoping).
"""

import re
from enum import StrEnum
from typing import NewType

KodeWilayah = NewType("KodeWilayah", str)
KodeTps = NewType("KodeTps", str)


class Level(StrEnum):
    PROVINSI = "provinsi"
    KABUPATEN = "kabupaten"
    KECAMATAN = "kecamatan"
    DESA = "desa"
    TPS = "tps"


LEVEL_BY_LENGTH: dict[int, Level] = {
    2: Level.PROVINSI,
    4: Level.KABUPATEN,
    6: Level.KECAMATAN,
    10: Level.DESA,
    13: Level.TPS,
}
LENGTH_BY_LEVEL: dict[Level, int] = {level: n for n, level in LEVEL_BY_LENGTH.items()}

_DIGITS = re.compile(r"^\d+$")
_DOTTED = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


def level_of(code: str) -> Level | None:
    """The level a KPU code names, or None when it is not a well-formed code."""
    if not _DIGITS.match(code):
        return None
    return LEVEL_BY_LENGTH.get(len(code))


def kpu_from_kemendagri(dotted: str) -> KodeWilayah:
    """'18.07.01.2001' -> '1807012001'. Raises ValueError on a malformed code."""
    if not _DOTTED.match(dotted):
        raise ValueError(f"kode Kemendagri tidak sah: {dotted!r}")
    return KodeWilayah(dotted.replace(".", ""))


def kemendagri_from_kpu(code: str) -> str:
    """'1807012001' -> '18.07.01.2001'."""
    parts = [code[0:2], code[2:4], code[4:6], code[6:10]]
    return ".".join(p for p in parts if p)


def parent_code(code: str) -> str | None:
    """The code of the level above, or None for a province."""
    lengths = sorted(LEVEL_BY_LENGTH)
    index = lengths.index(len(code))
    return code[: lengths[index - 1]] if index > 0 else None


def tps_code(desa_code: str, nomor: int) -> KodeTps:
    """10-digit desa code + 3-digit TPS number."""
    if not (1 <= nomor <= 999):
        raise ValueError(f"nomor TPS harus 1–999, bukan {nomor}")
    return KodeTps(f"{desa_code}{nomor:03d}")


def covers(area_code: str, code: str) -> bool:
    """True when `code` lies inside the area `area_code` (the empty area covers everything)."""
    return code.startswith(area_code)
