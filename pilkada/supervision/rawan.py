"""TPS vulnerability ("TPS rawan"), Bawaslu's Pilkada 2024 mapping (pure; no ORM).

Eight variables with their indicators, as listed in domain.md §7.4 (data gathered 10-15 Nov
2024). Bawaslu publishes how many TPS show each indicator; it publishes no score. The score and
levels below are this project's own reading aid: the number of indicators present, and the
number of the eight variables touched, with thresholds that a regency can change here.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class Variable:
    code: str
    label: StrPromise
    indicators: tuple[tuple[str, StrPromise], ...]


VARIABLES: tuple[Variable, ...] = (
    Variable(
        "hak_pilih",
        _("Penggunaan hak pilih"),
        (
            ("tms_di_dpt", _("Pemilih tidak memenuhi syarat masih terdaftar di DPT")),
            ("dptb", _("Terdapat pemilih tambahan (DPTb)")),
            ("potensi_dpk", _("Potensi pemilih khusus (DPK)")),
            ("penyelenggara_luar_domisili", _("Penyelenggara bertugas di luar domisili")),
            ("disabilitas_dpt", _("Pemilih disabilitas terdaftar di DPT")),
            ("riwayat_psu", _("Riwayat PSU/PSSU")),
        ),
    ),
    Variable(
        "keamanan",
        _("Keamanan"),
        (
            ("riwayat_kekerasan", _("Riwayat kekerasan di TPS")),
            ("intimidasi", _("Riwayat intimidasi terhadap penyelenggara atau pemilih")),
            ("penolakan_pemungutan", _("Riwayat penolakan pemungutan suara")),
        ),
    ),
    Variable(
        "politik_uang",
        _("Politik uang"),
        (("riwayat_politik_uang", _("Riwayat pemberian uang atau barang kepada pemilih")),),
    ),
    Variable(
        "sara",
        _("Politisasi SARA"),
        (
            ("politisasi_sara", _("Riwayat politisasi SARA")),
            ("ujaran_kebencian", _("Riwayat ujaran kebencian")),
        ),
    ),
    Variable(
        "netralitas",
        _("Netralitas"),
        (
            ("netralitas_penyelenggara", _("Penyelenggara tidak netral")),
            ("netralitas_asn", _("ASN tidak netral")),
            ("netralitas_tni_polri", _("TNI/Polri tidak netral")),
            ("netralitas_kades", _("Kepala desa atau perangkat desa tidak netral")),
        ),
    ),
    Variable(
        "logistik",
        _("Logistik"),
        (
            ("logistik_rusak", _("Riwayat logistik rusak")),
            ("logistik_kurang_lebih", _("Riwayat logistik kurang atau lebih")),
            ("logistik_terlambat", _("Riwayat keterlambatan logistik")),
        ),
    ),
    Variable(
        "lokasi",
        _("Lokasi TPS"),
        (
            ("sulit_dijangkau", _("TPS sulit dijangkau")),
            ("rawan_konflik", _("Wilayah rawan konflik")),
            ("rawan_bencana", _("Wilayah rawan bencana")),
            ("dekat_lembaga", _("Dekat sekolah, pabrik atau tambang")),
            ("dekat_posko", _("Dekat rumah pasangan calon atau posko pemenangan")),
            ("lokasi_khusus", _("TPS di lokasi khusus")),
        ),
    ),
    Variable(
        "listrik_internet",
        _("Jaringan listrik dan internet"),
        (
            ("kendala_listrik", _("Tidak ada atau sering padam listrik")),
            ("kendala_internet", _("Tidak ada jaringan internet")),
        ),
    ),
)


INDICATOR_VARIABLE: dict[str, str] = {
    code: v.code for v in VARIABLES for code, _label in v.indicators
}
INDICATOR_LABEL: dict[str, StrPromise] = {
    code: label for v in VARIABLES for code, label in v.indicators
}


class Level(StrEnum):
    AMAN = "aman"
    RENDAH = "rendah"
    SEDANG = "sedang"
    TINGGI = "tinggi"


LEVEL_LABELS: dict[Level, StrPromise] = {
    Level.AMAN: _("Tidak ada indikator"),
    Level.RENDAH: _("Rawan rendah"),
    Level.SEDANG: _("Rawan sedang"),
    Level.TINGGI: _("Rawan tinggi"),
}

# Thresholds (project choice, see module docstring).
HIGH_INDICATORS = 6
HIGH_VARIABLES = 4
MEDIUM_INDICATORS = 3


@dataclass(frozen=True)
class Score:
    indicators: int  # indicators present
    variables: int  # of the 8 variables, how many have at least one indicator present
    level: Level


def score(present: Collection[str]) -> Score:
    """Score a TPS from the codes of the indicators found present; unknown codes raise."""
    unknown = set(present) - set(INDICATOR_VARIABLE)
    if unknown:
        raise ValueError("indikator tidak dikenal: " + ", ".join(sorted(unknown)))
    n = len(set(present))
    v = len({INDICATOR_VARIABLE[c] for c in present})
    if n >= HIGH_INDICATORS or v >= HIGH_VARIABLES:
        level = Level.TINGGI
    elif n >= MEDIUM_INDICATORS:
        level = Level.SEDANG
    elif n >= 1:
        level = Level.RENDAH
    else:
        level = Level.AMAN
    return Score(n, v, level)
