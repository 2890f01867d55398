"""Writing stages and starting/stopping rehearsals (audited)."""

from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db import transaction

from pilkada.audit.services import audit_log
from pilkada.core import clock
from pilkada.pemilihan.models import Election
from pilkada.tahapan.loader import StageRow
from pilkada.tahapan.models import Rehearsal, Stage

REHEARSAL_CACHE_KEY = "tahapan:rehearsal-offset"


def _forget_cached_offset() -> None:
    # Now (so this request and tests see it) and again after commit (so no reader that ran in
    # between keeps the old value for the cache's few seconds).
    cache.delete(REHEARSAL_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(REHEARSAL_CACHE_KEY))


@transaction.atomic
def stages_sync(*, actor: Any, election: Election, rows: list[StageRow]) -> int:
    """Create missing stages and update changed ones; returns how many rows changed."""
    changed = 0
    for row in rows:
        stage = Stage.objects.filter(election=election, kode=row.kode).first()
        values = {
            "nama": row.nama,
            "mulai": row.mulai,
            "selesai": row.selesai,
            "sumber": row.sumber,
        }
        if stage is None:
            Stage.objects.create(election=election, kode=row.kode, **values)
            audit_log(
                actor=actor,
                action="tahapan.stage.created",
                object_type="tahapan.stage",
                object_id=row.kode,
                area_code=election.kode_wilayah,
                changes=values,
            )
            changed += 1
            continue
        diffs = {k: [getattr(stage, k), v] for k, v in values.items() if getattr(stage, k) != v}
        if diffs:
            for k in diffs:
                setattr(stage, k, values[k])
            stage.save(update_fields=list(diffs))
            audit_log(
                actor=actor,
                action="tahapan.stage.updated",
                object_type="tahapan.stage",
                object_id=row.kode,
                area_code=election.kode_wilayah,
                changes=diffs,
            )
            changed += 1
    return changed


@transaction.atomic
def rehearsal_start(*, actor: Any, target: datetime, reason: str = "") -> Rehearsal:
    """Move everyone's clock so that it is `target` now (and runs on from there)."""
    Rehearsal.objects.filter(active=True).update(active=False, stopped_at=clock.now())
    real_now = clock.now() - clock.current_offset()
    offset = int((target - real_now).total_seconds())
    rehearsal = Rehearsal.objects.create(
        offset_seconds=offset,
        target=target,
        reason=reason,
        started_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_log(
        actor=actor,
        action="tahapan.rehearsal.started",
        object_type="tahapan.rehearsal",
        object_id=str(rehearsal.pk),
        changes={"target": target, "offset": offset, "reason": reason},
    )
    _forget_cached_offset()
    return rehearsal


@transaction.atomic
def rehearsal_stop(*, actor: Any) -> int:
    stopped = 0
    for rehearsal in Rehearsal.objects.select_for_update().filter(active=True):
        rehearsal.active = False
        rehearsal.stopped_at = clock.now()
        rehearsal.save(update_fields=["active", "stopped_at"])
        audit_log(
            actor=actor,
            action="tahapan.rehearsal.stopped",
            object_type="tahapan.rehearsal",
            object_id=str(rehearsal.pk),
        )
        stopped += 1
    _forget_cached_offset()
    return stopped
