"""Election-night simulator: N concurrent clients submit every TPS's C.Hasil over the HTTP API.

Phase 1 sends the first entries, phase 2 the second (independent) entries, then the
kabupaten totals are read back through the API and compared with the kecamatan file. Every
submission carries an idempotency key; a timed-out request is retried with the same key, and
`resend` sends a share of submissions a second time on purpose: each must count once.
"""

import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from pilkada.counting.demo_results import Target


@dataclass(frozen=True)
class Submission:
    tps: str
    contest: str
    angka: dict[str, int]
    suara: dict[str, int]
    key: str


@dataclass
class PhaseStats:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    results: dict[str, int] = field(default_factory=dict)
    retries: int = 0
    duplicates: int = 0
    seconds: float = 0.0
    last_done: float = 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


class Client:
    """One keep-alive HTTP connection per thread."""

    def __init__(self, base: str, token: str, timeout: float) -> None:
        u = urlparse(base)
        self.host, self.port = u.hostname or "127.0.0.1", u.port or 80
        self.prefix = u.path.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        key: str = "",
        token: str = "",
    ) -> tuple[int, Any]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        headers = {
            "Authorization": f"Bearer {token or self.token}",
            "Content-Type": "application/json",
        }
        if key:
            headers["Idempotency-Key"] = key
        try:
            self.conn.request(
                method, self.prefix + path, body=json.dumps(body) if body else None, headers=headers
            )
            resp = self.conn.getresponse()
            data = resp.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise
        return resp.status, json.loads(data) if data else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(workers: int, threads: int) -> tuple[subprocess.Popen[bytes], str]:
    """gunicorn on a free loopback port, with this process's settings and database."""
    port = free_port()
    proc = subprocess.Popen(  # noqa: S603  (fixed argument list, no shell)
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        env=os.environ.copy(),
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/api/openapi.json")
            if c.getresponse().status == 200:
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("gunicorn did not start within 60 s")


def run_phase(
    *,
    url: str,
    token: str | Mapping[str, str],
    items: Sequence[Submission],
    clients: int,
    resend: float = 0.0,
    timeout: float = 30.0,
    seed: int = 1,
) -> PhaseStats:
    """Send every submission once (plus `resend` of them again) with `clients` threads.

    `token` is one bearer token, or one per kabupaten (the TPS code's first 4 digits).
    """
    stats = PhaseStats()
    lock = threading.Lock()
    local = threading.local()
    rng = random.Random(seed)  # noqa: S311  (which submissions to resend; not a secret)
    work = list(items) + [s for s in items if rng.random() < resend]

    opened: list[Client] = []

    def send(sub: Submission) -> None:
        tok = token if isinstance(token, str) else token[sub.tps[:4]]
        if not hasattr(local, "client"):
            local.client = Client(url, tok, timeout)
            with lock:
                opened.append(local.client)
        body = {"tps": sub.tps, "kontestasi": sub.contest, "angka": sub.angka, "suara": sub.suara}
        for attempt in range(5):
            t0 = time.perf_counter()
            try:
                status, data = local.client.request(
                    "POST", "/api/penghitungan/entri", body, sub.key, token=tok
                )
            except (OSError, http.client.HTTPException) as exc:
                # A timeout or a dropped connection: retry with the same key.
                with lock:
                    stats.retries += 1
                if attempt == 4:
                    with lock:
                        stats.errors.append(f"{sub.tps} {sub.contest}: {exc}")
                continue
            dt = time.perf_counter() - t0
            with lock:
                stats.latencies.append(dt)
                stats.last_done = time.perf_counter()
                if status == 200:
                    stats.results[data["hasil"]] = stats.results.get(data["hasil"], 0) + 1
                    stats.duplicates += int(bool(data["duplikat"]))
                else:
                    stats.errors.append(f"{sub.tps} {sub.contest}: HTTP {status} {data}")
            return

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(send, work))
    stats.seconds = time.perf_counter() - start
    for c in opened:
        c.close()
    return stats


def run_floor(
    *, url: str, token: str, requests: int, clients: int, timeout: float = 30.0
) -> PhaseStats:
    """The server's floor: the same clients asking a trivial authenticated endpoint."""
    stats = PhaseStats()
    lock = threading.Lock()
    local = threading.local()
    opened: list[Client] = []

    def get(_: int) -> None:
        if not hasattr(local, "client"):
            local.client = Client(url, token, timeout)
            with lock:
                opened.append(local.client)
        t0 = time.perf_counter()
        try:
            status, _data = local.client.request("GET", "/api/akun/me")
        except (OSError, http.client.HTTPException) as exc:
            with lock:
                stats.errors.append(str(exc))
            return
        with lock:
            stats.latencies.append(time.perf_counter() - t0)
            if status != 200:
                stats.errors.append(f"HTTP {status}")

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(get, range(requests)))
    stats.seconds = time.perf_counter() - start
    for c in opened:
        c.close()
    return stats


def expected_totals(targets: Sequence[Target], kecamatan: set[str] | None) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for t in targets:
        if kecamatan is not None and t.kecamatan not in kecamatan:
            continue
        for race, votes in t.votes.items():
            acc = out.setdefault(race, [0] * len(votes))
            for i, v in enumerate(votes):
                acc[i] += v
    return out


def wait_for_total(
    fetch: Callable[[], dict[str, Any]], want: dict[str, int], limit: float = 30.0
) -> float:
    """Seconds until the kabupaten total read over the API equals `want`."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit:
        if fetch() == want:
            return time.perf_counter() - t0
        time.sleep(0.01)
    return -1.0
