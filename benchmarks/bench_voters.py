"""The voter roll at full scale (823,417 rows) on SQLite and PostgreSQL.

* Full import (`pilkada.voters.services.import_run`: parse with polars, validate every rule,
  AES-CMAC + AES-CTR for NIK/NKK, insert, rebuild the indexes, exact-NIK duplicate check, DPT count
  per TPS, audit) next to a raw load of the same file into the same database: stdlib csv +
  sqlite3 executemany in one transaction / PostgreSQL COPY of the file, plus the same two
  indexes (NIK, TPS). Peak memory is the importing process's maximum RSS.
* Probable-duplicate search over the whole roll, with precision and recall against the
  generator's truth (exact-NIK pairs from the import included).
* Cek DPT: p50/p99 latency with 50 concurrent clients against gunicorn on 127.0.0.1 (bounded:
  40 lookups per client), the rate limit raised for the run.

PostgreSQL: a scratch database `pilkada_bench_voters` is created and dropped; with
`PG_BENCH_VOTERS_DB=<name>` an existing database is used instead and its public schema reset.
"""

import csv
import json
import os
import re
import sqlite3
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

VOTERS = int(os.environ.get("BENCH_VOTERS", "823417"))
PORT = int(os.environ.get("BENCH_VOTERS_PORT", "8201"))
CLIENTS = 50
PER_CLIENT = 40

IMPORT_SCRIPT = r"""
import json, resource, sys, time
import django
django.setup()
from pathlib import Path
from pilkada.voters.services import import_run, import_start, probable_duplicates_scan
from pilkada.voters.models import DuplicatePair, Voter
path = Path(sys.argv[1])
data = path.read_bytes()
t0 = time.perf_counter()
batch = import_start(actor=None, data=data, filename=path.name, area_code="1807")
del data
batch = import_run(batch_id=batch.pk)
t1 = time.perf_counter()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
scan = probable_duplicates_scan(actor=None)
t2 = time.perf_counter()
truth = set()
for row in list(Path(sys.argv[2]).read_text().splitlines())[1:]:
    a, b, _ = row.split(",")
    truth.add((int(a), int(b)))
line_of = dict(Voter.objects.values_list("id", "baris"))
pairs = DuplicatePair.objects.values_list("a_id", "b_id")
found = {tuple(sorted((line_of[a], line_of[b]))) for a, b in pairs}
truth = {tuple(sorted(p)) for p in truth}
tp = len(found & truth)
print(json.dumps({
    "status": batch.status, "rows": batch.jumlah_masuk, "import_s": t1 - t0, "rss": rss,
    "nik_pairs": batch.jumlah_ganda_nik, "scan_s": t2 - t1, "candidates": scan.candidates,
    "found": len(found), "truth": len(truth), "tp": tp,
}))
"""


def _env(root: Path, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "PILKADA_DEMO_VOTERS": "0",
        "PILKADA_CEKDPT_LIMIT": "100000000",
        "PILKADA_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(root),
    }


def _raw_sqlite(path: Path, csv_path: Path) -> float:
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    cols = [f"c{i}" for i in range(14)]
    con.execute(f"CREATE TABLE raw_voter ({', '.join(cols)})")
    start = time.perf_counter()
    with csv_path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        with con:
            con.executemany(f"INSERT INTO raw_voter VALUES ({', '.join('?' * 14)})", reader)
            con.execute("CREATE INDEX raw_nik ON raw_voter (c1)")
            con.execute("CREATE INDEX raw_tps ON raw_voter (c13)")
    seconds = time.perf_counter() - start
    con.execute("DROP TABLE raw_voter")
    con.close()
    return seconds


def _raw_pg(url: str, csv_path: Path) -> float:
    import psycopg

    with psycopg.connect(url) as con:
        cols = ", ".join(f"c{i} text" for i in range(14))
        con.execute("DROP TABLE IF EXISTS raw_voter")
        con.execute(f"CREATE TABLE raw_voter ({cols})")
        con.commit()
        start = time.perf_counter()
        with con.cursor() as cur:
            with (
                cur.copy("COPY raw_voter FROM STDIN (FORMAT csv, HEADER true)") as copy,
                csv_path.open("rb") as fh,
            ):
                while chunk := fh.read(1 << 20):
                    copy.write(chunk)
            cur.execute("CREATE INDEX raw_nik ON raw_voter (c1)")
            cur.execute("CREATE INDEX raw_tps ON raw_voter (c13)")
        con.commit()
        seconds = time.perf_counter() - start
        con.execute("DROP TABLE raw_voter")
        con.commit()
    return seconds


def _client(niks: list[str], latencies: list[float], errors: list[int]) -> None:
    conn = HTTPConnection("127.0.0.1", PORT, timeout=30)
    conn.request("GET", "/pemilih/cek-dpt/")
    r = conn.getresponse()
    page = r.read().decode()
    cookie = r.getheader("Set-Cookie", "").split(";", 1)[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token
    for nik in niks:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "nik": nik})
        start = time.perf_counter()
        conn.request(
            "POST",
            "/pemilih/cek-dpt/",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
        )
        resp = conn.getresponse()
        resp.read()
        latencies.append(time.perf_counter() - start)
        if resp.status != 200:
            errors.append(resp.status)
    conn.close()


def _cek_latency(root: Path, env: dict[str, str], niks: list[str]) -> dict[str, float]:
    server = subprocess.Popen(
        [
            str(root / ".venv" / "bin" / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "3",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=root,
    )
    try:
        for _ in range(100):
            try:
                c = HTTPConnection("127.0.0.1", PORT, timeout=1)
                c.request("GET", "/pemilih/cek-dpt/")
                c.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        latencies: list[float] = []
        errors: list[int] = []
        threads = [
            threading.Thread(
                target=_client,
                args=(niks[i * PER_CLIENT : (i + 1) * PER_CLIENT], latencies, errors),
            )
            for i in range(CLIENTS)
        ]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=20)
    q = statistics.quantiles(latencies, n=100)
    return {
        "p50": q[49],
        "p99": q[98],
        "requests": len(latencies),
        "non200": len(errors),
        "rps": len(latencies) / wall,
    }


def _one_database(
    root: Path, label: str, url: str, csv_path: Path, truth: Path, niks: list[str]
) -> list[dict[str, Any]]:
    pilkada = str(root / ".venv" / "bin" / "pilkada")
    env = _env(root, url)
    subprocess.run([pilkada, "migrate", "-v0"], env=env, cwd=root, check=True)
    subprocess.run([pilkada, "demo"], env=env, cwd=root, check=True, capture_output=True)
    result = subprocess.run(
        [str(root / ".venv" / "bin" / "python"), "-c", IMPORT_SCRIPT, str(csv_path), str(truth)],
        env=env,
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    )
    info = json.loads(result.stdout.strip().splitlines()[-1])
    if label == "sqlite":
        raw = _raw_sqlite(Path(urllib.parse.urlparse(url).path), csv_path)
    else:
        raw = _raw_pg(url, csv_path)
    cek = _cek_latency(root, env, niks)
    precision = info["tp"] / info["found"] if info["found"] else 0.0
    recall = info["tp"] / info["truth"] if info["truth"] else 0.0
    return [
        {
            "name": f"import DPT {info['rows']:,} rows (status {info['status']})",
            "database": label,
            "seconds": round(info["import_s"], 2),
            "baseline_seconds": round(raw, 2),
            "notes": f"peak RSS {info['rss'] / 2**30:.2f} GiB; baseline = csv/COPY load "
            f"+ 2 indexes; {info['nik_pairs']} same-NIK pairs queued",
        },
        {
            "name": "probable-duplicate search, whole roll",
            "database": label,
            "seconds": round(info["scan_s"], 2),
            "notes": f"P {precision:.3f} R {recall:.3f} ({info['tp']}/{info['found']} found, "
            f"{info['truth']} planted; {info['candidates']:,} candidate pairs)",
        },
        {
            "name": f"Cek DPT, {CLIENTS} clients x {PER_CLIENT}",
            "database": label,
            "seconds": round(cek["p50"], 4),
            "notes": f"p50 {cek['p50'] * 1000:.1f} ms, p99 {cek['p99'] * 1000:.1f} ms, "
            f"{cek['rps']:.0f} req/s, {cek['non200']} non-200 of {cek['requests']} "
            "(gunicorn 3 sync workers; clients on the same 2 cores)",
        },
    ]


def run(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    root: Path = ctx["root"]
    pilkada = str(root / ".venv" / "bin" / "pilkada")
    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "voters.sqlite3"
        env = _env(root, f"sqlite:///{db}")
        subprocess.run([pilkada, "migrate", "-v0"], env=env, cwd=root, check=True)
        subprocess.run([pilkada, "demo"], env=env, cwd=root, check=True, capture_output=True)
        csv_path, truth = Path(tmp) / "dpt.csv", Path(tmp) / "dpt-ganda.csv"
        subprocess.run(
            [
                pilkada,
                "generate-dpt",
                "--voters",
                str(VOTERS),
                "--seed",
                "2024",
                "--duplicates",
                "0.003",
                "--out",
                str(csv_path),
                "--truth",
                str(truth),
            ],
            env=env,
            cwd=root,
            check=True,
            capture_output=True,
        )
        with csv_path.open(newline="") as fh:
            reader = csv.reader(fh)
            next(reader)
            niks = [r[1] for _, r in zip(range(CLIENTS * PER_CLIENT * 50), reader, strict=False)]
        niks = niks[::50][: CLIENTS * PER_CLIENT]
        out += _one_database(root, "sqlite", f"sqlite:///{db}", csv_path, truth, niks)
        if ctx.get("pg_url"):
            import psycopg

            given = os.environ.get("PG_BENCH_VOTERS_DB", "")
            name = given or "pilkada_bench_voters"
            url = ctx["pg_url"].rsplit("/", 1)[0] + "/" + name

            def reset() -> None:
                if given:
                    with psycopg.connect(url, autocommit=True) as con:
                        con.execute("DROP SCHEMA public CASCADE")
                        con.execute("CREATE SCHEMA public")
                else:
                    with psycopg.connect(ctx["pg_url"], autocommit=True) as con:
                        con.execute(f"DROP DATABASE IF EXISTS {name}")
                        con.execute(f"CREATE DATABASE {name}")

            reset()
            out += _one_database(root, "postgresql", url, csv_path, truth, niks)
            if given:
                reset()
            else:
                with psycopg.connect(ctx["pg_url"], autocommit=True) as con:
                    con.execute(f"DROP DATABASE IF EXISTS {name}")
    return out


if __name__ == "__main__":
    rows = run(
        {
            "root": Path(__file__).resolve().parent.parent,
            "pg_url": os.environ.get("PG_BENCH_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        }
    )
    for row in rows:
        print(row)
