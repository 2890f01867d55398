import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

from conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[3]


def test_security_headers_on_every_page(world):
    r = Client().get("/")
    csp = r["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"


def test_health_and_readiness(world):
    assert Client().get("/healthz").json() == {"status": "ok"}
    body = Client().get("/readyz").json()
    assert body["status"] == "ok" and body["checks"] == {"database": "ok", "cache": "ok"}


@override_settings(AXES_ENABLED=True)
def test_login_is_throttled_after_five_failures(world, users):
    client = Client(REMOTE_ADDR="10.1.2.3")
    bad = {"username": "pps_a1", "password": "salah-salah-salah"}
    for _ in range(4):
        r = client.post("/akun/masuk/", bad)
        assert r.status_code == 200  # the form again, with its error
    assert client.post("/akun/masuk/", bad).status_code == 429  # the fifth failure locks
    # Locked now: even the right password is refused, with the lockout page.
    r = client.post("/akun/masuk/", {"username": "pps_a1", "password": PASSWORD})
    assert r.status_code == 429
    assert "Terlalu banyak percobaan" in r.content.decode()
    # Another user from the same address is not locked out.
    other = Client(REMOTE_ADDR="10.1.2.3")
    r = other.post("/akun/masuk/", {"username": "pps_a2", "password": PASSWORD})
    assert r.status_code == 302


def test_failed_logins_are_audited_without_the_password(world, users):
    from pilkada.audit.models import AuditEntry

    Client().post("/akun/masuk/", {"username": "pps_a1", "password": "kata-sandi-rahasia-x"})
    entry = AuditEntry.objects.filter(action="accounts.user.login_failed").last()
    assert entry is not None and entry.changes == {"username": "pps_a1"}
    assert "kata-sandi-rahasia-x" not in str(AuditEntry.objects.values_list("changes"))


@pytest.mark.django_db
def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 20 + "Kq8#vL2@pZ9!mW4$tR7^yB1&nC6*hJ3(fD5)gS0",
        "DJANGO_ALLOWED_HOSTS": "pilkada.example.go.id",
        "PILKADA_VAR_DIR": str(ROOT / "var" / "deploycheck"),
        "DATABASE_URL": f"sqlite:///{ROOT / 'var' / 'deploycheck' / 'check.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "PILKADA_AUDIT_SIGNING_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def _production_env() -> dict[str, str]:
    from tests.helpers import PRODUCTION_SECRETS

    return {**PRODUCTION_SECRETS, **PRODUCTION_ENV}


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_ALLOWED_HOSTS": "pilkada.example.go.id",
    "PILKADA_VAR_DIR": str(ROOT / "var" / "deploycheck"),
}

HEADERS_SCRIPT = """
import json, django
django.setup()
from django.test import Client
import pilkada.tahapan.middleware as m
m.rehearsal_offset = lambda: None  # no database here: the headers are what is looked at
c = Client(HTTP_HOST="pilkada.example.go.id")
plain = c.get("/tahapan/")  # redirected before any view runs
r = c.get("/healthz", secure=True)
print(json.dumps({"plain": [plain.status_code, plain.get("Location", "")],
                  "headers": {k: v for k, v in r.headers.items()}}))
"""


def test_production_headers_hsts_csp_frame_referrer():
    """Under the production settings: HTTP is sent to HTTPS, and an HTTPS answer carries HSTS
    (1 year, subdomains, preload), CSP, X-Frame-Options, nosniff and the referrer policy."""
    result = subprocess.run(  # noqa: S603  (our own interpreter and script)
        [sys.executable, "-c", HEADERS_SCRIPT],
        cwd=ROOT,
        env={**os.environ, **_production_env()},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    import json

    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["plain"] == [301, "https://pilkada.example.go.id/tahapan/"]
    h = out["headers"]
    assert h["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'self'" in h["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in h["Content-Security-Policy"]
    assert h["X-Frame-Options"] == "DENY"
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("kopitubrukenak", False),  # 14 characters: too short
        ("kopitubrukenakk", True),  # 15 lower-case letters: no composition rule asked
        ("KOPI TUBRUK ENAK", True),  # capitals and spaces are fine too
        ("1q2w3e4r5t6y7u8i9o0p", False),  # long, but on the common/breached list
        ("123456789987654321", False),  # long, but on the list and all digits
        ("pps_desa_sukadana_1", False),  # too close to the user name
    ],
)
def test_password_policy_follows_nist_800_63b(password, accepted):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from pilkada.accounts.models import User

    user = User(username="pps_desa_sukadana")
    try:
        validate_password(password, user=user)
    except ValidationError:
        assert not accepted, password
    else:
        assert accepted, password
