"""Reading the voter roll, always scoped to the actor's area (the public lookup excepted)."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import can_see, scope_q
from pilkada.core.exceptions import NotFoundOrOutOfScope
from pilkada.core.privacy import mask_name
from pilkada.tps.models import Tps
from pilkada.voters import protect
from pilkada.voters.models import (
    DptPosting,
    DuplicatePair,
    ImportBatch,
    ImportRowError,
    InvitationDelivery,
    Jenis,
    RollExport,
    Voter,
)
from pilkada.voters.services import voting_day
from pilkada.wilayah.models import Desa, Kecamatan

# Age bands on voting day; 17–20 are the first-time voters.
AGE_BANDS: list[tuple[str, int, int | None]] = [
    ("17–20", 17, 20),
    ("21–30", 21, 30),
    ("31–40", 31, 40),
    ("41–50", 41, 50),
    ("51–60", 51, 60),
    ("61+", 61, None),
]
DISABILITY = {
    1: "fisik",
    2: "intelektual",
    3: "mental",
    4: "wicara",
    5: "rungu",
    6: "netra",
}


def import_list(*, actor: Any) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(scope_q(actor, "area_code", Perm.VOTERS_IMPORT))


def import_get(*, actor: Any, batch_id: int) -> ImportBatch:
    batch = import_list(actor=actor).filter(pk=batch_id).first()
    if batch is None:
        raise NotFoundOrOutOfScope("Impor tidak ditemukan.")
    return batch


def import_errors(*, actor: Any, batch_id: int) -> QuerySet[ImportRowError]:
    return import_get(actor=actor, batch_id=batch_id).errors.all()


def voter_list_tps(*, actor: Any, tps_kode: str, jenis: str = Jenis.DPT) -> list[Voter]:
    """The registered voters of one TPS, family by family (the list posted at the TPS)."""
    if (
        not can_see(actor, tps_kode, Perm.VOTERS_VIEW)
        or not Tps.objects.filter(pk=tps_kode).exists()
    ):
        raise NotFoundOrOutOfScope("TPS tidak ditemukan.")
    return list(
        Voter.objects.filter(tps_kode=tps_kode, status=Voter.Status.AKTIF, jenis=jenis)
        .defer("identitas_enc")
        .order_by("rw", "rt", "alamat", "nkk_hash", "id")
    )


def duplicate_queue(*, actor: Any, open_only: bool = True) -> QuerySet[DuplicatePair]:
    qs = DuplicatePair.objects.filter(scope_q(actor, "tps_kode", Perm.VOTERS_REVIEW))
    if open_only:
        qs = qs.filter(keputusan="")
    return qs.select_related("a", "b").defer("a__identitas_enc", "b__identitas_enc")


def duplicate_get(*, actor: Any, pair_id: int) -> DuplicatePair:
    pair = duplicate_queue(actor=actor, open_only=False).filter(pk=pair_id).first()
    if pair is None:
        raise NotFoundOrOutOfScope("Pasangan tidak ditemukan.")
    return pair


def export_list(*, actor: Any) -> QuerySet[RollExport]:
    return RollExport.objects.filter(
        scope_q(actor, "area_code", Perm.VOTERS_EXPORT)
    ).select_related("diminta_oleh", "disetujui_oleh")


# ---------------------------------------------------------------------------------------------
# Public lookup


@dataclass(frozen=True)
class CekResult:
    nama: str
    tps: str
    tps_alamat: str
    desa: str
    kecamatan: str


def cek_dpt(*, nik: str) -> CekResult | None:
    """Exact NIK only (by keyed hash), registered DPT voters only; a masked name, no listing."""
    if len(nik) != 16 or not (nik.isascii() and nik.isdigit()):
        return None
    # One indexed query (the ORM would add ~10x its cost on this hot public path).
    sql = (
        f"SELECT v.nama, t.nomor, t.alamat, d.nama, k.nama FROM {Voter._meta.db_table} v "  # noqa: S608
        f"JOIN {Tps._meta.db_table} t ON t.kode = v.tps_kode "
        f"JOIN {Desa._meta.db_table} d ON d.kode = t.desa_id "
        f"JOIN {Kecamatan._meta.db_table} k ON k.kode = d.kecamatan_id "
        "WHERE v.nik_hash = %s AND v.status = %s AND v.jenis = %s LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [protect.keyed_hash(nik), Voter.Status.AKTIF, Jenis.DPT])
        row = cursor.fetchone()
    if row is None:
        return None
    nama, nomor, alamat, desa, kecamatan = row
    return CekResult(
        nama=mask_name(nama),
        tps=f"TPS {nomor:03d}",
        tps_alamat=alamat,
        desa=desa,
        kecamatan=kecamatan,
    )


# ---------------------------------------------------------------------------------------------
# Statistics


@dataclass
class StatRow:
    kode: str
    nama: str
    total: int = 0
    laki: int = 0
    perempuan: int = 0
    usia: dict[str, int] = field(default_factory=dict)
    disabilitas: dict[str, int] = field(default_factory=dict)

    def add(self, other: "StatRow") -> None:
        self.total += other.total
        self.laki += other.laki
        self.perempuan += other.perempuan
        for k, v in other.usia.items():
            self.usia[k] = self.usia.get(k, 0) + v
        for k, v in other.disabilitas.items():
            self.disabilitas[k] = self.disabilitas.get(k, 0) + v


def _born_between(day: date, lo: int, hi: int | None) -> Q:
    """Age on `day` in [lo, hi]: born after day - (hi+1) years and on or before day - lo years."""
    latest = date(day.year - lo, day.month, day.day)
    q = Q(tanggal_lahir__lte=latest)
    if hi is not None:
        earliest = date(day.year - hi - 1, day.month, day.day)
        q &= Q(tanggal_lahir__gt=earliest)
    return q


def roll_stats(*, actor: Any, level: str, parent: str = "") -> list[StatRow]:
    """Registered DPT voters by sex, age band and disability, per TPS, desa or kecamatan."""
    day = voting_day()
    aggregates: dict[str, Any] = {
        "total": Count("*"),
        "laki": Count("id", filter=Q(jenis_kelamin="L")),
        "perempuan": Count("id", filter=Q(jenis_kelamin="P")),
    }
    for _label, lo, hi in AGE_BANDS:
        aggregates[f"u{lo}"] = Count("id", filter=_born_between(day, lo, hi))
    for code in DISABILITY:
        aggregates[f"d{code}"] = Count("id", filter=Q(disabilitas=code))
    qs = Voter.objects.filter(
        scope_q(actor, "tps_kode", Perm.VOTERS_VIEW), status=Voter.Status.AKTIF, jenis=Jenis.DPT
    )
    if parent:
        qs = qs.filter(tps_kode__startswith=parent)
    per_tps = qs.order_by().values("tps_kode").annotate(**aggregates)
    width = {"kecamatan": 6, "desa": 10, "tps": 13}[level]
    names: dict[str, str]
    if level == "kecamatan":
        names = dict(Kecamatan.objects.values_list("kode", "nama"))
    elif level == "desa":
        names = dict(Desa.objects.filter(kode__startswith=parent[:6]).values_list("kode", "nama"))
    else:
        names = {
            t.kode: t.nama
            for t in Tps.objects.filter(kode__startswith=parent).only("kode", "nomor")
        }
    rows: dict[str, StatRow] = {}
    for r in per_tps:
        key = r["tps_kode"][:width]
        one = StatRow(
            kode=key,
            nama="",
            total=r["total"],
            laki=r["laki"],
            perempuan=r["perempuan"],
            usia={label: r[f"u{lo}"] for label, lo, _ in AGE_BANDS},
            disabilitas={name: r[f"d{code}"] for code, name in DISABILITY.items()},
        )
        rows.setdefault(key, StatRow(kode=key, nama=names.get(key, key))).add(one)
    return [rows[k] for k in sorted(rows)]


@dataclass(frozen=True)
class TpsRoll:
    """One TPS's DPT (registered voters on the roll), its posting and invitations handed out."""

    dpt: int = 0
    ditempel_pada: date | None = None
    undangan: int | None = None


def roll_by_tps(*, actor: Any, area: str) -> dict[str, TpsRoll]:
    """{TPS code: TpsRoll} for TPS in `area` the actor may see (three queries)."""
    scope = scope_q(actor, "tps_kode", Perm.VOTERS_VIEW)
    dpt = dict(
        Voter.objects.filter(
            scope, tps_kode__startswith=area, jenis=Jenis.DPT, status=Voter.Status.AKTIF
        )
        .order_by()
        .values_list("tps_kode")
        .annotate(n=Count("id"))
    )
    posted = dict(
        DptPosting.objects.filter(scope, tps_kode__startswith=area).values_list(
            "tps_kode", "ditempel_pada"
        )
    )
    invited = dict(
        InvitationDelivery.objects.filter(scope, tps_kode__startswith=area).values_list(
            "tps_kode", "jumlah"
        )
    )
    return {
        k: TpsRoll(dpt.get(k, 0), posted.get(k), invited.get(k))
        for k in set(dpt) | set(posted) | set(invited)
    }
