import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from pilkada.audit.models import AuditEntry
from pilkada.tps.services import tps_update


def test_direct_database_edit_is_caught_and_named(world, users, capsys):
    for i in range(3):
        tps_update(actor=users["kpu"], kode="1807012001001", alamat=f"Alamat {i}")
    call_command("audit", "verify")
    assert "utuh" in capsys.readouterr().out

    target = AuditEntry.objects.filter(action="tps.updated").order_by("seq")[1]
    with connection.cursor() as cur:
        # An insider edits the log behind the application's back.
        cur.execute(
            "UPDATE audit_auditentry SET object_id = %s WHERE id = %s", ["1807099999001", target.pk]
        )
    with pytest.raises(CommandError, match=rf"#{target.seq}\b"):
        call_command("audit", "verify")


def test_deleted_entry_is_caught(world, users):
    tps_update(actor=users["kpu"], kode="1807012001001", alamat="Satu")
    tps_update(actor=users["kpu"], kode="1807012001001", alamat="Dua")
    victim = AuditEntry.objects.order_by("seq")[2]
    with connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditentry WHERE id = %s", [victim.pk])
    with pytest.raises(CommandError, match=rf"#{victim.seq} hilang"):
        call_command("audit", "verify")


def test_audit_log_masks_personal_data(world, users):
    from pilkada.adhoc.models import Body, Position
    from pilkada.adhoc.services import member_create

    member_create(
        actor=users["kpu"],
        body=Body.KPPS,
        position=Position.KETUA,
        unit_code="1807012001001",
        nama="Budi Santoso",
        telepon="081234567890",
        no_rekening="1234567890123",
    )
    entry = AuditEntry.objects.get(action="adhoc.member.created")
    text = str(entry.changes)
    assert "Budi Santoso" not in text
    assert "081234567890" not in text
    assert "1234567890123" not in text
