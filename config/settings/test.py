"""Settings for the test suite: same as base, with a fast hasher and no real secrets."""

from config.env import env

env.ENVIRON.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret")
env.ENVIRON.setdefault("PILKADA_VAR_DIR", "var/test")
# Fixed development-only keys for NIK protection; production reads real ones from the environment.
env.ENVIRON.setdefault("PILKADA_NIK_KEY", "dev-only-nik-hmac-key-not-secret")
env.ENVIRON.setdefault("PILKADA_NIK_ENC_KEY", "ZGV2LW9ubHktbmlrLWFlcy1rZXktbm90LXNlY3JldCE=")
env.ENVIRON.setdefault("PILKADA_IMPORT_BACKGROUND", "false")
# The demo test loads no roll (counting's demo results need realistic DPT per TPS; a tiny roll
# would make them inconsistent); pilkada/voters/tests/test_demo_roll.py loads one of its own.
env.ENVIRON.setdefault("PILKADA_DEMO_VOTERS", "0")

from config.settings.base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Django's test client logs in without a request, which django-axes refuses; the throttling
# test switches it back on for itself.
AXES_ENABLED = False
