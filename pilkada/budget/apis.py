from django.http import HttpRequest
from ninja import Router, Schema

from pilkada.budget.selectors import honor_cuts, reconciliation
from pilkada.budget.services import payout_record, payouts_confirm_area

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
