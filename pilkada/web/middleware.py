"""Turns domain errors raised by selectors and services into the right page (404/403/400)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pilkada.core.exceptions import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, NotFoundOrOutOfScope):
            return render(request, "404.html", {"message": str(exc)}, status=404)
        if isinstance(exc, PermissionDenied):
            return render(request, "403.html", {"message": str(exc)}, status=403)
        if isinstance(exc, ValidationFailed):
            return render(
                request, "400.html", {"message": str(exc), "errors": exc.errors}, status=400
            )
        return None
