"""Writing the money trail: grant, tranches, transfers, spending, returns, honoraria.

Every amount goes through rules.parse_amount (whole rupiah, never negative, never a fraction)
and every service is one transaction with its audit entry, so nothing is half-recorded.
"""

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Sum

from pilkada.accounts.roles import Perm, Role
from pilkada.accounts.scoping import has_perm
from pilkada.accounts.scoping import require_change as _require_change
from pilkada.adhoc.models import Member
from pilkada.audit.services import audit_log
from pilkada.budget.models import (
    Allocation,
    Entitlement,
    Grant,
    GrantReturn,
    GrantTransfer,
    HonorRate,
    Payout,
    PpsTransfer,
    Realisation,
    Tranche,
)
from pilkada.budget.rules import (
    DEFAULT_TRANCHE_RULE,
    TrancheRule,
    entitlement,
    parse_amount,
    rule_from_json,
    rule_to_json,
    tranche_plan,
)
from pilkada.core import clock
from pilkada.core.exceptions import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from pilkada.core.money import format_rupiah

RATES_FILE = Path(__file__).parent / "data" / "tarif_honor.csv"


def require_change(actor: Any, code: str, perm: Perm) -> None:
    """Scoped write check; `None` is the system (command-line loaders, the demo)."""
    if actor is not None:
        _require_change(actor, code, perm)


def _rp(n: int) -> str:
    return format_rupiah(n)


def _sum(qs: Any, field: str = "jumlah") -> int:
    return int(qs.aggregate(s=Sum(field))["s"] or 0)


# --- Grant (NPHD) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NewAllocation:
    penerima_kode: str
    penerima_nama: str
    jumlah: object  # parsed with parse_amount


@transaction.atomic
def grant_create(
    *,
    actor: Any,
    nomor: str,
    tanggal_ttd: date,
    hari_pemungutan: date,
    kode_wilayah: str,
    pemberi: str,
    allocations: Sequence[NewAllocation],
    rule: Sequence[TrancheRule] = DEFAULT_TRANCHE_RULE,
    rule_rows: Sequence[Mapping[str, object]] | None = None,
    holidays: frozenset[date] = frozenset(),
) -> Grant:
    """Record a signed NPHD with its recipients; each gets the tranche plan of `rule`
    (or of `rule_rows`, the rule as data, see rules.rule_from_json)."""
    require_change(actor, kode_wilayah, Perm.GRANT_MANAGE)
    if rule_rows:
        rule = rule_from_json(rule_rows)
    if not nomor.strip():
        raise ValidationFailed("Nomor NPHD wajib diisi.", [("nomor", "wajib diisi")])
    if Grant.objects.filter(nomor=nomor).exists():
        raise ValidationFailed(f"NPHD {nomor} sudah dicatat.", [("nomor", "sudah ada")])
    if not allocations:
        raise ValidationFailed("NPHD tanpa penerima.", [("penerima", "kosong")])
    amounts = [
        parse_amount(a.jumlah, f"penerima {a.penerima_kode} jumlah", allow_zero=False)
        for a in allocations
    ]
    codes = [a.penerima_kode for a in allocations]
    if len(set(codes)) != len(codes):
        raise ValidationFailed("Penerima ganda dalam NPHD.", [("penerima", "ganda")])
    grant = Grant.objects.create(
        nomor=nomor,
        tanggal_ttd=tanggal_ttd,
        pemberi=pemberi,
        kode_wilayah=kode_wilayah,
        hari_pemungutan=hari_pemungutan,
        aturan_tahap=rule_to_json(rule),
        total=sum(amounts),
    )
    for a, amount in zip(allocations, amounts, strict=True):
        alloc = Allocation.objects.create(
            grant=grant, penerima_kode=a.penerima_kode, penerima_nama=a.penerima_nama, jumlah=amount
        )
        plan = tranche_plan(
            allocation=amount,
            signed=tanggal_ttd,
            voting_day=hari_pemungutan,
            rule=rule,
            holidays=holidays,
        )
        Tranche.objects.bulk_create(
            Tranche(
                allocation=alloc,
                nomor=t.nomor,
                persen_bp=t.share_bp,
                jumlah=t.amount,
                batas_tanggal=t.due,
            )
            for t in plan
        )
    audit_log(
        actor=actor,
        action="budget.grant.created",
        object_type="budget.grant",
        object_id=str(grant.pk),
        area_code=kode_wilayah,
        changes={
            "nomor": nomor,
            "tanggal_ttd": tanggal_ttd,
            "total": grant.total,
            "penerima": dict(zip(codes, amounts, strict=True)),
            "aturan_tahap": grant.aturan_tahap,
        },
    )
    return grant


@transaction.atomic
def tranches_set(
    *, actor: Any, allocation_id: int, tranches: Sequence[tuple[object, date]]
) -> list[Tranche]:
    """Replace an allocation's tranche plan by hand (amount, due date) before any transfer.

    A tranche larger than the allocation, or a plan that does not add up to it, is refused.
    """
    alloc = (
        Allocation.objects.select_for_update().select_related("grant").filter(pk=allocation_id)
    ).first()
    if alloc is None:
        raise NotFoundOrOutOfScope("Alokasi tidak ditemukan.")
    require_change(actor, alloc.grant.kode_wilayah, Perm.GRANT_MANAGE)
    if GrantTransfer.objects.filter(tranche__allocation=alloc).exists():
        raise ValidationFailed(
            "Rencana tahap tidak dapat diubah setelah ada transfer.", [("tahap", "sudah transfer")]
        )
    amounts = [parse_amount(a, f"tahap {i} jumlah") for i, (a, _d) in enumerate(tranches, 1)]
    for i, amount in enumerate(amounts, start=1):
        if amount > alloc.jumlah:
            raise ValidationFailed(
                f"Tahap {i} ({_rp(amount)}) melebihi alokasi {alloc.penerima_nama} "
                f"({_rp(alloc.jumlah)}).",
                [(f"tahap {i} jumlah", "melebihi alokasi")],
            )
    if sum(amounts) != alloc.jumlah:
        raise ValidationFailed(
            f"Jumlah semua tahap {_rp(sum(amounts))} harus sama dengan alokasi "
            f"{_rp(alloc.jumlah)}.",
            [("tahap", "jumlah tidak sama dengan alokasi")],
        )
    alloc.tranches.all().delete()
    rows = Tranche.objects.bulk_create(
        Tranche(
            allocation=alloc,
            nomor=i,
            persen_bp=amount * 10_000 // alloc.jumlah if alloc.jumlah else 0,
            jumlah=amount,
            batas_tanggal=due,
        )
        for i, (amount, (_a, due)) in enumerate(zip(amounts, tranches, strict=True), start=1)
    )
    audit_log(
        actor=actor,
        action="budget.tranche.planned",
        object_type="budget.allocation",
        object_id=str(alloc.pk),
        area_code=alloc.grant.kode_wilayah,
        changes={"tahap": [[t.jumlah, t.batas_tanggal] for t in rows]},
    )
    return rows


@transaction.atomic
def grant_transfer_record(
    *, actor: Any, tranche_id: int, jumlah: object, tanggal: date, referensi: str = ""
) -> GrantTransfer:
    """A transfer of (part of) one tranche; it may not take the tranche beyond its amount."""
    tranche = (
        Tranche.objects.select_for_update()
        .select_related("allocation__grant")
        .filter(pk=tranche_id)
        .first()
    )
    if tranche is None:
        raise NotFoundOrOutOfScope("Tahap tidak ditemukan.")
    grant = tranche.allocation.grant
    require_change(actor, grant.kode_wilayah, Perm.GRANT_MANAGE)
    room = tranche.jumlah - _sum(tranche.transfers.all())
    amount = _capped_amount(
        jumlah, room, "Transfer", f"sisa tahap {tranche.nomor} {tranche.allocation.penerima_nama}"
    )
    row = GrantTransfer.objects.create(
        tranche=tranche,
        jumlah=amount,
        tanggal=tanggal,
        referensi=referensi,
        dicatat_pada=clock.now(),
    )
    audit_log(
        actor=actor,
        action="budget.grant.transferred",
        object_type="budget.tranche",
        object_id=str(tranche.pk),
        area_code=grant.kode_wilayah,
        changes={
            "penerima": tranche.allocation.penerima_kode,
            "tahap": tranche.nomor,
            "jumlah": amount,
            "tanggal": tanggal,
            "referensi": referensi,
        },
    )
    return row


def _allocation_for_report(actor: Any, allocation_id: int) -> Allocation:
    alloc = (
        Allocation.objects.select_for_update().select_related("grant").filter(pk=allocation_id)
    ).first()
    if alloc is None:
        raise NotFoundOrOutOfScope("Alokasi tidak ditemukan.")
    require_change(actor, alloc.grant.kode_wilayah, Perm.GRANT_REPORT)
    return alloc


def _balance(alloc: Allocation) -> int:
    received = _sum(GrantTransfer.objects.filter(tranche__allocation=alloc))
    return received - _sum(alloc.realisations.all()) - _sum(alloc.returns.all())


def _capped_amount(jumlah: object, room: int, what: str, limit: str) -> int:
    """A positive whole-rupiah amount no larger than `room`; else refused, naming the limit."""
    amount = parse_amount(jumlah, "jumlah", allow_zero=False)
    if amount > room:
        raise ValidationFailed(
            f"{what} {_rp(amount)} melebihi {limit}: {_rp(room)}.",
            [("jumlah", f"melebihi {limit}")],
        )
    return amount


def _within_balance(alloc: Any, jumlah: object, what: str, balance_name: str) -> int:
    """An amount that does not exceed what the recipient still holds."""
    return _capped_amount(jumlah, _balance(alloc), what, f"{balance_name} {alloc.penerima_nama}")


@transaction.atomic
def realisation_record(
    *, actor: Any, allocation_id: int, akun: str, uraian: str, jumlah: object, tanggal: date
) -> Realisation:
    """Spending on one budget line; a recipient cannot spend more than it has received."""
    alloc = _allocation_for_report(actor, allocation_id)
    if not akun.strip():
        raise ValidationFailed("Mata anggaran wajib diisi.", [("akun", "wajib diisi")])
    amount = _within_balance(alloc, jumlah, "Realisasi", "saldo hibah")
    row = Realisation.objects.create(
        allocation=alloc,
        akun=akun,
        uraian=uraian,
        jumlah=amount,
        tanggal=tanggal,
        dicatat_pada=clock.now(),
    )
    audit_log(
        actor=actor,
        action="budget.realisation.recorded",
        object_type="budget.allocation",
        object_id=str(alloc.pk),
        area_code=alloc.grant.kode_wilayah,
        changes={"akun": akun, "uraian": uraian, "jumlah": amount, "tanggal": tanggal},
    )
    return row


@transaction.atomic
def grant_return_record(
    *, actor: Any, allocation_id: int, jumlah: object, tanggal: date, referensi: str = ""
) -> GrantReturn:
    """Return of unused money to the kas daerah; never more than the unspent balance."""
    alloc = _allocation_for_report(actor, allocation_id)
    amount = _within_balance(alloc, jumlah, "Pengembalian", "sisa dana")
    row = GrantReturn.objects.create(
        allocation=alloc,
        jumlah=amount,
        tanggal=tanggal,
        referensi=referensi,
        dicatat_pada=clock.now(),
    )
    audit_log(
        actor=actor,
        action="budget.return.recorded",
        object_type="budget.allocation",
        object_id=str(alloc.pk),
        area_code=alloc.grant.kode_wilayah,
        changes={"jumlah": amount, "tanggal": tanggal, "referensi": referensi},
    )
    return row


# --- Honoraria ------------------------------------------------------------------------------


@transaction.atomic
def rates_sync(*, actor: Any, path: Path = RATES_FILE) -> int:
    """Load the monthly rates (domain.md §6.2) that are missing; existing rows are kept."""
    if actor is not None and not has_perm(actor, Perm.HONOR_MANAGE):
        raise PermissionDenied("Anda tidak berwenang mengubah tarif honorarium.")
    existing = set(HonorRate.objects.values_list("body", "position"))
    new = []
    with path.open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            where = f"{path.name} baris {i}"
            amount = parse_amount(row["bulanan"], f"{where} bulanan")
            if (row["body"], row["position"]) in existing:
                continue
            new.append(
                HonorRate(
                    body=row["body"],
                    position=row["position"],
                    bulanan=amount,
                    bulan_tugas=int(row["bulan_tugas"]),
                    lewat_pps=row["lewat_pps"] == "1",
                    sumber=row["sumber"],
                )
            )
    HonorRate.objects.bulk_create(new)
    if new:
        audit_log(
            actor=actor,
            action="budget.rate.synced",
            object_type="budget.honorrate",
            changes={"baru": [[r.body, r.position, r.bulanan] for r in new]},
        )
    return len(new)


def _desa_of(unit_code: str) -> str:
    return unit_code[:10] if len(unit_code) >= 10 else ""


@transaction.atomic
def entitlements_compute(
    *, actor: Any, area_code: str, months: Mapping[int, int] | None = None
) -> int:
    """Entitlement = monthly rate x months served, for every active member in the area.

    `months` overrides the months served for some members (by id). Members already paid keep
    their entitlement; a member whose body/position has no rate gets none (shown as missing).
    """
    require_change(actor, area_code, Perm.HONOR_MANAGE)
    rates = {(r.body, r.position): r for r in HonorRate.objects.all()}
    months = dict(months or {})
    members = Member.objects.filter(unit_code__startswith=area_code, aktif=True)
    current = {e.member_id: e for e in Entitlement.objects.filter(unit_code__startswith=area_code)}
    paid = set(
        Payout.objects.filter(unit_code__startswith=area_code).values_list(
            "entitlement__member_id", flat=True
        )
    )
    new, changed = [], []
    for m in members:
        rate = rates.get((m.body, m.position))
        if rate is None or m.pk in paid:
            continue
        n = months.get(m.pk, rate.bulan_tugas)
        if n < 0:
            raise ValidationFailed(f"Bulan tugas anggota {m.pk} negatif.", [(str(m.pk), "negatif")])
        gross = entitlement(rate.bulanan, n)
        old = current.get(m.pk)
        if old is None:
            new.append(
                Entitlement(
                    member=m,
                    unit_code=m.unit_code,
                    desa_kode=_desa_of(m.unit_code),
                    body=m.body,
                    position=m.position,
                    tarif=rate.bulanan,
                    bulan=n,
                    bruto=gross,
                    lewat_pps=rate.lewat_pps,
                )
            )
        elif (old.tarif, old.bulan, old.bruto) != (rate.bulanan, n, gross):
            old.tarif, old.bulan, old.bruto = rate.bulanan, n, gross
            changed.append(old)
    Entitlement.objects.bulk_create(new, batch_size=2000)
    Entitlement.objects.bulk_update(changed, ["tarif", "bulan", "bruto"], batch_size=2000)
    if new or changed:
        audit_log(
            actor=actor,
            action="budget.entitlement.computed",
            object_type="budget.entitlement",
            object_id=area_code,
            area_code=area_code,
            changes={
                "baru": len(new),
                "diubah": len(changed),
                "bruto_baru": sum(e.bruto for e in new),
            },
        )
    return len(new) + len(changed)


@transaction.atomic
def pps_transfer_record(
    *, actor: Any, desa_kode: str, jumlah: object, tanggal: date, referensi: str = ""
) -> PpsTransfer:
    """Honoraria money sent from the KPU to a PPS account (for its KPPS and Linmas)."""
    require_change(actor, desa_kode, Perm.HONOR_MANAGE)
    if len(desa_kode) != 10 or not desa_kode.isdigit():
        raise ValidationFailed(f"Kode desa {desa_kode} tidak sah.", [("desa", "kode salah")])
    owed = _sum(Entitlement.objects.filter(desa_kode=desa_kode, lewat_pps=True), "bruto")
    room = owed - _sum(PpsTransfer.objects.filter(desa_kode=desa_kode))
    amount = _capped_amount(
        jumlah, room, "Transfer", f"hak honorarium yang belum ditransfer untuk PPS {desa_kode}"
    )
    row = PpsTransfer.objects.create(
        desa_kode=desa_kode,
        jumlah=amount,
        tanggal=tanggal,
        referensi=referensi,
        dicatat_pada=clock.now(),
    )
    audit_log(
        actor=actor,
        action="budget.pps_transfer.recorded",
        object_type="budget.ppstransfer",
        object_id=str(row.pk),
        area_code=desa_kode,
        changes={"jumlah": amount, "tanggal": tanggal, "referensi": referensi},
    )
    return row


def _entitlement_of(member_id: object) -> Entitlement:
    try:
        pk = int(str(member_id))
    except ValueError:
        pk = -1
    member = Member.objects.filter(pk=pk, aktif=True).first()
    if member is None:
        raise NotFoundOrOutOfScope(
            f"Penerima {member_id} tidak terdaftar dalam susunan badan ad hoc."
        )
    ent = Entitlement.objects.select_for_update().filter(member=member).first()
    if ent is None:
        raise ValidationFailed(
            f"Anggota {member_id} belum punya hak honorarium (tarif jabatan belum ada).",
            [("penerima", "tanpa hak honorarium")],
        )
    return ent


@transaction.atomic
def payout_record(*, actor: Any, member_id: object, dibayar: object, pajak: object = 0) -> Payout:
    """The PPS (or KPU) pays one person: amount handed over and tax withheld, separately."""
    ent = _entitlement_of(member_id)
    require_change(actor, ent.unit_code, Perm.HONOR_PAY)
    paid = parse_amount(dibayar, "dibayarkan")
    tax = parse_amount(pajak, "pajak")
    if Payout.objects.filter(entitlement=ent).exists():
        raise ValidationFailed("Pembayaran untuk anggota ini sudah dicatat.", [("penerima", "")])
    if paid + tax > ent.bruto:
        raise ValidationFailed(
            f"Dibayar {_rp(paid)} + pajak {_rp(tax)} melebihi hak {_rp(ent.bruto)}.",
            [("dibayarkan", "melebihi hak")],
        )
    if ent.lewat_pps:
        have = _sum(PpsTransfer.objects.filter(desa_kode=ent.desa_kode))
        out = _sum(
            Payout.objects.filter(desa_kode=ent.desa_kode, entitlement__lewat_pps=True), "dibayar"
        ) + _sum(
            Payout.objects.filter(desa_kode=ent.desa_kode, entitlement__lewat_pps=True), "pajak"
        )
        if out + paid + tax > have:
            raise ValidationFailed(
                f"Saldo rekening PPS {ent.desa_kode} ({_rp(have - out)}) tidak cukup.",
                [("dibayarkan", "saldo PPS tidak cukup")],
            )
    row = Payout.objects.create(
        entitlement=ent,
        unit_code=ent.unit_code,
        desa_kode=ent.desa_kode,
        dibayar=paid,
        pajak=tax,
        dibayar_pada=clock.now(),
        dibayar_oleh=actor if getattr(actor, "pk", None) else None,
    )
    audit_log(
        actor=actor,
        action="budget.payout.recorded",
        object_type="budget.payout",
        object_id=str(row.pk),
        area_code=ent.unit_code,
        changes={"anggota": ent.member_id, "hak": ent.bruto, "dibayar": paid, "pajak": tax},
    )
    return row


@transaction.atomic
def payouts_record_area(
    *, actor: Any, area_code: str, rows: Mapping[Any, tuple[object, object]]
) -> list[Payout]:
    """The PPS's payout sheet for its desa: (paid out, tax withheld) per person, all or none."""
    require_change(actor, area_code, Perm.HONOR_PAY)
    out = []
    errors: list[tuple[str, str]] = []
    for member_id, (paid, tax) in rows.items():
        try:
            ent = _entitlement_of(member_id)
            if not ent.unit_code.startswith(area_code):
                raise ValidationFailed(
                    f"Anggota {member_id} bukan dari wilayah {area_code}.",
                    [(str(member_id), "bukan dari wilayah ini")],
                )
            out.append(payout_record(actor=actor, member_id=member_id, dibayar=paid, pajak=tax))
        except ValidationFailed as exc:
            errors += [(str(member_id), f"{w}: {r}") for w, r in exc.errors] or [
                (str(member_id), str(exc))
            ]
        except NotFoundOrOutOfScope as exc:
            errors.append((str(member_id), str(exc)))
    if errors:
        raise ValidationFailed(
            "Lembar pembayaran tidak disimpan: " + "; ".join(f"{w}: {r}" for w, r in errors),
            errors,
        )
    return out


def _confirm(actor: Any, member_id: object, diterima: object, channel: str) -> Payout:
    ent = _entitlement_of(member_id)
    require_change(actor, ent.unit_code, Perm.HONOR_CONFIRM)
    payout = Payout.objects.select_for_update().filter(entitlement=ent).first()
    if payout is None:
        raise ValidationFailed(
            f"Belum ada pembayaran tercatat untuk anggota {member_id}.",
            [(str(member_id), "belum dibayar")],
        )
    got = parse_amount(diterima, f"anggota {member_id} diterima")
    if got > payout.dibayar:
        raise ValidationFailed(
            f"Anggota {member_id}: diterima {_rp(got)} lebih besar dari yang dicatat dibayar "
            f"{_rp(payout.dibayar)}; periksa catatan pembayaran PPS.",
            [(str(member_id), "melebihi pembayaran")],
        )
    before = payout.diterima
    payout.diterima = got
    payout.dikonfirmasi_pada = clock.now()
    payout.dikonfirmasi_oleh = actor if getattr(actor, "pk", None) else None
    payout.saluran = channel
    payout.save(update_fields=["diterima", "dikonfirmasi_pada", "dikonfirmasi_oleh", "saluran"])
    audit_log(
        actor=actor,
        action="budget.payout.confirmed",
        object_type="budget.payout",
        object_id=str(payout.pk),
        area_code=ent.unit_code,
        changes={
            "anggota": ent.member_id,
            "dibayar": payout.dibayar,
            "diterima": [before, got],
            "saluran": channel,
        },
    )
    return payout


@transaction.atomic
def payout_confirm(*, actor: Any, member_id: object, diterima: object) -> Payout:
    """The payee (through the KPPS account of the TPS) confirms the amount received."""
    return _confirm(actor, member_id, diterima, Payout.Channel.WEB)


@transaction.atomic
def payouts_confirm_area(
    *, actor: Any, area_code: str, received: Mapping[Any, object]
) -> list[Payout]:
    """Amounts received by the people of one desa (the kepala desa's form) or one TPS (the
    KPPS, for its members); all rows are saved, or none."""
    require_change(actor, area_code, Perm.HONOR_CONFIRM)
    channel = (
        Payout.Channel.FORM_KADES
        if getattr(actor, "role", "") == Role.KEPALA_DESA
        else Payout.Channel.WEB
    )
    out = []
    errors: list[tuple[str, str]] = []
    for member_id, amount in received.items():
        try:
            ent = _entitlement_of(member_id)
            if not ent.unit_code.startswith(area_code):
                raise ValidationFailed(
                    f"Anggota {member_id} bukan dari wilayah {area_code}.",
                    [(str(member_id), "bukan dari wilayah ini")],
                )
            out.append(_confirm(actor, member_id, amount, channel))
        except ValidationFailed as exc:
            errors += exc.errors or [(str(member_id), str(exc))]
        except NotFoundOrOutOfScope as exc:
            errors.append((str(member_id), str(exc)))
    if errors:
        raise ValidationFailed(
            "Formulir tidak disimpan: " + "; ".join(f"{w}: {r}" for w, r in errors), errors
        )
    return out


@dataclass(frozen=True)
class DemoPayout:
    member_id: int
    dibayar: int
    pajak: int
    diterima: int | None


@transaction.atomic
def honoraria_bulk_record(
    *,
    actor: Any,
    area_code: str,
    transfers: Sequence[tuple[str, int, date]],
    payouts: Sequence[DemoPayout],
) -> int:
    """Record many PPS transfers and payouts at once (demo or import); all checks apply."""
    require_change(actor, area_code, Perm.HONOR_MANAGE)
    now = clock.now()
    ents = {e.member_id: e for e in Entitlement.objects.filter(unit_code__startswith=area_code)}
    owed: dict[str, int] = {}
    for e in ents.values():
        if e.lewat_pps:
            owed[e.desa_kode] = owed.get(e.desa_kode, 0) + e.bruto
    sent: dict[str, int] = {}
    for desa, amount, _day in transfers:
        sent[desa] = sent.get(desa, 0) + parse_amount(amount, f"transfer {desa}", allow_zero=False)
        if sent[desa] > owed.get(desa, 0):
            raise ValidationFailed(f"transfer PPS {desa} melebihi hak", [(desa, "melebihi hak")])
    rows = []
    for p in payouts:
        ent = ents.get(p.member_id)
        if ent is None:
            raise ValidationFailed(
                f"Penerima {p.member_id} tidak terdaftar.", [(str(p.member_id), "tidak terdaftar")]
            )
        if p.dibayar + p.pajak > ent.bruto or (p.diterima is not None and p.diterima > p.dibayar):
            raise ValidationFailed(
                f"Pembayaran anggota {p.member_id} tidak sah.", [(str(p.member_id), "tidak sah")]
            )
        rows.append(
            Payout(
                entitlement=ent,
                unit_code=ent.unit_code,
                desa_kode=ent.desa_kode,
                dibayar=p.dibayar,
                pajak=p.pajak,
                dibayar_pada=now,
                diterima=p.diterima,
                dikonfirmasi_pada=now if p.diterima is not None else None,
                saluran=Payout.Channel.SISTEM if p.diterima is not None else "",
            )
        )
    PpsTransfer.objects.bulk_create(
        PpsTransfer(desa_kode=d, jumlah=a, tanggal=t, referensi="demo", dicatat_pada=now)
        for d, a, t in transfers
    )
    Payout.objects.bulk_create(rows, batch_size=2000)
    if transfers or rows:
        audit_log(
            actor=actor,
            action="budget.bulk_recorded",
            object_type="budget.payout",
            object_id=area_code,
            area_code=area_code,
            changes={
                "transfer_pps": len(transfers),
                "jumlah_transfer": sum(sent.values()),
                "pembayaran": len(rows),
            },
        )
    return len(rows)
