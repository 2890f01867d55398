"""JSON API for C.Hasil: photo upload, entries (idempotent), corrections, objections, history.

`POST /api/penghitungan/entri` takes an `Idempotency-Key` header (or `kunci` in the body): the
same key from the same user is the same submission, so a retry after a timeout is answered with
the stored entry and counted once.
"""

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema
from ninja import Path as PathParam
from ninja.files import UploadedFile
from pydantic import ConfigDict, StringConstraints, create_model

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import require_see
from pilkada.core.api import ERRORS
from pilkada.core.exceptions import ValidationFailed
from pilkada.counting.models import CHasil, Entry
from pilkada.counting.selectors import anomaly_flags, contest_get, form_entries, form_get
from pilkada.counting.services import (
    MAX_PHOTO_BYTES,
    Outcome,
    entry_correct,
    entry_submit,
    keberatan_answer,
    keberatan_create,
    photo_add,
)
from pilkada.counting.validators import NUMBER_FIELDS

router = Router(tags=["penghitungan"])


class PhotoOut(Schema):
    id: int
    sha256: str
    content_type: str
    size: int


TPS_CODE = r"^[0-9]{13}$"
AREA_CODE = r"^([0-9]{4}|[0-9]{6}|[0-9]{10}|[0-9]{13})$"
SLUG = r"^[-a-zA-Z0-9_]{1,60}$"
NOT_BLANK = r"\S"

# Every number of the form, each optional (missing = 0). Values are not range-checked here:
# a number the rules reject (e.g. above 999) is stored and flagged, never refused or fixed.
AngkaIn = create_model(  # type: ignore[call-overload]
    "AngkaIn",
    __config__=ConfigDict(extra="forbid"),
    **dict.fromkeys(NUMBER_FIELDS, (int, 0)),
)
VoteKey = Annotated[str, StringConstraints(pattern=r"^[0-9]{1,3}$")]


class EntryIn(Schema):
    tps: str = Field(..., pattern=TPS_CODE)
    kontestasi: str = Field(..., pattern=SLUG)
    angka: AngkaIn  # type: ignore[valid-type]
    suara: dict[VoteKey, int] = Field(
        ...,
        description='Suara per nomor urut; "0" = kotak kosong.',
        json_schema_extra={"additionalProperties": False},
    )
    foto_sha256: str = Field("", pattern=r"^([0-9a-f]{64})?$")
    kunci: str = Field("", max_length=100, description="Kunci idempotensi (opsional).")


class CorrectionIn(EntryIn):
    alasan: str = Field(..., pattern=NOT_BLANK, max_length=2000)
    keberatan_id: int | None = None
    kejadian: str = Field("", max_length=2000)


class FindingOut(Schema):
    rule: int
    code: str
    fields: list[str]
    message: str


class EntryOut(Schema):
    id: int
    tps: str
    hasil: str
    status_formulir: str
    duplikat: bool
    temuan: list[FindingOut]
    foto_sha256: str


class HistoryOut(Schema):
    id: int
    jenis: str
    tingkat: str
    hasil: str
    oleh: str
    waktu: str
    foto_sha256: str
    alasan: str
    keberatan_id: int | None
    suara: dict[str, int]
    angka: dict[str, int]


class FormOut(Schema):
    tps: str
    kontestasi: str
    status: str
    dihitung_entri: int | None
    riwayat: list[HistoryOut]


class KeberatanIn(Schema):
    kontestasi: str = Field(..., pattern=SLUG)
    wilayah: str = Field(..., pattern=AREA_CODE, description="Kode TPS, kecamatan atau kabupaten")
    saksi: str = Field(..., pattern=NOT_BLANK, max_length=150)
    isi: str = Field(..., pattern=NOT_BLANK, max_length=5000)
    jenis: Literal["keberatan", "kejadian"] = "keberatan"
    pasangan_nomor: int | None = Field(None, ge=0, le=99)


class KeberatanOut(Schema):
    id: int
    wilayah: str
    saksi: str
    isi: str
    jawaban: str


class JawabanIn(Schema):
    jawaban: str = Field(..., pattern=NOT_BLANK, max_length=5000)


class FlagOut(Schema):
    code: str
    tps_kode: str
    message: str


def _suara(raw: dict[str, int]) -> dict[int, int]:
    try:
        return {int(k): v for k, v in raw.items()}
    except ValueError as exc:
        raise ValidationFailed(
            "Kunci suara harus nomor urut pasangan calon.", [("suara", "bukan nomor")]
        ) from exc


def _angka(model: Any) -> dict[str, int]:
    return dict(model.model_dump())


def _entry_out(out: Outcome) -> EntryOut:
    e = out.entry
    return EntryOut(
        id=e.pk,
        tps=e.tps_kode,
        hasil=e.result,
        status_formulir=out.form.status,
        duplikat=out.duplicate,
        temuan=[
            FindingOut(**{k: f[k] for k in ("rule", "code", "fields", "message")})
            for f in e.findings
        ],
        foto_sha256=e.photo_sha256,
    )


@router.post("/foto", response={200: PhotoOut, **ERRORS})
def upload_photo(
    request: HttpRequest,
    tps: Form[Annotated[str, StringConstraints(pattern=TPS_CODE)]],
    kontestasi: Form[Annotated[str, StringConstraints(pattern=SLUG)]],
    berkas: File[UploadedFile],
) -> Any:
    """Upload the photo (JPEG/PNG/PDF) of the signed form; returns its SHA-256."""
    if (berkas.size or 0) > MAX_PHOTO_BYTES:
        raise ValidationFailed("Berkas foto terlalu besar.", [("berkas", "terlalu besar")])
    return photo_add(
        actor=request.user, tps_kode=tps, contest_kode=kontestasi, content=berkas.read()
    )


@router.post("/entri", response={200: EntryOut, **ERRORS})
def submit_entry(request: HttpRequest, payload: EntryIn) -> EntryOut:
    """Submit the numbers of one C.Hasil (first or second entry). Idempotent by key."""
    key = request.headers.get("Idempotency-Key", "") or payload.kunci
    out = entry_submit(
        actor=request.user,
        tps_kode=payload.tps,
        contest_kode=payload.kontestasi,
        angka=_angka(payload.angka),
        suara=_suara(payload.suara),
        photo_sha256=payload.foto_sha256,
        idempotency_key=key[:100],
    )
    return _entry_out(out)


@router.post("/koreksi", response={200: EntryOut, **ERRORS})
def submit_correction(request: HttpRequest, payload: CorrectionIn) -> EntryOut:
    """A plenary correction (PPK/KPU): a new version with reason and objection record."""
    out = entry_correct(
        actor=request.user,
        tps_kode=payload.tps,
        contest_kode=payload.kontestasi,
        angka=_angka(payload.angka),
        suara=_suara(payload.suara),
        reason=payload.alasan,
        keberatan_id=payload.keberatan_id,
        kejadian=payload.kejadian,
        photo_sha256=payload.foto_sha256,
    )
    return _entry_out(out)


def _history(e: Entry) -> HistoryOut:
    return HistoryOut(
        id=e.pk,
        jenis=e.kind,
        tingkat=e.level,
        hasil=e.result,
        oleh=e.entered_by.username if e.entered_by else "sistem",
        waktu=e.entered_at.isoformat(),
        foto_sha256=e.photo_sha256,
        alasan=e.reason,
        keberatan_id=e.keberatan_id,
        suara={str(k): int(v) for k, v in e.suara.items()},
        angka={k: int(v) for k, v in e.angka.items()},
    )


@router.get("/formulir/{tps}/{kontestasi}", response={200: FormOut, **ERRORS})
def get_form(
    request: HttpRequest,
    tps: PathParam[Annotated[str, StringConstraints(pattern=TPS_CODE)]],
    kontestasi: PathParam[Annotated[str, StringConstraints(pattern=SLUG)]],
) -> FormOut:
    """A form's status and every version (who, when, level, why, which photo)."""
    form = form_get(actor=request.user, tps_kode=tps, contest_kode=kontestasi)
    entries = form_entries(actor=request.user, tps_kode=tps, contest_kode=kontestasi)
    return FormOut(
        tps=tps,
        kontestasi=kontestasi,
        status=form.status if form else CHasil.Status.BELUM,
        dihitung_entri=form.counted_id if form else None,
        riwayat=[_history(e) for e in entries],
    )


@router.post("/keberatan", response={200: KeberatanOut, **ERRORS})
def create_keberatan(request: HttpRequest, payload: KeberatanIn) -> Any:
    """Record a witness objection or special incident at a TPS or plenary."""
    k = keberatan_create(
        actor=request.user,
        contest_kode=payload.kontestasi,
        area_code=payload.wilayah,
        saksi=payload.saksi,
        isi=payload.isi,
        jenis=payload.jenis,
        pasangan_nomor=payload.pasangan_nomor,
    )
    return KeberatanOut(id=k.pk, wilayah=k.area_code, saksi=k.saksi, isi=k.isi, jawaban=k.jawaban)


@router.post("/keberatan/{keberatan_id}/jawaban", response={200: KeberatanOut, **ERRORS})
def answer_keberatan(request: HttpRequest, keberatan_id: int, payload: JawabanIn) -> Any:
    k = keberatan_answer(actor=request.user, keberatan_id=keberatan_id, jawaban=payload.jawaban)
    return KeberatanOut(id=k.pk, wilayah=k.area_code, saksi=k.saksi, isi=k.isi, jawaban=k.jawaban)


@router.get("/anomali/{kontestasi}/{wilayah}", response={200: list[FlagOut], **ERRORS})
def list_anomalies(
    request: HttpRequest,
    kontestasi: PathParam[Annotated[str, StringConstraints(pattern=SLUG)]],
    wilayah: PathParam[Annotated[str, StringConstraints(pattern=AREA_CODE)]],
) -> Any:
    """Anomaly flags (turnout > 100 %, landslides, zeros, identical forms, shared photos)."""
    require_see(request.user, wilayah, Perm.COUNTING_VIEW)
    return anomaly_flags(
        actor=request.user, contest=contest_get(kode=kontestasi), area_code=wilayah
    )
