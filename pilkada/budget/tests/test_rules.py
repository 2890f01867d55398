from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pilkada.budget.rules import (
    DEFAULT_TRANCHE_RULE,
    Deadline,
    PersonMoney,
    Step,
    add_working_days,
    cuts_for_person,
    entitlement,
    months_before,
    parse_amount,
    rule_from_json,
    rule_to_json,
    split_by_shares,
    tax_amount,
    tranche_plan,
)
from pilkada.core.exceptions import ValidationFailed


@pytest.mark.parametrize(
    ("text", "value"),
    [("1500000", 1_500_000), ("1.500.000", 1_500_000), ("Rp200.000", 200_000), (7, 7), ("0", 0)],
)
def test_amounts_parse_as_whole_rupiah(text, value):
    assert parse_amount(text, "jumlah") == value


@pytest.mark.parametrize(
    "bad", ["-5", -5, "1500000,50", 1.5, "1,5 juta", "abc", "", "1.50.000", None, True]
)
def test_negative_fractional_and_non_numeric_amounts_are_refused(bad):
    with pytest.raises(ValidationFailed) as exc:
        parse_amount(bad, "baris 4 jumlah")
    assert exc.value.errors[0][0] == "baris 4 jumlah"


def test_zero_can_be_refused():
    with pytest.raises(ValidationFailed):
        parse_amount("0", "jumlah", allow_zero=False)


@given(
    st.integers(min_value=0, max_value=10**15),
    st.lists(st.integers(min_value=1, max_value=9_000), min_size=1, max_size=5),
)
def test_split_always_adds_up_to_the_rupiah(total, shares):
    shares = (
        [*shares[:-1], max(1, 10_000 - sum(shares[:-1]))] if sum(shares[:-1]) < 10_000 else [10_000]
    )
    parts = split_by_shares(total, shares)
    assert sum(parts) == total
    assert all(p >= 0 for p in parts)


def test_default_plan_for_kpu_lampung_timur():
    plan = tranche_plan(
        allocation=40_000_000_000, signed=date(2023, 11, 10), voting_day=date(2024, 11, 27)
    )
    assert [t.amount for t in plan] == [16_000_000_000, 24_000_000_000]
    # 14 working days after Friday 10 Nov 2023: 30 Nov 2023 (weekends skipped).
    assert plan[0].due == date(2023, 11, 30)
    assert plan[1].due == date(2024, 6, 27)


def test_working_days_skip_weekends_and_holidays():
    assert add_working_days(date(2024, 6, 14), 1) == date(2024, 6, 17)  # Fri -> Mon
    assert add_working_days(date(2024, 6, 14), 1, frozenset({date(2024, 6, 17)})) == date(
        2024, 6, 18
    )
    assert add_working_days(date(2024, 6, 14), 0) == date(2024, 6, 14)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)), st.integers(0, 36))
def test_months_before_stays_in_the_right_month(day, n):
    earlier = months_before(day, n)
    assert (day.year * 12 + day.month) - (earlier.year * 12 + earlier.month) == n
    assert earlier.day <= day.day


def test_months_before_clamps_to_month_end():
    assert months_before(date(2024, 7, 31), 5) == date(2024, 2, 29)


def test_configurable_rule_round_trips_and_must_total_100_percent():
    assert rule_from_json(rule_to_json(DEFAULT_TRANCHE_RULE)) == DEFAULT_TRANCHE_RULE
    three = rule_from_json(
        [
            {"persen_bp": 4000, "batas": Deadline.WORKING_DAYS_AFTER_SIGNING, "n": 14},
            {"persen_bp": 4000, "batas": Deadline.MONTHS_BEFORE_VOTING, "n": 4},
            {"persen_bp": 2000, "batas": Deadline.MONTHS_BEFORE_VOTING, "n": 1},
        ]
    )
    plan = tranche_plan(
        allocation=1_000_000_001, signed=date(2024, 1, 2), voting_day=date(2024, 11, 27), rule=three
    )
    assert sum(t.amount for t in plan) == 1_000_000_001
    # the 40/40/10 summary of domain.md §10 does not add up to 100 % and is refused
    with pytest.raises(ValidationFailed):
        rule_from_json(
            [
                {"persen_bp": 4000, "batas": "hari_kerja_setelah_ttd", "n": 14},
                {"persen_bp": 4000, "batas": "bulan_sebelum_pemungutan", "n": 4},
                {"persen_bp": 1000, "batas": "bulan_sebelum_pemungutan", "n": 1},
            ]
        )


def test_entitlement_and_tax():
    assert entitlement(850_000, 1) == 850_000
    assert entitlement(2_200_000, 8) == 17_600_000
    assert tax_amount(550_000, 600) == 33_000  # 550k -> 517k in 2019 (domain.md §6.3)


money = st.integers(min_value=0, max_value=50_000_000)


@given(money, st.integers(0, 2_000), st.data())
def test_cuts_explain_exactly_what_did_not_arrive(gross, tax_bp, data):
    tax = tax_amount(gross, tax_bp)
    net = gross - tax
    paid = data.draw(st.integers(0, net))
    received = data.draw(st.integers(0, paid))
    cuts = cuts_for_person(PersonMoney(gross, tax, paid, received))
    # Tax plus what arrived plus the cuts is the whole entitlement, to the rupiah.
    assert received + tax + sum(c.amount for c in cuts) == gross
    assert all(c.amount > 0 for c in cuts)
    assert {c.step for c in cuts} <= {Step.PENCAIRAN, Step.PENERIMAAN}


def test_no_cut_when_only_tax_is_withheld():
    assert cuts_for_person(PersonMoney(850_000, 51_000, 799_000, 799_000)) == []
    assert cuts_for_person(PersonMoney(850_000, 0, None, None)) == []


def test_a_planted_cut_is_named_by_its_step():
    [cut] = cuts_for_person(PersonMoney(900_000, 0, 900_000, 700_000))
    assert (cut.step, cut.amount) == (Step.PENERIMAAN, 200_000)
    [cut] = cuts_for_person(PersonMoney(900_000, 0, 700_000, 700_000))
    assert (cut.step, cut.amount) == (Step.PENCAIRAN, 200_000)


@given(
    st.integers(min_value=0, max_value=10**14),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
)
def test_default_plan_always_adds_up_and_keeps_its_deadlines(allocation, signed):
    voting = date(2031, 11, 27)
    plan = tranche_plan(allocation=allocation, signed=signed, voting_day=voting)
    assert sum(t.amount for t in plan) == allocation
    assert plan[0].amount == allocation * 4 // 10
    assert plan[0].due > signed and plan[0].due.weekday() < 5
    assert plan[1].due == date(2031, 6, 27)
