import gzip

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pilkada.accounts.models import User
from pilkada.audit.models import AuditEntry
from pilkada.ops.backup import backed_up_models, backup_create
from pilkada.tps.models import Tps
from pilkada.tps.services import tps_update

pytestmark = pytest.mark.django_db(transaction=True)


def wipe():
    for model in reversed(backed_up_models()):
        model._default_manager.all().delete()


def test_backup_restores_into_an_empty_database_and_verifies(world, users, tmp_path):
    tps_update(actor=users["kpu"], kode="1807012001001", alamat="Sebelum cadangan")
    before = {
        "tps": Tps.objects.count(),
        "users": User.objects.count(),
        "audit": AuditEntry.objects.count(),
    }
    result = backup_create(tmp_path, name="uji")
    wipe()
    assert Tps.objects.count() == 0
    call_command("restore", str(result.manifest_path))
    assert {
        "tps": Tps.objects.count(),
        "users": User.objects.count(),
        "audit": AuditEntry.objects.count(),
    } == before
    assert Tps.objects.get(pk="1807012001001").alamat == "Sebelum cadangan"
    call_command("audit", "verify")
    # The restored system keeps working (sequences were reset on PostgreSQL).
    tps_update(actor=users["kpu"], kode="1807012001001", alamat="Setelah pemulihan")


def test_tampered_backup_is_refused(world, users, tmp_path):
    result = backup_create(tmp_path, name="uji")
    with gzip.open(result.data_path, "rt") as fh:
        text = fh.read()
    with gzip.open(result.data_path, "wt") as fh:
        fh.write(text.replace("Balai Desa Sukadana", "Balai Desa Palsu", 1))
    wipe()
    with pytest.raises(CommandError, match="SHA-256 tidak cocok"):
        call_command("restore", str(result.manifest_path))
    assert Tps.objects.count() == 0


def test_restore_refuses_a_database_that_is_not_empty(world, users, tmp_path):
    result = backup_create(tmp_path, name="uji")
    with pytest.raises(CommandError, match="tidak kosong"):
        call_command("restore", str(result.manifest_path))
