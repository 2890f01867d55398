import pytest
from django.test import Client, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from pilkada.audit.models import AuditEntry


def code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


# Throttling (a growing wait after each wrong code) is django-otp's; off here so the good code
# can follow the bad one at once.
@override_settings(PILKADA_2FA_REQUIRED=True, OTP_TOTP_THROTTLE_FACTOR=0)
def test_kpu_admin_must_enrol_and_enter_a_code(world, users):
    client = Client()
    assert client.login(username="kpu", password=PASSWORD)
    r = client.get("/tps/")
    assert r.status_code == 302 and r["Location"] == "/akun/2fa/?next=%2Ftps%2F"
    page = client.get("/akun/2fa/?next=/tps/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    assert client.get("/api/akun/me").status_code == 403  # the session API is held back too
    device = TOTPDevice.objects.get(user=users["kpu"])
    bad = client.post("/akun/2fa/", {"token": "000000", "next": "/tps/"})
    assert bad.status_code == 400 and not TOTPDevice.objects.get(pk=device.pk).confirmed
    ok = client.post("/akun/2fa/", {"token": code(device), "next": "/tps/"})
    assert ok.status_code == 302 and ok["Location"] == "/tps/"
    assert client.get("/tps/").status_code == 200
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"accounts.2fa.enrolled", "accounts.2fa.verified", "accounts.2fa.failed"} <= actions


@override_settings(PILKADA_2FA_REQUIRED=True)
def test_roles_outside_the_list_are_not_asked(world, users):
    client = Client()
    client.login(username="pps_a1", password=PASSWORD)
    assert client.get("/tps/").status_code == 200


@override_settings(PILKADA_2FA_REQUIRED=True)
def test_next_cannot_send_the_user_elsewhere(world, users):
    client = Client()
    client.login(username="kpu", password=PASSWORD)
    client.get("/akun/2fa/")
    device = TOTPDevice.objects.get(user=users["kpu"])
    r = client.post("/akun/2fa/", {"token": code(device), "next": "https://contoh.invalid/"})
    assert r["Location"] == "/"


@pytest.mark.django_db
def test_two_factor_is_off_in_the_demo_settings(world, users):
    client = Client()
    client.login(username="kpu", password=PASSWORD)
    assert client.get("/tps/").status_code == 200


def test_idle_session_is_signed_out(world, users):
    from datetime import timedelta

    from pilkada.core import clock

    staff, field = Client(), Client()
    staff.login(username="kpu", password=PASSWORD)
    field.login(username="pps_a1", password=PASSWORD)
    assert staff.get("/tps/").status_code == 200
    assert field.get("/tps/").status_code == 200
    with clock.shifted(timedelta(minutes=20)):
        r = staff.get("/tps/")
        assert r.status_code == 302 and r["Location"].startswith("/akun/masuk/")
        assert field.get("/tps/").status_code == 200  # field officers: 60 minutes
    with clock.shifted(timedelta(minutes=90)):
        assert field.get("/tps/").status_code == 302


def test_password_policy_wants_length_not_composition():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("Pilkada2024!")  # short, however "complex"
    with pytest.raises(ValidationError):
        validate_password("123456789012345678")  # digits only
    validate_password("kopi tubruk di balai desa")
