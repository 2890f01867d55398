"""Public results: totals equal the recapitulation, TPS numbers equal the verified form, status
marked in every format, open data valid against its schema, ETag and invalidation."""

import csv
import io
import json
import zipfile
from typing import Any

import jsonschema_rs
import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from pilkada.core import clock
from pilkada.counting.models import CHasil
from pilkada.counting.tests.conftest import make_contests
from pilkada.recap.selectors import recap_get
from pilkada.results import opendata
from pilkada.results.selectors import area_results, tps_results
from pilkada.results.tests.factories import TPS_A, TPS_B, TPS_C, load
from pilkada.tps.models import ResultSupersession

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_version_memo(settings: Any) -> None:
    settings.RESULTS_VERSION_SECONDS = 0


@pytest.fixture
def data(users: dict[str, Any]) -> dict[str, Any]:
    make_contests()
    return load(users)


def _valid(schema_name: str, doc: Any) -> None:
    jsonschema_rs.validate(opendata.schema(schema_name), doc)


def test_public_totals_equal_the_recapitulation_at_every_level(users, data) -> None:
    kpu = users["kpu"]
    for code in ("1807", "180701", "180702", "1807012001", "1807012002", "1807022001"):
        pub = area_results(actor=None, contest_kode="pilgub", area_code=code)
        rec = recap_get(actor=kpu, contest_kode="pilgub", area_code=code)
        assert pub["jumlah"]["suara"] == {str(k): v for k, v in rec.total["suara"].items()}
        assert pub["jumlah"]["suara_sah"] == rec.total["suara_sah"]
        for row, rrow in zip(pub["baris"], rec.rows, strict=True):
            assert row["kode"] == rrow.kode
            if row["angka"] is not None:
                assert row["angka"]["suara"] == {
                    str(k): v for k, v in rrow.numbers["suara"].items()
                }
    kab = area_results(actor=None, contest_kode="pilgub", area_code="1807")
    # TPS_A (120/80) and TPS_C corrected (69/91); TPS_B is not verified.
    assert kab["jumlah"]["suara"] == {"1": 189, "2": 171}
    assert kab["progres"] == {
        "tps_total": 6,
        "tps_masuk": 3,
        "tps_terverifikasi": 2,
        "tps_diganti": 0,
    }
    assert kab["status"] == "hasil_hitung_tps"


def test_every_tps_number_equals_the_verified_form(users, data) -> None:
    for form in CHasil.objects.filter(contest__kode="pilgub", counted__isnull=False):
        assert form.counted is not None
        d = tps_results(actor=None, contest_kode="pilgub", tps_kode=form.tps_id)
        assert d["terverifikasi"] is True
        assert d["angka"]["suara"] == {k: int(v) for k, v in form.counted.suara.items()}
        assert d["angka_formulir"] == form.counted.angka
        html = Client().get(f"/hasil/pilgub/tps/{form.tps_id}/").content.decode()
        for v in form.counted.suara.values():
            assert f'<td class="angka">{v}</td>' in html


def test_tps_page_is_public_with_photo_status_and_history(data) -> None:
    resp = Client().get(f"/hasil/pilgub/tps/{TPS_A}/")
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "Hasil hitung TPS, belum rekapitulasi resmi." in html
    assert "Terverifikasi" in html
    assert f"/hasil/foto/{data['photo'].pk}/" in html
    assert data["photo"].sha256 in html
    photo = Client().get(f"/hasil/foto/{data['photo'].pk}/")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    # The correction and its reason are shown at the corrected TPS.
    html = Client().get(f"/hasil/pilgub/tps/{TPS_C}/").content.decode()
    assert "Salah salin" in html and "suara_1: 70 → 69" in html


def test_unverified_tps_is_marked_so_in_every_format(data) -> None:
    d = tps_results(actor=None, contest_kode="pilgub", tps_kode=TPS_B)
    assert d["terverifikasi"] is False and d["angka"] is None
    assert d["status_formulir"] == "menunggu"
    _valid("tps-1", d)
    html = Client().get(f"/hasil/pilgub/tps/{TPS_B}/").content.decode()
    assert "Belum terverifikasi" in html
    rows = list(
        csv.DictReader(
            io.StringIO(Client().get(f"/hasil/pilgub/data/{TPS_B}.csv").content.decode())
        )
    )
    assert rows[0]["terverifikasi"] == "tidak" and rows[0]["suara_1"] == ""
    desa = Client().get("/hasil/pilgub/data/1807012001.json").json()
    row = next(r for r in desa["baris"] if r["kode"] == TPS_B)
    assert row["terverifikasi"] is False and row["angka"] is None
    desa_csv = Client().get("/hasil/pilgub/data/1807012001.csv").content.decode()
    row = next(r for r in csv.DictReader(io.StringIO(desa_csv)) if r["kode"] == TPS_B)
    assert row["terverifikasi"] == "tidak"
    html = Client().get("/hasil/pilgub/wilayah/1807012001/").content.decode()
    assert "Belum terverifikasi" in html
    dump = opendata.contest_dump(CHasil.objects.first().contest)  # type: ignore[union-attr]
    assert next(t for t in dump["tps"] if t["kode"] == TPS_B)["terverifikasi"] is False


def test_open_data_validates_against_its_schemas(data) -> None:
    c = Client()
    for code in ("1807", "180701", "1807012001"):
        _valid("wilayah-1", c.get(f"/hasil/pilgub/data/{code}.json").json())
        assert c.get(f"/api/hasil/pilgub/wilayah/{code}").json()["wilayah"]["kode"] == code
    for code in (TPS_A, TPS_B, TPS_C, "1807012002001"):
        _valid("tps-1", c.get(f"/hasil/pilgub/data/{code}.json").json())
    _valid("tps-1", c.get(f"/api/hasil/pilgub/tps/{TPS_A}").json())
    z = zipfile.ZipFile(io.BytesIO(c.get("/hasil/unduh/hasil-pilkada.zip").content))
    dump = json.loads(z.read("pilgub/hasil.json"))
    _valid("lengkap-1", dump)
    tps_rows = {
        r["kode_tps"]: r for r in csv.DictReader(io.StringIO(z.read("pilgub/tps.csv").decode()))
    }
    assert tps_rows[TPS_A]["foto_sha256_angka"] == data["photo"].sha256
    assert tps_rows[TPS_B]["terverifikasi"] == "tidak"
    assert "skema/tps-1.json" in z.namelist()
    levels = list(csv.DictReader(io.StringIO(z.read("pilgub/wilayah.csv").decode())))
    assert levels[0]["kode"] == "1807" and levels[0]["suara_1"] == "189"
    assert c.get("/api/hasil/pilgub/tps/123").status_code == 422
    assert c.get("/api/hasil/nope/wilayah/1807").status_code == 404


def test_etag_and_invalidation_on_a_new_verification(users, data) -> None:
    c = Client()
    first = c.get("/hasil/pilgub/data/1807.json")
    etag = first["ETag"]
    assert c.get("/hasil/pilgub/data/1807.json", HTTP_IF_NONE_MATCH=etag).status_code == 304
    from conftest import make_user
    from pilkada.counting.services import entry_submit
    from pilkada.counting.tests.helpers import kwargs

    entry_submit(
        actor=make_user("kpps_a1b", "kpps", TPS_B),
        tps_kode=TPS_B,
        contest_kode="pilgub",
        **kwargs({1: 50, 2: 60}),
    )
    again = c.get("/hasil/pilgub/data/1807.json", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again.json()["jumlah"]["suara"] == {"1": 239, "2": 231}


def test_superseded_tps_is_shown_as_such_and_not_counted(users, data) -> None:
    ResultSupersession.objects.create(
        tps_id=TPS_A,
        contest_kode="",
        kind="hsu",
        reason="Rekomendasi Bawaslu",
        ordered_at=clock.now(),
    )
    kab = area_results(actor=None, contest_kode="pilgub", area_code="1807")
    assert kab["jumlah"]["suara"] == {"1": 69, "2": 91}
    assert kab["progres"]["tps_diganti"] == 1
    d = tps_results(actor=None, contest_kode="pilgub", tps_kode=TPS_A)
    assert d["diganti"] is True
    html = Client().get(f"/hasil/pilgub/tps/{TPS_A}/").content.decode()
    assert "tidak dijumlahkan" in html


def test_comparison_lists_every_difference_with_its_reason(data) -> None:
    html = Client().get("/hasil/pilgub/banding/").content.decode()
    assert "Salah salin" in html and "suara_1: 70 → 69" in html
    from pilkada.results.selectors import comparison

    d = comparison(actor=None, contest_kode="pilgub")
    row = next(r for r in d["kecamatan"] if r["kode"] == "180702")
    assert row["suara_tps"] == {"1": 70, "2": 90} and row["suara_rekap"] == {"1": 69, "2": 91}
    assert row["selisih"] == {"1": -1, "2": 1}


def test_pages_home_area_map_and_english(data) -> None:
    c = Client()
    for url in (
        "/hasil/",
        "/hasil/pilgub/",
        "/hasil/pilgub/wilayah/180701/",
        "/hasil/data/",
        "/hasil/pilgub/peta/",
        "/hasil/pilgub/peta/180701/?warna=partisipasi",
        "/hasil/skema/tps-1.json",
    ):
        assert c.get(url).status_code == 200, url
    assert c.get("/hasil/pilgub/wilayah/9999/").status_code == 404
    assert c.get("/hasil/pilgub/tps/1807012001999/").status_code == 404
    # English through the template (a set_language request would leave English active in
    # this thread for the tests that follow).
    d = area_results(actor=None, contest_kode="pilgub", area_code="1807")
    with translation.override("en"):
        html = render_to_string("results/_status.html", {"d": d})
    assert "TPS count, not yet the official recapitulation" in html


def test_after_the_demo_results_load_every_level_equals_the_recapitulation(users, tmp_path) -> None:
    from conftest import make_user
    from pilkada.counting.services import demo_results_load
    from pilkada.counting.tests.test_demo_results import CSV
    from pilkada.pemilihan.models import Contest, Election, Pair

    e = Election.objects.create(
        kode="u", nama="U", tanggal=clock.local_today(), kode_wilayah="1807"
    )
    for kode, jenis, wil in (("pilgub", "gubernur", "18"), ("pilbup", "bupati", "1807")):
        c = Contest.objects.create(
            election=e, kode=kode, jenis=jenis, kode_wilayah=wil, nama_wilayah=wil
        )
        for n in (1, 2):
            Pair.objects.create(contest=c, nomor_urut=n, calon=f"C{n}", wakil=f"W{n}")
    (tmp_path / "lampung_timur_pilkada2024_kecamatan.csv").write_text(CSV)
    second = make_user("kpu2", "kpu_admin", "1807")
    demo_results_load(first=users["kpu"], second=second, data_dir=tmp_path, area_code="1807")
    for contest in ("pilgub", "pilbup"):
        for code in ("1807", "180701", "180702", "1807012001", "1807012002", "1807022001"):
            pub = area_results(actor=None, contest_kode=contest, area_code=code)
            rec = recap_get(actor=users["kpu"], contest_kode=contest, area_code=code)
            assert pub["jumlah"]["suara"] == {str(k): v for k, v in rec.total["suara"].items()}
            assert pub["progres"]["tps_terverifikasi"] == pub["progres"]["tps_total"]
        for form in CHasil.objects.filter(contest__kode=contest).select_related("counted"):
            assert form.counted is not None
            d = tps_results(actor=None, contest_kode=contest, tps_kode=form.tps_id)
            assert d["angka_formulir"] == form.counted.angka
    kab = area_results(actor=None, contest_kode="pilbup", area_code="1807")
    assert kab["jumlah"]["suara"] == {"1": 1210 + 580, "2": 640 + 371}
