"""Helpers for cross-app tests."""

from conftest import make_user
from pilkada.accounts.models import User
from pilkada.accounts.roles import ROLE_LEVEL, Role
from pilkada.core.codes import Level

AREA_BY_LEVEL = {
    Level.KABUPATEN: "1807",
    Level.KECAMATAN: "180701",
    Level.DESA: "1807012001",
    Level.TPS: "1807012001001",
}


def all_role_users() -> list[User]:
    """One user per role, each bound to an area of the small test world."""
    return [make_user(f"u_{role.value}", role, AREA_BY_LEVEL[ROLE_LEVEL[role]]) for role in Role]
