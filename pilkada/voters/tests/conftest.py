from datetime import date

import pytest
from django.core.cache import cache

from pilkada.tps.models import Tps
from pilkada.voters.generator import csv_bytes, generate
from pilkada.voters.models import ImportBatch
from pilkada.voters.services import import_run, import_start

VOTING_DAY = date(2024, 11, 27)
PLACES = [
    "SUKADANA",
    "LABUHAN MARINGGAI",
    "PEKALONGAN",
    "BATANGHARI",
    "SEKAMPUNG",
    "WAY JEPARA",
    "JABUNG",
    "PASIR SAKTI",
    "BRAJA SELEBAH",
    "METRO KIBANG",
]


def world_tps() -> list[tuple[str, int]]:
    """TPS with the room left in each (cap minus registered DPT voters)."""
    return [
        (k, b - d)
        for k, b, d in Tps.objects.order_by("kode").values_list(
            "kode", "batas_pemilih", "jumlah_dpt"
        )
    ]


def make_rows(voters: int, *, seed: int = 7, duplicates: float = 0.0):
    return generate(
        tps=world_tps(),
        voters=voters,
        seed=seed,
        duplicates=duplicates,
        voting_day=VOTING_DAY,
        places=PLACES,
    )


def load(rows, *, actor=None, filename: str = "dpt.csv") -> ImportBatch:
    batch = import_start(actor=actor, data=csv_bytes(rows), filename=filename, area_code="1807")
    return import_run(batch_id=batch.pk)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def many_tps(world):
    """200 more TPS in one desa, so 100,000 voters fit under the cap of 600."""
    desa = world.desa_a1
    Tps.objects.bulk_create(
        [
            Tps(kode=f"{desa.kode}{n:03d}", desa=desa, kecamatan_kode=desa.kecamatan_id, nomor=n)
            for n in range(3, 203)
        ]
    )
    return world
