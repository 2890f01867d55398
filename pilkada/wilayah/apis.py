from django.http import HttpRequest
from ninja import Router, Schema

from pilkada.core.api import ERRORS
from pilkada.wilayah.selectors import desa_list, kecamatan_get, kecamatan_list

router = Router(tags=["wilayah"])


class KecamatanOut(Schema):
    kode: str
    kode_kemendagri: str
    nama: str
    nama_kpu: str
    jumlah_desa: int


class DesaOut(Schema):
    kode: str
    kode_kemendagri: str
    nama: str
    nama_kpu: str
    jenis: str
    kecamatan_id: str


@router.get("/kecamatan", response={200: list[KecamatanOut], **ERRORS})
def list_kecamatan(request: HttpRequest) -> object:
    """Kecamatan in the caller's area."""
    return kecamatan_list(actor=request.user)


@router.get("/kecamatan/{kode}/desa", response={200: list[DesaOut], **ERRORS})
def list_desa(request: HttpRequest, kode: str) -> object:
    """Desa of one kecamatan (404 outside the caller's area)."""
    kecamatan_get(actor=request.user, kode=kode)
    return desa_list(actor=request.user, kecamatan=kode)
