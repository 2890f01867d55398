"""The Cek DPT limit on the real Redis (production's cache): one count shared by every worker.

The Redis test is skipped only when no Redis answers at REDIS_TEST_URL (default 127.0.0.1:6379);
under CI=true a missing Redis is a failure. The last test (a limit per client behind nginx) needs
no Redis.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpRequest
from django.test import RequestFactory, override_settings

from pilkada.voters import ratelimit

ROOT = Path(__file__).resolve().parents[3]
REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0")
LIMIT = 3
WINDOW = 10**6  # one window for the whole test (keys expire after it)

# A second process with the same settings: what another gunicorn worker would do.
WORKER = """
import django
django.setup()
from django.test import RequestFactory
from pilkada.voters import ratelimit
request = RequestFactory().post("/pemilih/cek-dpt/", REMOTE_ADDR={addr!r})
print(",".join(str(ratelimit.allow(request)) for _ in range(2)))
"""


def redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is not reachable at {REDIS_URL} under CI: {exc}")
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")


def test_cek_dpt_limit_is_shared_by_workers_through_redis():
    redis_or_skip()
    prefix = f"uji-{secrets.token_hex(6)}"  # other runs share this Redis
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    addr = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
    request = RequestFactory().post("/pemilih/cek-dpt/", REMOTE_ADDR=addr)
    try:
        check_shared_limit(caches, prefix, addr, request)
    finally:
        import redis

        server = redis.Redis.from_url(REDIS_URL)
        for key in server.scan_iter(f"{prefix}:*"):
            server.delete(key)


def check_shared_limit(
    caches: dict[str, dict[str, str]], prefix: str, addr: str, request: HttpRequest
) -> None:
    with override_settings(CACHES=caches, PILKADA_CEKDPT_LIMIT=LIMIT, PILKADA_CEKDPT_WINDOW=WINDOW):
        assert [ratelimit.allow(request) for _ in range(2)] == [True, True]
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "REDIS_URL": REDIS_URL,
            "PILKADA_CACHE_PREFIX": prefix,
            "PILKADA_CEKDPT_LIMIT": str(LIMIT),
            "PILKADA_CEKDPT_WINDOW": str(WINDOW),
        }
        other = subprocess.run(  # noqa: S603 (our own code, fixed arguments)
            [sys.executable, "-c", WORKER.format(addr=addr)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert other.returncode == 0, other.stderr
        # The other process sees the two requests made here: its first is the third (allowed),
        # its second the fourth (refused).
        assert other.stdout.strip().splitlines()[-1] == "True,False"
        # And this process sees the other's: still refused, and another client is not.
        assert ratelimit.allow(request) is False
        fresh = RequestFactory().post("/pemilih/cek-dpt/", REMOTE_ADDR="192.0.2.77")
        assert ratelimit.allow(fresh) is True


def test_behind_nginx_each_client_has_its_own_limit(settings):
    """All requests come from 127.0.0.1 behind nginx; the limit is still per client."""
    settings.PILKADA_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.PILKADA_CEKDPT_LIMIT = 2
    settings.PILKADA_CEKDPT_WINDOW = WINDOW
    factory = RequestFactory()

    def via_nginx(client: str) -> HttpRequest:
        return factory.post(
            "/pemilih/cek-dpt/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=client
        )

    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": secrets.token_hex(4),
            }
        }
    ):
        first = via_nginx("198.51.100.1")
        assert [ratelimit.allow(first) for _ in range(3)] == [True, True, False]
        # Another citizen behind the same nginx is not refused, nor one forging the first's address.
        assert ratelimit.allow(via_nginx("198.51.100.2")) is True
        assert ratelimit.allow(via_nginx("198.51.100.1, 198.51.100.3")) is True
