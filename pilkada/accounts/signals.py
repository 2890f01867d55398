"""Logins and logouts go into the audit log too."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from pilkada.audit.services import audit_log


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        audit_log(
            actor=user,
            action="accounts.user.login",
            object_type="accounts.user",
            object_id=str(user.pk),
            area_code=getattr(user, "area_code", ""),
        )


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    with transaction.atomic():
        audit_log(
            actor=user,
            action="accounts.user.logout",
            object_type="accounts.user",
            object_id=str(user.pk),
            area_code=getattr(user, "area_code", ""),
        )


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # Only the username tried is kept; the password never is.
    with transaction.atomic():
        audit_log(
            actor=None,
            action="accounts.user.login_failed",
            object_type="accounts.user",
            changes={"username": str(credentials.get("username", ""))[:150]},
        )
