"""The one clock of the system.

Every rule that depends on the date or time asks `now()`. A rehearsal ("simulasi") moves the
clock for a whole request or task without touching the system time: the tahapan app's
middleware calls `shifted()` with the offset an administrator chose.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta

from django.utils import timezone

_offset: ContextVar[timedelta] = ContextVar("pilkada_clock_offset", default=timedelta(0))


def now() -> datetime:
    """Aware current time (UTC), moved by the rehearsal offset when one is active."""
    return timezone.now() + _offset.get()


def local_now() -> datetime:
    """`now()` in the regency's display zone."""
    return timezone.localtime(now())


def local_today() -> date:
    """Today's date in the regency's zone, for deadlines that the law states as dates."""
    return local_now().date()


def current_offset() -> timedelta:
    """How far the rehearsal clock is ahead of (or behind) the real one."""
    return _offset.get()


@contextmanager
def shifted(offset: timedelta) -> Iterator[None]:
    """Run a block with the clock moved by `offset` (a rehearsal, or a test)."""
    token = _offset.set(offset)
    try:
        yield
    finally:
        _offset.reset(token)
