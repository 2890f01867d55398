"""Settings for `make run` on a developer's or operator's machine."""

from config.env import env

env.ENVIRON.setdefault("DJANGO_SECRET_KEY", "local-development-only-not-secret")
env.ENVIRON.setdefault("DJANGO_DEBUG", "false")
# Fixed development-only keys for NIK protection; production reads real ones from the environment.
env.ENVIRON.setdefault("PILKADA_NIK_KEY", "dev-only-nik-hmac-key-not-secret")
env.ENVIRON.setdefault("PILKADA_NIK_ENC_KEY", "ZGV2LW9ubHktbmlrLWFlcy1rZXktbm90LXNlY3JldCE=")

from config.settings.base import *  # noqa: E402, F403
