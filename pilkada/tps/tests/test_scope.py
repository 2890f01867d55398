"""A PPS operator of one desa can neither read nor write another desa's TPS (API and web)."""

import json

import pytest
from django.test import Client

from conftest import PASSWORD
from pilkada.tps.models import Tps

OWN = "1807012001001"
OTHER = "1807012002001"  # same kecamatan, other desa
FAR = "1807022001001"  # other kecamatan


@pytest.fixture
def pps(users):
    client = Client()
    assert client.login(username="pps_a1", password=PASSWORD)
    return client


def test_api_lists_only_own_desa(pps):
    data = pps.get("/api/tps").json()
    assert {t["kode"] for t in data["items"]} == {"1807012001001", "1807012001002"}


def test_api_read_other_desa_is_404(pps):
    assert pps.get(f"/api/tps/{OWN}").status_code == 200
    assert pps.get(f"/api/tps/{OTHER}").status_code == 404
    assert pps.get(f"/api/tps/{FAR}").status_code == 404
    # An unknown code answers exactly like an out-of-area one.
    assert pps.get("/api/tps/1807012001999").json() == pps.get(f"/api/tps/{OTHER}").json()


def test_api_write_other_desa_is_403_and_changes_nothing(pps):
    before = Tps.objects.get(pk=OTHER).alamat
    r = pps.patch(
        f"/api/tps/{OTHER}",
        data=json.dumps({"alamat": "Dipindah"}),
        content_type="application/json",
    )
    assert r.status_code == 403
    assert Tps.objects.get(pk=OTHER).alamat == before
    ok = pps.patch(
        f"/api/tps/{OWN}",
        data=json.dumps({"alamat": "Balai Dusun 2"}),
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["alamat"] == "Balai Dusun 2"


def test_api_rejects_invalid_values_with_reason(pps):
    r = pps.patch(
        f"/api/tps/{OWN}", data=json.dumps({"batas_pemilih": 601}), content_type="application/json"
    )
    assert r.status_code == 422


def test_web_read_other_desa_is_404(pps):
    assert pps.get(f"/tps/{OWN}/").status_code == 200
    assert pps.get(f"/tps/{OTHER}/").status_code == 404
    assert pps.get(f"/tps/{OTHER}/ubah/").status_code == 404
    listing = pps.get("/tps/").content.decode()
    assert OWN in listing and OTHER not in listing and FAR not in listing


def test_web_write_other_desa_is_403_and_changes_nothing(pps):
    before = Tps.objects.get(pk=OTHER).alamat
    form = {"alamat": "Dipindah", "batas_pemilih": "600"}
    assert pps.post(f"/tps/{OTHER}/ubah/", form).status_code == 403
    assert Tps.objects.get(pk=OTHER).alamat == before
    r = pps.post(f"/tps/{OWN}/ubah/", form)
    assert r.status_code == 302
    assert Tps.objects.get(pk=OWN).alamat == "Dipindah"


def test_web_form_error_names_the_field(pps):
    r = pps.post(f"/tps/{OWN}/ubah/", {"alamat": "x", "batas_pemilih": "700"})
    assert r.status_code == 400
    assert "600" in r.content.decode()


def test_read_only_roles_cannot_write(users, world):
    client = Client()
    client.login(username="auditor", password=PASSWORD)
    assert client.get(f"/api/tps/{FAR}").status_code == 200
    r = client.patch(
        f"/api/tps/{FAR}", data=json.dumps({"alamat": "x"}), content_type="application/json"
    )
    assert r.status_code == 403
    assert client.get(f"/tps/{FAR}/ubah/").status_code == 403


def test_ppk_sees_own_kecamatan_only(users):
    client = Client()
    client.login(username="ppk_a", password=PASSWORD)
    assert client.get(f"/api/tps/{OTHER}").status_code == 200
    assert client.get(f"/api/tps/{FAR}").status_code == 404


def test_anonymous_gets_401_from_api_and_login_redirect_on_web(world):
    client = Client()
    assert client.get("/api/tps").status_code == 401
    r = client.get("/tps/")
    assert r.status_code == 302 and "/akun/masuk/" in r["Location"]


def test_bearer_token_is_scoped_like_the_user(users):
    from pilkada.accounts.services import api_token_create

    _, secret = api_token_create(actor=users["kpu"], user=users["pps_a1"], name="uji")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get(f"/api/tps/{OWN}").status_code == 200
    assert client.get(f"/api/tps/{OTHER}").status_code == 404
    assert Client(HTTP_AUTHORIZATION="Bearer salah").get("/api/tps").status_code == 401
