"""Reading the audit log."""

from collections.abc import Iterator

from django.db.models import QuerySet

from pilkada.audit.chain import ChainProblem, EntryContent, StoredEntry, verify_chain
from pilkada.audit.models import AuditEntry, AuditHead


def _stored(entries: QuerySet[AuditEntry]) -> Iterator[StoredEntry]:
    for e in entries.iterator(chunk_size=5000):
        yield StoredEntry(
            content=EntryContent(
                seq=e.seq,
                at=e.at,
                actor_id=e.actor_id,
                actor_label=e.actor_label,
                action=e.action,
                object_type=e.object_type,
                object_id=e.object_id,
                area_code=e.area_code,
                changes=e.changes,
            ),
            prev_hash=e.prev_hash,
            hash=e.hash,
        )


def audit_chain_verify() -> tuple[int, ChainProblem | None]:
    """Recompute the whole chain in primary-key (insertion) order; name the first bad entry."""
    head = AuditHead.objects.filter(pk=1).first()
    return verify_chain(
        _stored(AuditEntry.objects.order_by("id")),
        head_seq=head.seq if head else 0,
        head_hash=head.hash if head else None,
    )


def audit_entries_for(*, object_type: str, object_id: str) -> QuerySet[AuditEntry]:
    """History of one object, oldest first."""
    return AuditEntry.objects.filter(object_type=object_type, object_id=object_id).order_by("seq")
