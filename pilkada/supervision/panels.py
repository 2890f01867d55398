"""The supervision section of the TPS page (registered in apps.py, see tps/panels.py)."""

from typing import Any

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import can_see
from pilkada.supervision.selectors import cases_for_tps
from pilkada.supervision.workflow import CATEGORY_LABELS, STATUS_LABELS
from pilkada.tps.models import Tps
from pilkada.tps.panels import Panel


def tps_panel(actor: Any, tps: Tps) -> Panel | None:
    if not can_see(actor, tps.kode, Perm.SUPERVISION_VIEW):
        return None
    return Panel(
        "supervision/_tps_panel.html",
        {
            "tps": tps,
            "cases": cases_for_tps(actor=actor, tps_kode=tps.kode),
            "category_labels": CATEGORY_LABELS,
            "status_labels": STATUS_LABELS,
            "can_find": can_see(actor, tps.kode, Perm.SUPERVISION_FIND),
        },
    )
