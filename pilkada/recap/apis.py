"""JSON API of the recapitulation: one level with its child rows and total."""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path as PathParam
from ninja import Router, Schema
from pydantic import StringConstraints

from pilkada.core.api import ERRORS
from pilkada.recap.selectors import recap_get

router = Router(tags=["rekapitulasi"])
SLUG = r"^[-a-zA-Z0-9_]{1,60}$"
AREA = r"^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{10})$"


class Numbers(Schema):
    suara: dict[str, int]
    suara_sah: int
    suara_tidak_sah: int
    suara_total: int
    pemilih: int
    pengguna: int
    tps_count: int


class RowOut(Schema):
    kode: str
    nama: str
    jumlah_tps: int
    angka: Numbers


class RecapOut(Schema):
    kontestasi: str
    wilayah: str
    nama: str
    tingkat: str
    jumlah_tps: int
    total: Numbers
    terkunci: bool
    baris: list[RowOut]


def _numbers(n: dict[str, Any]) -> Numbers:
    return Numbers(**{**n, "suara": {str(k): int(v) for k, v in n["suara"].items()}})


@router.get("/{kontestasi}/{wilayah}", response={200: RecapOut, **ERRORS})
def get_recap(
    request: HttpRequest,
    kontestasi: PathParam[Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]{1,60}$")]],
    wilayah: PathParam[
        Annotated[str, StringConstraints(pattern=r"^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{10})$")]
    ],
) -> RecapOut:
    """Totals of a desa, kecamatan, kabupaten or province and of each area (or TPS) below it."""
    r = recap_get(actor=request.user, contest_kode=kontestasi, area_code=wilayah)
    return RecapOut(
        kontestasi=kontestasi,
        wilayah=wilayah,
        nama=r.area_name,
        tingkat=r.level,
        jumlah_tps=r.tps_total,
        total=_numbers(r.total),
        terkunci=bool(r.pleno and r.pleno.status == "terkunci"),
        baris=[
            RowOut(
                kode=row.kode, nama=row.nama, jumlah_tps=row.tps_total, angka=_numbers(row.numbers)
            )
            for row in r.rows
        ],
    )
