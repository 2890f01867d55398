"""The province/national duplicate search on Spark finds what the regency path finds.

A small province (5,000 voters over 3 kabupaten, duplicates planted inside and across
kabupaten), pseudonymised as the Spark path reads it; one SparkSession (local[2]) for the test
session. Without Java 17 the Spark test is skipped, except under CI=true where that fails.
"""

import logging
import os
import shutil
import subprocess
from datetime import date

import polars as pl
import pytest

from pilkada.voters.generator import Kabupaten, generate_province, pseudonymous
from pilkada.voters.linkage import exact_nik_pairs, find_probable_pairs

DAY = date(2024, 11, 27)
KABS = ("1801", "1807", "1871")


def province(voters: int = 5_000, *, seed: int = 11):
    kabs = [
        Kabupaten(
            k,
            [(f"{k}{kec:02d}2001{t:03d}", 600) for kec in range(1, 4) for t in range(1, 4)],
            voters // len(KABS),
            [f"TEMPAT {k}-{j}" for j in range(1, 6)],
        )
        for k in KABS
    ]
    parts: list[pl.DataFrame] = []
    clear: list[tuple[str, ...]] = []

    def sink(kode: str, rows: list[tuple[str, ...]]) -> None:
        parts.append(pseudonymous(rows, first_line=len(clear) + 2, key=b"uji"))
        clear.extend(rows)

    truth = generate_province(
        kabs, seed=seed, duplicates=0.01, cross=0.01, voting_day=DAY, sink=sink
    )
    return pl.concat(parts), clear, truth


def test_province_roll_plants_duplicates_across_kabupaten():
    roll, clear, truth = province()
    assert roll.height == len(clear) == 3 * (5_000 // 3)
    kab = dict(zip(roll["id"].to_list(), roll["kabupaten"].to_list(), strict=True))
    cross = [t for t in truth if kab[t.baris_asli] != kab[t.baris_ganda]]
    inside = [t for t in truth if kab[t.baris_asli] == kab[t.baris_ganda]]
    assert len(cross) == 50 and len(inside) >= 45
    assert {t.jenis for t in cross} == {"nik", "orang", "orang_typo"}
    for t in truth:
        a, b = clear[t.baris_asli - 2], clear[t.baris_ganda - 2]
        assert a[13] != b[13] and a[4] == b[4] and a[6] == b[6]
        assert (a[1] == b[1]) == (t.jenis == "nik")
        assert (a[2] == b[2]) or t.jenis != "orang"
    # No NIK repeats by chance across kabupaten: every repeated NIK is a planted pair.
    nik_truth = {tuple(sorted((t.baris_asli, t.baris_ganda))) for t in truth if t.jenis == "nik"}
    repeated = roll.group_by("nik_hash").agg(pl.col("id")).filter(pl.col("id").list.len() > 1)
    assert {tuple(sorted(ids)) for ids in repeated["id"].to_list()} == nik_truth
    # Pseudonymous: no clear NIK column, and no NIK value in any cell.
    assert "nik" not in roll.columns
    niks = {r[1] for r in clear}
    assert not niks & set(roll["nik_hash"].to_list())


def _java_ok() -> bool:
    if shutil.which("java") is None:
        return False
    out = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr  # noqa: S607
    try:
        return int(out.split('"')[1].split(".")[0]) >= 17
    except (IndexError, ValueError):
        return False


@pytest.fixture(scope="session")
def spark():
    if not _java_ok():
        if os.environ.get("CI") == "true":
            pytest.fail("Java 17 is missing: under CI a skipped Spark test is a failure")
        pytest.skip("Java 17 not installed (scripts/ensure-java.sh)")
    from pilkada.voters.linkage_spark import session

    s = session(master="local[2]", memory="1g", shuffle_partitions=2)
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()
    # py4j logs its shutdown after pytest has closed the captured streams.
    logging.getLogger("py4j").setLevel(logging.WARNING)


def test_spark_finds_exactly_the_regency_pairs_and_the_planted_ones(spark, tmp_path):
    from pilkada.voters.linkage_spark import find_pairs, read_roll

    roll, _, truth = province()
    roll.write_parquet(tmp_path / "roll.parquet")

    # The regency path on the same roll (in process), and its exact-NIK pairs.
    local = find_probable_pairs(roll)
    repeated = roll.group_by("nik_hash").agg(pl.col("id")).filter(pl.col("id").list.len() > 1)
    local_nik = {p for ids in repeated["id"].to_list() for p in exact_nik_pairs(ids)}

    found = find_pairs(read_roll(spark, str(tmp_path / "roll.parquet")))
    probable = {(r.id_a, r.id_b): r.skor for r in found.probable.collect()}
    nik = {(r.id_a, r.id_b) for r in found.nik.collect()}

    assert probable == {(a, b): s for a, b, s in local.pairs}
    assert nik == local_nik

    expected = {tuple(sorted((t.baris_asli, t.baris_ganda))) for t in truth}
    got = set(probable) | nik
    tp = len(got & expected)
    assert tp / len(got) >= 0.95
    assert tp / len(expected) >= 0.95
    kab = dict(zip(roll["id"].to_list(), roll["kabupaten"].to_list(), strict=True))
    cross = {p for p in expected if kab[p[0]] != kab[p[1]]}
    assert len(cross & got) / len(cross) >= 0.95


@pytest.mark.django_db
def test_generate_dpt_province_writes_one_roll_with_cross_kabupaten_truth(world, tmp_path):
    import csv

    from django.core.management import call_command

    from pilkada.tps.models import Tps
    from pilkada.wilayah.models import Desa, Kecamatan
    from pilkada.wilayah.models import Kabupaten as Kab

    kab = Kab.objects.create(
        kode="1871", kode_kemendagri="18.71", provinsi=world.kabupaten.provinsi, nama="Bandar"
    )
    kec = Kecamatan.objects.create(
        kode="187101", kode_kemendagri="18.71.01", kabupaten=kab, nama="Teluk Betung"
    )
    desa = Desa.objects.create(
        kode="1871011001", kode_kemendagri="18.71.01.1001", kecamatan=kec, nama="Pesawahan"
    )
    for nomor in (1, 2, 3):
        Tps(kode=f"{desa.kode}{nomor:03d}", desa=desa, nomor=nomor, alamat="Balai").save()
    out = tmp_path / "prov.csv"
    call_command("generate_dpt", province="18", voters=2_000, lintas=0.01, out=out, seed=3)
    with out.open() as fh:
        rows = list(csv.reader(fh))[1:]
    with (tmp_path / "prov-ganda.csv").open() as fh:
        truth = list(csv.DictReader(fh))
    assert len(rows) == 2_000
    assert {r[13][:4] for r in rows} == {"1807", "1871"}
    cross = [
        t
        for t in truth
        if rows[int(t["baris_asli"]) - 2][13][:4] != rows[int(t["baris_ganda"]) - 2][13][:4]
    ]
    assert len(cross) == 20
