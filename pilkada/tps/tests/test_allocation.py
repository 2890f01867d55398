import pytest
from hypothesis import given
from hypothesis import strategies as st

from pilkada.tps.allocation import allocate


def test_proportional_with_minimum_one():
    assert allocate(10, {"a": 8, "b": 1, "c": 1}) == {"a": 8, "b": 1, "c": 1}
    share = allocate(5, {"a": 100, "b": 0, "c": 0})
    assert share == {"a": 3, "b": 1, "c": 1}


def test_too_few_tps_is_refused():
    with pytest.raises(ValueError, match="minimal 1 per desa"):
        allocate(2, {"a": 1, "b": 1, "c": 1})


@given(
    st.dictionaries(st.text(min_size=1, max_size=4), st.integers(0, 50), min_size=1, max_size=30),
    st.integers(0, 200),
)
def test_allocation_sums_exactly_and_gives_everyone_one(weights, extra):
    total = len(weights) + extra
    share = allocate(total, weights)
    assert sum(share.values()) == total
    assert all(v >= 1 for v in share.values())
    assert set(share) == set(weights)


def test_supersession_opens_and_resolves(world, users):
    from pilkada.tps.selectors import tps_superseded_codes
    from pilkada.tps.services import tps_result_supersede, tps_result_supersession_resolve

    tps_result_supersede(
        actor=users["bawaslu"],
        kode="1807012001001",
        kind="hsu",
        reason="Rekomendasi Panwascam",
        reference="supervision.case:1",
    )
    assert tps_superseded_codes(contest_kode="pilbup") == {"1807012001001"}
    assert (
        tps_result_supersession_resolve(
            actor=users["kpu"],
            kode="1807012001001",
            contest_kode="pilbup",
            resolved_by_reference="counting.form:9",
        )
        == 1
    )
    assert tps_superseded_codes() == set()
