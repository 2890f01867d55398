"""A KPPS types its C.Hasil in the browser with the photo of the signed form: live findings while
typing, then a saved entry; a second operator (the PPS) types the same numbers and the form is
verified."""

import pytest

from pilkada.counting.models import CHasil, Entry
from pilkada.counting.tests.conftest import make_contests
from pilkada.counting.tests.helpers import kwargs
from pilkada.results.tests.factories import png
from tests.e2e.conftest import shot
from tests.e2e.test_journeys import login, logout

pytestmark = pytest.mark.django_db(transaction=True)

TPS = "1807012001001"


def _type_numbers(page, votes: dict[int, int]) -> None:
    k = kwargs(votes)
    for name, value in k["angka"].items():
        page.fill(f"#id_{name}", str(value))
    for nomor, value in votes.items():
        page.fill(f"#id_suara_{nomor}", str(value))


def test_kpps_enters_the_form_with_photo_and_a_second_operator_verifies_it(page, world, users):
    make_contests()
    login(page, "kpps_a1")
    page.goto(page.base_url + f"/penghitungan/{TPS}/pilgub/entri/")
    _type_numbers(page, {1: 120, 2: 80})
    page.fill("#id_suara_2", "81")  # one vote too many: rule 1
    page.wait_for_selector("#temuan .error")
    assert "Aturan 1" in page.locator("#temuan").inner_text()
    shot(page, "c-hasil-temuan")
    page.fill("#id_suara_2", "80")
    page.wait_for_selector("#temuan .ok")
    page.set_input_files(
        "#id_foto", files=[{"name": "c-hasil.png", "mimeType": "image/png", "buffer": png()}]
    )
    page.click("button:has-text('Simpan')")
    assert "Entri disimpan" in page.content()
    assert "Belum ada foto." not in page.content()  # the photo is listed with its SHA-256
    shot(page, "c-hasil-detail")
    e = Entry.objects.get()
    assert e.result == "menunggu" and e.suara == {"1": 120, "2": 80} and e.findings == []
    assert len(e.photo_sha256) == 64

    # The second entry, by another person, from the same paper form.
    logout(page)
    login(page, "pps_a1")
    page.goto(page.base_url + f"/penghitungan/{TPS}/pilgub/")
    page.click("a.button:has-text('Entri angka')")
    _type_numbers(page, {1: 120, 2: 80})
    page.wait_for_selector("#temuan .ok")
    page.click("button:has-text('Simpan')")
    assert "Entri disimpan" in page.content()
    shot(page, "c-hasil-terverifikasi")
    form = CHasil.objects.get()
    assert form.status == "terverifikasi", form.status
    assert form.counted is not None and form.counted.suara == {"1": 120, "2": 80}
    assert Entry.objects.filter(entered_by__username="pps_a1").count() == 1
