"""`pilkada simulate-count --clients N`: election night over the HTTP API (counting.simulator).

`--province 18` runs the governor race of a whole province (after `pilkada demo --province 18`):
each kabupaten's forms are entered by that kabupaten's KPU accounts, per-TPS numbers sum to the
kabupaten file's votes, and the province recapitulation read back must equal the file's sums.
"""

import json
import secrets
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pilkada.accounts.models import User
from pilkada.accounts.roles import Role
from pilkada.accounts.services import api_token_create, user_create
from pilkada.counting.demo_results import KABUPATEN_FILE, KECAMATAN_FILE, generate, read_targets
from pilkada.counting.models import Entry
from pilkada.counting.services import _pair_numbers, demo_contests
from pilkada.counting.simulator import (
    Client,
    PhaseStats,
    Submission,
    expected_totals,
    run_floor,
    run_phase,
    start_server,
    wait_for_total,
)
from pilkada.pemilihan.models import Contest
from pilkada.tps.models import Tps
from pilkada.wilayah.models import Kabupaten
from pilkada.wilayah.selectors import kabupaten_get_default

SIM_USERS = ("sim.entri.1", "sim.entri.2")
SIM_READER = "sim.provinsi"


def _token(username: str, area: str) -> str:
    """A token of a KPU account of `area`: KPU Kabupaten for a kabupaten, KPU Provinsi (which
    reads the province recapitulation) for a province."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(
            actor=None,
            username=username,
            password=secrets.token_urlsafe(24),
            role=Role.KPU_PROVINSI if len(area) == 2 else Role.KPU_ADMIN,
            area_code=area,
        )
    return api_token_create(actor=None, user=user, name="simulate-count")[1]


class Command(BaseCommand):
    help = "Simulasi malam penghitungan: kirim C.Hasil semua TPS lewat API dengan N klien."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--clients", type=int, default=50)
        parser.add_argument("--url", default="", help="Server yang sudah berjalan (opsional).")
        parser.add_argument("--workers", type=int, default=3, help="Worker gunicorn.")
        parser.add_argument("--threads", type=int, default=4, help="Thread per worker.")
        parser.add_argument(
            "--kecamatan", default="", help="Hanya kecamatan ini (kode, dipisah koma)."
        )
        parser.add_argument("--resend", type=float, default=0.05, help="Bagian yang dikirim ulang.")
        parser.add_argument("--seed", type=int, default=27)
        parser.add_argument("--data", default="", help="Berkas suara per kecamatan.")
        parser.add_argument("--json", default="", help="Tulis statistik ke berkas JSON ini.")
        parser.add_argument(
            "--floor", type=int, default=0, help="Ukur dasar: N permintaan GET /api/akun/me dulu."
        )
        parser.add_argument(
            "--province", default="", help="Pemilihan gubernur satu provinsi (mis. 18)."
        )
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Skala suara berkas (sama dengan demo)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        province = options["province"]
        if province:
            gub = Contest.objects.filter(
                jenis=Contest.Jenis.GUBERNUR, kode_wilayah=province
            ).first()
            if gub is None:
                raise CommandError(
                    f"Belum ada pemilihan gubernur {province}; jalankan "
                    f"`pilkada demo --province {province}` dahulu."
                )
            area = province
            contests = {"gubernur": gub}
            data = Path(options["data"] or Path(settings.PILKADA_DATA_DIR) / KABUPATEN_FILE)
            present = set(
                Kabupaten.objects.filter(provinsi_id=province).values_list("kode", flat=True)
            )
            targets = read_targets(data, scale=options["scale"], only=present)
            subset = None
            tps = list(
                Tps.objects.filter(kode__startswith=province).values_list("kode", "jumlah_dpt")
            )
        else:
            kab = kabupaten_get_default()
            if kab is None:
                raise CommandError("Belum ada data wilayah; jalankan `pilkada demo` dahulu.")
            area = kab.kode
            contests = demo_contests(kab.kode)
            if not contests:
                raise CommandError("Belum ada kontestasi; jalankan `pilkada demo` dahulu.")
            data = Path(options["data"] or Path(settings.PILKADA_DATA_DIR) / KECAMATAN_FILE)
            targets = read_targets(data, scale=options["scale"])
            subset = {k for k in options["kecamatan"].split(",") if k} or None
            tps_qs = Tps.objects.filter(kode__startswith=kab.kode)
            if subset:
                tps_qs = tps_qs.filter(kecamatan_kode__in=subset)
            tps = list(tps_qs.values_list("kode", "jumlah_dpt"))
        races = {race: _pair_numbers(c) for race, c in contests.items()}
        forms = generate(tps=tps, targets=targets, races=races, seed=options["seed"])
        run = secrets.token_hex(4)
        phases: list[list[Submission]] = [
            [
                Submission(
                    tps=code,
                    contest=contests[race].kode,
                    angka=dict(f.angka),
                    suara={str(k): v for k, v in f.suara.items()},
                    key=f"sim-{run}-{code}-{contests[race].kode}-{n}",
                )
                for code, by_race in sorted(forms.items())
                for race, f in sorted(by_race.items())
            ]
            for n in (1, 2)
        ]
        tokens: list[str | dict[str, str]]
        if province:
            # Each kabupaten's KPU enters its own TPS; KPU Provinsi reads the recapitulation.
            kabs = sorted({code[:4] for code in forms})
            tokens = [{k: _token(f"{u}.{k}", k) for k in kabs} for u in SIM_USERS]
            reader = _token(SIM_READER, province)
        else:
            tokens = [_token(u, area) for u in SIM_USERS]
            reader = str(tokens[0])
        proc = None
        client: Client | None = None
        url = options["url"]
        if not url:
            proc, url = start_server(options["workers"], options["threads"])
        self.stdout.write(
            f"simulasi {run}: {len(forms)} TPS x {len(contests)} kontestasi, "
            f"{options['clients']} klien, server {url}"
        )
        try:
            floor = None
            if options["floor"]:
                floor = run_floor(
                    url=url, token=reader, requests=options["floor"], clients=options["clients"]
                )
                self.stdout.write(
                    f"dasar: {len(floor.latencies)} GET dalam {floor.seconds:.1f} s "
                    f"({floor.rate:.0f}/s), p50 {floor.percentile(50) * 1000:.0f} ms, "
                    f"p99 {floor.percentile(99) * 1000:.0f} ms"
                )
            stats: list[PhaseStats] = []
            for n, items in enumerate(phases):
                s = run_phase(
                    url=url,
                    token=tokens[n],
                    items=items,
                    clients=options["clients"],
                    resend=options["resend"],
                    seed=options["seed"] + n,
                )
                stats.append(s)
                self.stdout.write(
                    f"entri {n + 1}: {len(s.latencies)} kiriman dalam {s.seconds:.1f} s "
                    f"({s.rate:.0f}/s), p50 {s.percentile(50) * 1000:.0f} ms, "
                    f"p99 {s.percentile(99) * 1000:.0f} ms, ulang {s.duplicates}, "
                    f"coba lagi {s.retries}, hasil {s.results}, galat {len(s.errors)}"
                )
                for e in s.errors[:5]:
                    self.stderr.write(e)
            client = Client(url, reader, 30)
            want = expected_totals(targets, subset)
            problems: list[str] = []
            report: dict[str, Any] = {}
            lag = 0.0
            for race, contest in contests.items():

                def fetch(c: str = contest.kode) -> dict[str, Any]:
                    return client.request("GET", f"/api/rekap/{c}/{area}")[1]  # type: ignore[no-any-return]

                if subset is None:
                    target = {
                        str(p): v for p, v in zip(races[race], want.get(race, []), strict=False)
                    }
                    lag = max(
                        lag,
                        wait_for_total(lambda f=fetch: f()["total"]["suara"], target),  # type: ignore[misc]
                    )
                recap = fetch()
                rows = [r for r in recap["baris"] if subset is None or r["kode"] in subset]
                got = {
                    p: sum(r["angka"]["suara"].get(str(p), 0) for r in rows) for p in races[race]
                }
                tps_counted = sum(r["angka"]["tps_count"] for r in rows)
                exp = dict(zip(races[race], want.get(race, []), strict=False))
                report[contest.kode] = {
                    "suara": got,
                    "diharapkan": exp,
                    "tps_dihitung": tps_counted,
                    "tps": len(forms),
                    "kabupaten" if not province else "provinsi": recap["total"]["suara"],
                }
                if got != exp:
                    problems.append(f"{contest.kode}: suara {got} != {exp}")
                if tps_counted != len(forms):
                    problems.append(f"{contest.kode}: {tps_counted} TPS dihitung dari {len(forms)}")
                if (
                    subset is None
                    and {int(k): v for k, v in recap["total"]["suara"].items()} != exp
                ):
                    problems.append(
                        f"{contest.kode}: total {area} {recap['total']['suara']} != {exp}"
                    )
                self.stdout.write(
                    f"{contest.kode}: {got} (diharapkan {exp}), TPS dihitung {tps_counted}/"
                    f"{len(forms)}; {recap['tingkat']} {recap['total']['suara']}"
                )
            stored = Entry.objects.filter(idempotency_key__startswith=f"sim-{run}-").count()
            sent = sum(len(p) for p in phases)
            if stored != sent:
                problems.append(f"{stored} entri tersimpan dari {sent} kiriman unik")
            self.stdout.write(
                f"entri tersimpan {stored} dari {sent} kiriman unik "
                f"(+{sum(s.duplicates for s in stats)} kiriman ulang dihitung sekali); "
                f"jeda total kabupaten {lag * 1000:.0f} ms"
            )
            if options["json"]:
                Path(options["json"]).write_text(
                    json.dumps(
                        {
                            "run": run,
                            "clients": options["clients"],
                            "forms": sent // 2,
                            "phases": [
                                {
                                    "submissions": len(s.latencies),
                                    "seconds": s.seconds,
                                    "per_second": s.rate,
                                    "p50": s.percentile(50),
                                    "p99": s.percentile(99),
                                    "errors": len(s.errors),
                                    "duplicates": s.duplicates,
                                }
                                for s in stats
                            ],
                            "lag_seconds": lag,
                            "floor": {
                                "requests": len(floor.latencies),
                                "seconds": floor.seconds,
                                "per_second": floor.rate,
                                "p50": floor.percentile(50),
                                "p99": floor.percentile(99),
                            }
                            if floor
                            else None,
                            "report": report,
                            "problems": problems,
                        },
                        default=str,
                    )
                )
            if problems or any(s.errors for s in stats):
                raise CommandError("; ".join(problems) or "ada kiriman yang gagal")
            self.stdout.write(self.style.SUCCESS("OK: tidak ada formulir hilang atau ganda."))
        finally:
            if client is not None:
                client.close()
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=30)
