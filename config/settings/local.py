"""Settings for `make run` on a developer's or operator's machine."""

from config.env import env

env.ENVIRON.setdefault("DJANGO_SECRET_KEY", "local-development-only-not-secret")
env.ENVIRON.setdefault("DJANGO_DEBUG", "false")

from config.settings.base import *  # noqa: E402, F403
