"""Crash safety (SIGKILL at random points) and concurrency ("Jepsen-lite") on a real database.

The work runs in a separate process (`tests/reliability_driver.py`) against a database of its
own: a SQLite file (WAL, as in production) in the SQLite pass of `make test`, a PostgreSQL
database `crash_<random>` in the PostgreSQL pass. Both start as a copy of the migrated test
database (SQLite backup API / `CREATE DATABASE ... TEMPLATE`), so nothing is migrated twice.

Crash: each trial process first checks what the previous, killed one left (voters all or none of
the file and equal to it by keyed-hash checksum; every photo row with its file and its numbers,
no numbers without a photo; running totals equal to the counted forms; the audit chain intact),
then retries (import again, submit every form again with the same idempotency keys, sweep the
orphaned photo files), checks that everything is there exactly once, resets, and starts a voter
import and 16 photo + number submissions in random order; the test SIGKILLs it after a random
delay. An orphaned photo file (written, its row never committed) is allowed to exist until the
sweep: no row names it, so it is never shown or counted; the retry reuses it (same content, same
name) and `photo_orphans_remove` deletes it.

Concurrency: CLIENTS threads, each with its own connection, enter, correct, read, propose and
approve the plenary for the same three forms; the history of operations is checked against the
database (see `jepsen_check` in the driver).

Figures: docs/reliability/crash-<db>.json and docs/reliability/concurrency-<db>.json.
"""

import json
import os
import random
import secrets
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections

ROOT = Path(__file__).resolve().parents[1]
DRIVER = ROOT / "tests" / "reliability_driver.py"
OUT = ROOT / "docs" / "reliability"
TRIALS = int(os.environ.get("CRASH_TRIALS", "4"))
MAX_DELAY = float(os.environ.get("CRASH_MAX_DELAY", "1.5"))
CLIENTS = int(os.environ.get("JEPSEN_CLIENTS", "16"))
OPS = int(os.environ.get("JEPSEN_OPS", "8"))
SEED = 20241127
# Marked so pytest-django sets up the test database this module copies; the tests themselves
# touch only the copy, through the driver process.
pytestmark = pytest.mark.django_db


class Target:
    def __init__(self, vendor: str, url: str, var: Path, drop: str = "") -> None:
        self.vendor, self.url, self.var, self.drop = vendor, url, var, drop
        self.voters = 0

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.local",
            DATABASE_URL=self.url,
            PILKADA_VAR_DIR=str(self.var),
            PILKADA_IMPORT_BACKGROUND="false",
            PYTHONUNBUFFERED="1",
        )
        env.pop("REDIS_URL", None)
        return env

    def run(self, *args: str, timeout: float = 300) -> list[dict[str, Any]]:
        p = subprocess.run(  # noqa: S603  (fixed argument list, no shell)
            [sys.executable, str(DRIVER), *args],
            env=self.env(),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert p.returncode == 0, (args, p.stdout[-2000:], p.stderr[-4000:])
        return parse(p.stdout)


def parse(text: str) -> list[dict[str, Any]]:
    out = []
    for line in text.splitlines():
        if line.startswith("{"):
            out.append(json.loads(line))
    return out


def failures(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [x for x in lines if "check" in x and not x["ok"]]


def _pg_admin() -> Any:
    import psycopg

    s = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        user=s["USER"],
        password=s["PASSWORD"] or None,
        host=s["HOST"] or None,
        port=s["PORT"] or None,
        autocommit=True,
    )


@pytest.fixture(scope="module")
def target(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Any:
    """A migrated database the driver process can see, and the small world in it."""
    var = tmp_path_factory.mktemp("reliability")
    with django_db_blocker.unblock():
        vendor = connection.vendor
        if vendor == "sqlite":
            path = var / "pilkada.sqlite3"
            connection.ensure_connection()
            dst = sqlite3.connect(path)
            connection.connection.backup(dst)
            dst.close()
            t = Target(vendor, f"sqlite:///{path}", var)
        elif vendor == "postgresql":
            name = f"crash_{secrets.token_hex(4)}"
            template = connection.settings_dict["NAME"]
            connections.close_all()
            with _pg_admin() as admin:
                admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            s = connection.settings_dict
            auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
            url = f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"
            t = Target(vendor, url, var, drop=name)
        else:
            pytest.skip(f"no crash test for {vendor}")
    try:
        t.voters = next(x["voters"] for x in t.run("setup", str(var)) if "voters" in x)
        yield t
    finally:
        if t.drop:
            with django_db_blocker.unblock(), _pg_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{t.drop}" WITH (FORCE)')


def write_figures(name: str, figures: dict[str, Any]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / name).write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n")


def run_killed_trial(
    t: Target, seed: int, phase: str, delay: float, fresh: bool
) -> tuple[list[Any], str]:
    """Start a trial; once it starts `phase`, wait `delay` seconds and SIGKILL it (if still
    running)."""
    args = [sys.executable, str(DRIVER), "trial", str(t.var), str(seed)] + (
        ["fresh"] if fresh else []
    )
    proc = subprocess.Popen(  # noqa: S603  (fixed argument list, no shell)
        args, env=t.env(), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    lines: list[dict[str, Any]] = []
    go = threading.Event()
    assert proc.stdout is not None

    def reader() -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:
            if raw.startswith("{"):
                item = json.loads(raw)
                lines.append(item)
                if item.get("phase") in (phase, "done"):
                    go.set()
        go.set()

    th = threading.Thread(target=reader, daemon=True)
    th.start()
    go.wait(timeout=300)
    outcome = "finished before the kill"
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        outcome = "killed"
    th.join(timeout=10)
    stderr = proc.stderr.read() if proc.stderr else ""
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
    if outcome != "killed":
        assert proc.returncode == 0, stderr[-4000:]
    elif not any(x.get("go") for x in lines):
        raise AssertionError(f"trial died before its work began: {stderr[-4000:]}")
    phases = [x["phase"] for x in lines if "phase" in x]
    if outcome == "killed":
        outcome = f"killed during {phases[-1]}" if phases else "killed before its first phase"
    return lines, outcome


def test_sigkill_during_import_and_form_submission_leaves_nothing_partial(target: Target) -> None:
    rng = random.Random(SEED)
    outcomes: list[str] = []
    bad: list[Any] = []
    checks = 0
    orphans = 0
    for i in range(TRIALS):
        # Alternately aim at the import and at the form submissions; the delay picks the point.
        phase = ("import", "forms")[i % 2]
        delay = rng.uniform(0.0, MAX_DELAY)
        lines, outcome = run_killed_trial(target, SEED + i, phase, delay, i == 0)
        outcomes.append(outcome)
        bad += failures(lines)
        checks += sum(1 for x in lines if "check" in x)
        orphans += sum(x.get("swept", 0) for x in lines)
    final = target.run("final", str(target.var))
    bad += failures(final)
    checks += sum(1 for x in final if "check" in x)
    orphans += sum(x.get("swept", 0) for x in final)
    assert not bad, bad
    kills = [o for o in outcomes if o.startswith("killed")]
    mid_work = [o for o in kills if o.endswith(("import", "forms"))]
    # Each trial's checks ran (a trial that did nothing would prove nothing).
    assert checks >= 8 * (TRIALS + 1)
    write_figures(
        f"crash-{target.vendor}.json",
        {
            "database": target.vendor,
            "trials": TRIALS,
            "kills": len(kills),
            "kills_survived": len(kills),
            "kills_during_work": len(mid_work),
            "outcomes": sorted(outcomes),
            "voters_per_import": target.voters,
            "forms_per_trial": 8,
            "submissions_per_trial": 16,
            "orphaned_photo_files_found_and_removed": orphans,
            "checks_run": checks,
            "anomalies": len(bad),
            "seed": SEED,
        },
    )


def test_concurrent_clients_lose_no_update_and_count_nothing_twice(target: Target) -> None:
    lines = target.run("jepsen", str(target.var), str(CLIENTS), str(OPS), str(SEED))
    bad = failures(lines)
    assert not bad, bad
    figures = next(x["figures"] for x in lines if "figures" in x)
    # The run must have exercised what it claims: acknowledged writes and a contested plenary.
    assert figures["acknowledged_writes"] > 0
    write_figures(
        f"concurrency-{target.vendor}.json",
        {"database": target.vendor, **figures, "anomalies": len(bad), "seed": SEED},
    )
