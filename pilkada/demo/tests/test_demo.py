import csv
from collections import Counter

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models import Count

from pilkada.adhoc.models import Body, Member
from pilkada.audit.models import AuditEntry
from pilkada.audit.selectors import audit_chain_verify
from pilkada.pemilihan.models import Contest, Pair
from pilkada.supervision.models import Case, TpsVulnerability
from pilkada.tahapan.models import Stage
from pilkada.tps.models import Tps
from pilkada.voters.models import DuplicatePair, Voter
from pilkada.wilayah.models import Desa, Kecamatan


def snapshot():
    return {
        "kecamatan": Kecamatan.objects.count(),
        "desa": Desa.objects.count(),
        "tps": Tps.objects.count(),
        "contests": Contest.objects.count(),
        "pairs": Pair.objects.count(),
        "stages": Stage.objects.count(),
        "members": Member.objects.count(),
        "supervision_cases": Case.objects.count(),
        "tps_rawan": TpsVulnerability.objects.values("tps").distinct().count(),
        "voters": Voter.objects.count(),
        "duplicate_pairs": DuplicatePair.objects.count(),
    }


@pytest.mark.django_db
def test_demo_loads_lampung_timur_once():
    call_command("demo")
    counts = snapshot()
    assert counts["kecamatan"] == 24
    assert counts["desa"] == 264
    assert counts["tps"] == 1621
    assert counts["contests"] == 2
    assert counts["pairs"] == 4
    # Supervision: 6 reports + 1 linked duplicate + 1 PKD finding + 1 checklist finding.
    assert counts["supervision_cases"] == 9
    # The 40 detailed TPS rawan of Sukadana, then a mapping of most other TPS (some left out).
    assert 40 < counts["tps_rawan"] < 1621
    assert set(Case.objects.values_list("status", flat=True)) >= {
        "diterima",
        "kajian_awal",
        "tidak_lengkap",
        "ditindaklanjuti",
        "diteruskan",
    }
    assert Case.objects.filter(terlambat=True).count() == 1

    # Per-kecamatan TPS counts are those of the Pilkada 2024 file; every desa has a TPS.
    with (settings.PILKADA_DATA_DIR / "lampung_timur_pilkada2024_kecamatan.csv").open() as fh:
        expected = {
            r["kode_kecamatan_kpu"]: int(r["jumlah_tps_pilkada2024"]) for r in csv.DictReader(fh)
        }
    actual = dict(Tps.objects.values_list("kecamatan_kode").annotate(n=Count("kode")))
    assert actual == expected
    assert not Desa.objects.annotate(n=Count("tps")).filter(n=0).exists()

    # Rosters: PPK 5/kecamatan, PPS 3/desa, KPPS 7 + Linmas 2 + PTPS 1 per TPS, ...
    bodies = Counter(Member.objects.values_list("body", flat=True))
    assert bodies == {
        Body.PPK: 120,
        Body.PPS: 792,
        Body.KPPS: 7 * 1621,
        Body.LINMAS: 2 * 1621,
        Body.PANWASCAM: 72,
        Body.PKD: 264,
        Body.PTPS: 1621,
    }

    # The synthetic roll: its configured size (823,417 under `make run`), no TPS over 600, the
    # per-TPS DPT counts in step, families in one TPS, and the planted duplicates queued.
    assert counts["voters"] == settings.PILKADA_DEMO_VOTERS
    assert not Tps.objects.filter(jumlah_dpt__gt=600).exists()
    if counts["voters"]:  # without a roll, the logistics demo fills jumlah_dpt itself
        assert sum(Tps.objects.values_list("jumlah_dpt", flat=True)) == counts["voters"]
    families = Voter.objects.values("nkk_hash").annotate(n=Count("tps_kode", distinct=True))
    assert not families.filter(n__gt=1).exists()
    assert (counts["duplicate_pairs"] > 0) == (counts["voters"] > 0)

    # Readiness on the demo: most TPS trained and mapped, some not; the dashboard's counts are
    # the domains' own (direct counts here).
    from pilkada.accounts.models import User
    from pilkada.kesiapan.selectors import area_summary

    kpu = User.objects.get(username="kpu")
    s = area_summary(actor=kpu, area="1807")
    untrained = set(
        Member.objects.filter(body__in=[Body.KPPS, Body.LINMAS], dilatih=False).values_list(
            "unit_code", flat=True
        )
    )
    assert s.area.ready["bimtek"] == 1621 - len(untrained) and 0 < len(untrained) < 100
    assert s.area.ready["rawan"] + s.area.ready["kasus"] > 0
    mapped = counts["tps_rawan"]
    assert s.area.ready["rawan"] <= mapped < 1621
    if not counts["voters"]:  # no roll: no TPS can have its DPT final and posted
        assert s.area.ready["dpt"] == s.area.ready["undangan"] == 0
    assert s.area.ready["kpps"] == 1621

    entries = AuditEntry.objects.count()
    call_command("demo")  # a second `make run`
    assert snapshot() == counts
    assert AuditEntry.objects.count() == entries  # nothing was written, so nothing was logged
    assert audit_chain_verify()[1] is None


@pytest.mark.django_db
def test_province_demo_has_two_kpu_provinsi_accounts():
    """`pilkada demo --province 18` makes KPU Provinsi's proposer and approver, prints them with
    the demo password, and a second run makes nothing twice; they land on the province tasks."""
    from io import StringIO

    from django.test import Client

    from pilkada.accounts.models import User
    from pilkada.accounts.roles import Role
    from pilkada.demo.services import DEMO_PASSWORD

    out = StringIO()
    call_command(
        "demo", province="18", kabupaten="1872", scale=0.002, tanpa_pemilih=True, stdout=out
    )
    users = User.objects.filter(role=Role.KPU_PROVINSI).order_by("username")
    assert [(u.username, u.area_code) for u in users] == [
        ("kpu.provinsi", "18"),
        ("kpu.provinsi.2", "18"),
    ]
    printed = out.getvalue()
    assert DEMO_PASSWORD in printed and "kpu.provinsi.2" in printed
    created = AuditEntry.objects.filter(action="accounts.user.created").count()
    call_command(
        "demo", province="18", kabupaten="1872", scale=0.002, tanpa_pemilih=True, stdout=StringIO()
    )
    assert AuditEntry.objects.filter(action="accounts.user.created").count() == created
    gub = Contest.objects.get(jenis=Contest.Jenis.GUBERNUR, kode_wilayah="18")
    c = Client()
    assert c.login(username="kpu.provinsi", password=DEMO_PASSWORD)
    home = c.get("/").content.decode()
    assert "KPU Provinsi" in home and f"/rekap/{gub.kode}/18/" in home
    assert c.get(f"/rekap/{gub.kode}/18/").status_code == 200
