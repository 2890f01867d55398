"""Pure hash-chain arithmetic for the audit log (no database)."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class EntryContent:
    seq: int
    at: datetime
    actor_id: int | None
    actor_label: str
    action: str
    object_type: str
    object_id: str
    area_code: str
    changes: dict[str, Any]


def canonical(content: EntryContent) -> bytes:
    """The bytes that are hashed: sorted-key JSON with the time in UTC to the microsecond."""
    payload = {
        "seq": content.seq,
        "at": content.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": content.actor_id,
        "actor_label": content.actor_label,
        "action": content.action,
        "object_type": content.object_type,
        "object_id": content.object_id,
        "area_code": content.area_code,
        "changes": content.changes,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(prev_hash: str, content: EntryContent) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(content)).hexdigest()


@dataclass(frozen=True)
class StoredEntry:
    content: EntryContent
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    reason: str


def verify_chain(
    entries: Iterable[StoredEntry], *, head_seq: int | None = None, head_hash: str | None = None
) -> tuple[int, ChainProblem | None]:
    """Walk the entries in stored order; return (entries checked, first problem or None).

    Detects: content altered (hash does not match), an entry removed (gap in seq), entries
    reordered (seq goes backwards or the back-link is wrong), and entries cut off the end
    (the head names a later seq or another hash).
    """
    expected_seq = 1
    prev_hash = GENESIS_HASH
    count = 0
    for entry in entries:
        seq = entry.content.seq
        if seq < expected_seq:
            return count, ChainProblem(
                seq,
                f"urutan tidak sah: entri #{seq} muncul setelah "
                f"#{expected_seq - 1} (disusun ulang)",
            )
        if seq > expected_seq:
            return count, ChainProblem(expected_seq, f"entri #{expected_seq} hilang (dihapus)")
        if entry.prev_hash != prev_hash:
            return count, ChainProblem(
                seq,
                f"entri #{seq} tidak menunjuk ke hash entri sebelumnya (diubah atau disusun ulang)",
            )
        if entry_hash(prev_hash, entry.content) != entry.hash:
            return count, ChainProblem(seq, f"isi entri #{seq} telah diubah")
        prev_hash = entry.hash
        expected_seq += 1
        count += 1
    if head_seq is not None and head_seq != expected_seq - 1:
        return count, ChainProblem(
            expected_seq,
            f"kepala rantai menyebut #{head_seq}, tetapi log berakhir di "
            f"#{expected_seq - 1} (entri di akhir dihapus)",
        )
    if head_hash is not None and count and head_hash != prev_hash:
        return count, ChainProblem(
            expected_seq - 1, "hash kepala rantai tidak cocok dengan entri terakhir"
        )
    return count, None
