"""Writing logistics: the catalogue, dispatches and receipts (audited, scoped, all-or-nothing)."""

import csv
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum

from pilkada.accounts.roles import Perm, Role
from pilkada.accounts.scoping import actor_area, has_perm
from pilkada.accounts.scoping import require_change as _require_change
from pilkada.audit.services import audit_log
from pilkada.core import clock
from pilkada.core.exceptions import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from pilkada.logistics.models import Item, Shipment, ShipmentLine
from pilkada.logistics.rules import Basis, Leg, check_quantity, check_receipt, leg_between

CATALOGUE = Path(__file__).parent / "data" / "barang.csv"
MAX_PHOTO_BYTES = 10 * 1024 * 1024
# What a photo or scan of a signed receipt may be, recognised by its first bytes.
PHOTO_SIGNATURES: dict[bytes, str] = {
    b"\xff\xd8\xff": "jpg",
    b"\x89PNG\r\n\x1a\n": "png",
    b"%PDF-": "pdf",
}


def _photo_kind(content: bytes) -> str:
    for magic, ext in PHOTO_SIGNATURES.items():
        if content.startswith(magic):
            return ext
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "webp"
    raise ValidationFailed(
        "Foto tanda terima harus JPEG, PNG, WebP atau PDF.", [("foto", "jenis berkas")]
    )


def require_change(actor: Any, code: str, perm: Perm) -> None:
    """Scoped write check; `None` is the system (command-line loaders, the demo)."""
    if actor is not None:
        _require_change(actor, code, perm)


def catalogue_rows(contests: Sequence[tuple[str, str]]) -> list[Item]:
    """The catalogue as data: per contest a ballot, a box and a C.Hasil set; the rest from CSV."""
    items: list[Item] = []
    for i, (kode, nama) in enumerate(contests):
        items += [
            Item(
                kode=f"surat-suara-{kode}"[:80],
                nama=f"Surat suara {nama}",
                jenis=Item.Kind.SURAT_SUARA,
                contest_kode=kode,
                basis=Basis.DPT,
                satuan="lembar",
                urutan=i,
                sumber="DPT + 2,5 % dibulatkan ke atas per TPS, domain.md §3 [R41]",
            ),
            Item(
                kode=f"kotak-suara-{kode}"[:80],
                nama=f"Kotak suara {nama}",
                jenis=Item.Kind.KOTAK,
                contest_kode=kode,
                basis=Basis.FIXED,
                per_tps=1,
                urutan=10 + i,
                sumber="PKPU 12/2024, domain.md §3 [R42]",
            ),
            Item(
                kode=f"c-hasil-{kode}"[:80],
                nama=f"Formulir Model C.Hasil-KWK dan salinan, {nama}",
                jenis=Item.Kind.FORMULIR,
                contest_kode=kode,
                basis=Basis.FIXED,
                per_tps=1,
                satuan="set",
                urutan=70 + i,
                sumber="domain.md §3, §4.2 [R49]",
            ),
        ]
    with CATALOGUE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            items.append(
                Item(
                    kode=row["kode"],
                    nama=row["nama"],
                    jenis=row["jenis"],
                    basis=row["basis"],
                    per_tps=int(row["per_tps"]),
                    satuan=row["satuan"],
                    urutan=int(row["urutan"]),
                    sumber=row["sumber"],
                )
            )
    return items


@transaction.atomic
def items_sync(*, actor: Any, contests: Sequence[tuple[str, str]]) -> int:
    """Create the catalogue items that are missing; existing ones are left as they are."""
    if actor is not None and not has_perm(actor, Perm.LOGISTICS_MANAGE):
        raise PermissionDenied("Anda tidak berwenang mengubah katalog logistik.")
    existing = set(Item.objects.values_list("kode", flat=True))
    new = [i for i in catalogue_rows(contests) if i.kode not in existing]
    Item.objects.bulk_create(new)
    if new:
        audit_log(
            actor=actor,
            action="logistics.items.synced",
            object_type="logistics.item",
            changes={"baru": [i.kode for i in new]},
        )
    return len(new)


def _check_actor_node(actor: Any, code: str, perm: Perm) -> None:
    """The actor acts for this node: area equal to it (the KPU back office may act for any)."""
    require_change(actor, code, perm)
    if actor is None or getattr(actor, "role", "") == Role.KPU_ADMIN:
        return
    if actor_area(actor) not in ("", code):
        raise PermissionDenied("Hanya petugas di titik ini yang dapat mencatatnya.")


def _stock(node: str, item_kodes: Sequence[str]) -> dict[str, int]:
    """Intact goods a node holds: received intact minus already dispatched onward."""
    got = (
        ShipmentLine.objects.filter(
            to_code=node, item_id__in=item_kodes, qty_received__isnull=False
        )
        .values("item_id")
        .annotate(r=Sum("qty_received"), d=Sum("qty_damaged"))
    )
    held = {row["item_id"]: (row["r"] or 0) - (row["d"] or 0) for row in got}
    sent = (
        ShipmentLine.objects.filter(shipment__from_code=node, item_id__in=item_kodes)
        .values("item_id")
        .annotate(s=Sum("qty_dispatched"))
    )
    for row in sent:
        held[row["item_id"]] = held.get(row["item_id"], 0) - (row["s"] or 0)
    return held


def _clean_lines(quantities: Mapping[str, object]) -> dict[str, int]:
    known = set(Item.objects.filter(pk__in=list(quantities)).values_list("kode", flat=True))
    lines: dict[str, int] = {}
    for kode, raw in quantities.items():
        if kode not in known:
            raise ValidationFailed(
                f"Barang {kode} tidak ada di katalog.", [(kode, "tidak ada di katalog")]
            )
        qty = check_quantity(raw, kode)
        if qty:
            lines[kode] = qty
    if not lines:
        raise ValidationFailed("Pengiriman tanpa barang.", [("barang", "kosong")])
    return lines


@transaction.atomic
def shipment_dispatch(
    *,
    actor: Any,
    from_code: str,
    to_code: str,
    quantities: Mapping[str, object],
    nomor_ba: str = "",
    catatan: str = "",
) -> Shipment:
    """Send goods one step down the chain; a PPK or PPS can send only what it holds intact."""
    _check_actor_node(actor, from_code, Perm.LOGISTICS_DISPATCH)
    leg = leg_between(from_code, to_code)
    lines = _clean_lines(quantities)
    if leg != Leg.GUDANG_PPK:
        held = _stock(from_code, list(lines))
        short = [(k, q, held.get(k, 0)) for k, q in lines.items() if q > held.get(k, 0)]
        if short:
            raise ValidationFailed(
                "Jumlah kirim melebihi stok utuh di pengirim: "
                + "; ".join(f"{k} kirim {q}, stok {h}" for k, q, h in short),
                [(k, f"stok {h}") for k, _q, h in short],
            )
    shipment = Shipment.objects.create(
        leg=leg,
        from_code=from_code,
        to_code=to_code,
        nomor_ba=nomor_ba,
        catatan=catatan,
        dispatched_at=clock.now(),
        dispatched_by=actor if getattr(actor, "pk", None) else None,
    )
    ShipmentLine.objects.bulk_create(
        ShipmentLine(shipment=shipment, item_id=k, qty_dispatched=q, to_code=to_code, leg=leg)
        for k, q in lines.items()
    )
    audit_log(
        actor=actor,
        action="logistics.shipment.dispatched",
        object_type="logistics.shipment",
        object_id=str(shipment.pk),
        area_code=to_code,
        changes={"dari": from_code, "ke": to_code, "langkah": leg.value, "barang": lines},
    )
    return shipment


@dataclass(frozen=True)
class ReceiptPhoto:
    name: str
    content: bytes


@transaction.atomic
def shipment_receive(
    *,
    actor: Any,
    shipment_id: int,
    received: Mapping[str, tuple[object, object]],
    photo: ReceiptPhoto | None = None,
    catatan: str = "",
) -> Shipment:
    """Record what arrived of each item (received, of which damaged) and the signed receipt.

    Every dispatched item must be accounted for; shortfall and damage are kept per line and
    shown at this leg. The photo's SHA-256 is stored with it.
    """
    shipment = Shipment.objects.select_for_update().filter(pk=shipment_id).first()
    if shipment is None:
        raise NotFoundOrOutOfScope("Pengiriman tidak ditemukan.")
    _check_actor_node(actor, shipment.to_code, Perm.LOGISTICS_RECEIVE)
    if shipment.status != Shipment.Status.DIKIRIM:
        raise ValidationFailed(
            "Pengiriman ini sudah dicatat diterima.", [("pengiriman", "sudah diterima")]
        )
    lines = list(shipment.lines.select_for_update())
    missing = [ln.item_id for ln in lines if ln.item_id not in received]
    extra = set(received) - {ln.item_id for ln in lines}
    if missing or extra:
        raise ValidationFailed(
            "Setiap barang yang dikirim harus dicatat, dan hanya itu.",
            [(k, "belum dicatat") for k in missing] + [(k, "tidak dikirim") for k in sorted(extra)],
        )
    report: dict[str, dict[str, int]] = {}
    for line in lines:
        raw_received, raw_damaged = received[line.item_id]
        got = check_quantity(raw_received, f"{line.item_id} diterima")
        damaged = check_quantity(raw_damaged, f"{line.item_id} rusak")
        checked = check_receipt(line.item_id, line.qty_dispatched, got, damaged)
        line.qty_received, line.qty_damaged = got, damaged
        if checked.shortfall or damaged:
            report[line.item_id] = {"kurang": checked.shortfall, "rusak": damaged}
    ShipmentLine.objects.bulk_update(lines, ["qty_received", "qty_damaged"])
    if photo is not None:
        if len(photo.content) > MAX_PHOTO_BYTES:
            raise ValidationFailed(
                "Foto tanda terima terlalu besar (maks 10 MB).", [("foto", "terlalu besar")]
            )
        ext = _photo_kind(photo.content)
        shipment.receipt_sha256 = hashlib.sha256(photo.content).hexdigest()
        # Stored under its hash, never under the uploaded name.
        name = f"{shipment.pk}-{shipment.receipt_sha256[:16]}.{ext}"
        shipment.receipt_photo.save(name, ContentFile(photo.content), save=False)
    shipment.status = Shipment.Status.DITERIMA
    shipment.received_at = clock.now()
    shipment.received_by = actor if getattr(actor, "pk", None) else None
    shipment.catatan = catatan or shipment.catatan
    shipment.save()
    audit_log(
        actor=actor,
        action="logistics.shipment.received",
        object_type="logistics.shipment",
        object_id=str(shipment.pk),
        area_code=shipment.to_code,
        changes={
            "langkah": shipment.leg,
            "kurang_atau_rusak": report,
            "foto_sha256": shipment.receipt_sha256,
        },
    )
    return shipment


@dataclass(frozen=True)
class NewShipment:
    """A shipment already handed over (demo or an import of paper BA serah terima)."""

    from_code: str
    to_code: str
    # (item, dispatched, received, damaged)
    lines: tuple[tuple[str, int, int, int], ...]
    nomor_ba: str = ""


@transaction.atomic
def shipments_bulk_record(*, actor: Any, rows: Sequence[NewShipment], area_code: str) -> int:
    """Record many completed shipments at once; one bad row refuses the whole batch."""
    require_change(actor, area_code, Perm.LOGISTICS_MANAGE)
    now = clock.now()
    shipments: list[Shipment] = []
    for i, r in enumerate(rows, start=1):
        if not r.to_code.startswith(area_code):
            raise ValidationFailed(f"baris {i}: di luar wilayah", [(f"baris {i}", "wilayah")])
        leg = leg_between(r.from_code, r.to_code)
        for item, d, rec, dmg in r.lines:
            check_receipt(f"baris {i} {item}", d, rec, dmg)
        shipments.append(
            Shipment(
                leg=leg,
                from_code=r.from_code,
                to_code=r.to_code,
                status=Shipment.Status.DITERIMA,
                nomor_ba=r.nomor_ba,
                dispatched_at=now,
                received_at=now,
            )
        )
    Shipment.objects.bulk_create(shipments, batch_size=1000)
    lines = [
        ShipmentLine(
            shipment=s,
            item_id=item,
            qty_dispatched=d,
            qty_received=rec,
            qty_damaged=dmg,
            to_code=s.to_code,
            leg=s.leg,
        )
        for s, r in zip(shipments, rows, strict=True)
        for item, d, rec, dmg in r.lines
    ]
    ShipmentLine.objects.bulk_create(lines, batch_size=2000)
    if shipments:
        audit_log(
            actor=actor,
            action="logistics.shipment.bulk_recorded",
            object_type="logistics.shipment",
            object_id=area_code,
            area_code=area_code,
            changes={"pengiriman": len(shipments), "baris": len(lines)},
        )
    return len(shipments)
