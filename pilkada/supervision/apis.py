"""JSON API of supervision. The reporter's identity is served by one endpoint, to officers only."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.params import functions as params

from pilkada.core.api import ERRORS
from pilkada.core.exceptions import NotFoundOrOutOfScope
from pilkada.core.pagination import Paginated
from pilkada.supervision.models import Case
from pilkada.supervision.selectors import case_deadlines, case_get, case_issues_before, case_list
from pilkada.supervision.services import TRANSITION_SERVICES, case_reporter_reveal
from pilkada.supervision.workflow import TRANSITIONS, Category, Status, allowed_transitions

Step = StrEnum("Step", {name: name for name in TRANSITIONS})  # type: ignore[misc]
# Ids are bounded so an absurd number answers 404/422, never a database overflow.
CaseId: Any = params.Path(..., ge=1, le=2**31 - 1)
NO_NUL = r"^[^\x00]*$"

router = Router(tags=["pengawasan"])


class CaseOut(Schema):
    id: int
    nomor: str
    jenis: str
    kategori: str
    status: str
    area_code: str
    kecamatan_kode: str
    tps_kode: str | None = Field(None, alias="tps_id")
    terlapor: str
    peristiwa_pada: datetime
    diketahui_pada: date
    diterima_pada: datetime
    terlambat: bool
    diperpanjang: bool
    tujuan: str
    perintah_ulang: str
    digabung_ke: int | None = Field(None, alias="linked_to_id")


class DeadlineOut(Schema):
    aturan: str
    mulai: date
    tenggat: date
    selesai: date | None
    status: str
    sisa_hari: int


class StepOption(Schema):
    langkah: str
    hambatan: list[str]


class CaseDetailOut(CaseOut):
    uraian: str
    tenggat: list[DeadlineOut]
    langkah_berikut: list[StepOption]


class ReporterOut(Schema):
    nama: str
    alamat: str
    kontak: str


class StepIn(Schema):
    keputusan: str = Field("", max_length=4000, pattern=NO_NUL)
    dokumen: str = Field("", max_length=200, pattern=NO_NUL)
    perintah_ulang: Literal["", "hsu", "psu"] = ""


class CaseFilter(Schema):
    kategori: Category | None = None
    status: Status | None = None
    kecamatan: str | None = Field(None, pattern=r"^\d{6}$", description="kode kecamatan, 6 digit")
    tps: str | None = Field(None, pattern=r"^\d{13}$", description="kode TPS, 13 digit")


@router.get("/kasus", response={200: list[CaseOut], **ERRORS})
@paginate(Paginated)
def list_cases(request: HttpRequest, filters: Query[CaseFilter]) -> object:
    """Cases in the caller's area (without reporter identity)."""
    return case_list(
        actor=request.user,
        kategori=filters.kategori,
        status=filters.status,
        kecamatan=filters.kecamatan,
        tps=filters.tps,
    )


def _detail(request: HttpRequest, case: Case) -> Case:
    """The case with its deadlines and next steps attached for CaseDetailOut."""
    case.tenggat = [  # type: ignore[attr-defined]
        {
            "aturan": d.rule.code,
            "mulai": d.start,
            "tenggat": d.due,
            "selesai": d.done_on,
            "status": d.state.value,
            "sisa_hari": d.days_left,
        }
        for d in case_deadlines(case)
    ]
    case.langkah_berikut = [  # type: ignore[attr-defined]
        {"langkah": t, "hambatan": case_issues_before(actor=request.user, case=case, transition=t)}
        for t in allowed_transitions(case.status)
    ]
    return case


@router.get("/kasus/{pk}", response={200: CaseDetailOut, **ERRORS})
def get_case(request: HttpRequest, pk: int = CaseId) -> object:
    """One case with its deadlines (countdown in days) and the blockers of each next step."""
    return _detail(request, case_get(actor=request.user, pk=pk))


@router.get("/kasus/{pk}/pelapor", response={200: ReporterOut, **ERRORS})
def get_reporter(request: HttpRequest, pk: int = CaseId) -> object:
    """The reporter's identity: assigned case officers only (403 for everyone else); audited."""
    case = case_get(actor=request.user, pk=pk)
    identity = case_reporter_reveal(actor=request.user, case=case)
    if identity is None:
        raise NotFoundOrOutOfScope("Temuan pengawas tidak memiliki pelapor.")
    return identity


@router.post("/kasus/{pk}/langkah/{transition}", response={200: CaseDetailOut, **ERRORS})
def post_step(request: HttpRequest, transition: Step, payload: StepIn, pk: int = CaseId) -> object:
    """Take one step of the state machine; a step the status does not allow answers 422."""
    case = case_get(actor=request.user, pk=pk)
    service = TRANSITION_SERVICES[str(transition)]
    kwargs: dict[str, str] = {"keputusan": payload.keputusan, "dokumen": payload.dokumen}
    if transition == "teruskan":
        kwargs["perintah_ulang"] = payload.perintah_ulang
    service(actor=request.user, case_id=case.pk, **kwargs)
    return _detail(request, case_get(actor=request.user, pk=pk))
