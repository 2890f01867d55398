from django.http import HttpRequest
from ninja import Router, Schema

from pilkada.core.api import ERRORS
from pilkada.core.exceptions import NotFoundOrOutOfScope
from pilkada.kesiapan.selectors import AreaReadiness, area_summary, readiness_by_kecamatan

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


class KesiapanCountOut(Schema):
    siap: int
    dinilai: int


class KesiapanAreaOut(Schema):
    kode: str
    nama: str
    tps: int
    tps_siap: int
    butir: dict[str, KesiapanCountOut]


class KesiapanAreaSummaryOut(KesiapanAreaOut):
    anak: list[KesiapanAreaOut]


class KesiapanCheckOut(Schema):
    keadaan: str
    siap: bool
    keterangan: str


class KesiapanTpsOut(Schema):
    kode: str
    desa_kode: str
    desa: str
    siap: bool
    belum_siap: list[str]
    butir: dict[str, KesiapanCheckOut]


def _area_out(a: AreaReadiness) -> KesiapanAreaOut:
    return KesiapanAreaOut(
        kode=a.kode,
        nama=a.nama,
        tps=a.tps,
        tps_siap=a.tps_ready,
        butir={k: KesiapanCountOut(siap=r, dinilai=n) for k, r, n, _state in a.cells()},
    )


def _valid_area(kode: str) -> str:
    if len(kode) not in (4, 6, 10, 13) or not kode.isdigit():
        raise NotFoundOrOutOfScope("Wilayah tidak ditemukan.")
    return kode


@router.get("/wilayah/{kode}", response={200: KesiapanAreaSummaryOut, **ERRORS})
def area(request: HttpRequest, kode: str) -> KesiapanAreaSummaryOut:
    """TPS ready per item in a kabupaten, kecamatan or desa, and in each of its children.

    `butir` keys: kpps, bimtek, dpt, undangan, logistik, honor, rawan, kasus, buka, masuk,
    verif; `dinilai` is how many TPS the item applies to (voting-day items: 0 before the day).
    Outside the caller's area: 404.
    """
    s = area_summary(actor=request.user, area=_valid_area(kode))
    out = _area_out(s.area)
    return KesiapanAreaSummaryOut(**out.dict(), anak=[_area_out(c) for c in s.children])


@router.get("/tps", response={200: list[KesiapanTpsOut], **ERRORS})
def tps_rows(request: HttpRequest, wilayah: str) -> list[KesiapanTpsOut]:
    """One row per TPS in `wilayah` (any area code) with every item's state: ok, warn (ready,
    to be watched), gap (not ready), na (does not apply). Outside the caller's area: 404."""
    s = area_summary(actor=request.user, area=_valid_area(wilayah))
    return [
        KesiapanTpsOut(
            kode=r.kode,
            desa_kode=r.desa_kode,
            desa=r.desa_nama,
            siap=r.ready,
            belum_siap=r.missing,
            butir={
                k: KesiapanCheckOut(keadaan=str(c.state), siap=c.ready, keterangan=c.note)
                for k, c in r.checks.items()
            },
        )
        for r in s.rows
    ]
