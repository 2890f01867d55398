"""Public results under election-night load: wrk against gunicorn while `simulate-count` writes.

One fresh SQLite database with the demo (1,621 TPS, results loaded), one gunicorn (3 workers x
4 threads). While `pilkada simulate-count --clients 10 --url <same server>` submits forms, wrk
(Debian package; loopback only, 2 threads, 20 connections, 6 s each) asks in turn: a static file
of exactly the size of the kabupaten JSON (served by WhiteNoise, the baseline), the kabupaten
JSON, a kecamatan page and a TPS page. Target: the kabupaten JSON at >= half the static rate,
with zero errors. `seconds` is the mean time per request at that rate (1 / rate), so the ratio
is static rate / JSON rate.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

DURATION = "6s"
CONNECTIONS = 20


def _wrk(url: str) -> dict[str, Any]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--timeout", "10s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def ms(label: str) -> float:
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return 0.0
        v = float(m.group(1))
        return {"us": v / 1000, "ms": v, "s": v * 1000}[m.group(2)]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (
        sum(int(x) for x in sock.groups()) if sock else 0
    )
    total = re.search(r"(\d+) requests in", out)
    return {
        "rate": rate,
        "p50": ms("50"),
        "p99": ms("99"),
        "errors": errors,
        "requests": int(total.group(1)) if total else 0,
    }


def _pilkada(root: Path, env: dict[str, str], *args: str, **kw: Any) -> Any:
    return subprocess.run(
        [str(root / ".venv" / "bin" / "pilkada"), *args], env=env, cwd=root, check=True, **kw
    )


def run(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    root: Path = ctx["root"]
    if shutil.which("wrk") is None:
        print("wrk missing (apt-get install wrk): results benchmark skipped")
        return []
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "PILKADA_VAR_DIR": tmp,
        }
        _pilkada(root, env, "migrate", "-v0")
        _pilkada(root, env, "demo", capture_output=True)
        probe = _pilkada(
            root,
            env,
            "shell",
            "-c",
            "import json\n"
            "from pilkada.results.selectors import area_results, public_contests, regency_code\n"
            "from pilkada.tps.models import Tps\n"
            "c = public_contests()[-1].kode; k = regency_code()\n"
            "d = area_results(actor=None, contest_kode=c, area_code=k)\n"
            "body = json.dumps(d, ensure_ascii=False, separators=(',', ':')).encode()\n"
            "t = Tps.objects.filter(kode__startswith=d['baris'][0]['kode']).first().kode\n"
            "print(json.dumps({'c': c, 'k': k, 'kec': d['baris'][0]['kode'], 'tps': t, "
            "'size': len(body)}))",
            capture_output=True,
            text=True,
        )
        info = json.loads(probe.stdout.strip().splitlines()[-1])
        static = Path(tmp) / "static" / "bench"
        static.mkdir(parents=True, exist_ok=True)
        (static / "kabupaten.json").write_bytes(b"{" + b" " * (info["size"] - 2) + b"}")
        sys.path.insert(0, str(root))
        os.environ.update(env)
        from pilkada.counting.simulator import start_server

        proc, url = start_server(3, 4)
        writer = None
        try:
            writer = subprocess.Popen(
                [
                    str(root / ".venv" / "bin" / "pilkada"),
                    "simulate-count",
                    "--clients",
                    "10",
                    "--url",
                    url,
                ],
                env=env,
                cwd=root,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(4)  # let the writer get going
            c = info["c"]
            targets = [
                ("static file (same size)", "/static/bench/kabupaten.json"),
                ("kabupaten JSON", f"/hasil/{c}/data/{info['k']}.json"),
                ("kecamatan page", f"/hasil/{c}/wilayah/{info['kec']}/"),
                ("TPS page", f"/hasil/{c}/tps/{info['tps']}/"),
            ]
            stats = {}
            for name, path in targets:
                stats[name] = _wrk(url + path)
                stats[name]["writing"] = writer.poll() is None
        finally:
            if writer is not None and writer.poll() is None:
                writer.terminate()
                writer.wait(30)
            proc.terminate()
            proc.wait(30)
    base = stats["static file (same size)"]
    rows = []
    for name, s in stats.items():
        rows.append(
            {
                "name": f"results: {name} ({info['size']} B JSON), wrk {CONNECTIONS} conn",
                "database": "sqlite",
                "seconds": round(1 / s["rate"], 5) if s["rate"] else 0,
                "baseline_seconds": round(1 / base["rate"], 5) if base["rate"] else 0,
                "notes": f"{s['rate']:.0f} req/s (static {base['rate']:.0f}); "
                f"p50 {s['p50']:.1f} ms, p99 {s['p99']:.1f} ms; {s['errors']} errors; "
                f"{s['requests']} requests; "
                + ("simulate-count writing" if s["writing"] else "writer had finished"),
            }
        )
    return rows


if __name__ == "__main__":
    for row in run({"root": Path(__file__).resolve().parent.parent}):
        print(row)
