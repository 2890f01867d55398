import hashlib

import pytest

from conftest import make_user
from pilkada.accounts.roles import Role
from pilkada.audit.models import AuditEntry
from pilkada.core.exceptions import PermissionDenied, ValidationFailed
from pilkada.logistics.models import Shipment, ShipmentLine
from pilkada.logistics.rules import Leg
from pilkada.logistics.selectors import logistics_flags, needs_for, tps_logistics
from pilkada.logistics.services import (
    ReceiptPhoto,
    items_sync,
    shipment_dispatch,
    shipment_receive,
)
from pilkada.tps.models import Tps

pytestmark = pytest.mark.django_db

CONTESTS = [("gub", "Gubernur"), ("bup", "Bupati")]


@pytest.fixture
def chain(world, users):
    items_sync(actor=None, contests=CONTESTS)
    # DPT is kept by the voters app; here we set it ourselves (0 and 600 are the edges).
    for kode, dpt in zip(sorted(world.tps), [0, 600, 508, 400, 1, 39], strict=True):
        Tps.objects.filter(pk=kode).update(jumlah_dpt=dpt)
    users["kpps_a2_1"] = make_user("kpps_a2_1", Role.KPPS, "1807012002001")
    users["kpps_a2_2"] = make_user("kpps_a2_2", Role.KPPS, "1807012002002")
    return users


def _needs(kode):
    from pilkada.logistics.models import Item

    return needs_for(Tps.objects.get(pk=kode).jumlah_dpt, list(Item.objects.all()))


def _sum(codes):
    total: dict[str, int] = {}
    for c in codes:
        for k, v in _needs(c).items():
            total[k] = total.get(k, 0) + v
    return total


def _receive_all(actor, shipment, **override):
    got = {ln.item_id: (ln.qty_dispatched, 0) for ln in shipment.lines.all()}
    got.update(override)
    return shipment_receive(actor=actor, shipment_id=shipment.pk, received=got)


def test_ballot_needs_on_edges(chain):
    assert _needs("1807012001001")["surat-suara-gub"] == 0
    assert _needs("1807012001002")["surat-suara-bup"] == 615
    assert _needs("1807012002001")["surat-suara-gub"] == 521
    assert _needs("1807012001002")["bilik-suara"] == 4


def test_short_receipt_at_a_pps_is_flagged_there_and_its_tps_incomplete(chain):
    kpu, ppk, pps = chain["kpu"], chain["ppk_a"], chain["pps_a2"]
    kec_tps = [
        c for c in sorted(Tps.objects.values_list("kode", flat=True)) if c.startswith("180701")
    ]
    s1 = shipment_dispatch(actor=kpu, from_code="1807", to_code="180701", quantities=_sum(kec_tps))
    _receive_all(ppk, s1)
    desa_tps = ["1807012002001", "1807012002002"]
    s2 = shipment_dispatch(
        actor=ppk, from_code="180701", to_code="1807012002", quantities=_sum(desa_tps)
    )
    need = _sum(desa_tps)["surat-suara-gub"]
    photo = ReceiptPhoto("../../ba.jpg", b"\xff\xd8\xff signed receipt")
    shipment_receive(
        actor=pps,
        shipment_id=s2.pk,
        received={
            ln.item_id: (
                ln.qty_dispatched - (30 if ln.item_id == "surat-suara-gub" else 0),
                2 if ln.item_id == "tinta" else 0,
            )
            for ln in s2.lines.all()
        },
        photo=photo,
    )
    s2.refresh_from_db()
    assert s2.receipt_sha256 == hashlib.sha256(photo.content).hexdigest()
    assert s2.receipt_photo.name.endswith(f"{s2.pk}-{s2.receipt_sha256[:16]}.jpg")
    with s2.receipt_photo.open("rb") as fh:
        assert hashlib.sha256(fh.read()).hexdigest() == s2.receipt_sha256
    flags = {
        (f.leg, f.to_code, f.item): (f.shortfall, f.damaged) for f in logistics_flags(actor=kpu)
    }
    assert flags == {
        (Leg.PPK_PPS, "1807012002", "surat-suara-gub"): (30, 0),
        (Leg.PPK_PPS, "1807012002", "tinta"): (0, 2),
    }
    # The PPS cannot forward more than it holds intact.
    first = _needs("1807012002001")
    with pytest.raises(ValidationFailed, match="stok"):
        shipment_dispatch(
            actor=pps,
            from_code="1807012002",
            to_code="1807012002001",
            quantities={"surat-suara-gub": need},
        )
    for code in desa_tps:
        q = _needs(code)
        if code == "1807012002002":
            q["surat-suara-gub"] -= 30
            q["tinta"] -= 2
        s = shipment_dispatch(actor=pps, from_code="1807012002", to_code=code, quantities=q)
        receiver = chain["kpps_a2_1"] if code.endswith("001") else chain["kpps_a2_2"]
        _receive_all(receiver, s)
    status = {s.kode: s for s in tps_logistics(actor=kpu, desa="1807012002")}
    assert status["1807012002001"].lengkap
    assert not status["1807012002002"].lengkap
    assert status["1807012002002"].missing == {"surat-suara-gub": 30, "tinta": 2}
    assert first == status["1807012002001"].needs
    # The PPK sees the flag in its kecamatan; the other kecamatan's users see nothing.
    assert len(logistics_flags(actor=ppk)) == 2
    other = make_user("ppk_b", Role.PPK, "180702")
    assert logistics_flags(actor=other) == []


def test_receipt_larger_than_dispatch_is_refused_whole(chain):
    kpu, ppk = chain["kpu"], chain["ppk_a"]
    s = shipment_dispatch(
        actor=kpu, from_code="1807", to_code="180701", quantities={"tinta": 10, "segel": 5}
    )
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationFailed, match="lebih besar dari yang dikirim"):
        shipment_receive(actor=ppk, shipment_id=s.pk, received={"tinta": (10, 0), "segel": (6, 0)})
    with pytest.raises(ValidationFailed, match="rusak"):
        shipment_receive(actor=ppk, shipment_id=s.pk, received={"tinta": (10, 11), "segel": (5, 0)})
    with pytest.raises(ValidationFailed):
        shipment_receive(
            actor=ppk, shipment_id=s.pk, received={"tinta": ("-1", 0), "segel": (5, 0)}
        )
    with pytest.raises(ValidationFailed, match="harus dicatat"):
        shipment_receive(actor=ppk, shipment_id=s.pk, received={"tinta": (10, 0)})
    assert not ShipmentLine.objects.filter(qty_received__isnull=False).exists()
    assert Shipment.objects.get().status == Shipment.Status.DIKIRIM
    assert AuditEntry.objects.count() == before
    _receive_all(ppk, s)
    with pytest.raises(ValidationFailed, match="sudah"):
        _receive_all(ppk, s)


def test_only_the_nodes_of_the_chain_act(chain):
    kpu, ppk, pps = chain["kpu"], chain["ppk_a"], chain["pps_a1"]
    with pytest.raises(ValidationFailed, match="rantai"):
        shipment_dispatch(
            actor=kpu, from_code="1807", to_code="1807012001", quantities={"tinta": 1}
        )
    with pytest.raises(PermissionDenied):  # a PPS cannot dispatch from the warehouse
        shipment_dispatch(actor=pps, from_code="1807", to_code="180701", quantities={"tinta": 1})
    s = shipment_dispatch(actor=kpu, from_code="1807", to_code="180701", quantities={"tinta": 1})
    with pytest.raises(PermissionDenied):  # a KPPS cannot sign for the PPK
        _receive_all(chain["kpps_a1"], s)
    with pytest.raises(PermissionDenied):  # a PPK of another kecamatan neither
        _receive_all(make_user("ppk_b", Role.PPK, "180702"), s)
    with pytest.raises(ValidationFailed, match="katalog"):
        shipment_dispatch(actor=kpu, from_code="1807", to_code="180701", quantities={"emas": 1})
    with pytest.raises(ValidationFailed, match="bulat"):
        shipment_dispatch(
            actor=kpu, from_code="1807", to_code="180701", quantities={"tinta": "2.5"}
        )
    del ppk
