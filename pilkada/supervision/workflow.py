"""The violation-case state machine and the routing of categories (pure; no ORM).

diterima -> kajian_awal -> lengkap | tidak_lengkap -> ditindaklanjuti | dihentikan -> diteruskan

domain.md §9 state machine 3. Each transition has one service in services.py and one
`case_issues_before_<transition>` selector; both use `target_of` here, so a transition the
table does not list cannot happen.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class Status(StrEnum):
    DITERIMA = "diterima"
    KAJIAN_AWAL = "kajian_awal"
    LENGKAP = "lengkap"
    TIDAK_LENGKAP = "tidak_lengkap"
    DITINDAKLANJUTI = "ditindaklanjuti"
    DIHENTIKAN = "dihentikan"
    DITERUSKAN = "diteruskan"


STATUS_LABELS: dict[Status, StrPromise] = {
    Status.DITERIMA: _("Diterima"),
    Status.KAJIAN_AWAL: _("Kajian awal"),
    Status.LENGKAP: _("Lengkap (diregistrasi)"),
    Status.TIDAK_LENGKAP: _("Tidak lengkap"),
    Status.DITINDAKLANJUTI: _("Ditindaklanjuti"),
    Status.DIHENTIKAN: _("Dihentikan"),
    Status.DITERUSKAN: _("Diteruskan"),
}

FINAL = frozenset({Status.DIHENTIKAN, Status.DITERUSKAN})


class Category(StrEnum):
    ASN = "asn"
    KADES = "kades"
    POLITIK_UANG = "politik_uang"
    ADMINISTRASI = "administrasi"
    ETIKA = "etika"
    PIDANA_LAIN = "pidana_lain"
    PROSES_TPS = "proses_tps"


CATEGORY_LABELS: dict[Category, StrPromise] = {
    Category.ASN: _("Netralitas ASN"),
    Category.KADES: _("Netralitas kepala/perangkat desa"),
    Category.POLITIK_UANG: _("Politik uang"),
    Category.ADMINISTRASI: _("Pelanggaran administrasi"),
    Category.ETIKA: _("Kode etik penyelenggara"),
    Category.PIDANA_LAIN: _("Tindak pidana pemilihan lainnya"),
    Category.PROSES_TPS: _("Proses di TPS"),
}


class Destination(StrEnum):
    GAKKUMDU = "gakkumdu"
    BKN = "bkn"
    BUPATI = "bupati"
    DKPP = "dkpp"
    KPU = "kpu"


DESTINATION_LABELS: dict[Destination, StrPromise] = {
    Destination.GAKKUMDU: _("Sentra Gakkumdu (Bawaslu, Polri, Kejaksaan)"),
    Destination.BKN: _("BKN / pejabat pembina kepegawaian"),
    Destination.BUPATI: _("Bupati"),
    Destination.DKPP: _("DKPP"),
    Destination.KPU: _("KPU Kabupaten"),
}

# domain.md §7.1 table: who handles each category once Bawaslu finds a violation.
ROUTING: dict[Category, Destination] = {
    Category.POLITIK_UANG: Destination.GAKKUMDU,
    Category.PIDANA_LAIN: Destination.GAKKUMDU,
    Category.ASN: Destination.BKN,
    Category.KADES: Destination.BUPATI,
    Category.ETIKA: Destination.DKPP,
    Category.ADMINISTRASI: Destination.KPU,
    Category.PROSES_TPS: Destination.KPU,
}


@dataclass(frozen=True)
class Transition:
    name: str
    label: StrPromise
    sources: frozenset[Status]
    target: Status
    # The deadline event a step records (rules.py / tenggat.toml), if any.
    event: str = ""


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "mulai_kajian", _("Mulai kajian awal"), frozenset({Status.DITERIMA}), Status.KAJIAN_AWAL
        ),
        Transition(
            "nyatakan_lengkap",
            _("Nyatakan lengkap dan registrasi"),
            frozenset({Status.KAJIAN_AWAL}),
            Status.LENGKAP,
            "kajian_selesai",
        ),
        Transition(
            "nyatakan_tidak_lengkap",
            _("Nyatakan tidak lengkap"),
            frozenset({Status.KAJIAN_AWAL}),
            Status.TIDAK_LENGKAP,
            "tidak_lengkap",
        ),
        Transition(
            "lengkapi",
            _("Laporan dilengkapi pelapor"),
            frozenset({Status.TIDAK_LENGKAP}),
            Status.LENGKAP,
            "dilengkapi",
        ),
        Transition(
            "tindak_lanjuti",
            _("Putuskan: ditindaklanjuti (ada pelanggaran)"),
            frozenset({Status.LENGKAP}),
            Status.DITINDAKLANJUTI,
            "diputus",
        ),
        Transition(
            "hentikan",
            _("Putuskan: dihentikan"),
            frozenset({Status.LENGKAP, Status.TIDAK_LENGKAP}),
            Status.DIHENTIKAN,
            "diputus",
        ),
        Transition(
            "teruskan",
            _("Teruskan ke instansi berwenang"),
            frozenset({Status.DITINDAKLANJUTI}),
            Status.DITERUSKAN,
            "diteruskan",
        ),
    )
}


def target_of(status: str, transition: str) -> Status | None:
    """The status a transition leads to from `status`, or None when it is not allowed."""
    t = TRANSITIONS.get(transition)
    if t is None or status not in t.sources:
        return None
    return t.target


def allowed_transitions(status: str) -> list[str]:
    return [name for name, t in TRANSITIONS.items() if status in t.sources]


def destination_for(category: str) -> Destination:
    return ROUTING[Category(category)]
