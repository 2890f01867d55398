"""Production settings come from the environment only; a missing secret stops start-up by name."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import PRODUCTION_REQUIRED
from tests.helpers import PRODUCTION_SECRETS as REQUIRED

ROOT = Path(__file__).resolve().parents[3]
LOAD = (
    "import config.settings.production as s; "
    "print(s.CACHES['default']['BACKEND'], s.DATABASES['default']['ENGINE'], s.DEBUG)"
)


def load_production(env_over: dict[str, str | None]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in REQUIRED}
    env.update({"PILKADA_VAR_DIR": str(ROOT / "var" / "prodcheck"), **REQUIRED})
    for key, value in env_over.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(  # noqa: S603 (our own code, fixed arguments)
        [sys.executable, "-c", LOAD], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_the_list_tested_here_is_the_list_production_requires():
    assert set(REQUIRED) == set(PRODUCTION_REQUIRED)


def test_production_settings_load_from_the_environment():
    result = load_production({})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "django.db.backends.postgresql",
        "False",
    ]


@pytest.mark.parametrize(
    ("name", "value"),
    [(name, None) for name in sorted(REQUIRED)]
    # An empty or blank line in the settings file counts as missing (.env.example has them).
    + [("PILKADA_NIK_ENC_KEY", ""), ("DJANGO_SECRET_KEY", "  ")],
)
def test_a_missing_variable_stops_start_up_naming_it(name, value):
    result = load_production({name: value})
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured: Missing environment")
    assert name in last
    others = set(REQUIRED) - {name}
    assert not any(other in last for other in others), last


def test_every_missing_variable_is_named_at_once():
    result = load_production({"DATABASE_URL": None, "PILKADA_NIK_KEY": ""})
    assert result.returncode != 0
    assert "DATABASE_URL, PILKADA_NIK_KEY" in result.stderr
