"""`make bench`: run the benchmarks of a suite, print a table, write JSON and BENCHMARKS.md.

Each module benchmarks/bench_*.py defines `run(ctx) -> list[dict]`; every dict is one measurement
with at least `name`, `database`, `seconds`, and, where the benchmark measures its own baseline in
the same run, `baseline_seconds` (the ratio is computed here). Never part of `make test`.

Suites: a module's `SUITE` (default "regency"). `make bench` runs the regency suite (the demo
regency, 2-core machine, ~30 min); `make bench-province` runs `--suite province`: bench_province
and then bench_spark (the national duplicate search) when that file exists, whatever its SUITE
says. Results go to benchmarks/results/<suite>.{json,md} (the regency suite also to latest.*),
and the table replaces the text between `<!-- bench:<suite>:start -->` and
`<!-- bench:<suite>:end -->` in BENCHMARKS.md, so the published figures are the last run's.
`--only bench_x,bench_y` runs some modules of the suite (the markers are then left alone unless
`--write-md` is given).
"""

import argparse
import contextlib
import importlib.util
import json
import os
import platform
import socket
import sqlite3
import subprocess
import sys
import time
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


PROVINCE_ORDER = ("bench_province", "bench_spark")
# `--small`: sizes for checking that the suite runs, read by the benchmarks and the demo.
# The regency demo itself stays full size: its logistics and counting demos assume the real DPT.
SMALL = {
    "BENCH_VOTERS": "20000",
    "BENCH_PROVINCE_SCALE": "0.01",
    "BENCH_SMALL": "1",
}


def _load(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def modules(suite: str) -> list[Path]:
    """The benchmark files of a suite, in run order."""
    found = sorted((ROOT / "benchmarks").glob("bench_*.py"))
    if suite == "province":
        by_name = {p.stem: p for p in found}
        return [by_name[n] for n in PROVINCE_ORDER if n in by_name]
    out = []
    for path in found:
        if path.stem in PROVINCE_ORDER:
            continue
        text = path.read_text(encoding="utf-8")
        if 'SUITE = "' in text and f'SUITE = "{suite}"' not in text:
            continue
        out.append(path)
    return out


def _cell(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        return f"{value:.2f}" if value >= 0.1 else f"{value:.4f}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| benchmark | measurement | database | seconds | baseline s | ratio | notes |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            "| "
            + " | ".join(
                _cell(v)
                for v in (
                    r["benchmark"],
                    r["name"],
                    r.get("database", ""),
                    float(r["seconds"]),
                    r.get("baseline_seconds"),
                    r.get("ratio"),
                    r.get("notes", ""),
                )
            )
            + " |"
        )
    return "\n".join(lines)


def machine_line(m: dict[str, str]) -> str:
    return (
        f"{m['cpu']} ({m['cores']} cores), {m['memory']} RAM, {m['os']}, Python {m['python']}, "
        f"SQLite {m['sqlite']}, {m['postgresql'] or 'PostgreSQL client not found'}"
    )


def section(suite: str, report: dict[str, Any]) -> str:
    """The generated text between the suite's markers in BENCHMARKS.md."""
    failed = report.get("failed") or []
    return "\n".join(
        [
            f"_Generated by `benchmarks/run.py --suite {suite}` on {report['when']} "
            f"(wall {report['wall_seconds'] / 60:.1f} min); do not edit by hand._",
            "",
            f"Machine: {machine_line(report['machine'])}; load average at start "
            f"{report['load_start']}, at end {report['load_end']}.",
            "",
            table(report["results"]),
            *(["", "**Failed:** " + "; ".join(failed)] if failed else []),
        ]
    )


def write_markdown(path: Path, suite: str, body: str) -> None:
    """Replace the text between the suite's markers (appending the markers if missing)."""
    start, end = f"<!-- bench:{suite}:start -->", f"<!-- bench:{suite}:end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = f"{head}{start}\n{body}\n{end}{tail}"
    else:
        text = text.rstrip("\n") + f"\n\n{start}\n{body}\n{end}\n"
    path.write_text(text, encoding="utf-8")


def _load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--suite", default="regency", choices=["regency", "province"])
    parser.add_argument("--only", default="", help="comma-separated module names")
    parser.add_argument("--write-md", action="store_true", help="update BENCHMARKS.md with --only")
    parser.add_argument(
        "--small",
        action="store_true",
        help="try the suite out: 20,000 voters in bench_voters, province at 1 %%; never published",
    )
    args = parser.parse_args(argv)
    if args.small:
        os.environ.update(SMALL)
    ctx = {"root": ROOT, "pg_url": PG_URL if pg_available() else None}
    only = {n for n in args.only.split(",") if n}
    paths = [p for p in modules(args.suite) if not only or p.stem in only]
    results: list[dict[str, Any]] = []
    failed: list[str] = []
    load_start = _load_average()
    t0 = time.perf_counter()
    for path in paths:
        print(f"== {path.stem}", flush=True)
        try:
            rows = _load(path).run(ctx)
        except (Exception, SystemExit) as exc:  # one broken benchmark must not hide the rest
            failed.append(f"{path.stem}: {type(exc).__name__}: {exc}")
            print(f"   FAILED: {exc}", flush=True)
            continue
        for row in rows:
            if row.get("baseline_seconds"):
                row["ratio"] = round(row["seconds"] / row["baseline_seconds"], 2)
            row["benchmark"] = path.stem
            results.append(row)
            print("   ", {k: v for k, v in row.items() if k != "benchmark"}, flush=True)
    report = {
        "suite": args.suite,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "wall_seconds": round(time.perf_counter() - t0, 1),
        "machine": machine(),
        "load_start": load_start,
        "load_end": _load_average(),
        "results": results,
        "failed": failed,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.small or only:
        names = [f"{args.suite}-{'small' if args.small else 'partial'}"]
    else:
        names = [args.suite, *(["latest"] if args.suite == "regency" else [])]
    body = section(args.suite, report)
    for name in names:
        (RESULTS / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n")
        (RESULTS / f"{name}.md").write_text(body + "\n")
    print(table(results))
    print(f"\nmachine: {machine_line(report['machine'])}")
    if not args.small and (not only or args.write_md):
        write_markdown(ROOT / "BENCHMARKS.md", args.suite, body)
        print(f"BENCHMARKS.md: section '{args.suite}' updated.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
