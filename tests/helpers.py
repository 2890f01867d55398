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


# Stand-in values for every variable production requires (config.env.PRODUCTION_REQUIRED):
# not secrets, only enough for the production settings to load in a test subprocess.
PRODUCTION_SECRETS = {
    "DJANGO_SECRET_KEY": "Kq8#vL2@pZ9!mW4$tR7^yB1&nC6*hJ3(fD5)gS0-xxxxxxxxxxxxxxxxxxxx",
    "DATABASE_URL": "postgres://pilkada:rahasia@127.0.0.1:5432/pilkada",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "PILKADA_NIK_KEY": "uji-kunci-hmac-nik-bukan-rahasia",
    "PILKADA_NIK_ENC_KEY": "ZGV2LW9ubHktbmlrLWFlcy1rZXktbm90LXNlY3JldCE=",
    "PILKADA_AUDIT_SIGNING_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
}
