"""Reading the audit log."""

from collections.abc import Iterator

from django.db.models import QuerySet

from pilkada.audit.chain import ChainProblem, EntryContent, StoredEntry, verify_chain
from pilkada.audit.models import AuditCheckpoint, AuditEntry, AuditHead
from pilkada.audit.signing import (
    checkpoint_message,
    private_key,
    public_key_b64,
    verify_signature,
)


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


def audit_checkpoints_verify() -> tuple[int, str | None]:
    """Check every checkpoint: a valid signature by this installation's key, and the chain's
    entry at that sequence number still carrying the signed hash. Returns (checked, problem)."""
    public = public_key_b64(private_key().public_key())
    hashes = dict(
        AuditEntry.objects.filter(seq__in=AuditCheckpoint.objects.values("seq")).values_list(
            "seq", "hash"
        )
    )
    checked = 0
    for cp in AuditCheckpoint.objects.order_by("seq", "id"):
        if not verify_signature(public, cp.signature, checkpoint_message(cp.seq, cp.hash, cp.at)):
            return checked, f"tanda tangan checkpoint #{cp.seq} tidak sah"
        if cp.seq and hashes.get(cp.seq) != cp.hash:
            return checked, (
                f"entri #{cp.seq} tidak lagi sama dengan checkpoint bertanda tangan "
                f"(rantai ditulis ulang atau dipotong)"
            )
        checked += 1
    return checked, None


def audit_checkpoints_public() -> dict[str, object]:
    """What /audit/checkpoints.json publishes."""
    public = public_key_b64(private_key().public_key())
    return {
        "format": "pilkada-audit-checkpoints/1",
        "algorithm": "Ed25519",
        "public_key": public,
        "message": "pilkada-audit-checkpoint/1\\n{seq}\\n{hash}\\n{at}",
        "checkpoints": [
            {
                "seq": cp.seq,
                "hash": cp.hash,
                "at": cp.at.isoformat(),
                "key_id": cp.key_id,
                "signature": cp.signature,
            }
            for cp in AuditCheckpoint.objects.order_by("seq", "id")
        ],
    }
