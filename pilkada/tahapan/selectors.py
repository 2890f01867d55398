"""Reading stages and the active rehearsal."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils.translation import gettext_noop

from pilkada.core import clock
from pilkada.pemilihan.models import Election
from pilkada.tahapan.models import Rehearsal, Stage
from pilkada.tahapan.services import REHEARSAL_CACHE_KEY


def rehearsal_offset() -> timedelta | None:
    """Offset of the active rehearsal, or None. Cached briefly: asked on every request."""
    seconds = cache.get(REHEARSAL_CACHE_KEY)
    if seconds is None:
        active = (
            Rehearsal.objects.filter(active=True).values_list("offset_seconds", flat=True).first()
        )
        seconds = active if active is not None else ""
        cache.set(REHEARSAL_CACHE_KEY, seconds, 5)
    return None if seconds == "" else timedelta(seconds=int(seconds))


@dataclass(frozen=True)
class StageStatus:
    stage: Stage
    status: str  # "akan datang", "berjalan", "selesai"
    sisa: timedelta | None  # time left while running, or time until start


def stage_status_list(*, election: Election, at: datetime | None = None) -> list[StageStatus]:
    """Every stage with its status at `at` (default: the system clock, rehearsal included)."""
    moment = at or clock.now()
    out = []
    for stage in Stage.objects.filter(election=election).order_by("mulai", "selesai"):
        if moment < stage.mulai:
            out.append(StageStatus(stage, gettext_noop("akan datang"), stage.mulai - moment))
        elif moment <= stage.selesai:
            out.append(StageStatus(stage, gettext_noop("berjalan"), stage.selesai - moment))
        else:
            out.append(StageStatus(stage, gettext_noop("selesai"), None))
    return out
