"""The only place that reads the process environment for settings."""

from collections.abc import Iterable
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# What production refuses to start without (config.settings.production); deploy/install.sh
# generates or asks for each of them.
PRODUCTION_REQUIRED = (
    "DJANGO_SECRET_KEY",
    "DATABASE_URL",
    # The Cek DPT rate limit and the cache must be shared by all gunicorn workers (a
    # per-process cache would multiply every limit by the number of workers).
    "REDIS_URL",
    "PILKADA_NIK_KEY",
    "PILKADA_NIK_ENC_KEY",
    "PILKADA_AUDIT_SIGNING_KEY",
)


def require(names: Iterable[str]) -> None:
    """Stop start-up, naming every variable of `names` that is unset or empty."""
    missing = [name for name in names if not env.str(name, default="").strip()]
    if missing:
        raise ImproperlyConfigured(
            "Missing environment variable(s) for production: "
            + ", ".join(missing)
            + ". Set them in /etc/pilkada/pilkada.env (see .env.example and docs/deploy.md);"
            " deploy/install.sh generates the secrets."
        )
