import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pilkada.core.exceptions import ValidationFailed
from pilkada.logistics.rules import (
    Leg,
    ballots_needed,
    check_quantity,
    check_receipt,
    leg_between,
    missing_items,
)


@pytest.mark.parametrize(
    ("dpt", "need"),
    [(0, 0), (1, 2), (39, 40), (40, 41), (41, 43), (400, 410), (508, 521), (600, 615)],
)
def test_ballots_are_dpt_plus_two_and_a_half_percent_rounded_up(dpt, need):
    assert ballots_needed(dpt) == need


@given(st.integers(min_value=0, max_value=100_000))
def test_ballot_need_is_the_smallest_whole_number_covering_the_reserve(dpt):
    need = ballots_needed(dpt)
    assert need * 1000 >= dpt * 1025  # covers DPT + 2.5 %
    assert (need - 1) * 1000 < dpt * 1025 or dpt == 0  # and not one more than needed
    assert need == math.ceil(dpt * 1025 / 1000)


def test_negative_dpt_is_refused():
    with pytest.raises(ValueError):
        ballots_needed(-1)


def test_legs_follow_the_chain_only():
    assert leg_between("1807", "180701") == Leg.GUDANG_PPK
    assert leg_between("180701", "1807012001") == Leg.PPK_PPS
    assert leg_between("1807012001", "1807012001001") == Leg.PPS_KPPS
    for a, b in [("1807", "1807012001"), ("180701", "1807022001"), ("1807012001001", "1807")]:
        with pytest.raises(ValidationFailed):
            leg_between(a, b)


@given(
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=10_000),
)
def test_receipt_never_exceeds_dispatch(dispatched, received, damaged):
    if received > dispatched or damaged > received:
        with pytest.raises(ValidationFailed):
            check_receipt("surat suara", dispatched, received, damaged)
    else:
        line = check_receipt("surat suara", dispatched, received, damaged)
        assert line.shortfall + line.intact + damaged == dispatched
        assert line.shortfall >= 0 and line.intact >= 0


@pytest.mark.parametrize("bad", ["-1", "1.5", "abc", "", -3, 2.0, None, True])
def test_bad_quantities_are_refused_with_the_place_named(bad):
    with pytest.raises(ValidationFailed) as exc:
        check_quantity(bad, "baris 3 kotak suara")
    assert exc.value.errors[0][0] == "baris 3 kotak suara"


def test_quantities_parse():
    assert check_quantity("12", "x") == 12
    assert check_quantity(0, "x") == 0


@given(st.dictionaries(st.sampled_from("abcdef"), st.integers(0, 50)), st.data())
def test_missing_items_empty_exactly_when_every_need_is_met(needs, data):
    intact = data.draw(st.dictionaries(st.sampled_from("abcdefg"), st.integers(0, 60)))
    missing = missing_items(needs, intact)
    assert (not missing) == all(intact.get(k, 0) >= v for k, v in needs.items())
    for k, gap in missing.items():
        assert gap == needs[k] - intact.get(k, 0) > 0
