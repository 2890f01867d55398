from datetime import date
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from pilkada.budget.selectors import GrantView, grant_get, grant_list, honor_cuts, reconciliation
from pilkada.budget.services import (
    NewAllocation,
    grant_create,
    grant_return_record,
    grant_transfer_record,
    payout_record,
    payouts_confirm_area,
    pps_transfer_record,
    realisation_record,
    tranches_set,
)
from pilkada.core.api import ERRORS

router = Router(tags=["anggaran"])


class CutOut(Schema):
    unit_code: str
    desa_kode: str
    step: str
    amount: int
    people: int


class ReconciliationOut(Schema):
    transferred: int
    owed: int
    paid_received: int
    tax: int
    cuts: int
    unconfirmed: int
    unpaid: int
    difference: int


Rupiah = Annotated[int, Field(ge=0, le=10**15)]


class ConfirmIn(Schema):
    wilayah: str = Field(pattern=r"^\d{10}(\d{3})?$", description="desa atau TPS")
    # member id -> amount received, whole rupiah
    diterima: dict[str, Rupiah] = Field(min_length=1)


class PayIn(Schema):
    anggota: int
    dibayar: Rupiah
    pajak: Rupiah = 0


class PayoutOut(Schema):
    id: int
    unit_code: str
    dibayar: int
    pajak: int
    diterima: int | None


class AreaFilter(Schema):
    wilayah: str | None = Field(
        None, pattern=r"^\d{4}(\d{2}(\d{4}(\d{3})?)?)?$", description="kode wilayah atau TPS"
    )


@router.get("/potongan", response={200: list[CutOut], **ERRORS})
def cuts(request: HttpRequest, filters: Query[AreaFilter]) -> object:
    """Suspected cuts ("potongan") per TPS/desa and step, in the caller's area."""
    wilayah = filters.wilayah
    return [
        {
            "unit_code": c.unit_code,
            "desa_kode": c.desa_kode,
            "step": c.step.value,
            "amount": c.amount,
            "people": c.people,
        }
        for c in honor_cuts(actor=request.user, area=wilayah)
    ]


@router.get("/rekonsiliasi", response={200: ReconciliationOut, **ERRORS})
def reconcile(request: HttpRequest, filters: Query[AreaFilter]) -> object:
    """Money sent to PPS accounts against what arrived, tax, cuts and what is open."""
    r = reconciliation(actor=request.user, area=filters.wilayah)
    return {**r.__dict__, "difference": r.difference}


@router.post("/pembayaran", response={200: PayoutOut, **ERRORS})
def pay(request: HttpRequest, payload: PayIn) -> object:
    return payout_record(
        actor=request.user, member_id=payload.anggota, dibayar=payload.dibayar, pajak=payload.pajak
    )


@router.post("/konfirmasi", response={200: list[PayoutOut], **ERRORS})
def confirm(request: HttpRequest, payload: ConfirmIn) -> object:
    """Amounts actually received, by the kepala desa (his desa) or the KPPS (its TPS)."""
    return payouts_confirm_area(
        actor=request.user, area_code=payload.wilayah, received=payload.diterima
    )


class AllocationIn(Schema):
    kode: str = Field(pattern=r"^[a-z0-9-]{1,30}$")
    nama: str = Field(min_length=1, max_length=150)
    jumlah: Rupiah = Field(gt=0)


class TrancheRuleIn(Schema):
    persen_bp: int = Field(gt=0, le=10_000, description="basis poin, 10000 = 100 %")
    batas: Literal["hari_kerja_setelah_ttd", "bulan_sebelum_pemungutan"]
    n: int = Field(ge=0, le=400)


class GrantIn(Schema):
    nomor: str = Field(min_length=1, max_length=120)
    tanggal_ttd: date
    hari_pemungutan: date
    kode_wilayah: str = Field(pattern=r"^\d{4}$")
    pemberi: str = Field(min_length=1, max_length=150)
    penerima: list[AllocationIn] = Field(min_length=1)
    # optional tranche rule; the default is 40 % / 60 % (domain.md §6.1)
    aturan_tahap: list[TrancheRuleIn] | None = None


class TrancheOut(Schema):
    id: int
    nomor: int
    jumlah: int
    batas_tanggal: date
    ditransfer: int


class AllocationOut(Schema):
    id: int
    kode: str
    nama: str
    jumlah: int
    ditransfer: int
    realisasi: int
    dikembalikan: int
    saldo: int
    tahap: list[TrancheOut]


class GrantOut(Schema):
    id: int
    nomor: str
    tanggal_ttd: date
    total: int
    penerima: list[AllocationOut]


class MoneyIn(Schema):
    jumlah: Rupiah = Field(gt=0)
    tanggal: date
    referensi: str = Field("", max_length=120)


class RealisationIn(Schema):
    akun: str = Field(min_length=1, max_length=40)
    uraian: str = Field("", max_length=200)
    jumlah: Rupiah = Field(gt=0)
    tanggal: date


class TranchePlanIn(Schema):
    tahap: list[tuple[Rupiah, date]] = Field(min_length=1)


class PpsTransferIn(Schema):
    desa: str = Field(pattern=r"^\d{10}$")
    jumlah: Rupiah = Field(gt=0)
    tanggal: date
    referensi: str = Field("", max_length=120)


def _grant_out(view: GrantView) -> dict[str, object]:
    return {
        "id": view.grant.pk,
        "nomor": view.grant.nomor,
        "tanggal_ttd": view.grant.tanggal_ttd,
        "total": view.grant.total,
        "penerima": [
            {
                "id": a.allocation.pk,
                "kode": a.allocation.penerima_kode,
                "nama": a.allocation.penerima_nama,
                "jumlah": a.allocation.jumlah,
                "ditransfer": a.transferred,
                "realisasi": a.realised,
                "dikembalikan": a.returned,
                "saldo": a.balance,
                "tahap": [
                    {
                        "id": t.tranche.pk,
                        "nomor": t.tranche.nomor,
                        "jumlah": t.tranche.jumlah,
                        "batas_tanggal": t.tranche.batas_tanggal,
                        "ditransfer": t.transferred,
                    }
                    for t in a.tranches
                ],
            }
            for a in view.allocations
        ],
    }


@router.get("/nphd", response={200: list[GrantOut], **ERRORS})
def grants(request: HttpRequest) -> object:
    """Grant agreements with allocations, tranches, transfers, spending and balance."""
    return [
        _grant_out(grant_get(actor=request.user, pk=g.pk)) for g in grant_list(actor=request.user)
    ]


@router.post("/nphd", response={200: GrantOut, **ERRORS})
def create_grant(request: HttpRequest, payload: GrantIn) -> object:
    grant = grant_create(
        actor=request.user,
        nomor=payload.nomor,
        tanggal_ttd=payload.tanggal_ttd,
        hari_pemungutan=payload.hari_pemungutan,
        kode_wilayah=payload.kode_wilayah,
        pemberi=payload.pemberi,
        allocations=[NewAllocation(a.kode, a.nama, a.jumlah) for a in payload.penerima],
        rule_rows=[r.dict() for r in payload.aturan_tahap] if payload.aturan_tahap else None,
    )
    return _grant_out(grant_get(actor=request.user, pk=grant.pk))


@router.put("/alokasi/{pk}/tahap", response={200: list[TrancheOut], **ERRORS})
def set_tranches(request: HttpRequest, pk: int, payload: TranchePlanIn) -> object:
    rows = tranches_set(actor=request.user, allocation_id=pk, tranches=payload.tahap)
    return [
        {
            "id": t.pk,
            "nomor": t.nomor,
            "jumlah": t.jumlah,
            "batas_tanggal": t.batas_tanggal,
            "ditransfer": 0,
        }
        for t in rows
    ]


@router.post("/tahap/{pk}/transfer", response={201: dict[str, int], **ERRORS})
def transfer(request: HttpRequest, pk: int, payload: MoneyIn) -> object:
    row = grant_transfer_record(
        actor=request.user,
        tranche_id=pk,
        jumlah=payload.jumlah,
        tanggal=payload.tanggal,
        referensi=payload.referensi,
    )
    return Status(201, {"id": row.pk, "jumlah": row.jumlah})


@router.post("/alokasi/{pk}/realisasi", response={201: dict[str, int], **ERRORS})
def spend(request: HttpRequest, pk: int, payload: RealisationIn) -> object:
    row = realisation_record(
        actor=request.user,
        allocation_id=pk,
        akun=payload.akun,
        uraian=payload.uraian,
        jumlah=payload.jumlah,
        tanggal=payload.tanggal,
    )
    return Status(201, {"id": row.pk, "jumlah": row.jumlah})


@router.post("/alokasi/{pk}/pengembalian", response={201: dict[str, int], **ERRORS})
def give_back(request: HttpRequest, pk: int, payload: MoneyIn) -> object:
    row = grant_return_record(
        actor=request.user,
        allocation_id=pk,
        jumlah=payload.jumlah,
        tanggal=payload.tanggal,
        referensi=payload.referensi,
    )
    return Status(201, {"id": row.pk, "jumlah": row.jumlah})


@router.post("/transfer-pps", response={201: dict[str, int], **ERRORS})
def pps_transfer(request: HttpRequest, payload: PpsTransferIn) -> object:
    row = pps_transfer_record(
        actor=request.user,
        desa_kode=payload.desa,
        jumlah=payload.jumlah,
        tanggal=payload.tanggal,
        referensi=payload.referensi,
    )
    return Status(201, {"id": row.pk, "jumlah": row.jumlah})
