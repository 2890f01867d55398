"""JSON API of supervision. The reporter's identity is served by one endpoint, to officers only."""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from pilkada.core.exceptions import NotFoundOrOutOfScope
from pilkada.supervision.models import Case
from pilkada.supervision.selectors import case_deadlines, case_get, case_issues_before, case_list
from pilkada.supervision.services import TRANSITION_SERVICES, case_reporter_reveal
from pilkada.supervision.workflow import allowed_transitions

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
    keputusan: str = ""
    dokumen: str = ""
    perintah_ulang: str = ""


@router.get("/kasus", response=list[CaseOut])
@paginate(LimitOffsetPagination)
def list_cases(
    request: HttpRequest,
    kategori: str | None = None,
    status: str | None = None,
    kecamatan: str | None = None,
    tps: str | None = None,
) -> object:
    """Cases in the caller's area (without reporter identity)."""
    return case_list(
        actor=request.user, kategori=kategori, status=status, kecamatan=kecamatan, tps=tps
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


@router.get("/kasus/{pk}", response=CaseDetailOut)
def get_case(request: HttpRequest, pk: int) -> object:
    """One case with its deadlines (countdown in days) and the blockers of each next step."""
    return _detail(request, case_get(actor=request.user, pk=pk))


@router.get("/kasus/{pk}/pelapor", response=ReporterOut)
def get_reporter(request: HttpRequest, pk: int) -> object:
    """The reporter's identity: assigned case officers only (403 for everyone else); audited."""
    case = case_get(actor=request.user, pk=pk)
    identity = case_reporter_reveal(actor=request.user, case=case)
    if identity is None:
        raise NotFoundOrOutOfScope("Temuan pengawas tidak memiliki pelapor.")
    return identity


@router.post("/kasus/{pk}/langkah/{transition}", response=CaseDetailOut)
def post_step(request: HttpRequest, pk: int, transition: str, payload: StepIn) -> object:
    """Take one step of the state machine; a step the status does not allow answers 422."""
    case = case_get(actor=request.user, pk=pk)
    service = TRANSITION_SERVICES.get(transition)
    if service is None:
        raise NotFoundOrOutOfScope("Langkah tidak dikenal.")
    kwargs: dict[str, str] = {"keputusan": payload.keputusan, "dokumen": payload.dokumen}
    if transition == "teruskan":
        kwargs["perintah_ulang"] = payload.perintah_ulang
    service(actor=request.user, case_id=case.pk, **kwargs)
    return _detail(request, case_get(actor=request.user, pk=pk))
