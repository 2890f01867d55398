"""Query plans of the hot read paths on PostgreSQL (skipped on SQLite): every query they run can
be answered from an index, so none of them reads a whole big table.

How (the honest way on a test database of a few rows): the real selector runs and every SQL it
sends is captured; each statement is then EXPLAINed with `enable_seqscan = off`. That setting
does not forbid a sequential scan, it makes it cost 10^10, so the planner still shows `Seq Scan on
<table>` when no index fits the predicate; an index that fits is chosen. A plan without a Seq
Scan on a big table therefore proves that an index exists for each predicate. On a small table
PostgreSQL would rightly prefer a sequential scan, so this test does not claim the planner picks
the index at 10 rows; what the planner does at full size is measured by `make bench-province` on
6.5 million voters (BENCHMARKS.md).
"""

import json
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pilkada.counting.models import Tally
from pilkada.counting.selectors import totals
from pilkada.kesiapan.selectors import readiness_by_kecamatan
from pilkada.pemilihan.models import Contest, Election, Pair
from pilkada.recap.selectors import recap_get
from pilkada.results.selectors import area_results
from pilkada.tps.selectors import tps_list
from pilkada.voters.selectors import cek_dpt

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="query plans are PostgreSQL's"
)

# Tables that grow with the number of voters, TPS or forms (a national run: 10^5..10^8 rows).
BIG = (
    "voters_voter",
    "tps_tps",
    "wilayah_desa",
    "counting_tally",
    "counting_chasil",
    "counting_entry",
    "adhoc_member",
    "budget_entitlement",
    "logistics_shipment",
    "logistics_shipmentline",
    "budget_payout",
)


def plans(run: Callable[[], Any]) -> list[tuple[str, dict[str, Any]]]:
    """(sql, plan) of every SELECT that `run` sends, explained with sequential scans priced out."""
    with CaptureQueriesContext(connection) as ctx:
        run()
    out = []
    with connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")
        for q in ctx.captured_queries:
            sql = q["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cur.execute("EXPLAIN (FORMAT JSON) " + sql)
            doc = cur.fetchone()[0]
            out.append((sql, (json.loads(doc) if isinstance(doc, str) else doc)[0]["Plan"]))
        cur.execute("SET LOCAL enable_seqscan = on")
    assert out, "the selector ran no query"
    return out


def _nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [plan] + [n for child in plan.get("Plans", []) for n in _nodes(child)]


def whole_table_reads(plan: dict[str, Any]) -> list[str]:
    """Nodes that read a big table (or all of its index) without a predicate from an index."""
    bad = []
    for node in _nodes(plan):
        table = node.get("Relation Name", "")  # Bitmap Index Scans always carry a condition
        if table not in BIG:
            continue
        kind = node["Node Type"]
        if kind == "Seq Scan":
            bad.append(f"Seq Scan on {table}")
        elif kind in ("Index Scan", "Index Only Scan", "Bitmap Index Scan") and (
            "Index Cond" not in node
        ):
            bad.append(f"{kind} without a condition on {table or node.get('Index Name')}")
    return bad


def assert_indexed(run: Callable[[], Any]) -> None:
    for sql, plan in plans(run):
        bad = whole_table_reads(plan)
        assert not bad, f"{bad} in\n{json.dumps(plan, indent=1)[:3000]}\nfor\n{sql}"


@pytest.fixture
def contest(world: Any) -> Contest:
    e = Election.objects.create(
        kode="uji", nama="Uji", tanggal=date(2024, 11, 27), kode_wilayah="1807"
    )
    c = Contest.objects.create(
        election=e, kode="pilgub", jenis="gubernur", kode_wilayah="18", nama_wilayah="Lampung"
    )
    for n in (1, 2):
        Pair.objects.create(contest=c, nomor_urut=n, calon=f"C{n}", wakil=f"W{n}")
    for area in ("1807", "180701", "180702", "1807012001"):
        Tally.objects.create(contest=c, area_code=area, suara={"1": 5, "2": 7}, tps_count=1)
    return c


@pytest.mark.django_db
def test_totals_per_level_use_the_tally_index(contest: Contest) -> None:
    assert_indexed(
        lambda: totals(contest=contest, area_codes=["18", "1807", "180701", "1807012001"])
    )


@pytest.mark.django_db
def test_recap_at_every_level_is_indexed(contest: Contest, users: Any) -> None:
    for area in ("1807", "180701", "1807012001"):
        assert_indexed(
            partial(recap_get, actor=users["kpu"], contest_kode="pilgub", area_code=area)
        )


@pytest.mark.django_db
def test_public_results_are_indexed(contest: Contest, settings: Any) -> None:
    settings.RESULTS_VERSION_SECONDS = 0
    for area in ("1807", "180701", "1807012001"):
        assert_indexed(partial(area_results, actor=None, contest_kode="pilgub", area_code=area))


@pytest.mark.django_db
def test_cek_dpt_is_one_index_lookup(world: Any) -> None:
    assert_indexed(lambda: cek_dpt(nik="1807010101900001"))


@pytest.mark.django_db
def test_tps_list_of_a_desa_is_indexed(users: Any) -> None:
    assert_indexed(lambda: list(tps_list(actor=users["kpu"], desa="1807012001")))


@pytest.mark.django_db
def test_kesiapan_rows_of_a_kecamatan_are_indexed(users: Any) -> None:
    assert_indexed(lambda: readiness_by_kecamatan(actor=users["ppk_a"]))


@pytest.mark.django_db
def test_the_check_can_fail() -> None:
    """A predicate no index covers is reported, and so is a read of a whole index."""
    from pilkada.tps.models import Tps
    from pilkada.voters.models import Voter

    with pytest.raises(AssertionError, match="Seq Scan on voters_voter"):
        assert_indexed(lambda: list(Voter.objects.filter(nama="BUDI")))
    # The primary key's index (default operator class) can serve an ORDER BY with no condition;
    # the voter indexes cannot (byte-order operator class since voters 0003).
    with pytest.raises(AssertionError, match="without a condition"):
        assert_indexed(lambda: list(Tps.objects.order_by("kode")[:5]))
