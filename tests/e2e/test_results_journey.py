"""A citizen opens the public results, follows a kecamatan, a desa and a TPS, and sees that TPS's
photo and numbers (no login). Screenshots go to var/screenshots/results-*.png (the ones in
docs/screenshots were copied from there, so a test run leaves the work tree clean)."""

import pytest

from pilkada.counting.tests.conftest import make_contests
from pilkada.results.tests.factories import TPS_A, load
from tests.e2e.conftest import shot

pytestmark = pytest.mark.django_db(transaction=True)


def _shot(page, name: str) -> None:
    shot(page, f"results-{name}")


def test_citizen_drills_down_to_a_tps_photo_and_numbers(page, world, users, settings):
    settings.RESULTS_VERSION_SECONDS = 0
    make_contests()
    load(users)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(page.base_url + "/hasil/")
    assert "Hasil hitung TPS, belum rekapitulasi resmi." in page.content()
    _shot(page, "home")
    page.click("section.card:first-of-type a:has-text('Sukadana')")
    assert page.locator("h1").inner_text().startswith("Sukadana")
    _shot(page, "kecamatan")
    page.click("#rincian a:has-text('Sukadana')")
    assert "(desa)" in page.locator("h1").inner_text()
    _shot(page, "desa")
    page.click("#rincian a:has-text('TPS 001')")
    assert page.url.endswith(f"/hasil/pilgub/tps/{TPS_A}/")
    img = page.locator("figure.foto img")
    assert img.count() == 1
    img.scroll_into_view_if_needed()
    page.wait_for_function(
        "document.querySelector('figure.foto img').naturalWidth > 0", timeout=10000
    )
    assert page.evaluate("document.querySelector('figure.foto img').naturalWidth") == 240
    numbers = page.locator("#angka").inner_text()
    assert "120" in numbers and "80" in numbers and "Terverifikasi" in page.content()
    _shot(page, "tps")
