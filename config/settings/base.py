"""Settings shared by every environment. Environments differ only by environment values."""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, env

VAR_DIR = Path(env.str("PILKADA_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)
# Where the regency's reference data (codes, boundaries, candidate pairs) is read from.
PILKADA_DATA_DIR = Path(env.str("PILKADA_DATA_DIR", default=str(BASE_DIR / "data")))

SECRET_KEY = env.str("DJANGO_SECRET_KEY")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "ninja",
    "pilkada.core",
    "pilkada.audit",
    "pilkada.accounts",
    "pilkada.wilayah",
    "pilkada.pemilihan",
    "pilkada.tahapan",
    "pilkada.tps",
    "pilkada.adhoc",
    "pilkada.voters",
    "pilkada.logistics",
    "pilkada.budget",
    "pilkada.supervision",
    "pilkada.counting",
    "pilkada.recap",
    "pilkada.results",
    "pilkada.kesiapan",
    "pilkada.web",
    "pilkada.demo",
    "pilkada.ops",
]

MIDDLEWARE = [
    # First: it times and counts every request, static files and redirects included.
    "pilkada.core.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pilkada.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pilkada.accounts.middleware.SessionIdleTimeoutMiddleware",
    "pilkada.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pilkada.tahapan.middleware.RehearsalClockMiddleware",
    "pilkada.web.middleware.DomainErrorMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "pilkada.web.context_processors.site",
            ],
        },
    },
]

# SQLite under var/ is the embedded default; DATABASE_URL selects PostgreSQL
# (e.g. postgres://postgres@127.0.0.1:5432/pilkada).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'pilkada.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock at BEGIN, so two writers queue instead of one
    # failing half-way with "database is locked"; WAL lets readers go on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# Login throttling (django-axes): 5 failures for one username from one address lock that pair
# for 15 minutes; a success resets the count. Every failure is also in the audit log.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env.bool("PILKADA_LOGIN_THROTTLE", default=True)
AXES_FAILURE_LIMIT = env.int("PILKADA_LOGIN_FAILURES", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("PILKADA_LOGIN_LOCK_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
# The client's address behind nginx (pilkada.core.clientip), for axes and the Cek DPT limit.
AXES_CLIENT_IP_CALLABLE = "pilkada.core.clientip.client_ip"
# Reverse proxies whose X-Forwarded-For is believed (production: nginx on this server).
PILKADA_TRUSTED_PROXIES = env.list("PILKADA_TRUSTED_PROXIES", default=[])

# Two-factor sign-in (TOTP, django-otp) for the roles that hold the most power. Required in
# production (config.settings.production); optional in the demo so a newcomer can look around.
PILKADA_2FA_REQUIRED = env.bool("PILKADA_2FA_REQUIRED", default=False)
PILKADA_2FA_ROLES = env.list(
    "PILKADA_2FA_ROLES",
    default=["kpu_provinsi", "kpu_admin", "bawaslu", "pemkab_keuangan", "auditor"],
)
OTP_TOTP_ISSUER = "pilkada"
# The back office never shows a TOTP secret (its QR code or key) again after enrolment: whoever
# could read it could sign in as that user's second factor.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# NIST SP 800-63B: length over composition rules, and no known-common passwords.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        # 15 without a second factor (NIST SP 800-63B rev. 4); a long passphrase is fine.
        "OPTIONS": {"min_length": 15},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Off: grouping would turn ids and counts inside form fields and URLs into "12.345"; pages
# group numbers for display with humanize's intcomma (locale-aware: 1.621 in Indonesian).
USE_THOUSAND_SEPARATOR = False
USE_TZ = True
# Display zone of the regency (WIB for Lampung); storage is always UTC.
TIME_ZONE = env.str("PILKADA_TIME_ZONE", default="Asia/Jakarta")

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pilkada",
    }
}
if env.str("REDIS_URL", default=""):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.str("REDIS_URL"),
        "KEY_PREFIX": env.str("PILKADA_CACHE_PREFIX", default="pilkada"),
    }

# Content Security Policy: everything from this site only; no inline script anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

SESSION_COOKIE_HTTPONLY = True
# Absolute session life 12 h; idle limits in minutes (staff roles stricter).
SESSION_COOKIE_AGE = env.int("PILKADA_SESSION_SECONDS", default=12 * 3600)
PILKADA_IDLE_MINUTES_STAFF = env.int("PILKADA_IDLE_MINUTES_STAFF", default=15)
PILKADA_IDLE_MINUTES = env.int("PILKADA_IDLE_MINUTES", default=60)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "pilkada.core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env.str("PILKADA_LOG_FORMAT", default="plain"),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("PILKADA_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Prometheus metrics at /metrics, only with "Authorization: Bearer <PILKADA_METRICS_TOKEN>";
# without a token set, /metrics answers 404. With several gunicorn workers set
# PROMETHEUS_MULTIPROC_DIR (config/gunicorn.py empties it when the server starts).
PILKADA_METRICS_TOKEN = env.str("PILKADA_METRICS_TOKEN", default="")

# Pilkada-specific settings.
PILKADA_REGION_CODE = env.str("PILKADA_REGION_CODE", default="1807")

# Voter roll privacy (pilkada.voters.protect): NIK/NKK are stored only as a keyed hash (AES-CMAC,
# key derived from PILKADA_NIK_KEY) and as AES-CTR ciphertext (PILKADA_NIK_ENC_KEY, 32 bytes,
# urlsafe base64).
# Production has no default: a missing key stops start-up.
PILKADA_NIK_KEY = env.str("PILKADA_NIK_KEY")
PILKADA_NIK_ENC_KEY = env.str("PILKADA_NIK_ENC_KEY")
# Cek DPT: answers per client (IP) per window of seconds.
PILKADA_CEKDPT_LIMIT = env.int("PILKADA_CEKDPT_LIMIT", default=10)
PILKADA_CEKDPT_WINDOW = env.int("PILKADA_CEKDPT_WINDOW", default=3600)
# Web imports run in a background thread; tests run them inline.
PILKADA_IMPORT_BACKGROUND = env.bool("PILKADA_IMPORT_BACKGROUND", default=True)
# Size of the demo's synthetic roll (the real final DPT of Lampung Timur; tests use a small one).
PILKADA_DEMO_VOTERS = env.int("PILKADA_DEMO_VOTERS", default=823_417)
