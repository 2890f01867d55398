"""Load the Lampung Timur demo: real reference data, synthetic people. Idempotent."""

import csv
import random
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from pilkada.accounts.models import User
from pilkada.accounts.roles import Role
from pilkada.accounts.services import user_create
from pilkada.adhoc.models import BODY_LEVEL, BODY_SIZE, Body, Member, Position
from pilkada.adhoc.services import NewMember, member_bulk_create
from pilkada.budget.demo import demo_load_budget
from pilkada.core.codes import Level
from pilkada.counting.services import demo_results_load
from pilkada.demo.names import BANKS, account, person_name, phone
from pilkada.demo.readiness import demo_load_readiness
from pilkada.logistics.demo import demo_load_logistics
from pilkada.pemilihan.loader import load_pairs_file
from pilkada.pemilihan.models import Election
from pilkada.pemilihan.services import election_setup
from pilkada.supervision.demo import supervision_demo_load
from pilkada.tahapan.loader import DEFAULT_SCHEDULE, load_schedule
from pilkada.tahapan.services import stages_sync
from pilkada.tps.allocation import allocate
from pilkada.tps.models import Tps
from pilkada.tps.services import NewTps, tps_bulk_create
from pilkada.voters.services import demo_roll_load
from pilkada.wilayah.loader import load_wilayah_files
from pilkada.wilayah.models import Desa, Kecamatan
from pilkada.wilayah.services import wilayah_load

KABUPATEN = "1807"
ELECTION_KODE = "pilkada-2024-lampung-timur"
VOTING_DAY = date(2024, 11, 27)
# The final DPT of Lampung Timur, Pilkada 2024 (823,417; synthetic people; the size comes from
# settings.PILKADA_DEMO_VOTERS), with 0.3 % planted duplicates.
DEMO_DUPLICATES = 0.003
DPT_TOTAL = 823_417  # Lampung Timur DPT, Pilkada 2024 (domain.md §0)
DEMO_PASSWORD = "pilkada2024"  # noqa: S105  (demo logins only; printed by `make run`)

# (username, role, area code, staff)
DEMO_USERS: list[tuple[str, str, str, bool]] = [
    ("admin", Role.KPU_ADMIN, "1807", True),
    ("kpu", Role.KPU_ADMIN, "1807", True),
    ("ppk.sukadana", Role.PPK, "180701", False),
    ("pps.sukadana", Role.PPS, "1807012001", False),
    ("pps.pakuanaji", Role.PPS, "1807012002", False),
    ("kpps.1807012001001", Role.KPPS, "1807012001001", False),
    ("bawaslu", Role.BAWASLU, "1807", False),
    ("panwascam.sukadana", Role.PANWASCAM, "180701", False),
    ("pkd.sukadana", Role.PKD, "1807012001", False),
    ("ptps.1807012001001", Role.PTPS, "1807012001001", False),
    ("keuangan", Role.PEMKAB_KEUANGAN, "1807", False),
    ("kades.sukadana", Role.KEPALA_DESA, "1807012001", False),
    ("auditor", Role.AUDITOR, "1807", False),
]

Say = Callable[[str], None]


def _tps_counts(path: Path) -> dict[str, int]:
    with path.open(encoding="utf-8") as fh:
        return {
            r["kode_kecamatan_kpu"]: int(r["jumlah_tps_pilkada2024"]) for r in csv.DictReader(fh)
        }


def demo_tps_plan(data_dir: Path, rng: random.Random) -> list[NewTps]:
    """1,621 TPS: each kecamatan's Pilkada 2024 count, spread over its desa by Pemilu 2024 TPS."""
    counts = _tps_counts(data_dir / "lampung_timur_pilkada2024_kecamatan.csv")
    plan: list[NewTps] = []
    places = ["Balai Desa", "SD Negeri", "Masjid", "Rumah Warga", "Lapangan Dusun", "Pos Kamling"]
    for kec in Kecamatan.objects.filter(kode__startswith=KABUPATEN).order_by("kode"):
        desa = list(Desa.objects.filter(kecamatan=kec).defer("batas").order_by("kode"))
        share = allocate(counts[kec.kode], {d.kode: d.tps_pemilu2024 for d in desa})
        for d in desa:
            for nomor in range(1, share[d.kode] + 1):
                dusun = rng.randint(1, 9)
                place = rng.choice(places)
                plan.append(
                    NewTps(
                        desa_kode=d.kode,
                        kecamatan_kode=kec.kode,
                        nomor=nomor,
                        alamat=f"{place}, Dusun {dusun}, RT {rng.randint(1, 30):03d}/RW "
                        f"{rng.randint(1, 9):03d}, Desa {d.nama}",
                        lat=round(d.lat + rng.uniform(-0.01, 0.01), 6)
                        if d.lat is not None
                        else None,
                        lng=round(d.lng + rng.uniform(-0.01, 0.01), 6)
                        if d.lng is not None
                        else None,
                    )
                )
    return plan


def _positions(body: str) -> list[str]:
    size = BODY_SIZE[body]
    if body in (Body.LINMAS, Body.PKD, Body.PTPS):
        return [str(Position.PETUGAS)] * size
    return [str(Position.KETUA)] + [str(Position.ANGGOTA)] * (size - 1)


def demo_roster(rng: random.Random) -> list[NewMember]:
    units = {
        Level.KECAMATAN: list(
            Kecamatan.objects.filter(kode__startswith=KABUPATEN)
            .order_by("kode")
            .values_list("kode", flat=True)
        ),
        Level.DESA: list(
            Desa.objects.filter(kode__startswith=KABUPATEN)
            .order_by("kode")
            .values_list("kode", flat=True)
        ),
        Level.TPS: list(
            Tps.objects.filter(kode__startswith=KABUPATEN)
            .order_by("kode")
            .values_list("kode", flat=True)
        ),
    }
    rows = []
    for body in Body:
        for unit in units[BODY_LEVEL[body]]:
            for position in _positions(body):
                rows.append(
                    NewMember(
                        body=body,
                        position=position,
                        unit_code=unit,
                        nama=person_name(rng),
                        telepon=phone(rng),
                        bank=rng.choice(BANKS),
                        no_rekening=account(rng),
                    )
                )
    return rows


def users_load(users: Iterable[tuple[str, str, str, bool]]) -> int:
    """The demo accounts (username, role, area, staff) with the demo password; idempotent.
    How many were created. Only "admin" is a superuser."""
    created = 0
    for username, role, area, staff in users:
        if not User.objects.filter(username=username).exists():
            user_create(
                actor=None,
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                area_code=area,
                is_staff=staff,
                is_superuser=(username == "admin"),
            )
            created += 1
    return created


def demo_load(
    *, data_dir: Path | None = None, seed: int = 2024, say: Say = lambda s: None
) -> dict[str, Any]:
    """Load everything the demo needs; a second run finds it all present and changes nothing."""
    data_dir = data_dir or settings.PILKADA_DATA_DIR
    rng = random.Random(seed)
    done: dict[str, Any] = {}

    wilayah = load_wilayah_files(
        data_dir, prefix="lampung_timur", kabupaten_kode=KABUPATEN, provinsi_nama="Lampung"
    )
    summary = wilayah_load(
        actor=None, data=wilayah, versi_kode="Kepmendagri 300.2.2-2138 Tahun 2025"
    )
    done["wilayah_baru"] = summary.created
    say(
        f"wilayah: {len(wilayah.kecamatan)} kecamatan, {len(wilayah.desa)} desa "
        f"(baru {summary.created})"
    )

    contests = load_pairs_file(data_dir / "paslon_referensi.csv", region_code=KABUPATEN)
    election = election_setup(
        actor=None,
        kode=ELECTION_KODE,
        nama="Pilkada Serentak 2024 Kabupaten Lampung Timur",
        tanggal=VOTING_DAY,
        kode_wilayah=KABUPATEN,
        contests=contests,
    )
    say(f"pemilihan: {election.nama}, {election.contests.count()} kontestasi")

    stages = load_schedule(DEFAULT_SCHEDULE, zone=election.zona_waktu)
    done["tahapan_berubah"] = stages_sync(actor=None, election=election, rows=stages)

    with transaction.atomic():
        created = tps_bulk_create(
            actor=None, rows=demo_tps_plan(data_dir, rng), area_code=KABUPATEN
        )
    done["tps_baru"] = created
    say(f"TPS: {Tps.objects.filter(kode__startswith=KABUPATEN).count()} (baru {created})")

    if not Member.objects.filter(unit_code__startswith=KABUPATEN).exists():
        n = member_bulk_create(actor=None, rows=demo_roster(rng), area_code=KABUPATEN)
        done["anggota_baru"] = n
        say(f"badan ad hoc: {n} anggota sintetis")

    roll = demo_roll_load(
        voters=settings.PILKADA_DEMO_VOTERS, seed=seed, duplicates=DEMO_DUPLICATES, say=say
    )
    done.update(roll)
    # Logistics and the money trail (issue #6); after the TPS, the roster and the DPT.
    done["logistik"] = demo_load_logistics(
        kabupaten=KABUPATEN,
        contests=[(c.kode, c.get_jenis_display()) for c in election.contests.order_by("urutan")],
        dpt_total=DPT_TOTAL,
        say=say,
    )
    done["anggaran"] = demo_load_budget(kabupaten=KABUPATEN, voting_day=VOTING_DAY, say=say)

    users_load(DEMO_USERS)

    # Supervision: synthetic reports and findings in several states, TPS rawan indicators.
    done.update(supervision_demo_load(say=say))
    # Readiness facts (issue #10): bimtek, DPT posted, C.Pemberitahuan, TPS rawan mapping.
    done["kesiapan"] = demo_load_readiness(kabupaten=KABUPATEN, say=say)
    first = User.objects.get(username="kpu")
    second = User.objects.get(username="admin")
    n = demo_results_load(first=first, second=second, data_dir=data_dir, area_code=KABUPATEN)
    done["c_hasil_terverifikasi"] = n
    say(f"C.Hasil: {n} formulir demo terverifikasi (entri ganda)")
    return done


def demo_election() -> Election | None:
    return Election.objects.filter(kode=ELECTION_KODE).first()
