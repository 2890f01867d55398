from typing import Any

from django.http import HttpRequest

from pilkada.core import clock


def site(request: HttpRequest) -> dict[str, Any]:
    """Values every page shows: the clock (rehearsal aware) and whether a rehearsal runs."""
    return {
        "now": clock.local_now(),
        "rehearsal_active": bool(clock.current_offset()),
    }
