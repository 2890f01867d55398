"""National duplicate search on Spark, on a synthetic province roll (`make bench-spark`).

Not part of `make bench` (SUITE "province": `make bench-province` runs it after bench_province).

1. **Roll.** A Lampung-sized pseudonymous roll is generated (or reused) in var/bench/: 15
   kabupaten/kota with the TPS counts of ../shared/data/lampung_pilkada2024_gubernur_kabupaten.csv,
   Lampung Timur's DPT (823,417) for 1807 and the rest of the province's 6,515,869 voters shared
   by TPS count (as `pilkada demo --province 18` does). Planted duplicates: 0.2 % inside each
   kabupaten (`generator.generate`) and 0.1 % of the province registered again in ANOTHER
   kabupaten (`generator.generate_province`: same NIK, or another NIK with or without a name
   typo). Written as parquet parts (one per kabupaten + the cross-kabupaten copies) with the
   pseudonymous columns only (`linkage_spark.ROLL_COLUMNS`: the NIK as its keyed hash) and
   truth.csv.
2. **Spark** (`local[2]`): `linkage_spark.find_pairs` (repartition by (birth date, sex), the
   shared `linkage.score_block` per block via applyInPandas, exact-NIK GROUP BY); pairs written
   to parquet. Recall and precision against the truth, overall and for the cross-kabupaten pairs.
3. **Baseline, same model in process** (the regency path: polars + `linkage.find_probable_pairs`
   + the exact-NIK pairs) on the regency subset (1807), and Spark on the same subset; the Spark
   pairs inside 1807 must equal the in-process pairs exactly.

Peak memory: the step's whole process tree (Python driver, JVM, Python workers), sampled from
/proc every 0.2 s. Environment: BENCH_SPARK_VOTERS (default 6515869: a smaller province keeps
the proportions), BENCH_SPARK_MEMORY (driver memory, default 6g), BENCH_SPARK_SEED (default 18).

Run alone: `python benchmarks/bench_spark.py` writes benchmarks/results/spark.json and the
section between the `bench:spark` markers in BENCHMARKS.md.
"""

import csv
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

SUITE = "province"
ROOT = Path(__file__).resolve().parent.parent
PROVINCE_VOTERS = 6_515_869
REAL_KABUPATEN, REAL_DPT = "1807", 823_417
VOTERS = int(os.environ.get("BENCH_SPARK_VOTERS", str(PROVINCE_VOTERS)))
MEMORY = os.environ.get("BENCH_SPARK_MEMORY", "6g")
SEED = int(os.environ.get("BENCH_SPARK_SEED", "18"))
WITHIN, CROSS = 0.002, 0.001
KAB_FILE = ROOT.parent / "shared" / "data" / "lampung_pilkada2024_gubernur_kabupaten.csv"
TPS_CAP = 600


def step_generate(out: Path, voters: int, seed: int) -> dict[str, Any]:
    from datetime import date

    from pilkada.voters.generator import (
        Kabupaten,
        generate_province,
        pseudonymous,
        share_by_weight,
    )

    with KAB_FILE.open() as fh:
        tps_n = {
            r["kode_kabupaten_kpu"]: int(r["jumlah_tps_pilkada2024"]) for r in csv.DictReader(fh)
        }
    scale = voters / PROVINCE_VOTERS
    real = round(REAL_DPT * scale)
    counts = share_by_weight(voters - real, {k: n for k, n in tps_n.items() if k != REAL_KABUPATEN})
    counts[REAL_KABUPATEN] = real
    per_kec = 70  # TPS per synthetic kecamatan (10 desa of 7 TPS)
    kabs = []
    for k in sorted(tps_n):
        n_tps = max(2, round(tps_n[k] * scale))
        tps = [
            (f"{k}{1 + i // per_kec:02d}{2001 + (i % per_kec) // 7:04d}{1 + i % 7:03d}", TPS_CAP)
            for i in range(n_tps)
        ]
        places = [f"KECAMATAN {k}-{j:02d}" for j in range(1, 1 + max(1, n_tps // per_kec))]
        kabs.append(Kabupaten(k, tps, counts[k], places))
    out.mkdir(parents=True, exist_ok=True)
    key = b"bench-spark-nik-key"  # a bench key: the hashes only need to be consistent
    line = [2]

    def sink(kode: str, rows: list[tuple[str, ...]]) -> None:
        pseudonymous(rows, first_line=line[0], key=key).write_parquet(out / f"part-{kode}.parquet")
        line[0] += len(rows)

    t0 = time.perf_counter()
    truth = generate_province(
        kabs, seed=seed, duplicates=WITHIN, cross=CROSS, voting_day=date(2024, 11, 27), sink=sink
    )
    with (out / "truth.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["baris_asli", "baris_ganda", "jenis"])
        w.writerows((t.baris_asli, t.baris_ganda, t.jenis) for t in truth)
    return {"seconds": time.perf_counter() - t0, "rows": line[0] - 2, "truth": len(truth)}


def step_spark(roll_dir: Path, out: Path, kab: str) -> dict[str, Any]:
    import shutil

    t0 = time.perf_counter()
    from pyspark.sql import functions as F  # noqa: N812

    from pilkada.voters.linkage_spark import find_pairs, read_roll, session

    spark = session(master="local[2]", memory=MEMORY, shuffle_partitions=16)
    spark.sparkContext.setLogLevel("ERROR")
    t1 = time.perf_counter()
    roll = read_roll(spark, str(roll_dir / "part-*.parquet"))
    if kab:
        roll = roll.where(F.col("kabupaten") == kab)
    found = find_pairs(roll)
    shutil.rmtree(out, ignore_errors=True)
    found.probable.write.parquet(str(out / "probable"))
    found.nik.write.parquet(str(out / "nik"))
    t2 = time.perf_counter()
    candidates = found.candidates()
    spark.stop()
    return {"startup_s": t1 - t0, "search_s": t2 - t1, "candidates": candidates}


def step_regency(roll_dir: Path, out: Path, kab: str) -> dict[str, Any]:
    import polars as pl

    from pilkada.voters.linkage import exact_nik_pairs, find_probable_pairs

    t0 = time.perf_counter()
    frame = pl.read_parquet(roll_dir / "part-*.parquet").filter(pl.col("kabupaten") == kab)
    t1 = time.perf_counter()
    found = find_probable_pairs(frame)
    nik: list[tuple[int, int]] = []
    repeated = frame.group_by("nik_hash").agg(pl.col("id")).filter(pl.col("id").list.len() > 1)
    for ids in repeated["id"].to_list():
        nik += exact_nik_pairs(ids)
    t2 = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    schema = {"id_a": pl.Int64, "id_b": pl.Int64}
    pl.DataFrame([p[:2] for p in found.pairs], schema=schema, orient="row").write_parquet(
        out / "probable.parquet"
    )
    pl.DataFrame(nik, schema=schema, orient="row").write_parquet(out / "nik.parquet")
    return {
        "read_s": t1 - t0,
        "search_s": t2 - t1,
        "rows": frame.height,
        "candidates": found.candidates,
    }


def _tree_rss(pid: int) -> int:
    """RSS in bytes of `pid` and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            children.setdefault(int(fields[1]), []).append(int(d.name))
            rss[int(d.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += children.get(p, [])
    return total


def _step(name: str, *args: str, cache: Path | None = None) -> dict[str, Any]:
    """Run a step in a child process; its JSON line, wall seconds and peak tree RSS.

    With BENCH_SPARK_RESUME=1 a step whose result is in `cache` is not run again.
    """
    if cache is not None and os.environ.get("BENCH_SPARK_RESUME") == "1" and cache.exists():
        cached: dict[str, Any] = json.loads(cache.read_text())
        return cached
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYSPARK_PYTHON": sys.executable}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--step", name, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"step failed ({proc.returncode}):\n{err[-4000:]}")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    result["wall_s"] = time.perf_counter() - started
    result["peak_rss_mb"] = round(peak[0] / 2**20)
    if cache is not None:
        cache.write_text(json.dumps(result))
    return result


def _pairs(path: Path) -> set[tuple[int, int]]:
    import polars as pl

    if not path.exists():
        return set()
    frame = pl.read_parquet(path if path.is_file() else path / "*.parquet")
    return {(min(a, b), max(a, b)) for a, b in frame.select("id_a", "id_b").iter_rows()}


def _kab_of(roll_dir: Path) -> dict[int, str]:
    import polars as pl

    frame = pl.read_parquet(roll_dir / "part-*.parquet", columns=["id", "kabupaten"])
    return dict(zip(frame["id"].to_list(), frame["kabupaten"].to_list(), strict=True))


def measure() -> dict[str, Any]:
    work = ROOT / "var" / "bench" / f"spark-{VOTERS}-{SEED}"
    roll_dir = work / "roll"
    report: dict[str, Any] = {
        "voters": VOTERS,
        "seed": SEED,
        "within_rate": WITHIN,
        "cross_rate": CROSS,
        "spark_master": "local[2]",
        "driver_memory": MEMORY,
    }
    if not (roll_dir / "truth.csv").exists():
        report["generate"] = _step(
            "generate", str(roll_dir), str(VOTERS), str(SEED), cache=work / "step-generate.json"
        )
    elif (work / "step-generate.json").exists():
        report["generate"] = {
            **json.loads((work / "step-generate.json").read_text()),
            "reused": True,
        }
    else:
        report["generate"] = {"reused": True}
    report["spark"] = _step(
        "spark", str(roll_dir), str(work / "pairs"), "", cache=work / "step-spark.json"
    )
    report["spark_regency"] = _step(
        "spark", str(roll_dir), str(work / "pairs-1807"), REAL_KABUPATEN
    )
    report["in_process_regency"] = _step(
        "regency", str(roll_dir), str(work / "pairs-1807-local"), REAL_KABUPATEN
    )

    kab_of = _kab_of(roll_dir)
    with (roll_dir / "truth.csv").open() as fh:
        truth = {
            (
                min(int(r["baris_asli"]), int(r["baris_ganda"])),
                max(int(r["baris_asli"]), int(r["baris_ganda"])),
            )
            for r in csv.DictReader(fh)
        }
    probable = _pairs(work / "pairs" / "probable")
    nik = _pairs(work / "pairs" / "nik")
    found = probable | nik
    tp = found & truth
    cross_truth = {p for p in truth if kab_of[p[0]] != kab_of[p[1]]}
    cross_found = {p for p in found if kab_of[p[0]] != kab_of[p[1]]}
    report["quality"] = {
        "truth_pairs": len(truth),
        "truth_cross_kabupaten": len(cross_truth),
        "found_probable": len(probable),
        "found_exact_nik": len(nik),
        "found": len(found),
        "true_positives": len(tp),
        "precision": round(len(tp) / len(found), 4) if found else 0.0,
        "recall": round(len(tp) / len(truth), 4) if truth else 0.0,
        "cross_found": len(cross_found),
        "cross_recall": round(len(cross_truth & found) / len(cross_truth), 4)
        if cross_truth
        else 0.0,
        "cross_precision": round(len(cross_found & truth) / len(cross_found), 4)
        if cross_found
        else 0.0,
    }
    # The same model on both paths: Spark's pairs inside 1807 = the in-process pairs on 1807.
    local = _pairs(work / "pairs-1807-local" / "probable.parquet") | _pairs(
        work / "pairs-1807-local" / "nik.parquet"
    )
    spark_1807 = _pairs(work / "pairs-1807" / "probable") | _pairs(work / "pairs-1807" / "nik")
    inside = {p for p in found if kab_of[p[0]] == REAL_KABUPATEN == kab_of[p[1]]}
    report["same_model"] = {
        "in_process_pairs_1807": len(local),
        "spark_pairs_1807_subset_run": len(spark_1807),
        "spark_pairs_inside_1807_province_run": len(inside),
        "subset_run_identical": spark_1807 == local,
        "province_run_identical_inside_1807": inside == local,
    }
    return report


def rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    q, s, sr, ip = (
        report["quality"],
        report["spark"],
        report["spark_regency"],
        report["in_process_regency"],
    )
    out = []
    gen = report["generate"]
    if "seconds" in gen:
        out.append(
            {
                "name": f"generate province roll ({gen['rows']:,} rows, {gen['truth']:,} planted)",
                "database": "parquet",
                "seconds": round(gen["wall_s"], 1),
                "notes": f"peak {gen['peak_rss_mb']} MB",
            }
        )
    out += [
        {
            "name": f"duplicate search, province ({report['voters']:,} rows)",
            "database": "Spark local[2]",
            "seconds": round(s["wall_s"], 1),
            "notes": (
                f"search {s['search_s']:.0f} s + start {s['startup_s']:.0f} s; "
                f"peak {s['peak_rss_mb']} MB; P {q['precision']} R {q['recall']}; "
                f"cross-kabupaten R {q['cross_recall']} P {q['cross_precision']} "
                f"({q['truth_cross_kabupaten']} planted)"
            ),
        },
        {
            "name": f"duplicate search, regency subset 1807 ({ip['rows']:,} rows)",
            "database": "Spark local[2]",
            "seconds": round(sr["wall_s"], 1),
            "baseline_seconds": round(ip["wall_s"], 1),
            "notes": (
                f"baseline: same model in process (polars + rapidfuzz), "
                f"peak {ip['peak_rss_mb']} MB;"
                f" Spark peak {sr['peak_rss_mb']} MB; identical pairs: "
                f"{report['same_model']['subset_run_identical']}"
                f" (province run inside 1807: "
                f"{report['same_model']['province_run_identical_inside_1807']})"
            ),
        },
    ]
    return out


def _save(report: dict[str, Any]) -> None:
    """benchmarks/results/spark.json (the latest run) and spark-<voters>.json."""
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report, indent=2)
    (results / f"spark-{report['voters']}.json").write_text(text)
    (results / "spark.json").write_text(text)


def run(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    report = measure()
    (ROOT / "benchmarks" / "results").mkdir(parents=True, exist_ok=True)
    _save(report)
    return rows(report)


def _markdown(report: dict[str, Any], table: list[dict[str, Any]]) -> str:
    lines = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, `make bench-spark` "
        f"(BENCH_SPARK_VOTERS={report['voters']}), {os.cpu_count()} cores. Raw figures: "
        "benchmarks/results/spark.json.",
        "",
        "| measurement | engine | seconds | baseline s | notes |",
        "|---|---|---:|---:|---|",
    ]
    for r in table:
        lines.append(
            f"| {r['name']} | {r['database']} | {r['seconds']} | "
            f"{r.get('baseline_seconds', '')} | {r['notes']} |"
        )
    return "\n".join(lines)


def main() -> int:
    if sys.argv[1:2] == ["--step"]:
        name, args = sys.argv[2], sys.argv[3:]
        if name == "generate":
            result = step_generate(Path(args[0]), int(args[1]), int(args[2]))
        elif name == "spark":
            result = step_spark(Path(args[0]), Path(args[1]), args[2])
        else:
            result = step_regency(Path(args[0]), Path(args[1]), args[2])
        print(json.dumps(result))
        return 0
    report = measure()
    table = rows(report)
    _save(report)
    md = ROOT / "BENCHMARKS.md"
    text = md.read_text()
    start, end = "<!-- bench:spark:start -->", "<!-- bench:spark:end -->"
    body = _markdown(report, table)
    if start in text and end in text:
        text = text[: text.index(start) + len(start)] + "\n" + body + "\n" + text[text.index(end) :]
        md.write_text(text)
    print(json.dumps(report, indent=2))
    print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
