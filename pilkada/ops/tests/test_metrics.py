"""GET /metrics: token only, request counts by view and status, domain gauges from the database."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from pilkada.counting.models import CHasil
from pilkada.counting.tests.conftest import make_contests
from pilkada.supervision.services import report_receive
from pilkada.supervision.tests.conftest import new_report
from pilkada.voters.tests.conftest import load, make_rows

TOKEN = "uji-token-metrik-0123456789"


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus text format (0 when absent)."""
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        m = re.fullmatch(r"([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)", line)
        if not m or m.group(1) != name:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', m.group(2) or ""))
        if found == labels:
            return float(m.group(3))
    return 0.0


def scrape(client: Client) -> str:
    r = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert r.status_code == 200, r.status_code
    assert r["Content-Type"].startswith("text/plain")
    return r.content.decode()


def test_metrics_url_name():
    assert reverse("ops:metrics") == "/metrics"


@pytest.mark.django_db
def test_metrics_are_not_public(settings):
    settings.PILKADA_METRICS_TOKEN = ""
    assert Client().get("/metrics").status_code == 404  # no token configured: not served
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404
    settings.PILKADA_METRICS_TOKEN = TOKEN
    assert Client().get("/metrics").status_code == 403
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer salah").status_code == 403
    assert Client().get("/metrics", HTTP_AUTHORIZATION=TOKEN).status_code == 403  # no scheme
    assert Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200


@pytest.mark.django_db
def test_requests_are_counted_by_view_and_status(settings):
    settings.PILKADA_METRICS_TOKEN = TOKEN
    client = Client()
    before = scrape(client)
    ok = sample(
        before, "pilkada_http_requests_total", view="web:healthz", method="GET", status="200"
    )
    missing = sample(
        before, "pilkada_http_requests_total", view="<unresolved>", method="GET", status="404"
    )
    timed = sample(
        before, "pilkada_http_request_duration_seconds_count", view="web:healthz", method="GET"
    )
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    assert client.get("/tidak-ada-halaman-ini/").status_code == 404
    after = scrape(client)
    labels = {"view": "web:healthz", "method": "GET", "status": "200"}
    assert sample(after, "pilkada_http_requests_total", **labels) == ok + 3
    assert (
        sample(
            after, "pilkada_http_requests_total", view="<unresolved>", method="GET", status="404"
        )
        == missing + 1
    )
    assert (
        sample(
            after, "pilkada_http_request_duration_seconds_count", view="web:healthz", method="GET"
        )
        == timed + 3
    )
    # Paths never become labels (they hold ids): only the pattern's name does.
    assert "tidak-ada-halaman-ini" not in after


@pytest.mark.django_db
def test_domain_gauges_follow_the_database(world, settings):
    settings.PILKADA_METRICS_TOKEN = TOKEN
    contests = make_contests()
    statuses = [CHasil.Status.TERVERIFIKASI, CHasil.Status.MENUNGGU, CHasil.Status.BELUM]
    tps = list(world.tps.values())
    for i, t in enumerate(tps):
        CHasil.objects.create(tps=t, contest=contests["gub"], status=statuses[i % 3])
    rows, _ = make_rows(40, seed=5)
    batch = load(rows)
    assert batch.jumlah_masuk == 40, batch.pesan
    report_receive(report=new_report())
    report_receive(report=new_report(tps_nomor=2))
    cache.clear()
    text = scrape(Client())
    verified = sum(1 for i in range(len(tps)) if i % 3 == 0)
    blank = sum(1 for i in range(len(tps)) if i % 3 == 2)
    assert sample(text, "pilkada_forms", status="terverifikasi") == verified
    assert sample(text, "pilkada_forms_verified") == verified
    assert sample(text, "pilkada_forms_entered") == len(tps) - blank
    assert sample(text, "pilkada_voters_imported") == 40
    assert sample(text, "pilkada_supervision_cases_open") == 2
