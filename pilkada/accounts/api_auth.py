"""Authentication for the JSON API: the browser session, or a bearer token for scripts."""

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from pilkada.accounts.models import ApiToken
from pilkada.core import clock

LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), revoked=False, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        now = clock.now()
        # Recorded at most once a minute: a write per request would queue every API call
        # behind the database's write lock on a busy election night.
        if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


API_AUTH = [TokenAuth(), django_auth]
