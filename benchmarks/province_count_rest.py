"""Finish the province's governor count in-process when the HTTP simulator was cut short.

Used once, on 2026-11-28, after `make bench-province`'s HTTP phase had to be stopped (the shared
machine gave it 8 submissions/s; see BENCHMARKS.md). It enters, through the same counting
service the API calls (`entries_import`, per kabupaten, as that kabupaten's two simulator
accounts), the forms the simulator had not yet sent: the same per-TPS numbers (same generator,
inputs and seed as `pilkada simulate-count --province 18`). Then it reads the province total and
compares it with the file's sums. Prints one JSON line.

    DATABASE_URL=postgres://…/bench_province DJANGO_SETTINGS_MODULE=config.settings.local \\
        .venv/bin/python benchmarks/province_count_rest.py
"""

import json
import resource
import time
from pathlib import Path

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402

from pilkada.accounts.models import User  # noqa: E402
from pilkada.counting.demo_results import KABUPATEN_FILE, generate, read_targets  # noqa: E402
from pilkada.counting.models import CHasil, Entry  # noqa: E402
from pilkada.counting.selectors import totals  # noqa: E402
from pilkada.counting.services import NewEntry, _pair_numbers, entries_import  # noqa: E402
from pilkada.counting.simulator import expected_totals  # noqa: E402
from pilkada.pemilihan.models import Contest  # noqa: E402
from pilkada.tps.models import Tps  # noqa: E402
from pilkada.wilayah.models import Kabupaten  # noqa: E402

PROVINCE = "18"
contest = Contest.objects.get(jenis=Contest.Jenis.GUBERNUR, kode_wilayah=PROVINCE)
present = set(Kabupaten.objects.filter(provinsi_id=PROVINCE).values_list("kode", flat=True))
targets = read_targets(Path(settings.PILKADA_DATA_DIR) / KABUPATEN_FILE, only=present)
tps = list(Tps.objects.filter(kode__startswith=PROVINCE).values_list("kode", "jumlah_dpt"))
forms = generate(tps=tps, targets=targets, races={"gubernur": _pair_numbers(contest)}, seed=27)
have_entry = set(Entry.objects.filter(form__contest=contest).values_list("tps_kode", flat=True))
counted = set(
    CHasil.objects.filter(contest=contest, counted__isnull=False).values_list("tps_id", flat=True)
)
t0 = time.perf_counter()
first = second = 0
for kab in sorted(present):
    rows = [
        NewEntry(code, contest.kode, f.angka, f.suara)
        for code, by_race in sorted(forms.items())
        if code.startswith(kab) and code not in counted
        for f in [by_race["gubernur"]]
    ]
    one = User.objects.get(username=f"sim.entri.1.{kab}")
    two = User.objects.get(username=f"sim.entri.2.{kab}")
    with transaction.atomic():
        new = [r for r in rows if r.tps_kode not in have_entry]
        if new:
            entries_import(actor=one, rows=new, area_code=kab, source="bench-province")
        entries_import(actor=two, rows=rows, area_code=kab, source="bench-province")
    first += len(new)
    second += len(rows)
seconds = time.perf_counter() - t0
want = {
    str(p): v
    for p, v in zip(_pair_numbers(contest), expected_totals(targets, None)["gubernur"], strict=True)
}
got = totals(contest=contest, area_codes=[PROVINCE])[PROVINCE]
print(
    json.dumps(
        {
            "http_first_entries_before": len(have_entry),
            "first_entries": first,
            "second_entries": second,
            "seconds": seconds,
            "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
            "province": {str(k): v for k, v in got["suara"].items()},
            "file": want,
            "tps_counted": got["tps_count"],
            "tps": len(forms),
            "equal": {str(k): v for k, v in got["suara"].items()} == want,
        }
    )
)
