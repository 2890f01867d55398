from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from pilkada.core.api import ERRORS
from pilkada.core.pagination import Paginated
from pilkada.tps.models import MAX_VOTERS_PER_TPS
from pilkada.tps.selectors import tps_get, tps_list
from pilkada.tps.services import tps_update

router = Router(tags=["tps"])


class TpsOut(Schema):
    kode: str
    nomor: int
    desa_kode: str = Field(alias="desa_id")
    desa: str = Field(alias="desa.nama")
    kecamatan_kode: str
    kecamatan: str = Field(alias="desa.kecamatan.nama")
    alamat: str
    lat: float | None
    lng: float | None
    batas_pemilih: int
    lokasi_khusus: bool
    keterangan: str


class TpsFilter(Schema):
    kecamatan: str | None = Field(None, pattern=r"^\d{6}$", description="kode kecamatan, 6 digit")
    desa: str | None = Field(None, pattern=r"^\d{10}$", description="kode desa, 10 digit")


class TpsPatch(Schema):
    alamat: str | None = Field(None, max_length=200)
    lat: float | None = Field(None, ge=-90, le=90)
    lng: float | None = Field(None, ge=-180, le=180)
    batas_pemilih: int | None = Field(None, ge=1, le=MAX_VOTERS_PER_TPS)
    lokasi_khusus: bool | None = None
    keterangan: str | None = Field(None, max_length=200)


@router.get("", response={200: list[TpsOut], **ERRORS})
@paginate(Paginated)
def list_tps(request: HttpRequest, filters: Query[TpsFilter]) -> object:
    """TPS in the caller's area, optionally of one kecamatan or desa."""
    return tps_list(actor=request.user, kecamatan=filters.kecamatan, desa=filters.desa)


@router.get("/{kode}", response={200: TpsOut, **ERRORS})
def get_tps(request: HttpRequest, kode: str) -> object:
    """One TPS; 404 when it does not exist or lies outside the caller's area."""
    return tps_get(actor=request.user, kode=kode)


@router.patch("/{kode}", response={200: TpsOut, **ERRORS})
def patch_tps(request: HttpRequest, kode: str, payload: TpsPatch) -> object:
    """Change a TPS's address, coordinates, cap or special-location flag (403 outside the area)."""
    tps_update(actor=request.user, kode=kode, **payload.dict(exclude_unset=True))
    return tps_get(actor=request.user, kode=kode)
