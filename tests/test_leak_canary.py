"""Leak canary: seed known NIK/NKK values, use every feature that touches people, then look for
the canaries in clear (also with separators) in the whole database, the logs (every handler,
the JSON formatter included), the cache, every file produced and every page rendered.

The one place a NIK may be in clear is the full 13-element roll export, which two people must
approve: it is checked as the positive control (the canaries did flow through the system).
The same holds for a reporter's identity, which only the assigned officer may read.
Figures go to docs/reliability/leak-canary.json.
"""

import io
import json
import logging
import pickle
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from conftest import PASSWORD, make_user
from pilkada.accounts.roles import Role
from pilkada.core.logging import JsonFormatter
from pilkada.voters.generator import csv_bytes
from pilkada.voters.models import DuplicatePair, ImportBatch, RollExport, Voter
from pilkada.voters.services import probable_duplicates_scan
from pilkada.voters.tests.conftest import make_rows

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ROOT / "docs" / "reliability" / "leak-canary.json"
SEPARATORS = re.compile(r"[\s.\-_/,:]")


def dump_database() -> tuple[str, int, int]:
    """Every row of every table the database holds (not only Django's models), every column, as
    text; binary columns decoded as latin-1. Returns (text, tables, rows)."""
    parts: list[str] = []
    tables = connection.introspection.table_names()
    rows = 0
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                rows += 1
                for v in row:
                    if isinstance(v, bytes | memoryview):
                        parts.append(bytes(v).decode("latin-1"))
                    else:
                        parts.append(str(v))
    return "\n".join(parts), len(tables), rows


def dump_cache() -> str:
    """Keys and values of the local-memory cache (the test settings' cache)."""
    store = getattr(caches["default"], "_cache", {})
    parts = []
    for key, value in list(store.items()):
        parts.append(str(key))
        try:
            parts.append(repr(pickle.loads(value)))  # noqa: S301  (our own cache)
        except Exception:
            parts.append(repr(value))
    return "\n".join(parts)


def file_text(data: bytes) -> str:
    """A produced file as searchable text: XLSX/zip members unpacked, PDFs and CSVs as is."""
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return data.decode("latin-1")


def variants(secret: str) -> set[str]:
    """The canary as typed with separators: 1807-0101-..., 1807 0101 ..., 180701.010190.0001."""
    groups4 = [secret[i : i + 4] for i in range(0, 16, 4)]
    kemendagri = [secret[:6], secret[6:12], secret[12:]]
    out = {secret}
    for sep in (" ", "-", "."):
        out.add(sep.join(groups4))
        out.add(sep.join(kemendagri))
    return out


def hits(text: str, canaries: Iterable[str]) -> list[str]:
    """Canaries found in clear, with or without separators between the digits."""
    squeezed = SEPARATORS.sub("", text)
    found = []
    for c in canaries:
        if any(v in text for v in variants(c)) or c in squeezed:
            found.append(c)
    return found


class Collector:
    """Pages and files, by feature, as they are produced."""

    def __init__(self) -> None:
        self.pages: list[str] = []
        self.files: list[str] = []
        self.features: list[str] = []
        self.requests = 0

    def page(self, feature: str, response: Any, *, status: int = 200) -> Any:
        assert response.status_code == status, (feature, response.status_code)
        self.requests += 1
        if feature not in self.features:
            self.features.append(feature)
        ctype = response.get("Content-Type", "")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if ctype.startswith(("text/html", "application/json", "text/plain")):
            self.pages.append(body.decode("utf-8", "replace"))
        else:
            self.files.append(file_text(body))
        return response


@pytest.fixture
def pdf_sources(monkeypatch):
    """The HTML every PDF is made from (WeasyPrint embeds subset fonts, so the text of a PDF
    cannot be searched in its bytes; what it shows is exactly this HTML)."""
    import weasyprint

    seen: list[str] = []
    real = weasyprint.HTML

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen.append(str(kwargs.get("string", "")))
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", recording)
    return seen


@pytest.mark.django_db
def test_no_canary_nik_or_nkk_in_clear_anywhere(world, users, caplog, settings, pdf_sources):
    settings.DEBUG = False
    caplog.set_level(logging.DEBUG)
    json_log = io.StringIO()
    json_handler = logging.StreamHandler(json_log)
    json_handler.setFormatter(JsonFormatter())
    json_handler.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(json_handler)
    try:
        figures = _exercise_and_scan(world, users, caplog, json_log, pdf_sources)
    finally:
        logging.getLogger().removeHandler(json_handler)
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    FIGURES.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    assert figures["hits_total"] == 0, figures["hits"]


def _exercise_and_scan(world, users, caplog, json_log, pdf_sources) -> dict[str, Any]:
    rows, _ = make_rows(400, seed=88, duplicates=0.03)
    # The canaries: the NIK and NKK of a dozen known people of the file (one of whom is the row
    # that the first upload breaks, so the error report names it).
    canary_rows = rows[:12]
    niks = {r[1] for r in canary_rows}
    nkks = {r[0] for r in canary_rows}
    canaries = niks | nkks
    bad = list(rows)
    bad[3] = (bad[3][0], bad[3][1], "", *bad[3][3:])  # no name: rejected, reported
    col = Collector()

    kpu = Client()
    kpu.force_login(users["kpu"])
    kpu2_user = make_user("kpu_kedua", Role.KPU_ADMIN, "1807", is_staff=True)
    kpu2 = Client()
    kpu2.force_login(kpu2_user)

    # 1. Import through the web: a file with a bad row (and its error report), then the good one.
    for data, name in ((csv_bytes(bad), "salah.csv"), (csv_bytes(rows), "dpt.csv")):
        r = kpu.post(
            "/pemilih/impor/",
            {"berkas": SimpleUploadedFile(name, data, "text/csv"), "jenis": "dpt"},
            follow=True,
        )
        col.page("impor DPT (unggah web)", r)
    assert Voter.objects.count() == 400
    first, second = ImportBatch.objects.order_by("id").values_list("id", flat=True)[:2]
    col.page("impor: laporan galat CSV", kpu.get(f"/pemilih/impor/{first}/laporan.csv"))
    col.page("impor: halaman batch", kpu.get(f"/pemilih/impor/{first}/"))
    col.page("API impor", kpu.get(f"/api/pemilih/impor/{second}"))

    # 2. Duplicate review: the queue, a decision on the web and one through the API.
    probable_duplicates_scan(actor=users["kpu"])
    pairs = list(DuplicatePair.objects.order_by("id")[:2])
    assert len(pairs) == 2
    col.page("ganda: antrean", kpu.get("/pemilih/ganda/"))
    col.page(
        "ganda: keputusan web",
        kpu.post("/pemilih/ganda/", {"pasangan": pairs[0].pk, "keputusan": "bukan"}),
        status=302,
    )
    col.page(
        "ganda: keputusan API",
        kpu.post(
            f"/api/pemilih/ganda/{pairs[1].pk}",
            json.dumps({"keputusan": "bukan"}),
            content_type="application/json",
        ),
    )

    # 3. Cek DPT: a hit (a canary) and a miss, anonymously; and a malformed one.
    public = Client()
    some_nik = sorted(niks)[0]
    for nik in (some_nik, "1807010101900001", f"{some_nik[:8]}-{some_nik[8:]}"):
        col.page(
            "Cek DPT (kena, luput, format salah)", public.post("/pemilih/cek-dpt/", {"nik": nik})
        )

    # 4. Lists per TPS (page, PDF, XLSX) and 5. statistics (pages and API).
    tps = next(r[-1] for r in canary_rows)
    col.page("daftar per TPS", kpu.get(f"/pemilih/tps/{tps}/"))
    for fmt in ("pdf", "xlsx"):
        col.page(f"daftar per TPS {fmt}", kpu.get(f"/pemilih/tps/{tps}/daftar.{fmt}"))
    for url in (
        "/pemilih/",
        "/pemilih/?tingkat=desa&induk=180701",
        "/pemilih/?tingkat=tps&induk=1807012001",
    ):
        col.page("statistik", kpu.get(url))
    col.page("API statistik", kpu.get("/api/pemilih/statistik?tingkat=tps"))
    col.page("pemilih: halaman PPS", _client(users["pps_a1"]).get(f"/pemilih/tps/{tps}/"))

    # 6. Full-roll exports with two approvers: the 7-element copy and the full 13-element one.
    full_files: list[str] = []
    for jenis in (RollExport.Kind.SALINAN, RollExport.Kind.LENGKAP):
        kpu.post("/pemilih/ekspor/", {"aksi": "minta", "jenis": jenis, "alasan": f"uji {jenis}"})
        export = RollExport.objects.get(kind=jenis)
        col.page(
            "ekspor: persetujuan orang kedua",
            kpu2.post("/pemilih/ekspor/", {"aksi": "setujui", "ekspor": export.pk}),
            status=302,
        )
        r = kpu.post("/pemilih/ekspor/", {"aksi": "unduh", "ekspor": export.pk})
        assert r.status_code == 200
        if jenis == RollExport.Kind.LENGKAP:
            full_files.append(r.content.decode("utf-8"))  # the positive control, not scanned
        else:
            col.page("ekspor salinan 7 elemen", r)
    col.page("ekspor: daftar", kpu.get("/pemilih/ekspor/"))

    # 7. Supervision: a report whose reporter typed a canary NIK into the address; the officer
    # may read it (positive control), nobody else, and no export or API carries it.
    from pilkada.supervision.services import case_assign, report_receive
    from pilkada.supervision.tests.conftest import new_report

    reporter_nik = sorted(niks)[1]
    case = report_receive(report=new_report(alamat=f"Dusun III, NIK {reporter_nik}"))
    officer = make_user("panwascam_a", Role.PANWASCAM, "180701")
    case_assign(actor=users["bawaslu"], case_id=case.pk, officers=[officer])
    officer_page = _client(officer).get(f"/pengawasan/kasus/{case.pk}/").content.decode()
    bawaslu = _client(users["bawaslu"])
    col.page("pengawasan: kasus (bukan petugas)", bawaslu.get(f"/pengawasan/kasus/{case.pk}/"))
    col.page("pengawasan: daftar kasus", bawaslu.get("/pengawasan/kasus/"))
    col.page("pengawasan: API kasus", bawaslu.get(f"/api/pengawasan/kasus/{case.pk}"))
    col.page(
        "pengawasan: API pelapor (bukan petugas)",
        bawaslu.get(f"/api/pengawasan/kasus/{case.pk}/pelapor"),
        status=403,
    )
    for fmt in ("xlsx", "pdf"):
        col.page(f"pengawasan: ekspor {fmt}", bawaslu.get(f"/pengawasan/ekspor.{fmt}"))

    # 8. The back office (voters, duplicates, imports, exports, the audit log) as a superuser.
    root = Client()
    root.force_login(
        users["kpu"].__class__.objects.create_superuser(username="root", password=PASSWORD)
    )
    some = Voter.objects.order_by("id").first()
    assert some is not None
    for url in (
        "/admin/voters/voter/",
        f"/admin/voters/voter/{some.pk}/change/",
        "/admin/voters/duplicatepair/",
        "/admin/voters/importbatch/",
        "/admin/voters/rollexport/",
        "/admin/audit/auditentry/",
        "/admin/supervision/case/",
    ):
        col.page("admin", root.get(url))

    spool = "\n".join(
        p.read_bytes().decode("latin-1")
        for p in Path(__import__("django.conf").conf.settings.VAR_DIR, "impor").glob("*")
    )
    db_text, tables, db_rows = dump_database()
    haystacks = {
        "database (every table, every column)": db_text,
        "logs (caplog: every record)": caplog.text
        + "\n".join(str(r.__dict__) for r in caplog.records),
        "logs (JSON formatter)": json_log.getvalue(),
        "cache (keys and values)": dump_cache(),
        "rendered pages and API answers": "\n".join(col.pages),
        "export files (CSV, XLSX, PDF)": "\n".join(col.files),
        "PDF sources (the HTML each PDF is drawn from)": "\n".join(pdf_sources),
        "import spool": spool,
    }
    found = {where: hits(text, canaries) for where, text in haystacks.items()}
    # Positive controls: the canaries are real and reached the legitimate places.
    assert set(hits(full_files[0], canaries)) == canaries
    assert hits(officer_page, [reporter_nik]) == [reporter_nik]
    assert some_nik[:4] + "*" * 10 + some_nik[-2:] in db_text  # the masked form is stored
    assert db_rows > 400 and len(col.files) >= 5
    assert len(pdf_sources) >= 2 and all(pdf_sources)
    return {
        "what": "known NIK/NKK canaries seeded through the voter import; every feature that "
        "touches people exercised; database, logs, cache, files and pages scanned for the "
        "canaries in clear, also with separators",
        "canaries": {"nik": len(niks), "nkk": len(nkks), "variants_per_canary": 7},
        "features_exercised": col.features,
        "requests": col.requests,
        "files_produced": len(col.files),
        "pdfs_produced": len(pdf_sources),
        "database": {"vendor": connection.vendor, "tables": tables, "rows": db_rows},
        "bytes_scanned": {where: len(text.encode()) for where, text in haystacks.items()},
        "bytes_scanned_total": sum(len(t.encode()) for t in haystacks.values()),
        "hits": {where: len(h) for where, h in found.items()},
        "hits_total": sum(len(h) for h in found.values()),
        "positive_controls": {
            "full 13-element export (two approvers) holds every canary": True,
            "the assigned officer reads the reporter's identity": True,
        },
    }


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c
