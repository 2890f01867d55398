"""Statutory deadlines as data, and their arithmetic as pure functions (no ORM, no clock).

The rules live in `data/tenggat.toml`; a case's deadlines are computed from the dates of its
events (known, received, declared incomplete, forwarded, the Gakkumdu steps), today's date and
the set of non-working days. Tests drive every rule with fixed dates.
"""

import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

DEFAULT_RULES_FILE = Path(__file__).parent / "data" / "tenggat.toml"


class DayCount(StrEnum):
    CALENDAR = "kalender"
    WORKING = "kerja"


class DeadlineState(StrEnum):
    RUNNING = "berjalan"  # not met, due date not passed
    MET = "terpenuhi"  # met on or before the due date
    MET_LATE = "terpenuhi_terlambat"  # met after the due date
    OVERDUE = "lewat"  # not met and the due date has passed


@dataclass(frozen=True)
class DeadlineRule:
    code: str
    label: str
    days: int
    count: DayCount
    start_event: str
    done_events: tuple[str, ...]
    extension_days: int = 0
    roll_to_working_day: bool = False
    track: str = ""  # "" = every case; "gakkumdu" = only cases forwarded to Sentra Gakkumdu
    source: str = ""


@dataclass(frozen=True)
class DeadlineStatus:
    rule: DeadlineRule
    start: date
    due: date
    done_on: date | None
    state: DeadlineState
    days_left: int  # calendar days from today to the due date (negative once it has passed)

    @property
    def overdue(self) -> bool:
        return self.state == DeadlineState.OVERDUE


def load_rules(path: Path = DEFAULT_RULES_FILE) -> tuple[DeadlineRule, ...]:
    """Read the rules file; a malformed rule raises ValueError naming the rule and the field."""
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    rules: list[DeadlineRule] = []
    for i, item in enumerate(raw.get("aturan", []), start=1):
        where = f"{path.name} aturan ke-{i} ({item.get('kode', '?')})"
        try:
            days = int(item["hari"])
            extension = int(item.get("perpanjangan", 0))
            if days < 0 or extension < 0:
                raise ValueError("hari tidak boleh negatif")
            rules.append(
                DeadlineRule(
                    code=str(item["kode"]),
                    label=str(item["label"]),
                    days=days,
                    count=DayCount(item.get("hitung", DayCount.CALENDAR)),
                    start_event=str(item["dari"]),
                    done_events=tuple(str(e) for e in item["selesai"]),
                    extension_days=extension,
                    roll_to_working_day=bool(item.get("geser_libur", False)),
                    track=str(item.get("jalur", "")),
                    source=str(item.get("sumber", "")),
                )
            )
        except KeyError as exc:
            raise ValueError(f"{where}: kolom {exc.args[0]!r} wajib ada") from None
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
    codes = [r.code for r in rules]
    if len(set(codes)) != len(codes):
        raise ValueError(f"{path.name}: kode aturan ganda")
    return tuple(rules)


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    """Monday to Friday and not a (national or configured) holiday."""
    return day.weekday() < 5 and day not in holidays


def next_working_day(day: date, holidays: Collection[date]) -> date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day, holidays):
        day += timedelta(days=1)
    return day


def add_days(start: date, days: int, *, count: DayCount, holidays: Collection[date]) -> date:
    """The date `days` days after `start`, counting calendar or working days.

    "Within 3 working days of Friday" runs Mon, Tue, Wed: the deadline is Wednesday. A start on
    a weekend or holiday counts from the next working day on, the same way.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    if count == DayCount.CALENDAR:
        return start + timedelta(days=days)
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    return day


def due_date(
    rule: DeadlineRule, start: date, *, holidays: Collection[date], extended: bool = False
) -> date:
    """The last day on which the rule is still met."""
    days = rule.days + (rule.extension_days if extended else 0)
    due = add_days(start, days, count=rule.count, holidays=holidays)
    if rule.roll_to_working_day:
        due = next_working_day(due, holidays)
    return due


def deadline_status(
    rule: DeadlineRule,
    events: Mapping[str, date],
    *,
    today: date,
    holidays: Collection[date],
    extended: bool = False,
) -> DeadlineStatus | None:
    """Where one rule stands for a case, or None while its starting event has not happened."""
    start = events.get(rule.start_event)
    if start is None:
        return None
    due = due_date(rule, start, holidays=holidays, extended=extended)
    done_dates = [events[e] for e in rule.done_events if e in events and events[e] >= start]
    done_on = min(done_dates) if done_dates else None
    if done_on is not None:
        state = DeadlineState.MET if done_on <= due else DeadlineState.MET_LATE
    else:
        state = DeadlineState.OVERDUE if today > due else DeadlineState.RUNNING
    return DeadlineStatus(rule, start, due, done_on, state, (due - today).days)


def case_deadlines(
    rules: tuple[DeadlineRule, ...],
    events: Mapping[str, date],
    *,
    today: date,
    holidays: Collection[date],
    track: str = "",
    extended: bool = False,
) -> list[DeadlineStatus]:
    """Every rule that applies to a case (its track's and the general ones) and has started."""
    out: list[DeadlineStatus] = []
    for rule in rules:
        if rule.track and rule.track != track:
            continue
        status = deadline_status(rule, events, today=today, holidays=holidays, extended=extended)
        if status is not None:
            out.append(status)
    return out


def is_late_report(
    rules: tuple[DeadlineRule, ...], *, known: date, received: date, holidays: Collection[date]
) -> bool:
    """True when a report arrived after the filing window (it is still registered, marked late)."""
    rule = next(r for r in rules if r.code == "pelaporan")
    return received > due_date(rule, known, holidays=holidays)
