"""Province scale on PostgreSQL (`make bench-province`, not part of `make bench`).

A synthetic Lampung (`pilkada demo --province 18`: 15 kabupaten/kota, 13,282 TPS, 6,515,869
voters; see pilkada/demo/province.py for what is real and what is synthetic), every roll imported
through the bulk path (polars checks, AES-CMAC + AES-CTR, COPY), then election night for the
governor race over HTTP (`pilkada simulate-count --province 18 --clients 50`: every kabupaten's
forms entered twice by its own KPU accounts), and the province recapitulation read back and compared
with the sums of data/lampung_pilkada2024_gubernur_kabupaten.csv.

Baselines measured in the same run:
* DPT: the same rows, exported from the voter table as CSV, loaded raw by the server
  (`COPY` into a table of text columns) plus the same two indexes (NIK hash, TPS).
* Counting: the same 50 clients asking the trivial authenticated `GET /api/akun/me`, scaled to
  the phase's request count (the HTTP floor of the same server).

Peak memory is each step's process maximum RSS (gunicorn workers not included; the server's
own footprint is reported by the regency benchmarks). Database size from pg_database_size.

Database: `BENCH_PROVINCE_URL` (default postgres://postgres@127.0.0.1:5432/bench_province),
created if missing; its public schema is DROPPED and recreated at the start. `BENCH_PROVINCE_SCALE`
(default 1) runs a smaller province (e.g. 0.01) to try the benchmark out.
"""

import json
import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

SUITE = "province"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_province"
CLIENTS = int(os.environ.get("BENCH_PROVINCE_CLIENTS", "50"))

# Runs a management command in-process and prints its max RSS (the child's own peak).
STEP = r"""
import json, resource, sys, time
import django
django.setup()
from django.core.management import call_command
t0 = time.perf_counter()
call_command(*sys.argv[1:])
print(json.dumps({"seconds": time.perf_counter() - t0,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""


def _env(root: Path, url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "PILKADA_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(root),
    }


def _reset(url: str) -> None:
    import psycopg

    name = urlparse(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as con:
        if not con.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            con.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("DROP SCHEMA IF EXISTS public CASCADE")
        con.execute("CREATE SCHEMA public")


def _step(root: Path, env: dict[str, str], *args: str) -> dict[str, Any]:
    res = subprocess.run(
        [str(root / ".venv" / "bin" / "python"), "-c", STEP, *args],
        env=env,
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    )
    print(res.stdout[-3000:], flush=True)
    return json.loads(res.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _sizes(url: str) -> dict[str, int]:
    import psycopg

    def one(con: Any, sql: str, *params: str) -> int:
        row = con.execute(sql, list(params)).fetchone()
        return int(row[0]) if row else 0

    with psycopg.connect(url) as con:
        out = {"database": one(con, "SELECT pg_database_size(current_database())")}
        for table in ("voters_voter", "counting_entry", "counting_chasil", "audit_auditentry"):
            out[table] = one(con, "SELECT pg_total_relation_size(%s)", table)
        out["voters"] = one(con, "SELECT count(*) FROM voters_voter")
    return out


def _raw_copy(url: str, tmp: Path) -> float:
    """The same voter rows as CSV, loaded raw by the server with the same two indexes."""
    import psycopg

    path = tmp / "voters.csv"
    # Every column the import writes (pilkada.voters.services.INSERT_COLUMNS + constants).
    cols = (
        "tps_kode, nik_hash, nkk_hash, nik_masked, identitas_enc, nik_luar_wilayah, "
        "nama, tempat_lahir, tanggal_lahir, status_kawin, jenis_kelamin, alamat, rt, rw, "
        "disabilitas, ktp_el, keterangan, baris, batch_id, jenis, status, tms_keterangan"
    )
    export = f"COPY (SELECT {cols} FROM voters_voter) TO STDOUT (FORMAT csv)"
    with (
        psycopg.connect(url) as con,
        con.cursor() as cur,
        path.open("wb") as fh,
        cur.copy(export) as copy,
    ):
        for chunk in copy:
            fh.write(chunk)
    with psycopg.connect(url) as con:
        con.execute("DROP TABLE IF EXISTS raw_voter")
        con.execute(
            "CREATE TABLE raw_voter ("
            + ", ".join(f"c{i} text" for i in range(len(cols.split(","))))
            + ")"
        )
        con.commit()
        start = time.perf_counter()
        with con.cursor() as cur:
            with cur.copy("COPY raw_voter FROM STDIN (FORMAT csv)") as copy, path.open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    copy.write(chunk)
            cur.execute("CREATE INDEX raw_nik ON raw_voter (c1)")
            cur.execute("CREATE INDEX raw_tps ON raw_voter (c0, c21)")
        con.commit()
        seconds = time.perf_counter() - start
        con.execute("DROP TABLE raw_voter")
        con.commit()
    path.unlink()
    return seconds


# The hot reads at full size: (label, SQL with %(name)s parameters). Parameters are picked from
# the database (a real voter's NIK hash, a real desa, kecamatan, contest).
HOT_QUERIES = [
    (
        "Cek DPT (NIK hash -> TPS, desa, kecamatan)",
        "SELECT v.nama, t.nomor, t.alamat, d.nama, k.nama FROM voters_voter v "
        "JOIN tps_tps t ON t.kode = v.tps_kode JOIN wilayah_desa d ON d.kode = t.desa_id "
        "JOIN wilayah_kecamatan k ON k.kode = d.kecamatan_id "
        "WHERE v.nik_hash = %(nik)s AND v.status = 'aktif' AND v.jenis = 'dpt' LIMIT 1",
    ),
    (
        "DPT of one TPS",
        "SELECT id, nama FROM voters_voter WHERE tps_kode = %(tps)s AND status = 'aktif' "
        "ORDER BY baris",
    ),
    (
        "running totals, province + its kabupaten",
        "SELECT * FROM counting_tally WHERE contest_id = %(contest)s AND area_code IN "
        "(SELECT kode FROM wilayah_kabupaten WHERE provinsi_id = '18')",
    ),
    ("TPS list of a desa", "SELECT * FROM tps_tps WHERE desa_id = %(desa)s ORDER BY kode"),
    (
        "TPS per kecamatan (recap, kesiapan)",
        "SELECT kecamatan_kode, count(*) FROM tps_tps WHERE kode LIKE %(kec_like)s "
        "GROUP BY kecamatan_kode",
    ),
    (
        "C.Hasil forms of a kecamatan (recap progress)",
        "SELECT c.status FROM counting_chasil c JOIN tps_tps t ON t.kode = c.tps_id "
        "WHERE c.contest_id = %(contest)s AND t.kode LIKE %(kec_like)s",
    ),
]


def _indexes(plan: dict[str, Any]) -> list[str]:
    names = [plan["Index Name"]] if "Index Name" in plan else []
    if plan.get("Node Type") == "Seq Scan":
        names.append(f"SEQ SCAN {plan.get('Relation Name')}")
    for child in plan.get("Plans", []):
        names += _indexes(child)
    return names


def hot_query_plans(url: str) -> list[dict[str, Any]]:
    """EXPLAIN ANALYZE of the hot reads on the full database: time and the indexes used."""
    import psycopg

    out = []
    with psycopg.connect(url) as con:

        def one(sql: str) -> Any:
            row = con.execute(sql).fetchone()
            return row[0] if row else None

        params = {
            "nik": one("SELECT nik_hash FROM voters_voter ORDER BY id DESC LIMIT 1 OFFSET 12345"),
            "tps": one("SELECT kode FROM tps_tps ORDER BY kode DESC LIMIT 1 OFFSET 777"),
            "desa": one("SELECT kode FROM wilayah_desa ORDER BY kode LIMIT 1 OFFSET 1500"),
            "kec_like": (one("SELECT kode FROM wilayah_kecamatan ORDER BY kode LIMIT 1 OFFSET 90"))
            + "%",
            "contest": one("SELECT id FROM pemilihan_contest WHERE jenis = 'gubernur' LIMIT 1"),
        }
        for label, sql in HOT_QUERIES:
            con.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)  # warm the cache
            doc = con.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params).fetchone()
            plan = (json.loads(doc[0]) if isinstance(doc[0], str) else doc[0])[0]  # type: ignore[index]
            used = _indexes(plan["Plan"])
            out.append(
                {
                    "name": f"query plan: {label}",
                    "database": "postgresql",
                    "seconds": round(plan["Execution Time"] / 1000, 5),
                    "notes": f"{plan['Execution Time']:.3f} ms (EXPLAIN ANALYZE, warm); "
                    + ("uses " + ", ".join(dict.fromkeys(used)) if used else "no index"),
                }
            )
    return out


def run(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    if not ctx.get("pg_url"):
        print("PostgreSQL not reachable: province benchmark skipped.")
        return []
    root: Path = ctx["root"]
    url = os.environ.get("BENCH_PROVINCE_URL") or DEFAULT_URL
    scale = os.environ.get("BENCH_PROVINCE_SCALE", "1")
    env = _env(root, url)
    _reset(url)
    subprocess.run(
        [str(root / ".venv" / "bin" / "pilkada"), "migrate", "-v0"], env=env, cwd=root, check=True
    )
    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        demo_json, sim_json = tmp / "demo.json", tmp / "sim.json"
        demo = _step(
            root,
            env,
            "demo",
            "--province",
            "18",
            "--scale",
            scale,
            "--json",
            str(demo_json),
        )
        info = json.loads(demo_json.read_text())
        sizes_before = _sizes(url)
        raw = _raw_copy(url, tmp)
        done, secs = info["done"], info["seconds"]
        out.append(
            {
                "name": f"demo --province 18: regions + {done['tps']:,} TPS",
                "database": "postgresql",
                "seconds": round(secs["wilayah"] + secs["tps"], 2),
                "notes": f"{done['kabupaten']} kabupaten/kota; regions {secs['wilayah']:.1f} s "
                f"(ORM upserts, audited), TPS {secs['tps']:.1f} s",
            }
        )
        out.append(
            {
                "name": f"generate + import {done['pemilih']:,} voters (15 files)",
                "database": "postgresql",
                "seconds": round(secs["dpt"], 2),
                "baseline_seconds": round(raw, 2),
                "notes": f"peak RSS {demo['rss'] / 2**30:.2f} GiB; includes generating the "
                "synthetic rows in Python; baseline = raw COPY of the stored rows + 2 indexes",
            }
        )
        sim = _step(
            root,
            env,
            "simulate_count",
            "--province",
            "18",
            "--scale",
            scale,
            "--clients",
            str(CLIENTS),
            "--floor",
            "2000",
            "--json",
            str(sim_json),
        )
        stats = json.loads(sim_json.read_text())
        floor = stats["floor"]
        for i, phase in enumerate(stats["phases"], start=1):
            out.append(
                {
                    "name": f"simulate-count --province 18, entry {i} "
                    f"({phase['submissions']:,} submissions)",
                    "database": "postgresql",
                    "seconds": round(phase["seconds"], 2),
                    "baseline_seconds": round(
                        floor["seconds"] * phase["submissions"] / floor["requests"], 2
                    ),
                    "notes": f"{phase['per_second']:.0f} forms/s, {CLIENTS} clients; "
                    f"p50 {phase['p50'] * 1000:.0f} ms, p99 {phase['p99'] * 1000:.0f} ms; "
                    f"{phase['errors']} errors",
                }
            )
        report = next(iter(stats["report"].values()))
        ok = not stats["problems"] and report["provinsi"] == {
            str(k): v for k, v in report["diharapkan"].items()
        }
        out.append(
            {
                "name": "last submission -> province total",
                "database": "postgresql",
                "seconds": round(stats["lag_seconds"], 3),
                "notes": f"province {report['provinsi']} vs file {report['diharapkan']}: "
                + ("EQUAL" if ok else "DIFFERENT " + "; ".join(stats["problems"]))
                + f"; {report['tps_dihitung']:,}/{report['tps']:,} TPS counted; "
                f"peak RSS of the simulator process {sim['rss'] / 2**20:.0f} MiB",
            }
        )
        out += hot_query_plans(url)
        sizes = _sizes(url)
        out.append(
            {
                "name": "database size after the run",
                "database": "postgresql",
                "seconds": 0.0,
                "notes": f"{sizes['database'] / 2**30:.2f} GiB total; voters "
                f"{sizes['voters_voter'] / 2**30:.2f} GiB ({sizes['voters']:,} rows, "
                f"{sizes['voters_voter'] / max(sizes['voters'], 1):.0f} B/row incl. indexes); "
                f"C.Hasil entries {sizes['counting_entry'] / 2**20:.0f} MiB; audit "
                f"{sizes['audit_auditentry'] / 2**20:.0f} MiB; before counting "
                f"{sizes_before['database'] / 2**30:.2f} GiB",
                "sizes": sizes,
            }
        )
        for row in out:
            row["scale"] = float(scale)
        if not ok:
            raise SystemExit("province totals differ from the file: " + str(stats["problems"]))
    return out


if __name__ == "__main__":
    print(
        run(
            {
                "root": Path(__file__).resolve().parent.parent,
                "pg_url": os.environ.get(
                    "PG_BENCH_URL", "postgres://postgres@127.0.0.1:5432/postgres"
                ),
            }
        )
    )
