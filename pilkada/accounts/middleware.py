"""Two-factor sign-in for the roles listed in settings.PILKADA_2FA_ROLES (and back-office staff)."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

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
