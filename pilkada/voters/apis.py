from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.params import functions as params

from pilkada.core.api import ERRORS
from pilkada.voters.selectors import duplicate_get, import_get, roll_stats
from pilkada.voters.services import duplicate_decide, import_progress

router = Router(tags=["pemilih"])
# Ids are bounded so a fuzzed huge number is a 422, not a database overflow.
RowId: Any = params.Path(..., ge=1, le=2**31 - 1)


class StatOut(Schema):
    kode: str
    nama: str
    total: int
    laki: int
    perempuan: int
    usia: dict[str, int]
    disabilitas: dict[str, int]


class ImportOut(Schema):
    id: int
    status: str
    tahap: str
    persen: int
    jumlah_baris: int
    jumlah_salah: int
    jumlah_masuk: int
    pesan: str


class DecisionIn(Schema):
    keputusan: Literal["ganda", "bukan"]
    disimpan: int | None = Field(None, ge=1, le=2**31 - 1)


class StatFilter(Schema):
    tingkat: Literal["kecamatan", "desa", "tps"] = "kecamatan"
    induk: str = Field("", pattern=r"^\d{0,13}$", description="kode wilayah induk (angka)")


class DecisionOut(Schema):
    id: int
    keputusan: str
    disimpan_id: int | None


@router.get("/statistik", response={200: list[StatOut], **ERRORS})
def stats(request: HttpRequest, filters: Query[StatFilter]) -> object:
    """Registered DPT voters by sex, age band and disability per kecamatan, desa or TPS."""
    return roll_stats(actor=request.user, level=filters.tingkat, parent=filters.induk)


@router.get("/impor/{batch_id}", response={200: ImportOut, **ERRORS})
def import_status(request: HttpRequest, batch_id: int = RowId) -> object:
    """Progress and outcome of an import."""
    batch = import_get(actor=request.user, batch_id=batch_id)
    tahap, persen = import_progress(batch)
    return ImportOut(
        id=batch.pk,
        status=batch.status,
        tahap=tahap,
        persen=persen,
        jumlah_baris=batch.jumlah_baris,
        jumlah_salah=batch.jumlah_salah,
        jumlah_masuk=batch.jumlah_masuk,
        pesan=batch.pesan,
    )


@router.post("/ganda/{pair_id}", response={200: DecisionOut, **ERRORS})
def decide(request: HttpRequest, payload: DecisionIn, pair_id: int = RowId) -> object:
    """Decide a probable duplicate: 'ganda' (TMS 2, naming the kept record) or 'bukan'."""
    duplicate_get(actor=request.user, pair_id=pair_id)
    return duplicate_decide(
        actor=request.user,
        pair_id=pair_id,
        keputusan=payload.keputusan,
        disimpan_id=payload.disimpan,
    )
