"""The voter roll in the browser: a KPU operator uploads a DPT file with one bad row, follows the
progress, downloads the error report (row, column, masked value, reason) and accepts the batch
without that row; a citizen then checks a NIK on Cek DPT (a hit shows the TPS and a masked name,
a miss the neutral answer)."""

import csv
import io
from pathlib import Path

import pytest
from django.core.cache import cache

from pilkada.core.privacy import mask_name
from pilkada.voters.generator import csv_bytes
from pilkada.voters.models import ImportBatch, Voter
from pilkada.voters.tests.conftest import load, make_rows
from tests.e2e.conftest import shot
from tests.e2e.test_journeys import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_kpu_imports_a_dpt_file_with_a_bad_row_and_reads_the_error_report(page, world, users):
    rows, _ = make_rows(40, seed=3)
    bad = list(rows[5])
    bad[0] = "12345"  # NKK of five digits, on line 7 of the file (line 1 is the header)
    rows[5] = tuple(bad)
    login(page, "kpu")
    page.goto(page.base_url + "/pemilih/impor/")
    page.set_input_files(
        "#f-berkas",
        files=[{"name": "dpt-sukadana.csv", "mimeType": "text/csv", "buffer": csv_bytes(rows)}],
    )
    page.select_option("#f-jenis", "dpt")
    shot(page, "dpt-impor")
    page.click("button:has-text('Unggah dan periksa')")
    page.wait_for_selector("#progres progress")
    assert page.locator("#progres progress").get_attribute("value") == "100"
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.DITOLAK and Voter.objects.count() == 0
    shot(page, "dpt-impor-ditolak")
    with page.expect_download() as info:
        page.click("a:has-text('Unduh laporan kesalahan (CSV)')")
    report = info.value
    text = Path(report.path()).read_text(encoding="utf-8")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["baris", "kolom", "nilai (disamarkan)", "alasan"]
    assert [line[:2] + line[3:] for line in lines[1:]] == [["7", "NKK", "NKK harus 16 angka"]]
    assert "12345" not in text  # the value is masked
    page.click("button:has-text('Terima tanpa baris yang ditolak')")
    assert "Baris yang sah dimuat" in page.content()
    assert Voter.objects.count() == 39


def test_citizen_checks_a_nik_on_cek_dpt(page, world):
    cache.clear()
    rows, _ = make_rows(30, seed=31)
    load(rows)
    someone = rows[0]
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(page.base_url + "/pemilih/cek-dpt/")
    page.fill("#f-nik", someone[1])
    page.click("main button:has-text('Cek')")
    answer = page.locator(".answer").inner_text()
    assert f"TPS {int(someone[13][-3:]):03d}" in answer
    assert mask_name(someone[2]) in answer and someone[2] not in answer
    assert someone[1] not in page.content()
    shot(page, "cek-dpt-ketemu-phone")
    page.fill("#f-nik", "1807010101900001")
    page.click("main button:has-text('Cek')")
    assert "Data tidak ditemukan dalam DPT." in page.locator(".answer").inner_text()
    shot(page, "cek-dpt-tidak-ada-phone")
