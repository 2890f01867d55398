import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import PASSWORD
from pilkada.voters.generator import csv_bytes
from pilkada.voters.models import ImportBatch, Voter
from pilkada.voters.selectors import roll_stats
from pilkada.voters.tests.conftest import VOTING_DAY, load, make_rows


def login(username):
    c = Client()
    assert c.login(username=username, password=PASSWORD)
    return c


@pytest.mark.django_db
def test_upload_shows_progress_and_result(users):
    rows, _ = make_rows(120, seed=61)
    c = login("kpu")
    r = c.post(
        "/pemilih/impor/",
        {"berkas": SimpleUploadedFile("dpt.csv", csv_bytes(rows), "text/csv"), "jenis": "dpt"},
    )
    batch = ImportBatch.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/pemilih/impor/{batch.pk}/"
    page = c.get(f"/pemilih/impor/{batch.pk}/")
    assert "Diterima, masuk daftar" in page.content.decode()
    partial = c.get(f"/pemilih/impor/{batch.pk}/", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and b'id="progres"' in partial.content
    assert b"<html" not in partial.content
    api = c.get(f"/api/pemilih/impor/{batch.pk}").json()
    assert api["status"] == "diterima" and api["persen"] == 100 and api["jumlah_masuk"] == 120


@pytest.mark.django_db
def test_a_running_import_is_polled_by_htmx(users):
    c = login("kpu")
    batch = ImportBatch.objects.create(
        nama_berkas="x.csv",
        area_code="1807",
        status="berjalan",
        tahap="menyimpan",
        persen=40,
        dibuat=__import__("pilkada.core.clock").core.clock.now(),
    )
    page = c.get(f"/pemilih/impor/{batch.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "40%" in page


@pytest.mark.django_db
def test_roles_and_areas(users):
    rows, _ = make_rows(300, seed=62)
    load(rows)
    assert login("pps_a1").get("/pemilih/impor/").status_code == 403
    kpps = login("kpps_a1")
    assert kpps.get("/pemilih/tps/1807012001001/").status_code == 200
    assert kpps.get("/pemilih/tps/1807012002001/").status_code == 404
    assert kpps.get("/pemilih/tps/1807012002001/daftar.pdf").status_code == 404
    assert login("kades_a1").get("/pemilih/tps/1807012001001/").status_code == 404
    assert Client().get("/pemilih/").status_code == 302  # login first
    assert Client().get("/pemilih/cek-dpt/").status_code == 200  # public
    assert login("pps_a1").get("/pemilih/ekspor/").status_code == 403
    r = login("pps_a1").post(
        "/pemilih/ekspor/", {"aksi": "minta", "jenis": "lengkap", "alasan": "x" * 20}
    )
    assert r.status_code == 403


@pytest.mark.django_db
def test_statistics_add_up(users):
    rows, _ = make_rows(600, seed=63)
    load(rows)
    kec = roll_stats(actor=users["kpu"], level="kecamatan")
    tps = roll_stats(actor=users["kpu"], level="tps")
    assert sum(r.total for r in kec) == sum(r.total for r in tps) == Voter.objects.count() == 600
    for r in kec + tps:
        assert r.laki + r.perempuan == r.total == sum(r.usia.values())
    young = sum(
        1
        for row in rows
        if VOTING_DAY.year
        - int(row[4][6:])
        - ((VOTING_DAY.month, VOTING_DAY.day) < (int(row[4][3:5]), int(row[4][:2])))
        <= 20
    )
    assert sum(r.usia["17–20"] for r in kec) == young
    disabled = sum(1 for row in rows if row[10] != "0")
    assert sum(sum(r.disabilitas.values()) for r in kec) == disabled
    # A PPS sees only its desa.
    mine = roll_stats(actor=users["pps_a1"], level="tps")
    assert {r.kode[:10] for r in mine} == {"1807012001"}
    page = login("kpu").get("/pemilih/?tingkat=desa&induk=180701")
    assert page.status_code == 200
    xlsx = login("kpu").get("/pemilih/tps/1807012001001/daftar.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
