"""Turns domain errors raised by selectors and services into the right page (404/403/400)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

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


class LanguageMiddleware:
    """Bahasa Indonesia unless the user chose another language (the set_language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, which shows English to
    most officials whose phones are set to English; the project's rule is Indonesian first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # override() restores the thread's previous language afterwards, so one request's
        # choice never leaks into the next thing the thread does (a test, a background job).
        with translation.override(language):
            response = self.get_response(request)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        response.headers.setdefault("Content-Language", language)
        return response
