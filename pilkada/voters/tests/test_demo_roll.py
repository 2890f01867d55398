import pytest
from django.db.models import Count

from pilkada.audit.models import AuditEntry
from pilkada.tps.models import Tps
from pilkada.voters.models import DuplicatePair, Voter
from pilkada.voters.services import demo_roll_load


@pytest.mark.django_db
def test_demo_roll_is_loaded_once_with_families_in_one_tps(world):
    done = demo_roll_load(voters=3_000, seed=2024, duplicates=0.003)
    assert done["pemilih_baru"] == Voter.objects.count() == 3_000
    assert not Tps.objects.filter(jumlah_dpt__gt=600).exists()
    assert sum(Tps.objects.values_list("jumlah_dpt", flat=True)) == 3_000
    families = Voter.objects.values("nkk_hash").annotate(n=Count("tps_kode", distinct=True))
    assert not families.filter(n__gt=1).exists()
    assert families.filter(n=1).count() < 3_000  # households share an NKK
    assert DuplicatePair.objects.exists()
    entries = AuditEntry.objects.count()
    assert demo_roll_load(voters=3_000, seed=2024, duplicates=0.003) == {"pemilih_baru": 0}
    assert Voter.objects.count() == 3_000 and AuditEntry.objects.count() == entries
