"""Import a file, use every page and file, then look for its NIKs/NKKs in clear everywhere."""

import io
import logging
import pickle
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from conftest import PASSWORD
from pilkada.voters.exports import tps_list_html
from pilkada.voters.generator import csv_bytes
from pilkada.voters.models import ImportBatch, RollExport, Voter
from pilkada.voters.selectors import voter_list_tps
from pilkada.voters.services import (
    export_approve,
    export_produce,
    export_request,
    probable_duplicates_scan,
)
from pilkada.voters.tests.conftest import VOTING_DAY, make_rows


def dump_tables() -> str:
    """Every row of every table, every column, as text (binary columns as latin-1)."""
    parts: list[str] = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
            for row in cursor.fetchall():
                for v in row:
                    if isinstance(v, bytes | memoryview):
                        parts.append(bytes(v).decode("latin-1"))
                    else:
                        parts.append(str(v))
    return "\n".join(parts)


def dump_cache() -> str:
    cache = caches["default"]
    store = getattr(cache, "_cache", {})
    parts = []
    for key, value in store.items():
        parts.append(str(key))
        try:
            parts.append(repr(pickle.loads(value)))  # noqa: S301  (our own cache)
        except Exception:
            parts.append(repr(value))
    return "\n".join(parts)


def xlsx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


@pytest.mark.django_db
def test_no_nik_or_nkk_in_clear_anywhere(world, users, caplog, settings):
    caplog.set_level(logging.DEBUG)
    settings.DEBUG = False
    rows, _ = make_rows(1_200, seed=21, duplicates=0.02)
    secrets = {r[1] for r in rows} | {r[0] for r in rows}
    bad = list(rows)
    bad[10] = (bad[10][0], bad[10][1], "", *bad[10][3:])  # a rejected row, named in the report

    kpu = Client()
    assert kpu.login(username="kpu", password=PASSWORD)
    outputs: list[str] = []

    # Upload through the web: first a file with one bad row, then the good one.
    for data, name in ((csv_bytes(bad), "salah.csv"), (csv_bytes(rows), "dpt.csv")):
        r = kpu.post(
            "/pemilih/impor/",
            {"berkas": SimpleUploadedFile(name, data, "text/csv"), "jenis": "dpt"},
            follow=True,
        )
        assert r.status_code == 200
        outputs.append(r.content.decode())
    assert Voter.objects.count() == 1_200
    first = ImportBatch.objects.order_by("id").values_list("id", flat=True)[0]
    report = kpu.get(f"/pemilih/impor/{first}/laporan.csv")
    assert report.status_code == 200 and b"wajib diisi" in report.content
    outputs.append(report.content.decode())

    probable_duplicates_scan(actor=users["kpu"])
    for url in (
        "/pemilih/",
        "/pemilih/?tingkat=desa&induk=180701",
        "/pemilih/?tingkat=tps&induk=1807012001",
        "/pemilih/ganda/",
        "/pemilih/ekspor/",
        "/pemilih/tps/1807012001001/",
        f"/pemilih/impor/{first}/",
        "/api/pemilih/statistik?tingkat=tps",
    ):
        r = kpu.get(url)
        assert r.status_code == 200, url
        outputs.append(r.content.decode())
    root = Client()
    root.force_login(
        users["kpu"].__class__.objects.create_superuser(username="root", password=PASSWORD)
    )
    some = Voter.objects.order_by("id")[0]
    for url in (
        "/admin/voters/voter/",
        f"/admin/voters/voter/{some.pk}/change/",
        "/admin/voters/duplicatepair/",
        "/admin/voters/importbatch/",
    ):
        r = root.get(url)
        assert r.status_code == 200, url
        outputs.append(r.content.decode())
    xlsx = kpu.get("/pemilih/tps/1807012001001/daftar.xlsx")
    assert xlsx.status_code == 200
    outputs.append(xlsx_text(xlsx.content))
    pdf = kpu.get("/pemilih/tps/1807012001001/daftar.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    voters = voter_list_tps(actor=users["kpu"], tps_kode="1807012001001")
    outputs.append(tps_list_html(title="t", subtitle="s", voters=voters, day=VOTING_DAY))

    # The public lookup (a hit and a miss) and the 7-element export copy for Bawaslu.
    public = Client()
    for nik in (rows[0][1], "1807010101900001"):
        outputs.append(public.post("/pemilih/cek-dpt/", {"nik": nik}).content.decode())
    other = users["kpu"].__class__.objects.create_user(
        username="kpu2", password=PASSWORD, role="kpu_admin", area_code="1807"
    )
    export = export_request(
        actor=users["kpu"], kind=RollExport.Kind.SALINAN, alasan="salinan untuk Bawaslu"
    )
    export_approve(actor=other, export_id=export.pk)
    _, copy = export_produce(actor=users["kpu"], export_id=export.pk)
    outputs.append(copy.decode())

    spool = "\n".join(
        p.read_bytes().decode("latin-1") for p in Path(settings.VAR_DIR, "impor").glob("*")
    )
    haystacks = {
        "tables": dump_tables(),
        "logs": caplog.text,
        "cache": dump_cache(),
        "pages and files": "\n".join(outputs),
        "spool": spool,
    }
    assert len(haystacks["tables"]) > 100_000
    for where, text in haystacks.items():
        leaked = [s for s in secrets if s in text]
        assert leaked == [], f"{len(leaked)} NIK/NKK in clear in {where}"
    # The masked form is what is shown.
    assert rows[0][1][:4] + "*" * 10 + rows[0][1][-2:] in haystacks["tables"]
