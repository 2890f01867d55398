from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from pilkada.core import clock
from pilkada.core.api import PUBLIC_ERRORS
from pilkada.pemilihan.selectors import election_get_current
from pilkada.tahapan.selectors import stage_status_list

router = Router(tags=["tahapan"])


class StageOut(Schema):
    kode: str
    nama: str
    mulai: datetime
    selesai: datetime
    status: str
    sumber: str


class ScheduleOut(Schema):
    sekarang: datetime
    simulasi: bool
    tahapan: list[StageOut]


@router.get("", response={200: ScheduleOut, **PUBLIC_ERRORS}, auth=None)
def schedule(request: HttpRequest) -> ScheduleOut:
    """Stages and deadlines with their status at the system clock (rehearsal included)."""
    election = election_get_current()
    stages = stage_status_list(election=election) if election else []
    return ScheduleOut(
        sekarang=clock.now(),
        simulasi=bool(clock.current_offset()),
        tahapan=[
            StageOut(
                kode=s.stage.kode,
                nama=s.stage.nama,
                mulai=s.stage.mulai,
                selesai=s.stage.selesai,
                status=s.status,
                sumber=s.stage.sumber,
            )
            for s in stages
        ],
    )
