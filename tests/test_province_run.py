"""A small synthetic province (issue #9): two kabupaten at 1/500 scale, rolls imported, the
governor race entered over HTTP by each kabupaten's KPU, and the province recapitulation equal to
the (scaled) sums of data/lampung_pilkada2024_gubernur_kabupaten.csv."""

import csv

import jsonschema_rs
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.test import Client

from pilkada.accounts.models import User
from pilkada.accounts.roles import Role
from pilkada.counting.demo_results import KABUPATEN_FILE, scaled
from pilkada.counting.selectors import totals
from pilkada.demo.province import province_plan
from pilkada.pemilihan.models import Contest
from pilkada.results import opendata
from pilkada.tps.models import Tps
from pilkada.voters.models import Voter
from pilkada.wilayah.models import Desa, Kecamatan

SCALE = 0.002
KABUPATEN = ("1807", "1872")


def file_sums(only: tuple[str, ...], scale: float) -> dict[int, int]:
    """The file's governor votes per pair, each kabupaten scaled, summed (read independently)."""
    out: dict[int, int] = {}
    path = django_settings.PILKADA_DATA_DIR / KABUPATEN_FILE
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["kode_kabupaten_kpu"] in only:
                for n in (1, 2):
                    out[n] = out.get(n, 0) + scaled(int(row[f"gubernur_paslon_{n}"]), scale)
    return out


@pytest.mark.django_db(transaction=True)
def test_small_province_totals_equal_the_file(live_server, settings) -> None:
    call_command("demo", province="18", kabupaten=",".join(KABUPATEN), scale=SCALE)
    plans = {p.kode: p for p in province_plan(settings.PILKADA_DATA_DIR, scale=SCALE)}
    # Lampung Timur keeps its real 24 kecamatan and 264 desa; Metro's are synthetic.
    assert Kecamatan.objects.filter(kabupaten_id="1807").count() == 24
    assert Desa.objects.filter(kode__startswith="1807").count() == 264
    assert Kecamatan.objects.filter(kabupaten_id="1872", nama__startswith="Kecamatan Sintetis")
    for kab in KABUPATEN:
        assert Tps.objects.filter(kode__startswith=kab).count() == plans[kab].tps
        # Every roll went through the import: one DPT record per planned voter, counted per TPS.
        assert Voter.objects.filter(tps_kode__startswith=kab).count() == plans[kab].voters
        assert sum(
            Tps.objects.filter(kode__startswith=kab).values_list("jumlah_dpt", flat=True)
        ) == (plans[kab].voters)
    # A second run changes nothing.
    call_command("demo", province="18", kabupaten=",".join(KABUPATEN), scale=SCALE)
    assert Voter.objects.count() == sum(plans[k].voters for k in KABUPATEN)

    clients = 3 if connection.vendor == "postgresql" else 1
    call_command(
        "simulate_count",
        province="18",
        scale=SCALE,
        clients=clients,
        url=live_server.url,
        resend=0.2,
        seed=5,
    )
    contest = Contest.objects.get(jenis="gubernur", kode_wilayah="18")
    want = file_sums(KABUPATEN, SCALE)
    t = totals(contest=contest, area_codes=["18", *KABUPATEN])
    assert t["18"]["suara"] == want
    assert t["18"]["tps_count"] == sum(plans[k].tps for k in KABUPATEN)
    for kab in KABUPATEN:
        assert t[kab]["suara"] == file_sums((kab,), SCALE)
    # The province recapitulation (KPU Provinsi level) over the API: one row per kabupaten.
    reader = User.objects.get(username="sim.provinsi")
    assert (reader.role, reader.area_code, reader.is_superuser) == (Role.KPU_PROVINSI, "18", False)
    client = Client()
    client.force_login(reader)
    body = client.get(f"/api/rekap/{contest.kode}/18").json()
    assert body["tingkat"] == "provinsi"
    assert {int(k): v for k, v in body["total"]["suara"].items()} == want
    assert [r["kode"] for r in body["baris"]] == list(KABUPATEN)
    # The page renders too, with a link down to each kabupaten.
    page = client.get(f"/rekap/{contest.kode}/18/")
    assert page.status_code == 200 and b"/1872/" in page.content
    # The public results have the province level too, valid against the published schema.
    settings.RESULTS_VERSION_SECONDS = 0
    public = Client().get(f"/hasil/{contest.kode}/data/18.json").json()
    jsonschema_rs.validate(opendata.schema("wilayah-1"), public)
    assert public["wilayah"]["tingkat"] == "provinsi"
    assert {int(k): v for k, v in public["jumlah"]["suara"].items()} == want
    assert [r["kode"] for r in public["baris"]] == list(KABUPATEN)
    assert Client().get(f"/hasil/{contest.kode}/wilayah/18/").status_code == 200
    # A kabupaten KPU cannot read the province level (404, not "forbidden").
    kab_user = User.objects.filter(role=Role.KPU_ADMIN, area_code="1807").first()
    assert kab_user is not None
    client.force_login(kab_user)
    assert client.get(f"/api/rekap/{contest.kode}/18").status_code == 404
