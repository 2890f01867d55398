"""Production: everything from the environment; missing secrets stop start-up."""

from config.env import env
from config.settings.base import *  # noqa: F403

DEBUG = False
PILKADA_2FA_REQUIRED = env.bool("PILKADA_2FA_REQUIRED", default=True)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
