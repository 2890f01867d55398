"""Pure logistics rules (no ORM): what a TPS needs, and what a receipt says about a leg.

Sources: ../shared/docs/domain.md §3 (ballots = DPT + 2.5 % reserve, rounded up per TPS;
PKPU 12/2024 voting items; distribution chain KPU warehouse -> PPK -> PPS -> TPS by H-1).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from pilkada.core.exceptions import ValidationFailed

# Reserve on top of the DPT, in parts per thousand (2.5 % = 25 ‰), domain.md §3 [R41].
BALLOT_RESERVE_PERMIL = 25


class Basis(StrEnum):
    """How an item's need at one TPS is computed."""

    DPT = "dpt"  # ballots: DPT + reserve, rounded up
    FIXED = "tetap"  # a fixed number per TPS (boxes, booths, ink, seals, forms, ...)


class Leg(StrEnum):
    """A step of the chain, named after where the goods arrive."""

    GUDANG_PPK = "gudang_ppk"  # KPU warehouse (kabupaten) -> PPK (kecamatan)
    PPK_PPS = "ppk_pps"  # PPK (kecamatan) -> PPS (desa)
    PPS_KPPS = "pps_kpps"  # PPS (desa) -> KPPS (TPS)


# Code lengths of sender and receiver for each leg (KPU codes, see pilkada.core.codes).
LEG_CODE_LENGTHS: dict[Leg, tuple[int, int]] = {
    Leg.GUDANG_PPK: (4, 6),
    Leg.PPK_PPS: (6, 10),
    Leg.PPS_KPPS: (10, 13),
}


def ballots_needed(dpt: int, reserve_permil: int = BALLOT_RESERVE_PERMIL) -> int:
    """DPT plus the reserve, rounded up per TPS: 600 -> 615, 508 -> 521, 0 -> 0."""
    if dpt < 0 or reserve_permil < 0:
        raise ValueError("DPT dan cadangan tidak boleh negatif")
    return dpt + -(-dpt * reserve_permil // 1000)


def need_at_tps(basis: str, per_tps: int, dpt: int) -> int:
    """What one TPS needs of an item."""
    if basis == Basis.DPT:
        return ballots_needed(dpt)
    return per_tps


def leg_between(from_code: str, to_code: str) -> Leg:
    """The leg a shipment travels; the receiver must lie inside the sender's area."""
    for leg, (n_from, n_to) in LEG_CODE_LENGTHS.items():
        if len(from_code) == n_from and len(to_code) == n_to and to_code.startswith(from_code):
            return leg
    raise ValidationFailed(
        f"Pengiriman dari {from_code} ke {to_code} bukan langkah rantai distribusi "
        "(gudang KPU -> PPK -> PPS -> KPPS).",
        [("tujuan", "bukan langkah rantai distribusi")],
    )


@dataclass(frozen=True)
class LineReceipt:
    """One item of one shipment: what was sent and what arrived."""

    dispatched: int
    received: int
    damaged: int

    @property
    def intact(self) -> int:
        return self.received - self.damaged

    @property
    def shortfall(self) -> int:
        """Sent but not arrived: lost on this leg."""
        return self.dispatched - self.received


def check_quantity(value: object, where: str) -> int:
    """A quantity is a whole number >= 0; anything else is refused with its place named."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationFailed(f"{where}: jumlah harus bilangan bulat.", [(where, "bukan angka")])
    text = str(value).strip()
    if not text.lstrip("-").isdigit():
        raise ValidationFailed(
            f"{where}: jumlah harus bilangan bulat, bukan {text!r}.", [(where, "bukan angka")]
        )
    number = int(text)
    if number < 0:
        raise ValidationFailed(f"{where}: jumlah tidak boleh negatif.", [(where, "negatif")])
    return number


def check_receipt(item: str, dispatched: int, received: int, damaged: int) -> LineReceipt:
    """A receipt may not claim more than was dispatched, nor more damaged than received."""
    if received > dispatched:
        raise ValidationFailed(
            f"{item}: diterima {received} lebih besar dari yang dikirim {dispatched}.",
            [(item, "diterima melebihi jumlah kirim")],
        )
    if damaged > received:
        raise ValidationFailed(
            f"{item}: rusak {damaged} lebih besar dari yang diterima {received}.",
            [(item, "rusak melebihi jumlah terima")],
        )
    return LineReceipt(dispatched, received, damaged)


def missing_items(needs: Mapping[str, int], intact: Mapping[str, int]) -> dict[str, int]:
    """Items (and how many) still missing at a TPS; empty means "logistik lengkap"."""
    return {
        item: need - intact.get(item, 0)
        for item, need in needs.items()
        if intact.get(item, 0) < need
    }
