"""A synthetic Lampung for province-scale runs (`pilkada demo --province 18`). Idempotent.

What is real and what is not (docs/scale.md says the same):

* Real: the 15 kabupaten/kota codes, their Pilkada 2024 TPS counts and their governor votes
  (`data/lampung_pilkada2024_gubernur_kabupaten.csv`, sums 13,282 TPS, 691,028 and 3,299,471
  votes), the province's total of voters (6,515,869, `referensi_total_resmi.csv`), Lampung
  Timur's DPT (823,417) and Lampung Timur's kecamatan, desa and TPS spread (data/).
* Synthetic: the kecamatan and desa of the 14 other kabupaten/kota (about 68 TPS per
  kecamatan and 6 per desa, as in Lampung Timur; codes `KKKKcc` and `KKKKcc2ddd` in the KPU
  layout, names "Kecamatan Sintetis …"), each kabupaten's DPT (the province total less Lampung
  Timur's, spread over the other 14 by their TPS counts), and every voter.

`scale` < 1 makes a small province for the tests: each kabupaten keeps `scaled(n, scale)` TPS
(at least one), voters and votes, so the expected sums are known exactly.
"""

import csv
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from pilkada.accounts.roles import Role
from pilkada.counting.demo_results import KABUPATEN_FILE, allocate, scaled
from pilkada.pemilihan.loader import load_pairs_file
from pilkada.pemilihan.models import Contest
from pilkada.pemilihan.services import election_setup
from pilkada.tps.allocation import allocate as allocate_at_least_one
from pilkada.tps.models import Tps
from pilkada.tps.services import NewTps, tps_bulk_create
from pilkada.voters.models import ImportBatch, Voter
from pilkada.voters.services import import_run, import_start
from pilkada.wilayah.loader import Unit, WilayahData, load_wilayah_files
from pilkada.wilayah.models import Desa, Kecamatan
from pilkada.wilayah.services import wilayah_load

Say = Callable[[str], None]

PROVINCE = "18"
PROVINCE_NAME = "Lampung"
ELECTION_KODE = "pilkada-2024-provinsi-lampung"
VOTING_DAY = date(2024, 11, 27)
REAL_KABUPATEN = "1807"  # Lampung Timur: its real kecamatan and desa are in data/
REAL_DPT = 823_417  # Lampung Timur's DPT (domain.md §0)
# "Total pemilih" of the province (referensi_total_resmi.csv, KPU Provinsi Lampung, 7 Dec 2024).
PROVINCE_VOTERS = 6_515_869
TPS_PER_DESA = 6.1  # Lampung Timur: 1,621 TPS over 264 desa
DESA_PER_KECAMATAN = 11  # Lampung Timur: 264 desa in 24 kecamatan
# Kabupaten/kota names of the Kemendagri code table (province 18); the file has codes only.
KABUPATEN_NAMES = {
    "1801": "Kabupaten Lampung Selatan",
    "1802": "Kabupaten Lampung Tengah",
    "1803": "Kabupaten Lampung Utara",
    "1804": "Kabupaten Lampung Barat",
    "1805": "Kabupaten Tulang Bawang",
    "1806": "Kabupaten Tanggamus",
    "1807": "Kabupaten Lampung Timur",
    "1808": "Kabupaten Way Kanan",
    "1809": "Kabupaten Pesawaran",
    "1810": "Kabupaten Pringsewu",
    "1811": "Kabupaten Mesuji",
    "1812": "Kabupaten Tulang Bawang Barat",
    "1813": "Kabupaten Pesisir Barat",
    "1871": "Kota Bandar Lampung",
    "1872": "Kota Metro",
}


# KPU Provinsi: two members, so the D.Hasil Provinsi plenary can be proposed by one and approved
# by the other (username, role, area, staff); password DEMO_PASSWORD like the regency demo.
PROVINCE_USERS: list[tuple[str, str, str, bool]] = [
    ("kpu.provinsi", Role.KPU_PROVINSI, PROVINCE, False),
    ("kpu.provinsi.2", Role.KPU_PROVINSI, PROVINCE, False),
]


@dataclass(frozen=True)
class KabupatenPlan:
    kode: str
    nama: str
    tps: int  # Pilkada 2024 TPS (scaled)
    voters: int  # DPT (scaled)
    votes: tuple[int, ...]  # governor votes per pair, in pair order (scaled)


def province_plan(
    data_dir: Path, *, scale: float = 1.0, only: set[str] | None = None
) -> list[KabupatenPlan]:
    """One plan per kabupaten/kota of the file (or of `only`), sums as documented above."""
    with (data_dir / KABUPATEN_FILE).open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    others = [r for r in rows if r["kode_kabupaten_kpu"] != REAL_KABUPATEN]
    spread = allocate(
        PROVINCE_VOTERS - REAL_DPT, [float(r["jumlah_tps_pilkada2024"]) for r in others]
    )
    dpt = {r["kode_kabupaten_kpu"]: n for r, n in zip(others, spread, strict=True)}
    dpt[REAL_KABUPATEN] = REAL_DPT
    out = []
    for r in rows:
        kode = r["kode_kabupaten_kpu"]
        if only is not None and kode not in only:
            continue
        pairs = sorted((int(c.rpartition("_")[2]), int(v)) for c, v in r.items() if "_paslon_" in c)
        n_voters = scaled(dpt[kode], scale)
        # Scaled down, a kabupaten keeps enough TPS for its voters (at most 550 each).
        n_tps = max(1, scaled(int(r["jumlah_tps_pilkada2024"]), scale), -(-n_voters // 550))
        out.append(
            KabupatenPlan(
                kode=kode,
                nama=KABUPATEN_NAMES.get(kode, f"Kabupaten {kode}"),
                tps=n_tps,
                voters=n_voters,
                votes=tuple(scaled(v, scale) for _, v in pairs),
            )
        )
    return out


def synthetic_wilayah(plan: KabupatenPlan) -> WilayahData:
    """Kecamatan and desa for a kabupaten without real data here (codes in the KPU layout)."""
    n_desa = max(1, round(plan.tps / TPS_PER_DESA))
    n_kec = max(1, round(n_desa / DESA_PER_KECAMATAN))
    per_kec = allocate(n_desa, [1.0] * n_kec)
    kab = Unit(
        kode=plan.kode,
        kode_kemendagri=f"{plan.kode[:2]}.{plan.kode[2:]}",
        nama=plan.nama,
        nama_kpu=plan.nama.upper(),
    )
    kecamatan, desa = [], []
    for k in range(1, n_kec + 1):
        kec = f"{plan.kode}{k:02d}"
        kecamatan.append(
            Unit(
                kode=kec,
                kode_kemendagri=f"{kab.kode_kemendagri}.{k:02d}",
                nama=f"Kecamatan Sintetis {kec}",
                nama_kpu=f"KECAMATAN SINTETIS {kec}",
                parent=plan.kode,
            )
        )
        for d in range(1, per_kec[k - 1] + 1):
            kode = f"{kec}2{d:03d}"
            desa.append(
                Unit(
                    kode=kode,
                    kode_kemendagri=f"{kab.kode_kemendagri}.{k:02d}.2{d:03d}",
                    nama=f"Desa Sintetis {kode}",
                    nama_kpu=f"DESA SINTETIS {kode}",
                    parent=kec,
                    tps_pemilu2024=1,
                )
            )
    return WilayahData(
        provinsi_kode=PROVINCE,
        provinsi_nama=PROVINCE_NAME,
        kabupaten=kab,
        kecamatan=kecamatan,
        desa=desa,
    )


def tps_plan(kabupaten: str, total: int, rng: random.Random) -> list[NewTps]:
    """`total` TPS over the kabupaten's desa, by the desa's Pemilu 2024 TPS (largest remainder).

    At full scale every desa gets at least one; a scaled-down run may leave desa without one.
    """
    desa = list(
        Desa.objects.filter(kode__startswith=kabupaten)
        .order_by("kode")
        .values_list("kode", "kecamatan_id", "nama", "tps_pemilu2024")
    )
    weights = {d[0]: max(d[3], 1) for d in desa}
    if total >= len(desa):
        share = allocate_at_least_one(total, weights)
    else:
        share = dict(
            zip(weights, allocate(total, [float(w) for w in weights.values()]), strict=True)
        )
    plan = []
    for kode, kec, nama, _w in desa:
        for nomor in range(1, share[kode] + 1):
            plan.append(
                NewTps(
                    desa_kode=kode,
                    kecamatan_kode=kec,
                    nomor=nomor,
                    alamat=f"Balai Desa, Dusun {rng.randint(1, 9)}, Desa {nama}",
                    lat=None,
                    lng=None,
                )
            )
    return plan


def _roll_load(plan: KabupatenPlan, *, seed: int, say: Say) -> int:
    """Generate the kabupaten's synthetic DPT and import it through the bulk (COPY) path."""
    from pilkada.voters.generator import csv_bytes, generate

    if plan.voters <= 0 or Voter.objects.filter(tps_kode__startswith=plan.kode).exists():
        return 0
    tps = list(
        Tps.objects.filter(kode__startswith=plan.kode)
        .order_by("kode")
        .values_list("kode", "batas_pemilih")
    )
    places = list(
        Kecamatan.objects.filter(kabupaten_id=plan.kode).values_list("nama", flat=True)[:50]
    )
    rows, _truth = generate(
        tps=tps,
        voters=plan.voters,
        seed=seed + int(plan.kode),
        duplicates=0.0,
        voting_day=VOTING_DAY,
        places=places,
    )
    data = csv_bytes(rows)
    del rows
    with transaction.atomic():
        batch = import_start(
            actor=None, data=data, filename=f"dpt-{plan.kode}.csv", area_code=plan.kode
        )
    del data
    batch = import_run(batch_id=batch.pk)
    if batch.status != ImportBatch.Status.DITERIMA:
        from pilkada.core.exceptions import ValidationFailed

        raise ValidationFailed(
            f"DPT {plan.kode} tidak masuk: {batch.pesan}", [(plan.kode, batch.pesan)]
        )
    return int(batch.jumlah_masuk)


def province_load(
    *,
    data_dir: Path,
    province: str = PROVINCE,
    scale: float = 1.0,
    only: set[str] | None = None,
    voters: bool = True,
    seed: int = 2024,
    say: Say = lambda s: None,
    timings: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Regions, the governor election, TPS and (optionally) every roll of the province."""
    import time

    if province != PROVINCE:
        from pilkada.core.exceptions import ValidationFailed

        raise ValidationFailed(
            f"Hanya provinsi {PROVINCE} ({PROVINCE_NAME}) yang ada datanya.",
            [("provinsi", "tidak ada data")],
        )
    timings = timings if timings is not None else {}
    rng = random.Random(seed)
    plans = province_plan(data_dir, scale=scale, only=only)
    done: dict[str, Any] = {"kabupaten": len(plans)}

    t0 = time.perf_counter()
    for plan in plans:
        if plan.kode == REAL_KABUPATEN:
            data = load_wilayah_files(
                data_dir,
                prefix="lampung_timur",
                kabupaten_kode=REAL_KABUPATEN,
                provinsi_nama=PROVINCE_NAME,
            )
            versi = "Kepmendagri 300.2.2-2138 Tahun 2025"
        else:
            data = synthetic_wilayah(plan)
            versi = "sintetis (demo provinsi)"
        wilayah_load(actor=None, data=data, versi_kode=versi)
    timings["wilayah"] = time.perf_counter() - t0
    say(
        f"wilayah: {len(plans)} kabupaten/kota, "
        f"{Kecamatan.objects.filter(kode__startswith=province).count()} kecamatan, "
        f"{Desa.objects.filter(kode__startswith=province).count()} desa"
    )

    contests = load_pairs_file(data_dir / "paslon_referensi.csv", region_code=province)
    election_setup(
        actor=None,
        kode=ELECTION_KODE,
        nama=f"Pemilihan Gubernur dan Wakil Gubernur {PROVINCE_NAME} 2024",
        tanggal=VOTING_DAY,
        kode_wilayah=province,
        contests=contests,
    )
    done["kontestasi"] = [c.kode for c in contests]
    done["akun_baru"] = province_users_load()

    t0 = time.perf_counter()
    created = 0
    for plan in plans:
        if Tps.objects.filter(kode__startswith=plan.kode).exists():
            continue
        if plan.kode == REAL_KABUPATEN and scale == 1:
            from pilkada.demo.services import demo_tps_plan

            rows = demo_tps_plan(data_dir, rng)
        else:
            rows = tps_plan(plan.kode, plan.tps, rng)
        with transaction.atomic():
            created += tps_bulk_create(actor=None, rows=rows, area_code=plan.kode)
    timings["tps"] = time.perf_counter() - t0
    done["tps_baru"] = created
    done["tps"] = Tps.objects.filter(kode__startswith=province).count()
    say(f"TPS: {done['tps']} (baru {created})")

    if voters:
        t0 = time.perf_counter()
        loaded = 0
        for plan in plans:
            t1 = time.perf_counter()
            n = _roll_load(plan, seed=seed, say=say)
            loaded += n
            if n:
                say(f"DPT {plan.kode} {plan.nama}: {n} pemilih ({time.perf_counter() - t1:.1f} s)")
        timings["dpt"] = time.perf_counter() - t0
        done["pemilih_baru"] = loaded
        done["pemilih"] = Voter.objects.filter(tps_kode__startswith=province).count()
        say(f"DPT provinsi: {done['pemilih']} pemilih (baru {loaded})")
    return done


def province_users_load() -> int:
    """The KPU Provinsi demo accounts (idempotent); how many were created."""
    from pilkada.demo.services import users_load

    return users_load(PROVINCE_USERS)


def governor_contest(province: str = PROVINCE) -> Contest | None:
    return Contest.objects.filter(jenis=Contest.Jenis.GUBERNUR, kode_wilayah=province).first()
