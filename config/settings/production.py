"""Production: everything from the environment; missing secrets stop start-up."""

from config.env import PRODUCTION_REQUIRED, env, require

# Checked before anything else reads them, so the message names every missing variable at once.
require(PRODUCTION_REQUIRED)

from config.settings.base import *  # noqa: E402, F403

DEBUG = False
PILKADA_2FA_REQUIRED = env.bool("PILKADA_2FA_REQUIRED", default=True)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Local probes (monitoring, Prometheus) talk plain HTTP to gunicorn on 127.0.0.1.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# nginx on the same server (deploy/nginx-pilkada.conf) sets X-Forwarded-For.
PILKADA_TRUSTED_PROXIES = env.list("PILKADA_TRUSTED_PROXIES", default=["127.0.0.1", "::1"])
