"""Election night: `pilkada simulate-count --clients 50` against gunicorn, SQLite and PostgreSQL.

Each run: a fresh database with the demo (1,621 TPS), then 3,242 first entries and 3,242 second
entries over HTTP (plus 5 % resent with the same idempotency key), then the kabupaten totals are
read back and compared with the kecamatan file. Baseline: the same 50 clients asking the
trivial authenticated GET /api/akun/me as many times as there are submissions in one phase, on
the same server, so the ratio shows what a C.Hasil submission costs over the HTTP floor.
"""

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

CLIENTS = 50
PG_DB = "h_counting_bench"


def _psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True, capture_output=True
    )


def _rows(database: str, stats: dict[str, Any]) -> list[dict[str, Any]]:
    floor = stats["floor"]
    rows = []
    for i, phase in enumerate(stats["phases"], start=1):
        base = floor["seconds"] * phase["submissions"] / floor["requests"]
        rows.append(
            {
                "name": f"simulate-count {CLIENTS} clients, entry {i} "
                f"({phase['submissions']} submissions)",
                "database": database,
                "seconds": round(phase["seconds"], 2),
                "baseline_seconds": round(base, 2),
                "notes": f"{phase['per_second']:.0f} forms/s; p50 {phase['p50'] * 1000:.0f} ms, "
                f"p99 {phase['p99'] * 1000:.0f} ms (floor GET p50 {floor['p50'] * 1000:.0f} ms, "
                f"p99 {floor['p99'] * 1000:.0f} ms); {phase['duplicates']} resent, "
                f"{phase['errors']} errors",
            }
        )
    rows.append(
        {
            "name": "last submission -> kabupaten total",
            "database": database,
            "seconds": round(stats["lag_seconds"], 3),
            "notes": "totals kept in the verifying transaction; "
            + ("all sums match" if not stats["problems"] else "; ".join(stats["problems"])),
        }
    )
    return rows


def _simulate(root: Path, env: dict[str, str], out: Path) -> dict[str, Any]:
    pilkada = str(root / ".venv" / "bin" / "pilkada")
    subprocess.run([pilkada, "migrate", "-v0"], env=env, cwd=root, check=True)
    subprocess.run([pilkada, "demo"], env=env, cwd=root, check=True, capture_output=True)
    subprocess.run(
        [
            pilkada,
            "simulate-count",
            "--clients",
            str(CLIENTS),
            "--floor",
            "3400",
            "--json",
            str(out),
        ],
        env=env,
        cwd=root,
        check=True,
    )
    return json.loads(out.read_text())  # type: ignore[no-any-return]


def run(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    root: Path = ctx["root"]
    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "PILKADA_VAR_DIR": tmp,
        }
        out += _rows("sqlite", _simulate(root, env, Path(tmp) / "sqlite.json"))
        if ctx.get("pg_url"):
            _psql(f"DROP DATABASE IF EXISTS {PG_DB}")
            _psql(f"CREATE DATABASE {PG_DB}")
            env["DATABASE_URL"] = ctx["pg_url"].rsplit("/", 1)[0] + "/" + PG_DB
            try:
                out += _rows("postgresql", _simulate(root, env, Path(tmp) / "pg.json"))
            finally:
                _psql(f"DROP DATABASE IF EXISTS {PG_DB}")
    return out


if __name__ == "__main__":
    import sys

    root = Path(__file__).resolve().parent.parent
    pg = sys.argv[1] if len(sys.argv) > 1 else None
    for row in run({"root": root, "pg_url": pg}):
        print(row)
