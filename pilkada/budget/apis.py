from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema, Status

from pilkada.budget.rules import DEFAULT_TRANCHE_RULE, rule_from_json
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


class ConfirmIn(Schema):
    wilayah: str
    # member id -> amount received (whole rupiah; "799.000" is accepted)
    diterima: dict[int, int | str]


class PayIn(Schema):
    anggota: int
    dibayar: int | str
    pajak: int | str = 0


class PayoutOut(Schema):
    id: int
    unit_code: str
    dibayar: int
    pajak: int
    diterima: int | None


@router.get("/potongan", response=list[CutOut])
def cuts(request: HttpRequest, wilayah: str | None = None) -> object:
    """Suspected cuts ("potongan") per TPS/desa and step, in the caller's area."""
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


@router.get("/rekonsiliasi", response=ReconciliationOut)
def reconcile(request: HttpRequest, wilayah: str | None = None) -> object:
    """Money sent to PPS accounts against what arrived, tax, cuts and what is open."""
    r = reconciliation(actor=request.user, area=wilayah)
    return {**r.__dict__, "difference": r.difference}


@router.post("/pembayaran", response=PayoutOut)
def pay(request: HttpRequest, payload: PayIn) -> object:
    return payout_record(
        actor=request.user, member_id=payload.anggota, dibayar=payload.dibayar, pajak=payload.pajak
    )


@router.post("/konfirmasi", response=list[PayoutOut])
def confirm(request: HttpRequest, payload: ConfirmIn) -> object:
    """Amounts actually received, by the kepala desa (his desa) or the KPPS (its TPS)."""
    return payouts_confirm_area(
        actor=request.user, area_code=payload.wilayah, received=payload.diterima
    )


class AllocationIn(Schema):
    kode: str
    nama: str
    jumlah: int | str


class GrantIn(Schema):
    nomor: str
    tanggal_ttd: date
    hari_pemungutan: date
    kode_wilayah: str
    pemberi: str
    penerima: list[AllocationIn]
    # optional tranche rule: [{"persen_bp": 4000, "batas": "hari_kerja_setelah_ttd", "n": 14}, ...]
    aturan_tahap: list[dict[str, int | str]] | None = None


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
    jumlah: int | str
    tanggal: date
    referensi: str = ""


class RealisationIn(Schema):
    akun: str
    uraian: str = ""
    jumlah: int | str
    tanggal: date


class TranchePlanIn(Schema):
    tahap: list[tuple[int | str, date]]


class PpsTransferIn(Schema):
    desa: str
    jumlah: int | str
    tanggal: date
    referensi: str = ""


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


@router.get("/nphd", response=list[GrantOut])
def grants(request: HttpRequest) -> object:
    """Grant agreements with allocations, tranches, transfers, spending and balance."""
    return [
        _grant_out(grant_get(actor=request.user, pk=g.pk)) for g in grant_list(actor=request.user)
    ]


@router.post("/nphd", response=GrantOut)
def create_grant(request: HttpRequest, payload: GrantIn) -> object:
    rule = rule_from_json(payload.aturan_tahap) if payload.aturan_tahap else DEFAULT_TRANCHE_RULE
    grant = grant_create(
        actor=request.user,
        nomor=payload.nomor,
        tanggal_ttd=payload.tanggal_ttd,
        hari_pemungutan=payload.hari_pemungutan,
        kode_wilayah=payload.kode_wilayah,
        pemberi=payload.pemberi,
        allocations=[NewAllocation(a.kode, a.nama, a.jumlah) for a in payload.penerima],
        rule=rule,
    )
    return _grant_out(grant_get(actor=request.user, pk=grant.pk))


@router.put("/alokasi/{pk}/tahap", response=list[TrancheOut])
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


@router.post("/tahap/{pk}/transfer", response={201: dict[str, int]})
def transfer(request: HttpRequest, pk: int, payload: MoneyIn) -> object:
    row = grant_transfer_record(
        actor=request.user,
        tranche_id=pk,
        jumlah=payload.jumlah,
        tanggal=payload.tanggal,
        referensi=payload.referensi,
    )
    return Status(201, {"id": row.pk, "jumlah": row.jumlah})


@router.post("/alokasi/{pk}/realisasi", response={201: dict[str, int]})
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


@router.post("/alokasi/{pk}/pengembalian", response={201: dict[str, int]})
def give_back(request: HttpRequest, pk: int, payload: MoneyIn) -> object:
    row = grant_return_record(
        actor=request.user,
        allocation_id=pk,
        jumlah=payload.jumlah,
        tanggal=payload.tanggal,
        referensi=payload.referensi,
    )
    return Status(201, {"id": row.pk, "jumlah": row.jumlah})


@router.post("/transfer-pps", response={201: dict[str, int]})
def pps_transfer(request: HttpRequest, payload: PpsTransferIn) -> object:
    row = pps_transfer_record(
        actor=request.user,
        desa_kode=payload.desa,
        jumlah=payload.jumlah,
        tanggal=payload.tanggal,
        referensi=payload.referensi,
    )
    return Status(201, {"id": row.pk, "jumlah": row.jumlah})
