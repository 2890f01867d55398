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

# PostgreSQL connection pool (Django 5.1+, psycopg_pool), per gunicorn worker process: threads
# of a worker borrow a connection per request instead of opening one (a TLS + auth round trip of
# several ms) or keeping one per thread. DATABASE_POOL=false turns it off (then CONN_MAX_AGE
# applies); DATABASE_POOL_MIN / _MAX size it. Keep workers x DATABASE_POOL_MAX below the server's
# max_connections (docs/scale.md). Persistent connections and a pool exclude each other.
DATABASE_POOL = env.bool("DATABASE_POOL", default=True)
if DATABASE_POOL and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {  # noqa: F405
        "min_size": env.int("DATABASE_POOL_MIN", default=2),
        "max_size": env.int("DATABASE_POOL_MAX", default=8),
        "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10.0),
    }
