"""Creating and changing TPS (audited, scoped)."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import require_change
from pilkada.audit.services import audit_log, diff, snapshot
from pilkada.core import clock
from pilkada.core.codes import tps_code
from pilkada.core.exceptions import ValidationFailed
from pilkada.tps.models import ResultSupersession, Tps
from pilkada.wilayah.models import Desa

EDITABLE = ("alamat", "lat", "lng", "batas_pemilih", "lokasi_khusus", "keterangan")


def _validation_failed(exc: ValidationError) -> ValidationFailed:
    errors = [(field, msg) for field, msgs in exc.message_dict.items() for msg in msgs]
    return ValidationFailed("; ".join(f"{f}: {m}" for f, m in errors), errors)


@transaction.atomic
def tps_create(
    *, actor: Any, desa: Desa, nomor: int, alamat: str = "", lokasi_khusus: bool = False
) -> Tps:
    kode = tps_code(desa.kode, nomor)
    require_change(actor, kode, Perm.TPS_CREATE)
    if Tps.objects.filter(pk=kode).exists():
        raise ValidationFailed(f"TPS {kode} sudah ada.", [("nomor", "sudah dipakai")])
    tps = Tps(
        kode=kode,
        desa=desa,
        kecamatan_kode=desa.kecamatan_id,
        nomor=nomor,
        alamat=alamat,
        lokasi_khusus=lokasi_khusus,
    )
    try:
        tps.full_clean()
    except ValidationError as exc:
        raise _validation_failed(exc) from exc
    tps.save()
    audit_log(
        actor=actor,
        action="tps.created",
        object_type="tps.tps",
        object_id=kode,
        area_code=kode,
        changes=snapshot(tps, ("nomor", "alamat", "lokasi_khusus")),
    )
    return tps


@transaction.atomic
def tps_update(*, actor: Any, kode: str, **values: Any) -> Tps:
    """Change the editable fields of one TPS; unknown fields are refused."""
    require_change(actor, kode, Perm.TPS_EDIT)
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValidationFailed(
            "Kolom tidak dapat diubah: " + ", ".join(sorted(unknown)),
            [(f, "tidak dapat diubah") for f in sorted(unknown)],
        )
    tps = Tps.objects.select_for_update().filter(pk=kode).first()
    if tps is None:
        raise ValidationFailed(f"TPS {kode} tidak ada.", [("kode", "tidak ada")])
    before = snapshot(tps, EDITABLE)
    for k, v in values.items():
        setattr(tps, k, v)
    try:
        tps.full_clean()
    except ValidationError as exc:
        raise _validation_failed(exc) from exc
    changes = diff(before, snapshot(tps, EDITABLE))
    if changes:
        tps.save(update_fields=list(changes))
        audit_log(
            actor=actor,
            action="tps.updated",
            object_type="tps.tps",
            object_id=kode,
            area_code=kode,
            changes=changes,
        )
    return tps


@dataclass(frozen=True)
class NewTps:
    desa_kode: str
    kecamatan_kode: str
    nomor: int
    alamat: str
    lat: float | None
    lng: float | None


@transaction.atomic
def tps_bulk_create(*, actor: Any, rows: list[NewTps], area_code: str) -> int:
    """Create many TPS at once (planning or the demo); existing codes are left alone."""
    existing = set(Tps.objects.filter(kode__startswith=area_code).values_list("kode", flat=True))
    new = [
        Tps(
            kode=tps_code(r.desa_kode, r.nomor),
            desa_id=r.desa_kode,
            kecamatan_kode=r.kecamatan_kode,
            nomor=r.nomor,
            alamat=r.alamat,
            lat=r.lat,
            lng=r.lng,
        )
        for r in rows
        if tps_code(r.desa_kode, r.nomor) not in existing
    ]
    Tps.objects.bulk_create(new, batch_size=1000)
    if new:
        audit_log(
            actor=actor,
            action="tps.bulk_created",
            object_type="tps.tps",
            object_id=area_code,
            area_code=area_code,
            changes={
                "jumlah": len(new),
                "kode_pertama": new[0].kode,
                "kode_terakhir": new[-1].kode,
            },
        )
    return len(new)


@transaction.atomic
def tps_result_supersede(
    *, actor: Any, kode: str, kind: str, reason: str, reference: str = "", contest_kode: str = ""
) -> ResultSupersession:
    """Mark a TPS's result as superseded (HSU/PSU ordered) until a new verified form arrives."""
    tps = Tps.objects.select_for_update().filter(pk=kode).first()
    if tps is None:
        raise ValidationFailed(f"TPS {kode} tidak ada.", [("kode", "tidak ada")])
    if not reason.strip():
        raise ValidationFailed("Alasan wajib diisi.", [("reason", "wajib diisi")])
    row = ResultSupersession.objects.create(
        tps=tps,
        contest_kode=contest_kode,
        kind=kind,
        reason=reason,
        reference=reference,
        ordered_at=clock.now(),
        ordered_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_log(
        actor=actor,
        action="tps.result_superseded",
        object_type="tps.tps",
        object_id=kode,
        area_code=kode,
        changes={
            "kind": kind,
            "contest": contest_kode,
            "reason": reason,
            "reference": reference,
            "id": row.pk,
        },
    )
    return row


@transaction.atomic
def tps_result_supersession_resolve(
    *, actor: Any, kode: str, contest_kode: str, resolved_by_reference: str
) -> int:
    """Close the open supersessions of a TPS for a contest (and those for every contest)."""
    rows = list(
        ResultSupersession.objects.select_for_update().filter(
            tps_id=kode, resolved_at__isnull=True, contest_kode__in=[contest_kode, ""]
        )
    )
    for row in rows:
        row.resolved_at = clock.now()
        row.resolved_by_reference = resolved_by_reference
        row.save(update_fields=["resolved_at", "resolved_by_reference"])
        audit_log(
            actor=actor,
            action="tps.result_supersession_resolved",
            object_type="tps.tps",
            object_id=kode,
            area_code=kode,
            changes={"id": row.pk, "contest": contest_kode, "by": resolved_by_reference},
        )
    return len(rows)
