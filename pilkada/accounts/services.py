"""Creating and changing users and API tokens (all audited)."""

import secrets
from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

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


@transaction.atomic
def totp_device_get_or_start(*, user: User) -> TOTPDevice:
    """The user's TOTP device: the confirmed one, or a fresh unconfirmed one to enrol."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Aplikasi autentikator", confirmed=False)
    return device


@transaction.atomic
def totp_verify(*, user: User, device: TOTPDevice, token: str) -> bool:
    """Check a 6-digit code; the first good code confirms an enrolling device. Audited."""
    ok = token.isdigit() and len(token) == 6 and device.verify_token(token)
    if ok and not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_log(
            actor=user,
            action="accounts.2fa.enrolled",
            object_type="accounts.user",
            object_id=str(user.pk),
            area_code=user.area_code,
        )
    audit_log(
        actor=user,
        action="accounts.2fa.verified" if ok else "accounts.2fa.failed",
        object_type="accounts.user",
        object_id=str(user.pk),
        area_code=user.area_code,
    )
    return bool(ok)
