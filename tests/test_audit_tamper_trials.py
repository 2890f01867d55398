"""1,000 random tamperings made directly in the database; every one must be detected.

Kinds: edit a field of one entry, delete one entry, swap two entries' order, cut entries off the
end, and a careful rewrite that recomputes every later hash and the head (caught only by the
signed checkpoint). The figures are written to docs/reliability/audit-tamper.json.
"""

import json
import random
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from pilkada.audit.chain import EntryContent, entry_hash
from pilkada.audit.models import AuditEntry, AuditHead
from pilkada.audit.selectors import audit_chain_verify, audit_checkpoints_verify
from pilkada.audit.services import audit_checkpoint_create
from pilkada.tps.services import tps_update

TRIALS = 1000
OUT = Path(__file__).resolve().parents[1] / "docs" / "reliability" / "audit-tamper.json"


def detected() -> bool:
    return audit_chain_verify()[1] is not None or audit_checkpoints_verify()[1] is not None


def sql(query: str, params: list[Any]) -> None:
    with connection.cursor() as cur:
        cur.execute(query, params)


def rewrite_from(seq: int) -> None:
    """An insider who edits entry `seq` and recomputes every later hash and the head."""
    entries = list(AuditEntry.objects.filter(seq__gte=seq).order_by("seq"))
    prev = AuditEntry.objects.get(seq=seq - 1).hash if seq > 1 else "0" * 64
    for i, e in enumerate(entries):
        if i == 0:
            e.object_id = "dipalsukan"
        content = EntryContent(
            e.seq,
            e.at,
            e.actor_id,
            e.actor_label,
            e.action,
            e.object_type,
            e.object_id,
            e.area_code,
            e.changes,
        )
        e.prev_hash, e.hash = prev, entry_hash(prev, content)
        prev = e.hash
        sql(
            "UPDATE audit_auditentry SET object_id=%s, prev_hash=%s, hash=%s WHERE id=%s",
            [e.object_id, e.prev_hash, e.hash, e.pk],
        )
    sql("UPDATE audit_audithead SET hash=%s WHERE id=1", [prev])


def tamper(kind: str, rng: random.Random, n: int) -> None:
    ids = list(AuditEntry.objects.order_by("seq").values_list("id", flat=True))
    if kind == "edit":
        field, value = rng.choice(
            [
                ("object_id", "X"),
                ("action", "tps.created"),
                ("actor_label", "orang lain"),
                ("area_code", "1807099"),
                ("changes", '{"alamat": ["a", "b"]}'),
            ]
        )
        sql(
            f"UPDATE audit_auditentry SET {field}=%s WHERE id=%s",  # noqa: S608
            [value, rng.choice(ids)],
        )
    elif kind == "delete":
        sql("DELETE FROM audit_auditentry WHERE id=%s", [rng.choice(ids)])
    elif kind == "reorder":
        a, b = rng.sample(range(len(ids)), 2)
        sa, sb = AuditEntry.objects.get(id=ids[a]).seq, AuditEntry.objects.get(id=ids[b]).seq
        sql("UPDATE audit_auditentry SET seq=%s WHERE id=%s", [10**12, ids[a]])
        sql("UPDATE audit_auditentry SET seq=%s WHERE id=%s", [sa, ids[b]])
        sql("UPDATE audit_auditentry SET seq=%s WHERE id=%s", [sb, ids[a]])
    elif kind == "truncate":
        k = rng.randint(1, 5)
        for pk in ids[-k:]:
            sql("DELETE FROM audit_auditentry WHERE id=%s", [pk])
    elif kind == "truncate_and_fix_head":
        k = rng.randint(1, 5)
        for pk in ids[-k:]:
            sql("DELETE FROM audit_auditentry WHERE id=%s", [pk])
        last = AuditEntry.objects.order_by("-seq").first()
        assert last is not None
        sql("UPDATE audit_audithead SET seq=%s, hash=%s WHERE id=1", [last.seq, last.hash])
    elif kind == "rewrite":
        rewrite_from(rng.randint(1, n))


@pytest.mark.django_db
def test_every_tampering_is_detected(world, users):
    for i in range(40):
        tps_update(actor=users["kpu"], kode="1807012001001", alamat=f"Alamat {i}")
    audit_checkpoint_create()
    n = AuditHead.objects.get(pk=1).seq
    assert not detected()
    rng = random.Random(20241127)
    kinds = ["edit", "delete", "reorder", "truncate", "truncate_and_fix_head", "rewrite"]
    caught = dict.fromkeys(kinds, 0)
    tried = dict.fromkeys(kinds, 0)
    for _ in range(TRIALS):
        kind = rng.choice(kinds)
        with transaction.atomic():
            tamper(kind, rng, n)
            tried[kind] += 1
            caught[kind] += detected()
            transaction.set_rollback(True)
    assert not detected()  # every trial was rolled back
    assert caught == tried, (caught, tried)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "trials": TRIALS,
                "detected": sum(caught.values()),
                "entries_in_chain": n,
                "by_kind": tried,
                "seed": 20241127,
            },
            indent=2,
            sort_keys=True,
        )
        + "\n"
    )


@pytest.mark.django_db
def test_checkpoints_are_published_and_verifiable(world, users, client):
    tps_update(actor=users["kpu"], kode="1807012001001", alamat="Satu")
    audit_checkpoint_create()
    body = client.get("/audit/checkpoints.json").json()
    assert body["algorithm"] == "Ed25519"
    from datetime import datetime

    from pilkada.audit.signing import checkpoint_message, verify_signature

    cp = body["checkpoints"][-1]
    message = checkpoint_message(cp["seq"], cp["hash"], datetime.fromisoformat(cp["at"]))
    assert verify_signature(body["public_key"], cp["signature"], message)
    assert not verify_signature(body["public_key"], cp["signature"], message + b"x")
