from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from pilkada.core.api import ERRORS
from pilkada.logistics.selectors import logistics_flags, tps_logistics
from pilkada.logistics.services import shipment_dispatch, shipment_receive

router = Router(tags=["logistik"])


class TpsLogisticsOut(Schema):
    kode: str
    dpt: int
    lengkap: bool
    kebutuhan: dict[str, int]
    kurang: dict[str, int]


class FlagOut(Schema):
    shipment_id: int
    leg: str
    from_code: str
    to_code: str
    item: str
    dispatched: int
    received: int
    damaged: int
    shortfall: int


Qty = Annotated[int, Field(ge=0, le=10_000_000)]


class DispatchIn(Schema):
    dari: str = Field(pattern=r"^\d{4}(\d{2}(\d{4})?)?$", description="gudang, PPK atau PPS")
    ke: str = Field(pattern=r"^\d{6}(\d{4}(\d{3})?)?$", description="PPK, PPS atau TPS")
    barang: dict[str, Qty] = Field(min_length=1)
    nomor_ba: str = Field("", max_length=80)


class ReceiveIn(Schema):
    # item -> [received, damaged]
    barang: dict[str, tuple[Qty, Qty]] = Field(min_length=1)
    catatan: str = Field("", max_length=300)


class ShipmentOut(Schema):
    id: int
    leg: str
    from_code: str
    to_code: str
    status: str


class TpsFilter(Schema):
    kecamatan: str | None = Field(None, pattern=r"^\d{6}$", description="kode kecamatan")
    desa: str | None = Field(None, pattern=r"^\d{10}$", description="kode desa")


@router.get("/tps", response={200: list[TpsLogisticsOut], **ERRORS})
def list_tps(request: HttpRequest, filters: Query[TpsFilter]) -> object:
    """Needs and what is still missing per TPS in the caller's area ("logistik lengkap")."""
    kecamatan, desa = filters.kecamatan, filters.desa
    return [
        {
            "kode": r.kode,
            "dpt": r.dpt,
            "lengkap": r.lengkap,
            "kebutuhan": r.needs,
            "kurang": r.missing,
        }
        for r in tps_logistics(actor=request.user, kecamatan=kecamatan, desa=desa)
    ]


@router.get("/kekurangan", response={200: list[FlagOut], **ERRORS})
def list_flags(request: HttpRequest) -> object:
    """Shortfalls and damage, at the leg and receiving node where they happened."""
    return logistics_flags(actor=request.user)


@router.post("/pengiriman", response={200: ShipmentOut, **ERRORS})
def dispatch(request: HttpRequest, payload: DispatchIn) -> object:
    s = shipment_dispatch(
        actor=request.user,
        from_code=payload.dari,
        to_code=payload.ke,
        quantities=payload.barang,
        nomor_ba=payload.nomor_ba,
    )
    return {
        "id": s.pk,
        "leg": s.leg,
        "from_code": s.from_code,
        "to_code": s.to_code,
        "status": s.status,
    }


@router.post("/pengiriman/{pk}/terima", response={200: ShipmentOut, **ERRORS})
def receive(request: HttpRequest, pk: int, payload: ReceiveIn) -> object:
    s = shipment_receive(
        actor=request.user, shipment_id=pk, received=payload.barang, catatan=payload.catatan
    )
    return {
        "id": s.pk,
        "leg": s.leg,
        "from_code": s.from_code,
        "to_code": s.to_code,
        "status": s.status,
    }
