"""The voting-day checklist of a Pengawas TPS (pure; no ORM).

Each question has the answer a regular TPS gives; an answer that differs becomes a finding
(temuan) of the question's category, entered in the PTPS's name, for its TPS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from pilkada.supervision.workflow import Category

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class Question:
    code: str
    text: StrPromise
    expected: bool  # the answer of a TPS where all is in order
    category: Category


QUESTIONS: tuple[Question, ...] = (
    Question("buka_tepat_waktu", _("TPS dibuka pukul 07.00?"), True, Category.PROSES_TPS),
    Question(
        "kotak_kosong",
        _("Kotak suara ditunjukkan kosong sebelum pemungutan dimulai?"),
        True,
        Category.PROSES_TPS,
    ),
    Question(
        "logistik_lengkap",
        _("Surat suara dan perlengkapan TPS lengkap dan tersegel?"),
        True,
        Category.ADMINISTRASI,
    ),
    Question("dpt_diumumkan", _("Salinan DPT ditempel di TPS?"), True, Category.ADMINISTRASI),
    Question(
        "pemilih_tidak_berhak",
        _("Ada orang yang tidak berhak memberikan suara?"),
        False,
        Category.PROSES_TPS,
    ),
    Question(
        "politik_uang",
        _("Ada indikasi pemberian uang atau barang kepada pemilih?"),
        False,
        Category.POLITIK_UANG,
    ),
    Question(
        "intimidasi",
        _("Ada intimidasi terhadap pemilih, saksi atau petugas?"),
        False,
        Category.PIDANA_LAIN,
    ),
    Question(
        "asn_mengarahkan",
        _("Ada ASN yang mengarahkan pemilih?"),
        False,
        Category.ASN,
    ),
    Question(
        "kades_mengarahkan",
        _("Ada kepala desa atau perangkat desa yang mengarahkan pemilih?"),
        False,
        Category.KADES,
    ),
    Question("tutup_tepat_waktu", _("Pemungutan ditutup pukul 13.00?"), True, Category.PROSES_TPS),
    Question(
        "hitung_terbuka",
        _("Penghitungan suara dilakukan terbuka dan dapat disaksikan?"),
        True,
        Category.PROSES_TPS,
    ),
    Question(
        "salinan_c_hasil",
        _("Salinan C.Hasil diberikan kepada saksi dan Pengawas TPS?"),
        True,
        Category.ADMINISTRASI,
    ),
)


QUESTION_BY_CODE: dict[str, Question] = {q.code: q for q in QUESTIONS}


def findings_from_answers(answers: dict[str, bool]) -> list[Question]:
    """The questions whose answer differs from a regular TPS's; unknown codes raise."""
    unknown = set(answers) - set(QUESTION_BY_CODE)
    if unknown:
        raise ValueError("pertanyaan tidak dikenal: " + ", ".join(sorted(unknown)))
    return [q for q in QUESTIONS if q.code in answers and answers[q.code] != q.expected]
