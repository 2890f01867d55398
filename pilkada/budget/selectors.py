"""Reading the money trail, scoped to the actor's area.

The kepala desa sees his desa, a kecamatan-level role (PPK, Panwascam) its kecamatan, the
kabupaten roles everything: all through `scope_q` on the unit code.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet, Sum

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import can_see, scope_q
from pilkada.adhoc.models import Member
from pilkada.budget.models import (
    Allocation,
    Entitlement,
    Grant,
    GrantReturn,
    GrantTransfer,
    Payout,
    PpsTransfer,
    Realisation,
    Tranche,
)
from pilkada.budget.rules import PersonMoney, Step, cuts_for_person
from pilkada.core.exceptions import NotFoundOrOutOfScope
from pilkada.core.privacy import mask_name

# --- Grant ----------------------------------------------------------------------------------


@dataclass
class TrancheView:
    tranche: Tranche
    transferred: int

    @property
    def outstanding(self) -> int:
        return self.tranche.jumlah - self.transferred


@dataclass
class AllocationView:
    allocation: Allocation
    tranches: list[TrancheView]
    realised_by_line: dict[str, int]
    returned: int

    @property
    def planned(self) -> int:
        return sum(t.tranche.jumlah for t in self.tranches)

    @property
    def transferred(self) -> int:
        return sum(t.transferred for t in self.tranches)

    @property
    def realised(self) -> int:
        return sum(self.realised_by_line.values())

    @property
    def balance(self) -> int:
        return self.transferred - self.realised - self.returned

    @property
    def percent_transferred(self) -> int:
        j = self.allocation.jumlah
        return 0 if j == 0 else round(100 * self.transferred / j)


@dataclass
class GrantView:
    grant: Grant
    allocations: list[AllocationView]

    @property
    def allocated(self) -> int:
        return sum(a.allocation.jumlah for a in self.allocations)

    @property
    def transferred(self) -> int:
        return sum(a.transferred for a in self.allocations)


def grant_list(*, actor: Any) -> QuerySet[Grant]:
    return Grant.objects.filter(scope_q(actor, "kode_wilayah", Perm.GRANT_VIEW))


def grant_view(*, actor: Any, grant: Grant) -> GrantView:
    if not can_see(actor, grant.kode_wilayah, Perm.GRANT_VIEW):
        raise NotFoundOrOutOfScope("NPHD tidak ditemukan.")
    sent = dict(
        GrantTransfer.objects.filter(tranche__allocation__grant=grant)
        .values_list("tranche_id")
        .annotate(s=Sum("jumlah"))
    )
    realised: dict[int, dict[str, int]] = defaultdict(dict)
    for aid, akun, s in (
        Realisation.objects.filter(allocation__grant=grant)
        .values_list("allocation_id", "akun")
        .annotate(s=Sum("jumlah"))
    ):
        realised[aid][akun] = int(s)
    returned = dict(
        GrantReturn.objects.filter(allocation__grant=grant)
        .values_list("allocation_id")
        .annotate(s=Sum("jumlah"))
    )
    allocations = []
    for alloc in grant.allocations.prefetch_related("tranches").order_by("-jumlah"):
        allocations.append(
            AllocationView(
                alloc,
                [TrancheView(t, int(sent.get(t.pk, 0))) for t in alloc.tranches.all()],
                realised[alloc.pk],
                int(returned.get(alloc.pk, 0)),
            )
        )
    return GrantView(grant, allocations)


def grant_get(*, actor: Any, pk: int) -> GrantView:
    grant = Grant.objects.filter(pk=pk).first()
    if grant is None:
        raise NotFoundOrOutOfScope("NPHD tidak ditemukan.")
    return grant_view(actor=actor, grant=grant)


# --- Honoraria ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CutFlag:
    """A suspected cut at one unit (TPS, desa or kecamatan code) and one step."""

    unit_code: str
    step: Step
    amount: int
    people: int

    @property
    def desa_kode(self) -> str:
        return self.unit_code[:10]


def _payout_rows(actor: Any, area: str | None) -> QuerySet[Payout]:
    qs = Payout.objects.filter(scope_q(actor, "unit_code", Perm.HONOR_VIEW))
    if area:
        qs = qs.filter(unit_code__startswith=area)
    return qs


def honor_cuts(*, actor: Any, area: str | None = None) -> list[CutFlag]:
    """Suspected cuts per unit and step, from payouts and confirmations, plus transfer gaps.

    A transfer gap (less sent to a PPS account than its people are owed) is flagged at the desa,
    step transfer_pps; the other steps at the TPS (or unit) of the person.
    """
    totals: dict[tuple[str, Step], list[int]] = defaultdict(lambda: [0, 0])
    for unit, gross, tax, paid, received in _payout_rows(actor, area).values_list(
        "unit_code", "entitlement__bruto", "pajak", "dibayar", "diterima"
    ):
        for cut in cuts_for_person(PersonMoney(gross, tax, paid, received)):
            t = totals[(unit, cut.step)]
            t[0] += cut.amount
            t[1] += 1
    for gap in transfer_gaps(actor=actor, area=area):
        if gap.gap > 0:
            totals[(gap.desa_kode, Step.TRANSFER)] = [gap.gap, gap.people]
    return [CutFlag(u, s, a, n) for (u, s), (a, n) in sorted(totals.items())]


@dataclass(frozen=True)
class TransferGap:
    desa_kode: str
    owed: int
    transferred: int
    people: int

    @property
    def gap(self) -> int:
        return self.owed - self.transferred


def transfer_gaps(*, actor: Any, area: str | None = None) -> list[TransferGap]:
    """Per desa with PPS-paid honoraria: owed versus transferred to the PPS account.

    Only desa where at least one transfer was recorded are compared (before the first transfer
    nothing is late yet).
    """
    ents = Entitlement.objects.filter(scope_q(actor, "unit_code", Perm.HONOR_VIEW), lewat_pps=True)
    transfers = PpsTransfer.objects.filter(scope_q(actor, "desa_kode", Perm.HONOR_VIEW))
    if area:
        ents = ents.filter(unit_code__startswith=area)
        transfers = transfers.filter(desa_kode__startswith=area)
    sent = dict(transfers.values_list("desa_kode").annotate(s=Sum("jumlah")))
    out = []
    for desa, owed, n in (
        ents.values_list("desa_kode").annotate(s=Sum("bruto"), n=Count("id")).order_by("desa_kode")
    ):
        if desa in sent:
            out.append(TransferGap(desa, int(owed), int(sent[desa]), int(n)))
    return out


@dataclass
class Reconciliation:
    """Where the money sent to PPS accounts is, to the rupiah."""

    transferred: int = 0  # KPU -> PPS accounts
    owed: int = 0  # entitlements paid through PPS accounts (gross)
    paid_received: int = 0  # confirmed received + tax withheld
    tax: int = 0
    cuts: int = 0  # suspected cuts at the payout and receipt steps
    unconfirmed: int = 0  # paid (+ tax) but not yet confirmed
    unpaid: int = 0  # owed but no payout recorded yet

    @property
    def difference(self) -> int:
        """Transferred minus everything accounted for; 0 when the books close."""
        return self.transferred - (self.paid_received + self.cuts + self.unconfirmed + self.unpaid)


def reconciliation(*, actor: Any, area: str | None = None) -> Reconciliation:
    r = Reconciliation()
    qs = PpsTransfer.objects.filter(scope_q(actor, "desa_kode", Perm.HONOR_VIEW))
    ents = Entitlement.objects.filter(scope_q(actor, "unit_code", Perm.HONOR_VIEW), lewat_pps=True)
    if area:
        qs = qs.filter(desa_kode__startswith=area)
        ents = ents.filter(unit_code__startswith=area)
    r.transferred = int(qs.aggregate(s=Sum("jumlah"))["s"] or 0)
    r.owed = int(ents.aggregate(s=Sum("bruto"))["s"] or 0)
    r.unpaid = int(ents.filter(payout__isnull=True).aggregate(s=Sum("bruto"))["s"] or 0)
    for gross, tax, paid, received in (
        _payout_rows(actor, area)
        .filter(entitlement__lewat_pps=True)
        .values_list("entitlement__bruto", "pajak", "dibayar", "diterima")
    ):
        r.tax += tax
        if received is None:
            r.unconfirmed += gross
            continue
        r.paid_received += received + tax
        r.cuts += sum(c.amount for c in cuts_for_person(PersonMoney(gross, tax, paid, received)))
    return r


@dataclass
class HonorSummary:
    kode: str
    people: int = 0
    owed: int = 0
    paid: int = 0
    tax: int = 0
    received: int = 0
    confirmed: int = 0
    cuts: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    @property
    def percent_confirmed(self) -> int:
        return 0 if self.people == 0 else round(100 * self.confirmed / self.people)


def honor_summary(*, actor: Any, group_len: int, area: str | None = None) -> list[HonorSummary]:
    """Entitlements, payouts, confirmations and cuts grouped by a code prefix length
    (6 = kecamatan, 10 = desa, 13 = TPS)."""
    rows: dict[str, HonorSummary] = {}
    ents = Entitlement.objects.filter(scope_q(actor, "unit_code", Perm.HONOR_VIEW))
    if area:
        ents = ents.filter(unit_code__startswith=area)
    for unit, gross in ents.values_list("unit_code", "bruto"):
        key = unit[:group_len]
        s = rows.setdefault(key, HonorSummary(key))
        s.people += 1
        s.owed += gross
    for unit, gross, tax, paid, received in _payout_rows(actor, area).values_list(
        "unit_code", "entitlement__bruto", "pajak", "dibayar", "diterima"
    ):
        s = rows.setdefault(unit[:group_len], HonorSummary(unit[:group_len]))
        s.paid += paid
        s.tax += tax
        if received is not None:
            s.received += received
            s.confirmed += 1
        s.cuts += sum(c.amount for c in cuts_for_person(PersonMoney(gross, tax, paid, received)))
    return [rows[k] for k in sorted(rows)]


@dataclass(frozen=True)
class PersonLine:
    member_id: int
    unit_code: str
    body: str
    position: str
    nama_samar: str
    bruto: int
    pajak: int | None
    dibayar: int | None
    diterima: int | None
    cuts: tuple[tuple[str, int], ...]

    @property
    def net(self) -> int | None:
        return None if self.pajak is None else self.bruto - self.pajak


def people_of(*, actor: Any, area: str) -> list[PersonLine]:
    """Each person in the area with entitlement, payout and confirmation (names masked)."""
    if not can_see(actor, area, Perm.HONOR_VIEW):
        raise NotFoundOrOutOfScope("Wilayah tidak ditemukan.")
    ents = (
        Entitlement.objects.filter(unit_code__startswith=area)
        .select_related("member", "payout")
        .order_by("unit_code", "body", "position", "member_id")
    )
    out = []
    for e in ents:
        p: Payout | None = getattr(e, "payout", None)
        cuts: tuple[tuple[str, int], ...] = ()
        if p is not None:
            cuts = tuple(
                (c.step.value, c.amount)
                for c in cuts_for_person(PersonMoney(e.bruto, p.pajak, p.dibayar, p.diterima))
            )
        out.append(
            PersonLine(
                e.member_id,
                e.unit_code,
                e.body,
                e.position,
                mask_name(e.member.nama),
                e.bruto,
                p.pajak if p else None,
                p.dibayar if p else None,
                p.diterima if p else None,
                cuts,
            )
        )
    return out


def members_without_rate(*, actor: Any, area: str | None = None) -> int:
    qs = Member.objects.filter(
        scope_q(actor, "unit_code", Perm.HONOR_VIEW), aktif=True, entitlement__isnull=True
    )
    if area:
        qs = qs.filter(unit_code__startswith=area)
    return qs.count()


def confirmation_by_kecamatan(*, actor: Any) -> dict[str, tuple[int, int]]:
    """{kecamatan: (people who confirmed receipt, people paid through PPS accounts)}."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    rows = Entitlement.objects.filter(
        scope_q(actor, "unit_code", Perm.HONOR_VIEW), lewat_pps=True
    ).values_list("unit_code", "payout__diterima")
    for unit, received in rows:
        pair = out[unit[:6]]
        pair[1] += 1
        pair[0] += int(received is not None)
    return {k: (v[0], v[1]) for k, v in out.items()}


@dataclass(frozen=True)
class TpsHonor:
    """Honoraria of the people serving one TPS: owed, paid, confirmed, and suspected cuts."""

    people: int = 0
    paid: int = 0
    confirmed: int = 0
    cut_people: int = 0
    cut_amount: int = 0


def honor_by_tps(*, actor: Any, area: str) -> dict[str, TpsHonor]:
    """{TPS code: TpsHonor} for TPS-level entitlements in `area` (one query)."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    rows = Entitlement.objects.filter(
        scope_q(actor, "unit_code", Perm.HONOR_VIEW), unit_code__startswith=area
    ).values_list("unit_code", "bruto", "payout__pajak", "payout__dibayar", "payout__diterima")
    for unit, gross, tax, paid, received in rows:
        if len(unit) != 13:
            continue
        t = out[unit]
        t[0] += 1
        if paid is not None:
            t[1] += 1
            t[2] += int(received is not None)
            cuts = cuts_for_person(PersonMoney(gross, tax or 0, paid, received))
            if cuts:
                t[3] += 1
                t[4] += sum(c.amount for c in cuts)
    return {k: TpsHonor(*v) for k, v in out.items()}


@dataclass(frozen=True)
class RecipientTranches:
    """One grant recipient's tranches: how many were received in full, how many are due."""

    grant_id: int
    penerima: str
    tranches: int
    received: int
    due: int
    due_received: int
    allocated: int
    transferred: int


def tranches_by_recipient(*, actor: Any, today: date) -> list[RecipientTranches]:
    """Every grant recipient the actor may see, with tranche receipt against the deadlines."""
    out = []
    for grant in grant_list(actor=actor).order_by("pk"):
        view = grant_view(actor=actor, grant=grant)
        for a in view.allocations:
            full = [t.outstanding <= 0 for t in a.tranches]
            due = [t.tranche.batas_tanggal <= today for t in a.tranches]
            out.append(
                RecipientTranches(
                    grant_id=grant.pk,
                    penerima=a.allocation.penerima_nama,
                    tranches=len(a.tranches),
                    received=sum(full),
                    due=sum(due),
                    due_received=sum(f and d for f, d in zip(full, due, strict=True)),
                    allocated=a.allocation.jumlah,
                    transferred=a.transferred,
                )
            )
    return out
