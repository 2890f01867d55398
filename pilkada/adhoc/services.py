"""Writing ad hoc body members (audited; names, phones and accounts masked in the log)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import require_change
from pilkada.adhoc.models import BODY_LEVEL, KPU_BODIES, Body, Member
from pilkada.audit.services import audit_log, diff, snapshot
from pilkada.core import clock
from pilkada.core.codes import Level, level_of
from pilkada.core.exceptions import ValidationFailed

SENSITIVE = ("nama", "telepon", "no_rekening")
FIELDS = (
    "body",
    "position",
    "unit_code",
    "nama",
    "telepon",
    "bank",
    "no_rekening",
    "aktif",
    "dilatih",
    "dilatih_pada",
)


def _perm_for(body: str) -> Perm:
    return Perm.ADHOC_EDIT_KPU if body in KPU_BODIES else Perm.ADHOC_EDIT_BAWASLU


def _check_unit(body: str, unit_code: str) -> None:
    if level_of(unit_code) != BODY_LEVEL[body]:
        raise ValidationFailed(
            f"{body.upper()} bertugas di tingkat {BODY_LEVEL[body]}, kode unit {unit_code} salah.",
            [("unit_code", "tingkat tidak sesuai")],
        )


@transaction.atomic
def member_create(
    *,
    actor: Any,
    body: str,
    position: str,
    unit_code: str,
    nama: str,
    telepon: str = "",
    bank: str = "",
    no_rekening: str = "",
) -> Member:
    require_change(actor, unit_code, _perm_for(body))
    _check_unit(body, unit_code)
    member = Member(
        body=body,
        position=position,
        unit_code=unit_code,
        nama=nama,
        telepon=telepon,
        bank=bank,
        no_rekening=no_rekening,
    )
    member.full_clean()
    member.save()
    audit_log(
        actor=actor,
        action="adhoc.member.created",
        object_type="adhoc.member",
        object_id=str(member.pk),
        area_code=unit_code,
        changes=diff({}, snapshot(member, FIELDS), sensitive=SENSITIVE),
    )
    return member


@transaction.atomic
def member_update(*, actor: Any, member_id: int, **values: Any) -> Member:
    member = Member.objects.select_for_update().get(pk=member_id)
    require_change(actor, member.unit_code, _perm_for(member.body))
    before = snapshot(member, FIELDS)
    for k, v in values.items():
        if k not in FIELDS or k in ("body", "unit_code"):
            raise ValidationFailed(f"Kolom {k} tidak dapat diubah.", [(k, "tidak dapat diubah")])
        setattr(member, k, v)
    member.full_clean()
    changes = diff(before, snapshot(member, FIELDS), sensitive=SENSITIVE)
    if changes:
        member.save(update_fields=list(changes))
        audit_log(
            actor=actor,
            action="adhoc.member.updated",
            object_type="adhoc.member",
            object_id=str(member.pk),
            area_code=member.unit_code,
            changes=changes,
        )
    return member


@dataclass(frozen=True)
class NewMember:
    body: str
    position: str
    unit_code: str
    nama: str
    telepon: str
    bank: str
    no_rekening: str


@transaction.atomic
def member_bulk_create(*, actor: Any, rows: list[NewMember], area_code: str) -> int:
    """Create a roster at once (the demo, or an import); each row must fit its body's level."""
    for i, r in enumerate(rows, start=1):
        if level_of(r.unit_code) != BODY_LEVEL[r.body] or not r.unit_code.startswith(area_code):
            raise ValidationFailed(
                f"baris {i}: kode unit {r.unit_code} tidak sesuai untuk {r.body}",
                [(f"baris {i}", "kode unit salah")],
            )
    Member.objects.bulk_create(
        [
            Member(
                body=r.body,
                position=r.position,
                unit_code=r.unit_code,
                nama=r.nama,
                telepon=r.telepon,
                bank=r.bank,
                no_rekening=r.no_rekening,
            )
            for r in rows
        ],
        batch_size=2000,
    )
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.body] = counts.get(r.body, 0) + 1
    audit_log(
        actor=actor,
        action="adhoc.member.bulk_created",
        object_type="adhoc.member",
        object_id=area_code,
        area_code=area_code,
        changes={"jumlah_per_badan": counts},
    )
    return len(rows)


# Bodies whose members attend the KPPS technical guidance (bimtek) for one TPS.
TPS_TEAM = (Body.KPPS, Body.LINMAS)


@transaction.atomic
def training_record(
    *, actor: Any, unit_codes: list[str], tanggal: date, area_code: str | None = None
) -> int:
    """Mark every active KPPS and Linmas member of the given TPS as trained on `tanggal`.

    One audit entry per call (the demo records many TPS at once); returns members changed.
    """
    if not unit_codes:
        return 0
    scope = area_code if area_code is not None else unit_codes[0]
    for code in unit_codes:
        if level_of(code) != Level.TPS or not code.startswith(scope):
            raise ValidationFailed(
                f"Kode TPS {code} tidak sah untuk bimtek KPPS.", [("unit_code", "bukan TPS")]
            )
        if actor is not None:  # None: the system (command line, demo)
            require_change(actor, code, Perm.ADHOC_EDIT_KPU)
    if tanggal > clock.local_today():
        raise ValidationFailed(
            "Tanggal bimtek tidak boleh di masa depan.", [("tanggal", "di masa depan")]
        )
    changed = 0
    for start in range(0, len(unit_codes), 500):
        changed += Member.objects.filter(
            unit_code__in=unit_codes[start : start + 500], body__in=TPS_TEAM, aktif=True
        ).update(dilatih=True, dilatih_pada=tanggal)
    audit_log(
        actor=actor,
        action="adhoc.training.recorded",
        object_type="tps.tps",
        object_id=unit_codes[0] if len(unit_codes) == 1 else scope,
        area_code=scope,
        changes={"tps": len(unit_codes), "anggota": changed, "tanggal": tanggal.isoformat()},
    )
    return changed
