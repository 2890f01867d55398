"""A citizen reports money politics (no login, on a phone); a Bawaslu officer takes the case,
assigns himself, assesses it and routes it to Sentra Gakkumdu."""

from datetime import timedelta

import pytest

from pilkada.core import clock
from pilkada.supervision import intake
from pilkada.supervision.models import Case
from tests.e2e.conftest import shot
from tests.e2e.test_journeys import login

pytestmark = pytest.mark.django_db(transaction=True)


def _step(page, label: str, number: int) -> None:
    form = page.locator(f"form.card:has(h3:text-is('{label}'))")
    form.locator("textarea").fill(f"Pertimbangan: {label}.")
    form.locator("input[name=dokumen]").fill(f"{number}/PP.01.02/K.LA-12/XI/2024")
    form.locator("button[type=submit]").click()
    assert "Langkah dicatat." in page.content(), page.locator("main").inner_text()[:2000]


def test_citizen_reports_money_politics_and_bawaslu_routes_it(page, world, users, monkeypatch):
    monkeypatch.setattr(intake, "MIN_SECONDS", 0)  # a person takes longer; the test need not wait
    when = clock.local_now() - timedelta(days=1)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(page.base_url + "/pengawasan/lapor/")
    page.fill("#id_nama", "Rudi Pelapor")
    page.fill("#id_alamat", "Dusun I Sukadana")
    page.fill("#id_kontak", "0812000111")
    page.select_option("#id_kategori", "politik_uang")
    page.select_option("#id_desa", "1807012001")
    page.fill("#id_tps_nomor", "1")
    page.fill("#id_tempat", "Depan masjid")
    page.fill("#id_terlapor", "Tim pemenangan paslon")
    page.fill("#id_peristiwa_pada", when.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_diketahui_pada", when.date().isoformat())
    page.fill(
        "#id_uraian", "Pembagian amplop berisi uang dan stiker paslon di depan masjid malam hari."
    )
    shot(page, "lapor-form-phone")
    page.click("button:has-text('Kirim laporan')")
    case = Case.objects.get()
    assert case.nomor in page.content()  # the receipt names the case number
    shot(page, "lapor-diterima-phone")

    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "bawaslu")
    page.goto(page.base_url + "/pengawasan/kasus/")
    shot(page, "pengawasan-kasus")
    page.click(f"a:has-text('{case.nomor}')")
    page.check(f"input[name=petugas][value='{users['bawaslu'].pk}']")
    page.click("button:has-text('Simpan petugas')")
    # Assigned, the officer may now see who reported.
    assert "Rudi Pelapor" in page.content()
    for number, label in enumerate(
        (
            "Mulai kajian awal",
            "Nyatakan lengkap dan registrasi",
            "Putuskan: ditindaklanjuti (ada pelanggaran)",
            "Teruskan ke instansi berwenang",
        ),
        start=1,
    ):
        _step(page, label, number)
    shot(page, "pengawasan-kasus-diteruskan")
    case.refresh_from_db()
    assert (case.status, case.tujuan) == ("diteruskan", "gakkumdu")
    assert "Sentra Gakkumdu" in page.locator("dl.facts").first.inner_text()
