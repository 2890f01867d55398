"""Pure money rules (no ORM): amounts, the tranche plan, entitlements and cut detection.

Sources: ../shared/docs/domain.md §6.1 (grant tranches, Permendagri 41/2020 art. 16(4)),
§6.2 (honoraria per month), §6.3 (flow to KPPS; tax withheld versus "potongan"), §9 (4, 5).
All amounts are whole rupiah (int); percentages are basis points (10000 = 100 %).
"""

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from pilkada.core.exceptions import ValidationFailed
from pilkada.core.money import Rupiah, format_rupiah, to_rupiah

FULL_BP = 10_000


def parse_amount(value: object, where: str, *, allow_zero: bool = True) -> Rupiah:
    """Whole rupiah from a form or API value; negative, fractional or non-numeric is refused.

    Accepts "1500000", "1.500.000" (Indonesian thousands dots) and ints; refuses floats,
    "1500000,50", "1,5 juta", "-5".
    """
    if isinstance(value, bool | float | Decimal):
        raise ValidationFailed(
            f"{where}: jumlah uang harus rupiah bulat, bukan pecahan.", [(where, "pecahan")]
        )
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = value.strip().removeprefix("Rp").removeprefix("rp").strip()
        if "," in text:
            raise ValidationFailed(
                f"{where}: jumlah uang harus rupiah bulat, bukan pecahan ({value!r}).",
                [(where, "pecahan")],
            )
        negative = text.startswith("-")
        digits = text.lstrip("-").replace(".", "")
        if not digits.isdigit() or (text.count(".") and not _dotted_thousands(text.lstrip("-"))):
            raise ValidationFailed(
                f"{where}: {value!r} bukan jumlah rupiah.", [(where, "bukan angka")]
            )
        number = -int(digits) if negative else int(digits)
    else:
        raise ValidationFailed(f"{where}: jumlah rupiah tidak terbaca.", [(where, "bukan angka")])
    if number < 0:
        raise ValidationFailed(f"{where}: jumlah uang tidak boleh negatif.", [(where, "negatif")])
    if number == 0 and not allow_zero:
        raise ValidationFailed(f"{where}: jumlah uang harus lebih dari nol.", [(where, "nol")])
    return Rupiah(number)


def _dotted_thousands(text: str) -> bool:
    parts = text.split(".")
    return 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


# --- Tranche plan ---------------------------------------------------------------------------


class Deadline(StrEnum):
    WORKING_DAYS_AFTER_SIGNING = "hari_kerja_setelah_ttd"
    MONTHS_BEFORE_VOTING = "bulan_sebelum_pemungutan"


@dataclass(frozen=True)
class TrancheRule:
    share_bp: int  # share of the allocation in basis points
    deadline: Deadline
    n: int  # working days after signing, or months before voting day


# Permendagri 41/2020 art. 16(4) as applied in 2024 (domain.md §6.1): 40 % within 14 working
# days of signing the NPHD, 60 % no later than 5 months before voting day.
DEFAULT_TRANCHE_RULE: tuple[TrancheRule, ...] = (
    TrancheRule(4_000, Deadline.WORKING_DAYS_AFTER_SIGNING, 14),
    TrancheRule(6_000, Deadline.MONTHS_BEFORE_VOTING, 5),
)


def rule_from_json(rows: Iterable[Mapping[str, object]]) -> tuple[TrancheRule, ...]:
    """A tranche rule stored as data: [{"persen_bp": 4000, "batas": "...", "n": 14}, ...]."""
    out = []
    for i, row in enumerate(rows, start=1):
        try:
            share = int(str(row["persen_bp"]))
            deadline = Deadline(str(row["batas"]))
            n = int(str(row["n"]))
        except (KeyError, ValueError) as exc:
            raise ValidationFailed(
                f"aturan tahap {i} tidak sah: {exc}", [(f"tahap {i}", "tidak sah")]
            ) from exc
        if share <= 0 or n < 0:
            raise ValidationFailed(
                f"aturan tahap {i}: persentase harus > 0", [(f"tahap {i}", "persentase")]
            )
        out.append(TrancheRule(share, deadline, n))
    if sum(r.share_bp for r in out) != FULL_BP:
        raise ValidationFailed(
            "Jumlah persentase semua tahap harus 100 %.", [("aturan tahap", "jumlah bukan 100 %")]
        )
    return tuple(out)


def rule_to_json(rule: Sequence[TrancheRule]) -> list[dict[str, object]]:
    return [{"persen_bp": r.share_bp, "batas": str(r.deadline), "n": r.n} for r in rule]


def add_working_days(start: date, n: int, holidays: frozenset[date] = frozenset()) -> date:
    """The n-th working day after `start` (Monday–Friday, minus the given holidays)."""
    day, left = start, n
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            left -= 1
    return day


def months_before(day: date, months: int) -> date:
    """Same day of the month `months` earlier, clamped to the month's end (31 Jul - 5 = 28 Feb)."""
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class PlannedTranche:
    nomor: int
    share_bp: int
    amount: int
    due: date


def split_by_shares(total: int, shares_bp: Sequence[int]) -> list[int]:
    """Split whole rupiah by shares: each part rounded down, the last takes the remainder.

    The parts always add up to `total` exactly.
    """
    if total < 0:
        raise ValueError("total negatif")
    parts = [total * s // FULL_BP for s in shares_bp[:-1]]
    return [*parts, total - sum(parts)]


def tranche_plan(
    *,
    allocation: int,
    signed: date,
    voting_day: date,
    rule: Sequence[TrancheRule] = DEFAULT_TRANCHE_RULE,
    holidays: frozenset[date] = frozenset(),
) -> list[PlannedTranche]:
    amounts = split_by_shares(allocation, [r.share_bp for r in rule])
    plan = []
    for i, (r, amount) in enumerate(zip(rule, amounts, strict=True), start=1):
        if r.deadline == Deadline.WORKING_DAYS_AFTER_SIGNING:
            due = add_working_days(signed, r.n, holidays)
        else:
            due = months_before(voting_day, r.n)
        plan.append(PlannedTranche(i, r.share_bp, amount, due))
    return plan


# --- Honoraria and cuts ---------------------------------------------------------------------


def entitlement(monthly_rate: int, months: int) -> int:
    if monthly_rate < 0 or months < 0:
        raise ValueError("tarif dan bulan tidak boleh negatif")
    return monthly_rate * months


def tax_amount(gross: int, rate_bp: int) -> int:
    """Income tax withheld (PPh 21) on a gross honorarium, rounded half up to whole rupiah."""
    return int(to_rupiah(Decimal(gross) * rate_bp / FULL_BP))


class Step(StrEnum):
    """Where money can go missing on its way to one person (domain.md §9.5)."""

    # KPU -> PPS account: less was transferred than the desa's people are owed.
    TRANSFER = "transfer_pps"
    # PPS account -> payout: the PPS paid out (recorded) less than entitlement minus tax.
    PENCAIRAN = "pencairan_pps"
    # Payout -> hands: the person confirms receiving less than the PPS recorded paying.
    PENERIMAAN = "penerimaan"


@dataclass(frozen=True)
class PersonMoney:
    gross: int  # entitlement
    tax: int  # legitimate tax withheld, recorded separately
    paid: int | None  # what the PPS recorded handing over (None: not yet paid)
    received: int | None  # what the payee confirmed (None: not yet confirmed)


@dataclass(frozen=True)
class Cut:
    step: Step
    amount: int


def cuts_for_person(m: PersonMoney) -> list[Cut]:
    """Suspected cuts ("potongan") for one person, each at the step where it happened.

    Tax is never a cut. Paying more than owed, or receiving more than recorded, is not a cut
    (it is a different anomaly, shown elsewhere).
    """
    out = []
    if m.paid is not None:
        gap = m.gross - m.tax - m.paid
        if gap > 0:
            out.append(Cut(Step.PENCAIRAN, gap))
        if m.received is not None and m.paid - m.received > 0:
            out.append(Cut(Step.PENERIMAAN, m.paid - m.received))
    return out


def describe_cut(step: Step, amount: int, place: str) -> str:
    return f"Dugaan potongan {format_rupiah(amount)} di {place} pada langkah {step.value}"
