"""The only place that reads the process environment for settings."""

from collections.abc import Iterable
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


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
