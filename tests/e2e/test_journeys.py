"""Journeys through the real UI in a browser."""

import pytest

from conftest import PASSWORD
from pilkada.tps.models import Tps
from tests.e2e.conftest import shot

pytestmark = pytest.mark.django_db(transaction=True)


def login(page, username: str) -> None:
    page.goto(page.base_url + "/akun/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")


def logout(page) -> None:
    page.click("header button:has-text('Keluar')")
    page.wait_for_load_state()


def test_pps_operator_edits_a_tps_of_its_desa(page, world, users):
    page.goto(page.base_url + "/")
    shot(page, "home-public")
    login(page, "pps_a1")
    assert "Operator PPS (desa)" in page.content()
    shot(page, "home-pps")
    page.click("text=TPS di desa")
    rows = page.locator("tbody tr")
    assert rows.count() == 2  # only the two TPS of its own desa
    page.click("text=1807012001001")
    page.click("text=Ubah TPS")
    page.fill("#id_alamat", "Balai Dusun III, Desa Sukadana")
    page.fill("#id_batas_pemilih", "700")
    page.click("button:has-text('Simpan')")
    assert "600" in page.locator(".error").first.inner_text()  # refused, with the reason
    page.fill("#id_batas_pemilih", "550")
    page.click("button:has-text('Simpan')")
    assert "Perubahan TPS disimpan." in page.content()
    shot(page, "tps-detail")
    tps = Tps.objects.get(pk="1807012001001")
    assert (tps.alamat, tps.batas_pemilih) == ("Balai Dusun III, Desa Sukadana", 550)
    # Another desa's TPS does not exist for this user.
    response = page.goto(page.base_url + "/tps/1807012002001/")
    assert response is not None and response.status == 404


def test_kpu_admin_sees_readiness_of_every_kecamatan(page, world, users):
    login(page, "kpu")
    page.click("text=Kesiapan per kecamatan")
    table = page.locator("table.readiness tbody tr")
    assert table.count() == 2
    shot(page, "kesiapan")


def test_phone_width_has_no_sideways_scroll(browser, live_server, world):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    p = context.new_page()
    p.goto(live_server.url + "/")
    assert p.evaluate("document.documentElement.scrollWidth") <= 360
    shot(p, "home-phone")
    context.close()


def test_language_switch_to_english_and_back(page, world):
    page.goto(page.base_url + "/")
    page.click("button:has-text('English')")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Sign in" in page.content()
    page.click("button:has-text('Bahasa Indonesia')")
    assert page.locator("html").get_attribute("lang") == "id"
