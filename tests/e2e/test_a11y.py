"""Accessibility and phone width of the main pages, checked in the browser with axe-core.

axe-core comes from npm (tests/a11y/package.json, pinned by its package-lock.json;
scripts/ensure-axe.sh runs `npm ci` there) and is injected into each page by Playwright. Every main
page is checked at desktop (1280 px) and phone (360 px) width: no 'serious' or 'critical' axe
violation, and no sideways scrolling at 360 px. The pages × widths checked and the violations by
impact are written to docs/a11y.json.
"""

import fcntl
import json
import re
from pathlib import Path

import pytest
from django.db import connection

from conftest import PASSWORD
from pilkada.counting.tests.conftest import make_contests
from pilkada.results.tests.factories import TPS_A, TPS_B, load
from pilkada.supervision.services import report_receive
from pilkada.supervision.tests.conftest import new_report
from pilkada.voters.tests.conftest import load as load_roll
from pilkada.voters.tests.conftest import make_rows
from tests.e2e.conftest import shot
from tests.e2e.test_money_trail_journey import honoraria_to_confirm

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
OUT = ROOT / "docs" / "a11y.json"
WIDTHS = {"desktop": (1280, 900), "phone": (360, 740)}
BLOCKING = {"serious", "critical"}
IMPACTS = ["critical", "serious", "moderate", "minor"]

# (name, who is signed in or None for the public, path)
PAGES = [
    ("beranda", None, "/"),
    ("masuk", None, "/akun/masuk/"),
    ("cek-dpt", None, "/pemilih/cek-dpt/"),
    ("hasil-kabupaten", None, "/hasil/pilgub/"),
    ("hasil-kecamatan", None, "/hasil/pilgub/wilayah/180701/"),
    ("hasil-tps", None, f"/hasil/pilgub/tps/{TPS_A}/"),
    ("lapor-pelanggaran", None, "/pengawasan/lapor/"),
    ("beranda-kpu", "kpu", "/"),
    ("kesiapan", "kpu", "/kesiapan/"),
    ("impor-dpt", "kpu", "/pemilih/impor/"),
    ("entri-c-hasil", "pps_a1", f"/penghitungan/{TPS_B}/pilgub/entri/"),
    ("pengawasan-kasus", "bawaslu", "/pengawasan/kasus/"),
    ("konfirmasi-honorarium", "kades_a1", "/anggaran/wilayah/1807012001/"),
    ("hasil-desa", None, "/hasil/pilgub/wilayah/1807012001/"),
    ("c-hasil-detail", "pps_a1", f"/penghitungan/{TPS_A}/pilgub/"),
]

RUN_AXE = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))
  }));
}"""

# The outermost elements that stick out to the right (to name the culprit in a failure).
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 1
    && e.parentElement.getBoundingClientRect().right <= innerWidth + 1)
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ').join('.')
       : ''))"""


def _context(browser, base_url: str, username: str | None, size: tuple[int, int]):
    # bypass_csp: the site's CSP (rightly) forbids the injected axe script.
    ctx = browser.new_context(
        viewport={"width": size[0], "height": size[1]}, locale="id-ID", bypass_csp=True
    )
    page = ctx.new_page()
    if username:
        page.goto(base_url + "/akun/masuk/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
    return ctx, page


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_main_pages_have_no_serious_accessibility_violation_and_fit_a_phone(
    browser, live_server, world, users, settings, width_name
):
    """One test per width, so that the two run in parallel under `pytest -n 2`."""
    if connection.vendor != "sqlite":
        pytest.skip("templates and CSS do not depend on the database: checked once, on SQLite")
    if not AXE.exists():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: run scripts/ensure-axe.sh")
    settings.RESULTS_VERSION_SECONDS = 0
    make_contests()
    load(users)
    honoraria_to_confirm(users)
    case = report_receive(report=new_report())
    rows, _ = make_rows(30, seed=31)
    load_roll(rows)
    bad = [*rows[:5], ("12345", *rows[5][1:])]
    rejected = load_roll(bad, filename="dpt-salah.csv")
    pages = [
        *PAGES,
        ("kasus-detail", "bawaslu", f"/pengawasan/kasus/{case.pk}/"),
        ("impor-dpt-ditolak", "kpu", f"/pemilih/impor/{rejected.pk}/"),
    ]

    size = WIDTHS[width_name]
    checked = []
    failures = []
    contexts = {}
    for name, who, path in pages:
        if who not in contexts:
            contexts[who] = _context(browser, live_server.url, who, size)
        page = contexts[who][1]
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, (name, path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(RUN_AXE)
        scroll = page.evaluate("document.scrollingElement.scrollWidth")
        counts = {i: sum(v["nodes"] for v in violations if v["impact"] == i) for i in IMPACTS}
        checked.append(
            {
                "page": name,
                "path": re.sub(r"/\d+/$", "/<id>/", path),
                "role": who or "publik",
                "width": size[0],
                "violations": counts,
                "rules": sorted({f"{v['impact']}:{v['id']}" for v in violations}),
                "scroll_width": scroll,
            }
        )
        for v in violations:
            if v["impact"] in BLOCKING:
                failures.append(f"{name} @{size[0]}px {v['impact']} {v['id']}: {v['targets']}")
        if size[0] <= 360 and scroll > size[0]:
            wide = page.evaluate(WIDEST)
            failures.append(f"{name} @{size[0]}px scrolls sideways ({scroll} px): {wide}")
        shot(page, f"a11y-{name}-{width_name}")
    for ctx, _ in contexts.values():
        ctx.close()
    _record(checked, size[0])
    assert not failures, "\n".join(failures)


def _record(checked: list[dict[str, object]], width: int) -> None:
    """Merge this width's results into docs/a11y.json (the other width may be written at the
    same time by the other test worker, hence the lock)."""
    OUT.touch()
    with OUT.open("r+", encoding="utf-8") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            old = json.loads(f.read() or "{}")
        except ValueError:
            old = {}
        results = [r for r in old.get("results", []) if r.get("width") != width] + checked
        order = [s[0] for s in WIDTHS.values()]
        results.sort(key=lambda r: order.index(r["width"]) if r["width"] in order else 99)
        impacts = {i: sum(r["violations"][i] for r in results) for i in IMPACTS}
        doc = {
            "tool": "axe-core " + _axe_version(),
            "widths": sorted({r["width"] for r in results}, reverse=True),
            "pages": len({r["page"] for r in results}),
            "checks": len(results),
            "violations_by_impact": impacts,
            "results": results,
        }
        f.seek(0)
        f.truncate()
        f.write(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")


def _axe_version() -> str:
    lock = json.loads((AXE.parents[2] / "package-lock.json").read_text())
    return str(lock["packages"]["node_modules/axe-core"]["version"])
