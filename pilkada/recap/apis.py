"""JSON API of the recapitulation: one level with its child rows and total."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from pilkada.recap.selectors import recap_get

router = Router(tags=["rekapitulasi"])


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


@router.get("/{kontestasi}/{wilayah}", response=RecapOut)
def get_recap(request: HttpRequest, kontestasi: str, wilayah: str) -> RecapOut:
    """Totals of a desa, kecamatan or kabupaten and of each area (or TPS) below it."""
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
