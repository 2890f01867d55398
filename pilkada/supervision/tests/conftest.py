from datetime import date, datetime, timedelta
from typing import Any

import pytest

from conftest import make_user
from pilkada.accounts.roles import Role
from pilkada.core import clock
from pilkada.supervision.models import Case
from pilkada.supervision.services import NewReport, case_assign, report_receive

REPORTER_NAME = "Siti Kustini Wulandari"
REPORTER_CONTACT = "0812-7777-1234"
REPORTER_ADDRESS = "Dusun III RT 02 Sukadana"


@pytest.fixture
def sup(users):
    """Supervision roles of the small world, on top of the shared `users`."""
    return {
        **users,
        "panwascam_a": make_user("panwascam_a", Role.PANWASCAM, "180701"),
        "panwascam_b": make_user("panwascam_b", Role.PANWASCAM, "180702"),
        "pkd_a1": make_user("pkd_a1", Role.PKD, "1807012001"),
        "ptps_a1": make_user("ptps_a1", Role.PTPS, "1807012001001"),
        "bawaslu_2": make_user("bawaslu_2", Role.BAWASLU, "1807"),
    }


def new_report(**over):
    now = clock.local_now()
    values: dict[str, Any] = {
        "nama": REPORTER_NAME,
        "alamat": REPORTER_ADDRESS,
        "kontak": REPORTER_CONTACT,
        "kategori": "politik_uang",
        "desa_kode": "1807012001",
        "tps_nomor": 1,
        "tempat": "Depan balai desa",
        "terlapor": "Tim sukses paslon X",
        "peristiwa_pada": now - timedelta(days=1),
        "diketahui_pada": (now - timedelta(days=1)).date(),
        "uraian": "Pembagian amplop berisi uang kepada warga menjelang pemungutan suara.",
        "saksi": "Pak Budi",
    }
    values.update(over)
    return NewReport(**values)


@pytest.fixture
def report(sup) -> Case:
    case = report_receive(report=new_report())
    case_assign(actor=sup["bawaslu"], case_id=case.pk, officers=[sup["panwascam_a"]])
    case.refresh_from_db()
    return case


__all__ = ["date", "datetime"]
