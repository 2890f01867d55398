"""Authentication for the JSON API: the browser session, or a bearer token for scripts."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from pilkada.accounts.models import ApiToken
from pilkada.core import clock


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), revoked=False, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=clock.now())
        request.user = row.user
        return row.user


API_AUTH = [TokenAuth(), django_auth]
