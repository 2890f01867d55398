"""PostgreSQL connection pooling in production settings (DATABASE_POOL*, docs/scale.md)."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
PRINT_DB = (
    "import json, django; django.setup(); from django.conf import settings; "
    "d = settings.DATABASES['default']; "
    "print(json.dumps({'pool': d.get('OPTIONS', {}).get('pool'), 'age': d['CONN_MAX_AGE']}))"
)


def production_db(**extra: str) -> dict[str, object]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 20 + "Kq8#vL2@pZ9!mW4$tR7^yB1&nC6*hJ3(fD5)gS0",
        "DJANGO_ALLOWED_HOSTS": "pilkada.example.go.id",
        "DATABASE_URL": "postgres://pilkada@127.0.0.1:5432/pilkada",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "PILKADA_NIK_KEY": "test-only-nik-hmac-key",
        "PILKADA_NIK_ENC_KEY": "ZGV2LW9ubHktbmlrLWFlcy1rZXktbm90LXNlY3JldCE=",
        "PILKADA_AUDIT_SIGNING_KEY": "test-only-audit-signing-key",
        "PILKADA_VAR_DIR": str(ROOT / "var" / "pooltest"),
        **extra,
    }
    out = subprocess.run(  # noqa: S603  (fixed argument list)
        [sys.executable, "-c", PRINT_DB],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_production_pools_postgresql_connections_by_default() -> None:
    sized = production_db(DATABASE_POOL_MIN="4", DATABASE_POOL_MAX="16")
    assert sized == {"pool": {"min_size": 4, "max_size": 16, "timeout": 10.0}, "age": 0}


def test_pooling_can_be_turned_off() -> None:
    db = production_db(DATABASE_POOL="false", DATABASE_CONN_MAX_AGE="30")
    assert db == {"pool": None, "age": 30}


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL pool")
def test_a_pooled_connection_answers_and_is_reused() -> None:
    from django.db.backends.postgresql.base import DatabaseWrapper

    settings = {
        **connection.settings_dict,
        "CONN_MAX_AGE": 0,
        "OPTIONS": {"pool": {"min_size": 1, "max_size": 1}},
    }
    wrapper: Any = DatabaseWrapper(settings, alias="pooltest")
    try:
        pids = set()
        for _ in range(3):
            with wrapper.cursor() as cur:
                cur.execute("SELECT pg_backend_pid()")
                pids.add(cur.fetchone()[0])
            wrapper.close()  # back to the pool, not closed
        assert wrapper.pool is not None
        assert len(pids) == 1  # one server connection, lent three times (no reconnect)
    finally:
        wrapper.close_pool()
