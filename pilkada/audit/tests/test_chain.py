from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from pilkada.audit.chain import GENESIS_HASH, EntryContent, StoredEntry, entry_hash, verify_chain

T0 = datetime(2024, 11, 27, 6, 0, tzinfo=UTC)


def build(n):
    entries, prev = [], GENESIS_HASH
    for i in range(1, n + 1):
        c = EntryContent(
            seq=i,
            at=T0 + timedelta(seconds=i),
            actor_id=1,
            actor_label="kpu",
            action="tps.updated",
            object_type="tps.tps",
            object_id=f"T{i}",
            area_code="1807",
            changes={"alamat": ["a", str(i)]},
        )
        h = entry_hash(prev, c)
        entries.append(StoredEntry(c, prev, h))
        prev = h
    return entries


def test_intact_chain_verifies():
    entries = build(5)
    assert verify_chain(entries, head_seq=5, head_hash=entries[-1].hash) == (5, None)


def test_altered_content_is_named():
    entries = build(5)
    bad = entries[2]
    changed = EntryContent(**{**bad.content.__dict__, "changes": {"alamat": ["a", "X"]}})
    entries[2] = StoredEntry(changed, bad.prev_hash, bad.hash)
    count, problem = verify_chain(entries)
    assert count == 2
    assert problem is not None and problem.seq == 3 and "diubah" in problem.reason


def test_removed_entry_is_named():
    entries = build(5)
    del entries[1]
    _, problem = verify_chain(entries)
    assert problem is not None and problem.seq == 2 and "hilang" in problem.reason


def test_reordered_entries_are_detected():
    entries = build(5)
    entries[1], entries[2] = entries[2], entries[1]
    _, problem = verify_chain(entries)
    assert problem is not None and problem.seq == 2


def test_truncated_tail_is_detected_through_the_head():
    entries = build(5)
    _, problem = verify_chain(entries[:3], head_seq=5, head_hash=entries[-1].hash)
    assert problem is not None and "akhir" in problem.reason


@given(st.integers(2, 30), st.data())
def test_any_single_alteration_is_detected(n, data):
    entries = build(n)
    i = data.draw(st.integers(0, n - 1))
    e = entries[i]
    entries[i] = StoredEntry(
        EntryContent(**{**e.content.__dict__, "object_id": "tampered"}), e.prev_hash, e.hash
    )
    _, problem = verify_chain(entries, head_seq=n, head_hash=build(n)[-1].hash)
    assert problem is not None and problem.seq == i + 1
