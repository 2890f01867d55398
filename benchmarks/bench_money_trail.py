"""Issue #6 read paths on the full demo: cut detection, reconciliation, TPS logistics status.

Measured in a child process against a fresh SQLite demo database (1,621 TPS, 14,589 payouts,
~28,000 shipment lines). Baseline: the same answers computed by one hand-written SQL query
each, run with the stdlib sqlite3 module on the same file, so the ratio is what the ORM,
the scoping and the pure rules cost.
"""

import json
import os
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

CHILD = r"""
import json, time, django
django.setup()
from pilkada.accounts.models import User
from pilkada.budget.selectors import honor_cuts, reconciliation
from pilkada.logistics.selectors import tps_logistics
kpu = User.objects.get(username="kpu")
out = {}
for name, fn in [
    ("honor_cuts", lambda: honor_cuts(actor=kpu)),
    ("reconciliation", lambda: reconciliation(actor=kpu)),
    ("tps_logistics", lambda: tps_logistics(actor=kpu)),
]:
    fn()
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    out[name] = best
print(json.dumps(out))
"""

SQL = {
    "honor_cuts": """
        SELECT p.unit_code,
               SUM(MAX(e.bruto - p.pajak - p.dibayar, 0)),
               SUM(MAX(p.dibayar - COALESCE(p.diterima, p.dibayar), 0))
        FROM budget_payout p JOIN budget_entitlement e ON e.id = p.entitlement_id
        GROUP BY p.unit_code
        HAVING SUM(MAX(e.bruto - p.pajak - p.dibayar, 0))
             + SUM(MAX(p.dibayar - COALESCE(p.diterima, p.dibayar), 0)) > 0""",
    "reconciliation": """
        SELECT (SELECT SUM(jumlah) FROM budget_ppstransfer),
               SUM(p.diterima + p.pajak), SUM(e.bruto - p.pajak - p.diterima)
        FROM budget_payout p JOIN budget_entitlement e ON e.id = p.entitlement_id
        WHERE e.lewat_pps""",
    "tps_logistics": """
        SELECT to_code, item_id, SUM(qty_received - qty_damaged)
        FROM logistics_shipmentline WHERE leg = 'pps_kpps' AND qty_received IS NOT NULL
        GROUP BY to_code, item_id""",
}


def run(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    root: Path = ctx["root"]
    bin_dir = root / ".venv" / "bin"
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{db}",
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
        }
        subprocess.run([bin_dir / "pilkada", "migrate", "-v0"], env=env, cwd=root, check=True)
        subprocess.run(
            [bin_dir / "pilkada", "demo"], env=env, cwd=root, check=True, capture_output=True
        )
        child = subprocess.run(
            [bin_dir / "python", "-c", CHILD],
            env=env,
            cwd=root,
            check=True,
            capture_output=True,
            text=True,
        )
        timings = json.loads(child.stdout.strip().splitlines()[-1])
        con = sqlite3.connect(db)
        for name, sql in SQL.items():
            best = float("inf")
            for _ in range(5):
                start = time.perf_counter()
                con.execute(sql).fetchall()
                best = min(best, time.perf_counter() - start)
            out.append(
                {
                    "name": name,
                    "database": "sqlite",
                    "seconds": round(timings[name], 4),
                    "baseline_seconds": round(best, 4),
                    "notes": "best of 5, kabupaten-wide (KPU admin)",
                }
            )
        con.close()
    return out
