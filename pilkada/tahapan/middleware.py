"""Applies an active rehearsal to the whole request, so every rule sees the rehearsal time."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from pilkada.core import clock
from pilkada.tahapan.selectors import rehearsal_offset


class RehearsalClockMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offset = rehearsal_offset()
        if offset is None:
            return self.get_response(request)
        with clock.shifted(offset):
            return self.get_response(request)
