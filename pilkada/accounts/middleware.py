"""Two-factor sign-in for the roles listed in settings.PILKADA_2FA_ROLES (and back-office staff)."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from pilkada.core import clock

EXEMPT_PREFIXES = ("/akun/", "/static/", "/i18n/", "/healthz", "/readyz")


def needs_second_factor(user: Any) -> bool:
    if not settings.PILKADA_2FA_REQUIRED or not user.is_authenticated:
        return False
    if user.role not in settings.PILKADA_2FA_ROLES and not user.is_staff:
        return False
    return not user.is_verified()


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if needs_second_factor(request.user) and not path.startswith(EXEMPT_PREFIXES):
            if path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Verifikasi dua langkah diperlukan: buka /akun/2fa/."}, status=403
                )
            target = reverse("accounts:two_factor") + "?" + urlencode({"next": path})
            return HttpResponseRedirect(target)
        return self.get_response(request)


class SessionIdleTimeoutMiddleware:
    """Sign out a session idle longer than PILKADA_IDLE_MINUTES (15 for staff roles, per the
    test plan T7; longer for field officers), on top of the absolute SESSION_COOKIE_AGE."""

    KEY = "_last_seen"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            strict = user.is_staff or getattr(user, "role", "") in settings.PILKADA_2FA_ROLES
            limit = 60 * (
                settings.PILKADA_IDLE_MINUTES_STAFF if strict else settings.PILKADA_IDLE_MINUTES
            )
            now = int(clock.now().timestamp())
            last = request.session.get(self.KEY)
            if last is not None and now - int(last) > limit:
                logout(request)
                return HttpResponseRedirect(
                    reverse("accounts:login") + "?" + urlencode({"next": request.path})
                )
            # Written at most once a minute, so a busy page does not write on every request.
            if last is None or now - int(last) >= 60:
                request.session[self.KEY] = now
        return self.get_response(request)
