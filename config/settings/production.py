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
