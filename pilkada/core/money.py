"""Money is whole rupiah, stored in BigIntegerField, never float."""

from decimal import ROUND_HALF_UP, Decimal
from typing import NewType

Rupiah = NewType("Rupiah", int)


def to_rupiah(amount: Decimal) -> Rupiah:
    """Round a computed amount (tax, percentage split) to whole rupiah, half up."""
    return Rupiah(int(amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP)))


def format_rupiah(amount: int) -> str:
    """Indonesian style: Rp69.000.000.000."""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")
