"""Supervision: deadline evaluation for many cases, and the dashboard over 2,000 cases.

1. Pure deadline rules: every rule for 10,000 cases (11 rules, working days and 2024 holidays).
   Baseline: the same number of plain `date + timedelta` additions, the floor of any deadline
   arithmetic.
2. The dashboard (overdue and due-soon, counts by category, status and kecamatan) over 2,000
   cases in SQLite. Baseline: fetching the same rows with one plain query (no deadline work).
"""

import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

N_PURE = 10_000
N_CASES = 2_000

DB_SCRIPT = """
import random, time
from datetime import timedelta
from django.db import transaction
from pilkada.accounts.models import User
from pilkada.core import clock
from pilkada.supervision.models import Case
from pilkada.supervision.selectors import dashboard
from pilkada.wilayah.models import Desa, Kabupaten, Kecamatan, Provinsi
rng = random.Random(1)
p = Provinsi.objects.create(kode="18", kode_kemendagri="18", nama="L")
k = Kabupaten.objects.create(kode="1807", kode_kemendagri="18.07", provinsi=p, nama="LT")
desa = []
for i in range(1, 25):
    kec = Kecamatan.objects.create(
        kode=f"1807{i:02d}", kode_kemendagri=f"18.07.{i:02d}", kabupaten=k, nama=f"K{i}")
    desa.append(Desa.objects.create(
        kode=f"1807{i:02d}2001", kode_kemendagri=f"18.07.{i:02d}.2001", kecamatan=kec,
        nama=f"D{i}"))
now = clock.now()
cats = ["asn", "kades", "politik_uang", "administrasi", "etika", "pidana_lain", "proses_tps"]
sts = ["diterima", "kajian_awal", "lengkap", "tidak_lengkap", "ditindaklanjuti", "dihentikan"]
rows = []
for n in range(N):
    d = rng.choice(desa)
    got = now - timedelta(days=rng.randint(0, 20))
    rows.append(Case(
        nomor=f"LP-{n}", jenis="laporan", kategori=rng.choice(cats), status=rng.choice(sts),
        area_code=d.kode, kecamatan_kode=d.kode[:6], desa=d, terlapor="x", peristiwa_pada=got,
        diketahui_pada=got.date(), diterima_pada=got, uraian="x"))
Case.objects.bulk_create(rows)
boss = User.objects.create(username="b", role="bawaslu", area_code="1807")
t = time.perf_counter()
list(Case.objects.values_list("pk", "kategori", "status", "kecamatan_kode", "diterima_pada"))
base = time.perf_counter() - t
t = time.perf_counter(); d = dashboard(actor=boss); secs = time.perf_counter() - t
print(f"RESULT {secs} {base} {len(d.overdue)}")
"""


def _pure() -> dict[str, Any]:
    from pilkada.supervision import rules as dl

    rules = dl.load_rules()
    holidays = frozenset(
        date.fromisoformat(line.split(",")[0])
        for line in (Path(dl.__file__).parent / "data" / "libur_2024.csv")
        .read_text()
        .splitlines()[1:]
    )
    starts = [date(2024, 9, 1) + timedelta(days=i % 120) for i in range(N_PURE)]
    events = [
        {
            "diketahui": s,
            "diterima": s + timedelta(days=1),
            "tidak_lengkap": s + timedelta(days=2),
            "diteruskan": s + timedelta(days=4),
            "berkas_ke_jaksa": s + timedelta(days=18),
            "berkas_dikembalikan": s + timedelta(days=20),
            "berkas_lengkap": s + timedelta(days=23),
            "dilimpahkan": s + timedelta(days=27),
            "putusan_pn": s + timedelta(days=33),
            "banding": s + timedelta(days=35),
        }
        for s in starts
    ]
    today = date(2024, 12, 1)
    t = time.perf_counter()
    for ev in events:
        dl.case_deadlines(rules, ev, today=today, holidays=holidays, track="gakkumdu")
    seconds = time.perf_counter() - t
    t = time.perf_counter()
    for ev in events:
        for _ in rules:
            _x = ev["diterima"] + timedelta(days=3)
    baseline = time.perf_counter() - t
    return {
        "name": f"deadlines, {N_PURE:,} cases x {len(rules)} rules",
        "database": "none",
        "seconds": round(seconds, 4),
        "baseline_seconds": round(baseline, 4),
        "notes": "working days walk day by day over the holiday set",
    }


def run(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    root: Path = ctx["root"]
    sys.path.insert(0, str(root))
    out = [_pure()]
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'b.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
        }
        pilkada = str(root / ".venv" / "bin" / "pilkada")
        subprocess.run([pilkada, "migrate", "-v0"], env=env, cwd=root, check=True)
        res = subprocess.run(
            [pilkada, "shell", "-c", f"N = {N_CASES}\n" + DB_SCRIPT],
            env=env,
            cwd=root,
            check=True,
            capture_output=True,
            text=True,
        )
        line = next(x for x in res.stdout.splitlines() if x.startswith("RESULT"))
        _tag, secs, base, overdue = line.split()
        out.append(
            {
                "name": f"dashboard, {N_CASES:,} cases",
                "database": "sqlite",
                "seconds": round(float(secs), 4),
                "baseline_seconds": round(float(base), 4),
                "notes": f"{overdue} overdue; baseline = one plain query of the same rows",
            }
        )
    return out
