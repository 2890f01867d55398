"""Deadline arithmetic with fixed dates across weekends and configured holidays, every rule."""

import csv
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pilkada.supervision import rules as dl

RULES = {r.code: r for r in dl.load_rules()}
CSV = Path(dl.__file__).parent / "data" / "libur_2024.csv"
with CSV.open(encoding="utf-8") as _fh:
    HOLIDAYS_2024 = frozenset(date.fromisoformat(r["tanggal"]) for r in csv.DictReader(_fh))

D = date.fromisoformat

# (rule, start, due with the 2024 holidays, due with no holidays at all). The comment walks
# through the days so a reader can check the figure by hand.
CASES = [
    # 7 calendar days: Fri 22 Nov -> Fri 29 Nov, across a weekend and the 27 Nov voting holiday.
    ("pelaporan", "2024-11-22", "2024-11-29", "2024-11-29"),
    # 2 calendar days: Fri 29 Nov -> Sun 1 Dec (calendar days do not skip the weekend).
    ("kajian_awal", "2024-11-29", "2024-12-01", "2024-12-01"),
    # 2 calendar days: Tue 26 Nov -> Thu 28 Nov (the 27 Nov holiday counts as a day).
    ("kelengkapan", "2024-11-26", "2024-11-28", "2024-11-28"),
    # 3 calendar days: Mon 25 Nov -> Thu 28 Nov.
    ("putusan", "2024-11-25", "2024-11-28", "2024-11-28"),
    # 14 working days from Mon 25 Nov: Tue 26 (1), Wed 27 holiday, Thu 28 (2), Fri 29 (3),
    # 2-6 Dec (4-8), 9-13 Dec (9-13), Mon 16 Dec (14). Without the holiday: Fri 13 Dec.
    ("penyidikan", "2024-11-25", "2024-12-16", "2024-12-13"),
    # 3 working days from Mon 23 Dec: Tue 24 (1), 25 Christmas, 26 cuti bersama, Fri 27 (2),
    # weekend, Mon 30 (3). Without holidays: Thu 26 Dec.
    ("pengembalian_berkas", "2024-12-23", "2024-12-30", "2024-12-26"),
    # 3 working days from Fri 14 Jun: weekend, Mon 17 Idul Adha, Tue 18 cuti bersama, Wed 19 (1),
    # Thu 20 (2), Fri 21 (3). Without holidays: Wed 19 Jun.
    ("perbaikan_berkas", "2024-06-14", "2024-06-21", "2024-06-19"),
    # 5 working days from Fri 5 Apr: 8-12 Apr and Mon 15 Apr are Idul Fitri holidays and cuti
    # bersama, then Tue 16 (1) ... Fri 19 (4), Mon 22 (5). Without holidays: Fri 12 Apr.
    ("pelimpahan", "2024-04-05", "2024-04-22", "2024-04-12"),
    # 7 calendar days: Wed 20 Nov -> Wed 27 Nov (a holiday; calendar days are not moved).
    ("putusan_pn", "2024-11-20", "2024-11-27", "2024-11-27"),
    # 3 calendar days: Sat 30 Nov -> Tue 3 Dec.
    ("banding", "2024-11-30", "2024-12-03", "2024-12-03"),
    # 7 calendar days: Mon 23 Dec -> Mon 30 Dec across Christmas.
    ("putusan_pt", "2024-12-23", "2024-12-30", "2024-12-30"),
]


def test_every_rule_in_the_file_is_tested():
    assert {c[0] for c in CASES} == set(RULES)


@pytest.mark.parametrize(("code", "start", "with_holidays", "without"), CASES)
def test_due_date(code, start, with_holidays, without):
    rule = RULES[code]
    assert dl.due_date(rule, D(start), holidays=HOLIDAYS_2024) == D(with_holidays)
    assert dl.due_date(rule, D(start), holidays=frozenset()) == D(without)


def test_a_configured_extra_holiday_moves_working_day_deadlines():
    # A regional holiday on Thu 28 Nov 2024 pushes the 14-working-day deadline one day on.
    extra = HOLIDAYS_2024 | {D("2024-11-28")}
    assert dl.due_date(RULES["penyidikan"], D("2024-11-25"), holidays=extra) == D("2024-12-17")


def test_decision_deadline_extension_adds_two_days():
    rule = RULES["putusan"]
    assert dl.due_date(rule, D("2024-11-25"), holidays=HOLIDAYS_2024, extended=True) == D(
        "2024-11-30"
    )


def test_counting_can_be_switched_to_working_days():
    # The filing window counted in working days (UNVERIFIED reading): Fri 22 Nov + 7 working
    # days skipping the weekend and 27 Nov = Wed 4 Dec.
    rule = replace(RULES["pelaporan"], count=dl.DayCount.WORKING)
    assert dl.due_date(rule, D("2024-11-22"), holidays=HOLIDAYS_2024) == D("2024-12-04")


def test_roll_to_working_day():
    rule = replace(RULES["kajian_awal"], roll_to_working_day=True)
    # Sun 1 Dec moves to Mon 2 Dec.
    assert dl.due_date(rule, D("2024-11-29"), holidays=HOLIDAYS_2024) == D("2024-12-02")
    # Tue 25 Nov + 2 = Wed 27 Nov, the voting holiday, moves to Thu 28 Nov.
    assert dl.due_date(rule, D("2024-11-25"), holidays=HOLIDAYS_2024) == D("2024-11-28")


def test_late_report_is_after_day_seven():
    rules = tuple(RULES.values())
    known = D("2024-11-22")
    assert not dl.is_late_report(rules, known=known, received=D("2024-11-29"), holidays=set())
    assert dl.is_late_report(rules, known=known, received=D("2024-11-30"), holidays=set())


def test_states_and_countdown():
    rule = RULES["putusan"]  # 3 days from receipt
    events = {"diterima": D("2024-11-25")}
    running = dl.deadline_status(rule, events, today=D("2024-11-26"), holidays=set())
    assert running is not None
    assert (running.state, running.days_left, running.due) == (
        dl.DeadlineState.RUNNING,
        2,
        D("2024-11-28"),
    )
    over = dl.deadline_status(rule, events, today=D("2024-11-30"), holidays=set())
    assert over is not None and over.overdue and over.days_left == -2
    met = dl.deadline_status(
        rule, {**events, "diputus": D("2024-11-28")}, today=D("2024-12-10"), holidays=set()
    )
    assert met is not None and met.state == dl.DeadlineState.MET
    late = dl.deadline_status(
        rule, {**events, "diputus": D("2024-11-29")}, today=D("2024-12-10"), holidays=set()
    )
    assert late is not None and late.state == dl.DeadlineState.MET_LATE
    assert dl.deadline_status(rule, {}, today=D("2024-11-26"), holidays=set()) is None


def test_review_is_met_by_either_outcome():
    rule = RULES["kajian_awal"]
    for outcome in ("kajian_selesai", "tidak_lengkap"):
        events = {"diterima": D("2024-11-25"), outcome: D("2024-11-26")}
        status = dl.deadline_status(rule, events, today=D("2024-12-10"), holidays=set())
        assert status is not None and status.state == dl.DeadlineState.MET


def test_gakkumdu_rules_only_on_that_track():
    events = {
        "diketahui": D("2024-11-20"),
        "diterima": D("2024-11-21"),
        "diteruskan": D("2024-11-25"),
    }
    general = dl.case_deadlines(
        tuple(RULES.values()), events, today=D("2024-11-26"), holidays=HOLIDAYS_2024
    )
    assert "penyidikan" not in {s.rule.code for s in general}
    gakkumdu = dl.case_deadlines(
        tuple(RULES.values()),
        events,
        today=D("2024-11-26"),
        holidays=HOLIDAYS_2024,
        track="gakkumdu",
    )
    penyidikan = next(s for s in gakkumdu if s.rule.code == "penyidikan")
    assert penyidikan.due == D("2024-12-16")


def test_malformed_rules_file_names_the_rule(tmp_path):
    bad = tmp_path / "r.toml"
    bad.write_text('[[aturan]]\nkode = "x"\nlabel = "x"\nhari = 3\ndari = "a"\n')
    with pytest.raises(ValueError, match=r"aturan ke-1 \(x\).*selesai"):
        dl.load_rules(bad)


days_st = st.dates(min_value=date(2024, 1, 1), max_value=date(2025, 12, 31))


@given(start=days_st, n=st.integers(min_value=1, max_value=30))
def test_working_days_property(start, n):
    due = dl.add_days(start, n, count=dl.DayCount.WORKING, holidays=HOLIDAYS_2024)
    assert dl.is_working_day(due, HOLIDAYS_2024)
    between = [start + timedelta(days=i) for i in range(1, (due - start).days + 1)]
    assert sum(dl.is_working_day(d, HOLIDAYS_2024) for d in between) == n
    assert dl.add_days(start, n + 1, count=dl.DayCount.WORKING, holidays=HOLIDAYS_2024) > due
