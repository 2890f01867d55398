"""Kesiapan (issue #10): every dashboard count equals what the domains hold, and a TPS missing
exactly one item shows exactly that item as not ready."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client

from conftest import make_user
from pilkada.accounts.roles import Role
from pilkada.adhoc.models import Body, Member, Position
from pilkada.adhoc.services import NewMember, member_bulk_create, training_record
from pilkada.budget.models import Entitlement, Payout
from pilkada.budget.services import (
    entitlements_compute,
    payout_confirm,
    payout_record,
    pps_transfer_record,
    rates_sync,
)
from pilkada.counting.models import CHasil
from pilkada.counting.services import entry_submit
from pilkada.counting.tests.conftest import make_contests
from pilkada.counting.tests.helpers import kwargs
from pilkada.kesiapan.selectors import ITEM_KEYS, State, area_summary, tps_readiness
from pilkada.logistics.selectors import tps_logistics
from pilkada.logistics.services import items_sync
from pilkada.supervision.models import Case, TpsVulnerability
from pilkada.supervision.rawan import INDICATOR_VARIABLE
from pilkada.supervision.services import rawan_record
from pilkada.tahapan.models import Stage
from pilkada.tps.models import Tps
from pilkada.voters.models import DptPosting, InvitationDelivery, Jenis, Voter
from pilkada.voters.services import demo_roll_load, dpt_posting_record, invitation_record

pytestmark = pytest.mark.django_db

TARGET = "1807012001001"
PRE_VOTING = ["kpps", "bimtek", "dpt", "undangan", "logistik", "honor", "rawan", "kasus"]
ALL_CODES = sorted(INDICATOR_VARIABLE)


def _team(code: str, kpps: int = 7, linmas: int = 2) -> list[NewMember]:
    rows = [
        NewMember(
            Body.KPPS, Position.KETUA if i == 0 else Position.ANGGOTA, code, f"K{i}", "", "", ""
        )
        for i in range(kpps)
    ]
    rows += [
        NewMember(Body.LINMAS, Position.PETUGAS, code, f"L{i}", "", "", "") for i in range(linmas)
    ]
    return rows


def _dpt(code: str) -> int:
    return Voter.objects.filter(tps_kode=code, jenis=Jenis.DPT, status=Voter.Status.AKTIF).count()


def _ready_tps(users, code: str, *, skip: str = "") -> None:
    """Make one TPS ready on every pre-voting item except `skip`, through the services."""
    kpu, bawaslu = users["kpu"], users["bawaslu"]
    member_bulk_create(
        actor=None, rows=_team(code, kpps=6 if skip == "kpps" else 7), area_code=code
    )
    if skip != "bimtek":
        training_record(actor=kpu, unit_codes=[code], tanggal=date(2024, 11, 1))
    if skip != "dpt":
        dpt_posting_record(actor=kpu, tps_kode=code, ditempel_pada=date(2024, 10, 1))
    n = _dpt(code)
    invitation_record(
        actor=kpu,
        tps_kode=code,
        jumlah=n - 1 if skip == "undangan" else n,
        tanggal=date(2024, 11, 20),
    )
    entitlements_compute(actor=kpu, area_code=code)
    pps = (
        make_user(f"pps_{code}", Role.PPS, code[:10])
        if code[:10] != "1807012001"
        else users["pps_a1"]
    )
    kpps = make_user(f"kpps_{code}", Role.KPPS, code)
    owed = sum(Entitlement.objects.filter(unit_code=code).values_list("bruto", flat=True))
    pps_transfer_record(actor=kpu, desa_kode=code[:10], jumlah=owed, tanggal=date(2024, 11, 19))
    for e in Entitlement.objects.filter(unit_code=code):
        tax = e.bruto * 6 // 100
        payout_record(actor=pps, member_id=e.member_id, dibayar=e.bruto - tax, pajak=tax)
        got = e.bruto - tax - (200_000 if skip == "honor" else 0)
        payout_confirm(actor=kpps, member_id=e.member_id, diterima=got)
    present = dict.fromkeys(ALL_CODES, False)
    if skip == "rawan":  # rawan tinggi: many indicators present
        present.update(dict.fromkeys(ALL_CODES[:12], True))
    rawan_record(actor=bawaslu, tps_kode=code, present=present)
    if skip == "logistik":
        items_sync(actor=None, contests=[("pilgub", "Gubernur")])
    if skip == "kasus":
        from pilkada.supervision.services import checklist_submit

        ptps = make_user(f"ptps_{code}", Role.PTPS, code)
        checklist_submit(actor=ptps, tps_kode=code, answers={"politik_uang": True})


@pytest.fixture
def roll(world, settings):
    settings.PILKADA_REGION_CODE = "1807"
    rates_sync(actor=None)
    demo_roll_load(voters=60, seed=1, duplicates=0.0)
    assert all(_dpt(k) > 0 for k in world.tps)
    return world


@pytest.mark.parametrize("skip", ["", *PRE_VOTING])
def test_tps_missing_one_item_shows_exactly_that_item(roll, users, skip):
    _ready_tps(users, TARGET, skip=skip)
    row = {r.kode: r for r in tps_readiness(actor=users["kpu"], area="1807")}[TARGET]
    assert row.missing == ([skip] if skip else [])
    for key in PRE_VOTING:
        assert row.checks[key].ready is (key != skip), (key, row.checks[key])
    for key in ("buka", "masuk", "verif"):  # no election schedule: not voting day
        assert row.checks[key].state == State.NA
    page = Client()
    page.force_login(users["kpu"])
    html = page.get(f"/kesiapan/tps/{TARGET}/").content.decode()
    assert html.count('class="light gap"') == (2 if skip else 0)  # the row and the lead


def test_dashboard_counts_equal_the_domains(roll, users):
    kpu = users["kpu"]
    _ready_tps(users, TARGET)
    _ready_tps(users, "1807022001002", skip="honor")
    member_bulk_create(actor=None, rows=_team("1807012002001", linmas=1), area_code="1807012002001")
    dpt_posting_record(actor=kpu, tps_kode="1807012002002", ditempel_pada=date(2024, 10, 2))
    invitation_record(actor=kpu, tps_kode="1807012002002", jumlah=1, tanggal=date(2024, 11, 20))
    s = area_summary(actor=kpu, area="1807")
    codes = sorted(roll.tps)
    # Direct counts from each domain's models.
    team = {
        k: (
            Member.objects.filter(unit_code=k, body=Body.KPPS, aktif=True).count(),
            Member.objects.filter(unit_code=k, body=Body.LINMAS, aktif=True).count(),
            Member.objects.filter(unit_code=k, body__in=[Body.KPPS, Body.LINMAS], aktif=True),
        )
        for k in codes
    }
    formed = sum(1 for k in codes if team[k][0] >= 7 and team[k][1] >= 2)
    trained = sum(
        1 for k in codes if team[k][2].exists() and not team[k][2].filter(dilatih=False).exists()
    )
    posted = sum(1 for k in codes if _dpt(k) and DptPosting.objects.filter(tps_kode=k).exists())
    invited = sum(
        1
        for k in codes
        if InvitationDelivery.objects.filter(tps_kode=k, jumlah__gte=_dpt(k)).exists()
    )
    logistik = sum(1 for t in tps_logistics(actor=kpu) if t.lengkap)

    def honor_ok(k: str) -> bool:
        ents = Entitlement.objects.filter(unit_code=k)
        pays = Payout.objects.filter(unit_code=k)
        return (
            ents.exists()
            and pays.count() == ents.count()
            and all(
                p.diterima is not None
                and p.diterima == p.dibayar
                and p.dibayar + p.pajak >= p.entitlement.bruto
                for p in pays
            )
        )

    honor = sum(1 for k in codes if honor_ok(k))
    rawan = len(set(TpsVulnerability.objects.values_list("tps_id", flat=True)))
    open_cases = (
        Case.objects.filter(tps__isnull=False, linked_to__isnull=True)
        .exclude(status__in=["dihentikan", "diteruskan"])
        .values_list("tps_id", flat=True)
    )
    expected = {
        "kpps": formed,
        "bimtek": trained,
        "dpt": posted,
        "undangan": invited,
        "logistik": logistik,
        "honor": honor,
        "rawan": rawan,
        "kasus": len(codes) - len(set(open_cases)),
    }
    assert {k: s.area.ready[k] for k in expected} == expected
    assert expected["kpps"] == 2 and expected["honor"] == 1 and expected["dpt"] == 3
    assert all(s.area.applies[k] == len(codes) for k in expected)
    assert s.area.tps == len(codes) and s.area.tps_ready == 1
    # Per kecamatan, the children add up to the kabupaten.
    for key in ITEM_KEYS:
        assert sum(c.ready[key] for c in s.children) == s.area.ready[key]
    # The PPS of desa a1 sees its two TPS only, with the same states; outside is 404.
    pps_rows = tps_readiness(actor=users["pps_a1"], area="1807012001")
    assert [r.kode for r in pps_rows] == ["1807012001001", "1807012001002"]
    page = Client()
    page.force_login(users["pps_a1"])
    assert page.get("/kesiapan/1807012002/").status_code == 404
    assert page.get("/api/kesiapan/tps?wilayah=1807022001").status_code == 404
    api = page.get("/api/kesiapan/tps?wilayah=1807012001").json()
    assert [r["kode"] for r in api] == ["1807012001001", "1807012001002"]
    assert api[0]["siap"] is True and api[1]["siap"] is False
    assert "rawan" not in api[1]["belum_siap"]  # not for the PPS's role: n/a
    assert api[0]["butir"]["rawan"]["keadaan"] == "na"
    kab = Client()
    kab.force_login(kpu)
    body = kab.get("/api/kesiapan/wilayah/1807").json()
    assert body["butir"]["kpps"] == {"siap": 2, "dinilai": 6} and len(body["anak"]) == 2
    for url in ("/kesiapan/", "/kesiapan/180701/", "/kesiapan/1807012001/"):
        r = kab.get(url)
        assert r.status_code == 200, url
    pdf = kab.get("/kesiapan/180701/ringkasan.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_voting_day_items_follow_the_schedule_and_the_count(roll, users):
    contests = make_contests()
    election = contests["gub"].election
    now = datetime.now(UTC)
    Stage.objects.create(
        election=election,
        kode="pemungutan_suara",
        nama="Pemungutan",
        mulai=now + timedelta(days=1),
        selesai=now + timedelta(days=2),
    )
    kpu = users["kpu"]
    row = {r.kode: r for r in tps_readiness(actor=kpu, area="1807")}[TARGET]
    assert row.checks["verif"].state == State.NA
    Stage.objects.filter(kode="pemungutan_suara").update(mulai=now - timedelta(hours=1))
    row = {r.kode: r for r in tps_readiness(actor=kpu, area="1807")}[TARGET]
    assert [row.checks[k].state for k in ("buka", "masuk", "verif")] == [State.GAP] * 3
    numbers = {"dpt": Tps.objects.get(pk=TARGET).jumlah_dpt, "invalid": 1}
    for c in ("pilgub", "pilbup"):
        votes = {1: 3, 2: 2} if c == "pilgub" else {1: 3, 0: 2}
        entry_submit(
            actor=users["kpps_a1"], tps_kode=TARGET, contest_kode=c, **kwargs(votes, **numbers)
        )
    row = {r.kode: r for r in tps_readiness(actor=kpu, area="1807")}[TARGET]
    assert [row.checks[k].ready for k in ("buka", "masuk", "verif")] == [True, True, False]
    for c in ("pilgub", "pilbup"):
        votes = {1: 3, 2: 2} if c == "pilgub" else {1: 3, 0: 2}
        entry_submit(
            actor=users["pps_a1"], tps_kode=TARGET, contest_kode=c, **kwargs(votes, **numbers)
        )
    assert (
        list(CHasil.objects.filter(tps_id=TARGET).values_list("status", flat=True))
        == [CHasil.Status.TERVERIFIKASI] * 2
    )
    s = area_summary(actor=kpu, area="1807")
    assert (s.area.ready["verif"], s.area.applies["verif"]) == (1, 6)


def test_bimtek_form_records_through_the_service_and_is_scoped(world, users):
    member_bulk_create(actor=None, rows=_team(TARGET), area_code=TARGET)
    page = Client()
    page.force_login(users["pps_a1"])
    assert "bimtek/" in page.get(f"/kesiapan/tps/{TARGET}/").content.decode()
    r = page.post(f"/kesiapan/tps/{TARGET}/bimtek/", {"tanggal": "2024-11-09"})
    assert r.status_code == 302
    trained = Member.objects.filter(unit_code=TARGET, dilatih=True, dilatih_pada=date(2024, 11, 9))
    assert trained.count() == 9
    page.post(f"/kesiapan/tps/{TARGET}/bimtek/", {"tanggal": "kemarin"})  # refused, not a 500
    other = Client()
    other.force_login(users["pps_a2"])
    assert (
        other.post(f"/kesiapan/tps/{TARGET}/bimtek/", {"tanggal": "2024-11-09"}).status_code == 404
    )
