"""Writing to the audit log. Every service of every app calls `audit_log` inside its transaction."""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from pilkada.audit.chain import EntryContent, entry_hash
from pilkada.audit.events import EVENTS
from pilkada.audit.models import AuditCheckpoint, AuditEntry, AuditHead
from pilkada.audit.signing import checkpoint_message, key_id, private_key
from pilkada.core import clock
from pilkada.core.privacy import mask


def _plain(value: Any) -> Any:
    """JSON-safe value that reads back identically from SQLite and PostgreSQL."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Current values of `fields` (foreign keys by their id), for a before/after diff."""
    out: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = _plain(getattr(instance, attname))
    return out


def diff(
    before: Mapping[str, Any], after: Mapping[str, Any], *, sensitive: Iterable[str] = ()
) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields that changed; sensitive values are masked."""
    hidden = set(sensitive)
    changes: dict[str, list[Any]] = {}
    for key in after:
        old, new = before.get(key), after[key]
        if old != new:
            if key in hidden:
                old, new = mask(str(old) if old is not None else None), mask(str(new))
            changes[key] = [old, new]
    return changes


def audit_log(
    *,
    actor: Any,
    action: str,
    object_type: str = "",
    object_id: str = "",
    area_code: str = "",
    changes: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the chain. Must run inside the caller's transaction.

    `actor` is a user (or None for the system, e.g. a loader run from the command line).
    """
    if action not in EVENTS:
        raise ValueError(f"unregistered audit event {action!r}; add it to pilkada.audit.events")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_log must be called inside the service's transaction")
    head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
    actor_id = getattr(actor, "pk", None)
    now = clock.now()
    content = EntryContent(
        seq=head.seq + 1,
        # Milliseconds: Django's JSON serialisation (backups) keeps no more, and the hash must
        # survive a backup and restore unchanged.
        at=now.replace(microsecond=now.microsecond // 1000 * 1000),
        actor_id=actor_id,
        actor_label=(getattr(actor, "username", "") or "sistem") if actor_id else "sistem",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        area_code=area_code,
        changes=_plain(dict(changes or {})),
    )
    digest = entry_hash(head.hash, content)
    entry = AuditEntry.objects.create(
        seq=content.seq,
        at=content.at,
        actor_id=actor_id,
        actor_label=content.actor_label,
        action=action,
        object_type=object_type,
        object_id=content.object_id,
        area_code=area_code,
        changes=content.changes,
        prev_hash=head.hash,
        hash=digest,
    )
    head.seq, head.hash = content.seq, digest
    head.save(update_fields=["seq", "hash"])
    return entry


@transaction.atomic
def audit_checkpoint_create() -> AuditCheckpoint:
    """Sign the chain's current head and keep the signed statement."""
    head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
    key = private_key()
    now = clock.now()
    at = now.replace(microsecond=now.microsecond // 1000 * 1000)
    signature = key.sign(checkpoint_message(head.seq, head.hash, at)).hex()
    return AuditCheckpoint.objects.create(
        seq=head.seq, hash=head.hash, at=at, key_id=key_id(key.public_key()), signature=signature
    )
