"""The election-night simulator over HTTP on a small subset: sums match, nothing lost or doubled."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from pilkada.counting.models import CHasil, Entry
from pilkada.counting.selectors import totals
from pilkada.pemilihan.models import Contest, Election, Pair

CSV = (
    "kode_kecamatan_kpu,nama_kecamatan,jumlah_tps_pilkada2024,bupati_paslon_1,bupati_paslon_2,"
    "gubernur_paslon_1,gubernur_paslon_2\n"
    "180701,Sukadana,4,1210,640,420,1390\n"
    "180702,Labuhan Maringgai,2,580,371,190,760\n"
)


@pytest.mark.django_db(transaction=True)
def test_simulator_counts_every_form_once(world, live_server, tmp_path: Path, settings) -> None:
    from datetime import date

    e = Election.objects.create(
        kode="uji", nama="Uji", tanggal=date(2024, 11, 27), kode_wilayah="1807"
    )
    for kode, jenis, wil in (("pilgub", "gubernur", "18"), ("pilbup", "bupati", "1807")):
        c = Contest.objects.create(
            election=e, kode=kode, jenis=jenis, kode_wilayah=wil, nama_wilayah=wil
        )
        for n in (1, 2):
            Pair.objects.create(contest=c, nomor_urut=n, calon=f"C{n}", wakil=f"W{n}")
    data = tmp_path / "kec.csv"
    data.write_text(CSV)
    # In-memory SQLite (the SQLite test run) cannot hold two writers; PostgreSQL runs 3 clients.
    clients = 3 if connection.vendor == "postgresql" else 1
    call_command(
        "simulate_count", clients=clients, url=live_server.url, data=str(data), resend=0.5, seed=3
    )
    bup, gub = Contest.objects.get(kode="pilbup"), Contest.objects.get(kode="pilgub")
    t = totals(contest=bup, area_codes=["1807", "180701", "180702"])
    assert t["1807"]["suara"] == {1: 1790, 2: 1011}
    assert t["180701"]["suara"] == {1: 1210, 2: 640}
    assert t["1807"]["tps_count"] == 6
    g = totals(contest=gub, area_codes=["1807"])["1807"]
    assert g["suara"] == {1: 610, 2: 2150} and g["tps_count"] == 6
    # Two entries per form, however many times each was sent.
    assert Entry.objects.count() == 2 * 6 * 2
    assert CHasil.objects.filter(status="terverifikasi").count() == 12
    # The public results (issue #5) publish exactly the recapitulation totals after the simulator,
    # at every level, and each TPS's published numbers are its verified form's.
    from django.test import Client

    settings.RESULTS_VERSION_SECONDS = 0
    # The results cache is keyed by a data version made of the tables' largest ids, which an
    # earlier test of the same worker (rolled back, ids reused on SQLite) may have cached too.
    from django.core.cache import cache

    cache.clear()
    client = Client()
    for contest in (bup, gub):
        for code in ("1807", "180701", "180702", "1807012001", "1807012002", "1807022001"):
            public = client.get(f"/api/hasil/{contest.kode}/wilayah/{code}").json()
            recap = totals(contest=contest, area_codes=[code])[code]
            assert {int(k): v for k, v in public["jumlah"]["suara"].items()} == recap["suara"]
            assert public["jumlah"]["suara_sah"] == recap["suara_sah"]
            assert public["jumlah"]["tps_dihitung"] == recap["tps_count"]
        for form in CHasil.objects.filter(contest=contest).select_related("counted"):
            rows = client.get(f"/api/hasil/{contest.kode}/wilayah/{form.tps.desa_id}").json()
            row = next(r for r in rows["baris"] if r["kode"] == form.tps_id)
            assert row["terverifikasi"] is True
            assert form.counted is not None
            assert {int(k): v for k, v in row["angka"]["suara"].items()} == {
                int(k): v for k, v in form.counted.suara.items()
            }
