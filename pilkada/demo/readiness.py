"""Demo readiness facts (issue #10): bimtek attended, DPT posted, C.Pemberitahuan handed out,
TPS rawan mapped. Most TPS are ready, some are not, so the dashboard has something to show.
Idempotent: each part runs only while nothing of it is recorded yet."""

import random
from collections.abc import Callable
from datetime import date
from typing import Any

from pilkada.accounts.models import User
from pilkada.adhoc.models import Member
from pilkada.adhoc.services import training_record
from pilkada.supervision.models import TpsVulnerability
from pilkada.supervision.rawan import INDICATOR_VARIABLE
from pilkada.supervision.services import rawan_bulk_record
from pilkada.tps.models import Tps
from pilkada.voters.models import DptPosting, InvitationDelivery
from pilkada.voters.services import distribution_bulk_record


def demo_load_readiness(
    *, kabupaten: str, seed: int = 10, say: Callable[[str], None] = lambda s: None
) -> dict[str, Any]:
    rng = random.Random(seed)
    tps = list(
        Tps.objects.filter(kode__startswith=kabupaten)
        .order_by("kode")
        .values_list("kode", "jumlah_dpt")
    )
    done: dict[str, Any] = {}
    if not Member.objects.filter(
        unit_code__startswith=kabupaten, dilatih_pada__isnull=False
    ).exists():
        trained = [k for k, _d in tps if rng.random() > 0.03]
        done["bimtek_anggota"] = training_record(
            actor=None, unit_codes=trained, tanggal=date(2024, 11, 9), area_code=kabupaten
        )
        say(f"kesiapan: bimtek KPPS tercatat di {len(trained)} TPS")
    if not (
        DptPosting.objects.filter(tps_kode__startswith=kabupaten).exists()
        or InvitationDelivery.objects.filter(tps_kode__startswith=kabupaten).exists()
    ):
        postings = {k: date(2024, 10, 1) for k, _d in tps if rng.random() > 0.02}
        invitations = {}
        for k, dpt in tps:
            short = rng.randint(1, 25) if rng.random() < 0.05 else 0
            invitations[k] = (max(0, dpt - short), date(2024, 11, 23))
        # Counts are capped at each TPS's DPT on the roll (none without a roll).
        done["pengumuman_dan_undangan"] = distribution_bulk_record(
            actor=None, area_code=kabupaten, postings=postings, invitations=invitations
        )
        say(f"kesiapan: pengumuman DPT dan C.Pemberitahuan ({done['pengumuman_dan_undangan']})")
    bawaslu = User.objects.filter(username="bawaslu").first()
    mapped = set(
        TpsVulnerability.objects.filter(tps__kode__startswith=kabupaten).values_list(
            "tps_id", flat=True
        )
    )
    if bawaslu is not None and len(mapped) < len(tps):
        rng = random.Random(seed + 3)  # its own draws: a second run picks the same TPS
        codes = sorted(INDICATOR_VARIABLE)
        present = {}
        for k, _d in tps:
            # Every TPS takes its draws, mapped or not, so a second run draws the same.
            left_out = rng.random() < 0.02  # a few TPS not mapped yet
            chosen = rng.sample(codes, rng.choice([0] * 14 + [1, 1, 2, 3, 6]))
            if k not in mapped and not left_out:
                present[k] = chosen
        done["tps_dipetakan"] = rawan_bulk_record(
            actor=bawaslu, area_code=kabupaten, present=present
        )
        say(f"kesiapan: pemetaan TPS rawan untuk {done['tps_dipetakan']} TPS")
    return done
