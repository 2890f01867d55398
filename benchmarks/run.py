"""`make bench`: run every benchmarks/bench_*.py, print a table, write JSON and BENCHMARKS.md.

Each module defines `run(ctx) -> list[dict]`; every dict is one measurement with at least
`name`, `database`, `seconds`, and, where the benchmark measures its own baseline in the same
run, `baseline_seconds` (the ratio is computed here). Never part of `make test`.
"""

import contextlib
import importlib.util
import json
import os
import platform
import socket
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PG_URL = os.environ.get("PG_BENCH_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def pg_available() -> bool:
    s = socket.socket()
    s.settimeout(1)
    try:
        s.connect(("127.0.0.1", 5432))
        return True
    except OSError:
        return False
    finally:
        s.close()


def machine() -> dict[str, str]:
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) // 1024 // 1024} GiB"
    except OSError:
        pass
    cpu = ""
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    pg = ""
    with contextlib.suppress(OSError):
        pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": pg,
    }


def main() -> int:
    ctx = {"root": ROOT, "pg_url": PG_URL if pg_available() else None}
    results: list[dict[str, Any]] = []
    for path in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"== {path.stem}", flush=True)
        for row in module.run(ctx):
            if row.get("baseline_seconds"):
                row["ratio"] = round(row["seconds"] / row["baseline_seconds"], 2)
            row["benchmark"] = path.stem
            results.append(row)
            print("   ", {k: v for k, v in row.items() if k != "benchmark"}, flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "results": results,
    }
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2))
    lines = [
        "| benchmark | measurement | database | seconds | baseline s | ratio | notes |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['benchmark']} | {r['name']} | {r.get('database', '')} | "
            f"{r['seconds']:.2f} | {r.get('baseline_seconds', '') or ''} | "
            f"{r.get('ratio', '')} | {r.get('notes', '')} |"
        )
    table = "\n".join(lines)
    print(table)
    (RESULTS / "latest.md").write_text(table + "\n")
    print(f"\nmachine: {report['machine']}")
    print("Copy the table into BENCHMARKS.md when the figures are to be published.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
