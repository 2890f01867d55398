"""Liveness and readiness endpoints for the load balancer and monitoring."""

from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse

from pilkada.core import clock


def healthz(request: HttpRequest) -> JsonResponse:
    """The process answers (no database, no cache)."""
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to serve: database reachable and fully migrated, cache working."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        checks["database"] = "ok" if not pending else f"{len(pending)} migrasi belum dijalankan"
    except Exception as exc:  # any failure means "not ready"; report only its type
        checks["database"] = f"gagal: {type(exc).__name__}"
    try:
        cache.set("readyz", "1", 5)
        checks["cache"] = "ok" if cache.get("readyz") == "1" else "gagal"
    except Exception as exc:  # any failure means "not ready"; report only its type
        checks["cache"] = f"gagal: {type(exc).__name__}"
    ready = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "not ready", "checks": checks, "time": clock.now()},
        status=200 if ready else 503,
    )
