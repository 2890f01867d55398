"""The append-only, hash-chained audit log."""

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One write in the system.

    `hash` = SHA-256 over the previous entry's hash and this entry's canonical content (see
    pilkada.audit.chain). Changing, removing or reordering any entry breaks the chain, which
    `pilkada audit verify` reports. Rows are never updated or deleted by the application.
    """

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    # PROTECT: a user who wrote to the log is deactivated, never deleted, so the chain holds.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=80, blank=True)
    # Code of the area the object belongs to, so audit reads can be scoped like everything else.
    area_code = models.CharField(max_length=13, blank=True, db_index=True)
    # {field: [old, new]} or free details; personal data is masked before it gets here.
    changes = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name = "entri audit"
        verbose_name_plural = "entri audit"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """The chain's head (one row): the last sequence number and hash.

    Writers lock this row, so entries get consecutive numbers in commit order; the head also
    lets `verify` notice entries cut off the end of the log.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"head #{self.seq}"


class AuditCheckpoint(models.Model):
    """A signed statement "the chain had this hash at this sequence number" (Ed25519).

    Published at /audit/checkpoints.json so outsiders can keep copies; a later rewrite of the
    chain, even one that recomputes every hash, no longer matches a checkpoint it cannot re-sign.
    """

    seq = models.PositiveBigIntegerField()
    hash = models.CharField(max_length=64)
    at = models.DateTimeField()
    key_id = models.CharField(max_length=16)
    signature = models.CharField(max_length=128)

    class Meta:
        ordering = ["seq", "id"]
        verbose_name = "checkpoint audit"
        verbose_name_plural = "checkpoint audit"

    def __str__(self) -> str:
        return f"checkpoint #{self.seq}"
