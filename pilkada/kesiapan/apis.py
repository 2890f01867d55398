from django.http import HttpRequest
from ninja import Router, Schema

from pilkada.core.api import ERRORS
from pilkada.kesiapan.selectors import readiness_by_kecamatan

router = Router(tags=["kesiapan"])


class MeasureOut(Schema):
    ada: int
    perlu: int
    siap: bool


class KecamatanReadinessOut(Schema):
    kode: str
    nama: str
    desa: int
    tps: int
    siap: bool
    ukuran: dict[str, MeasureOut]


@router.get("/kecamatan", response={200: list[KecamatanReadinessOut], **ERRORS})
def readiness(request: HttpRequest) -> list[KecamatanReadinessOut]:
    """Kesiapan per kecamatan in the caller's area: each measure as (ada, perlu)."""
    return [
        KecamatanReadinessOut(
            kode=r.kode,
            nama=r.nama,
            desa=r.desa,
            tps=r.tps,
            siap=r.ready,
            ukuran={
                k: MeasureOut(ada=m.have, perlu=m.need, siap=m.ready) for k, m in r.measures.items()
            },
        )
        for r in readiness_by_kecamatan(actor=request.user)
    ]
