from django.http import HttpRequest
from ninja import Router, Schema

from pilkada.accounts.models import User
from pilkada.core.api import ERRORS

router = Router(tags=["akun"])


class MeOut(Schema):
    username: str
    role: str
    role_label: str
    area_code: str


@router.get("/me", response={200: MeOut, **ERRORS})
def me(request: HttpRequest) -> MeOut:
    """Who the caller is: role and area."""
    user = request.user
    assert isinstance(user, User)  # noqa: S101  (the API's auth admits signed-in users only)
    return MeOut(
        username=user.username,
        role=user.role,
        role_label=str(user.get_role_display()),
        area_code=user.area_code,
    )
