"""A KPPS types its C.Hasil in the browser: live findings while typing, then a saved entry."""

import pytest

from pilkada.counting.models import Entry
from pilkada.counting.tests.conftest import make_contests
from pilkada.counting.tests.helpers import kwargs
from tests.e2e.conftest import shot
from tests.e2e.test_journeys import login

pytestmark = pytest.mark.django_db(transaction=True)

TPS = "1807012001001"


def test_kpps_enters_the_form_and_sees_findings_while_typing(page, world, users):
    make_contests()
    login(page, "kpps_a1")
    page.goto(page.base_url + f"/penghitungan/{TPS}/pilgub/entri/")
    k = kwargs({1: 120, 2: 80})
    for name, value in k["angka"].items():
        page.fill(f"#id_{name}", str(value))
    page.fill("#id_suara_1", "120")
    page.fill("#id_suara_2", "81")  # one vote too many: rule 1
    page.wait_for_selector("#temuan .error")
    assert "Aturan 1" in page.locator("#temuan").inner_text()
    shot(page, "c-hasil-temuan")
    page.fill("#id_suara_2", "80")
    page.wait_for_selector("#temuan .ok")
    page.click("button:has-text('Simpan')")
    assert "Entri disimpan" in page.content()
    shot(page, "c-hasil-detail")
    e = Entry.objects.get()
    assert e.result == "menunggu" and e.suara == {"1": 120, "2": 80} and e.findings == []
