"""gunicorn settings for the service (deploy/pilkada.service: `gunicorn -c config/gunicorn.py`).

Bind address, workers and timeouts stay on the command line of the unit; this file holds only
the hooks for Prometheus' multiprocess mode: PROMETHEUS_MULTIPROC_DIR is emptied when the
server starts (stale files from an earlier run would be counted again) and a dead worker's
live gauges are dropped.
"""

import os
from pathlib import Path
from typing import Any


def on_starting(server: Any) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if directory:
        path = Path(directory)
        path.mkdir(parents=True, mode=0o700, exist_ok=True)
        for stale in path.glob("*.db"):  # only prometheus_client's own files
            stale.unlink()


def child_exit(server: Any, worker: Any) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
