"""Settings for the test suite: same as base, with a fast hasher and no real secrets."""

from config.env import env

env.ENVIRON.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret")
env.ENVIRON.setdefault("PILKADA_VAR_DIR", "var/test")

from config.settings.base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Django's test client logs in without a request, which django-axes refuses; the throttling
# test switches it back on for itself.
AXES_ENABLED = False
