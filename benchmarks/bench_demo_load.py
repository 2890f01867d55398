"""Loading the Lampung Timur demo (regions, 1,621 TPS, 17,458 roster rows) into an empty database.

Baseline: the same TPS and roster rows inserted with the database's raw bulk path (stdlib
sqlite3 executemany in one transaction), so the ratio shows what the service layer costs.
"""

import os
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any


def _timed(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def run(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    root: Path = ctx["root"]
    pilkada = str(root / ".venv" / "bin" / "pilkada")
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{db}",
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            # The 823,417-voter roll is measured on its own by bench_voters.
            "PILKADA_DEMO_VOTERS": "0",
        }
        subprocess.run([pilkada, "migrate", "-v0"], env=env, cwd=root, check=True)
        seconds = _timed([pilkada, "demo"], env, root)
        con = sqlite3.connect(db)
        tps = con.execute("SELECT * FROM tps_tps").fetchall()
        members = con.execute("SELECT * FROM adhoc_member").fetchall()
        con.close()
        raw = sqlite3.connect(Path(tmp) / "raw.sqlite3")
        raw.execute("CREATE TABLE t (" + ",".join(f"c{i}" for i in range(len(tps[0]))) + ")")
        raw.execute("CREATE TABLE m (" + ",".join(f"c{i}" for i in range(len(members[0]))) + ")")
        start = time.perf_counter()
        with raw:
            raw.executemany(f"INSERT INTO t VALUES ({','.join('?' * len(tps[0]))})", tps)
            raw.executemany(f"INSERT INTO m VALUES ({','.join('?' * len(members[0]))})", members)
        baseline = time.perf_counter() - start
        out.append(
            {
                "name": "pilkada demo (fresh)",
                "database": "sqlite",
                "seconds": seconds,
                "baseline_seconds": round(baseline, 4),
                "notes": "includes process start, wilayah + GeoJSON parse, audit chain",
            }
        )
    if ctx.get("pg_url"):
        env = {
            **os.environ,
            "DATABASE_URL": ctx["pg_url"].rsplit("/", 1)[0] + "/pilkada_bench",
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "PILKADA_DEMO_VOTERS": "0",
        }
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-qc",
                "DROP DATABASE IF EXISTS pilkada_bench",
            ],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", "CREATE DATABASE pilkada_bench"],
            check=True,
            capture_output=True,
        )
        subprocess.run([pilkada, "migrate", "-v0"], env=env, cwd=root, check=True)
        out.append(
            {
                "name": "pilkada demo (fresh)",
                "database": "postgresql",
                "seconds": _timed([pilkada, "demo"], env, root),
            }
        )
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-qc",
                "DROP DATABASE IF EXISTS pilkada_bench",
            ],
            check=True,
            capture_output=True,
        )
    return out
