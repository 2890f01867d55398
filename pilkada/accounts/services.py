"""Creating and changing users and API tokens (all audited)."""

import secrets
from typing import Any

from django.db import transaction

from pilkada.accounts.models import ApiToken, User
from pilkada.audit.services import audit_log


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    role: str,
    area_code: str,
    first_name: str = "",
    last_name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create a user bound to a role and an area; the password is only stored hashed."""
    user = User(
        username=username,
        role=role,
        area_code=area_code,
        first_name=first_name,
        last_name=last_name,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_log(
        actor=actor,
        action="accounts.user.created",
        object_type="accounts.user",
        object_id=str(user.pk),
        area_code=area_code,
        changes={"username": username, "role": role, "area_code": area_code, "staff": is_staff},
    )
    return user


@transaction.atomic
def api_token_create(*, actor: Any, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns it with the secret, which is never stored or shown again."""
    secret = "pk_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, key_hash=ApiToken.hash_key(secret))
    audit_log(
        actor=actor,
        action="accounts.token.created",
        object_type="accounts.apitoken",
        object_id=str(token.pk),
        area_code=user.area_code,
        changes={"user": user.username, "name": name},
    )
    return token, secret
