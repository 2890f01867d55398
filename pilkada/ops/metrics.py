"""GET /metrics: Prometheus text format, only for a scraper holding PILKADA_METRICS_TOKEN.

Request metrics come from pilkada.core.metrics (summed over gunicorn workers in multiprocess
mode); domain gauges are read at scrape time from a few small aggregate queries, cached for
METRICS_CACHE_SECONDS in the shared cache so several scrapers cost one set of queries.
"""

import hmac
import os
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from pilkada.counting.models import CHasil
from pilkada.supervision.models import Case
from pilkada.supervision.workflow import FINAL
from pilkada.voters.models import Voter

METRICS_CACHE_SECONDS = 15
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


@dataclass(frozen=True)
class Figures:
    forms: dict[str, int]  # C.Hasil status -> number of forms
    voters: int
    cases_open: int


def domain_figures() -> Figures:
    figures = cache.get("ops:metrics:domain")
    if not isinstance(figures, Figures):
        by_status = dict(
            CHasil.objects.values_list("status").annotate(n=Count("id")).order_by("status")
        )
        figures = Figures(
            forms={status: int(by_status.get(status, 0)) for status in CHasil.Status.values},
            voters=Voter.objects.count(),
            cases_open=Case.objects.exclude(status__in=[s.value for s in FINAL]).count(),
        )
        cache.set("ops:metrics:domain", figures, METRICS_CACHE_SECONDS)
    return figures


class DomainCollector(Collector):
    def collect(self) -> Iterator[Metric]:
        figures = domain_figures()
        forms = GaugeMetricFamily(
            "pilkada_forms", "C.Hasil forms (TPS x contest) by status.", labels=["status"]
        )
        for status, n in figures.forms.items():
            forms.add_metric([status], n)
        yield forms
        entered = sum(n for status, n in figures.forms.items() if status != CHasil.Status.BELUM)
        yield GaugeMetricFamily(
            "pilkada_forms_entered", "C.Hasil forms with at least one entry.", value=entered
        )
        yield GaugeMetricFamily(
            "pilkada_forms_verified",
            "C.Hasil forms verified (double entry agreed).",
            value=figures.forms[CHasil.Status.TERVERIFIKASI],
        )
        yield GaugeMetricFamily(
            "pilkada_voters_imported", "Voters on the roll.", value=figures.voters
        )
        yield GaugeMetricFamily(
            "pilkada_supervision_cases_open",
            "Supervision cases not yet closed.",
            value=figures.cases_open,
        )


def authorised(request: HttpRequest) -> bool:
    token = str(settings.PILKADA_METRICS_TOKEN)
    header = str(request.headers.get("Authorization", ""))
    return header.startswith("Bearer ") and hmac.compare_digest(
        header.removeprefix("Bearer ").encode(), token.encode()
    )


def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text; 404 when no token is configured, 403 without the right token."""
    if not settings.PILKADA_METRICS_TOKEN:
        raise Http404
    if not authorised(request):
        raise PermissionDenied
    registry = CollectorRegistry()
    registry.register(DomainCollector())
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        body = generate_latest(registry)
    else:
        body = generate_latest(REGISTRY) + generate_latest(registry)
    return HttpResponse(body, content_type=CONTENT_TYPE)
