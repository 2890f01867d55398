from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client

from pilkada.core import clock
from pilkada.pemilihan.models import Election
from pilkada.tahapan.loader import DEFAULT_SCHEDULE, load_schedule
from pilkada.tahapan.selectors import stage_status_list
from pilkada.tahapan.services import stages_sync

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def election(db):
    e = Election.objects.create(
        kode="uji", nama="Pilkada Uji", tanggal="2024-11-27", kode_wilayah="1807"
    )
    stages_sync(actor=None, election=e, rows=load_schedule(DEFAULT_SCHEDULE, zone="Asia/Jakarta"))
    return e


def status_of(election, kode, at):
    return next(
        s.status for s in stage_status_list(election=election, at=at) if s.stage.kode == kode
    )


def test_voting_window_is_seven_to_one_wib(election):
    assert (
        status_of(election, "pemungutan_suara", datetime(2024, 11, 27, 6, 59, tzinfo=WIB))
        == "akan datang"
    )
    assert (
        status_of(election, "pemungutan_suara", datetime(2024, 11, 27, 13, 0, tzinfo=WIB))
        == "berjalan"
    )
    assert (
        status_of(election, "pemungutan_suara", datetime(2024, 11, 27, 13, 1, tzinfo=WIB))
        == "selesai"
    )


def test_rehearsal_moves_the_clock_for_requests_only(election):
    real_before = clock.now()
    call_command("simulasi", "mulai", "2024-11-27 08:00")
    body = Client().get("/api/tahapan").json()
    assert body["simulasi"] is True
    assert body["sekarang"].startswith("2024-11-27T01:0")  # 08:0x WIB in UTC
    running = {s["kode"] for s in body["tahapan"] if s["status"] == "berjalan"}
    assert "pemungutan_suara" in running
    # Outside a request the real clock is untouched.
    assert abs((clock.now() - real_before).total_seconds()) < 60
    call_command("simulasi", "berhenti")
    assert Client().get("/api/tahapan").json()["simulasi"] is False


def test_schedule_is_idempotent(election):
    rows = load_schedule(DEFAULT_SCHEDULE, zone="Asia/Jakarta")
    assert stages_sync(actor=None, election=election, rows=rows) == 0
