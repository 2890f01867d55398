"""Files made from the roll: the per-TPS list (PDF, XLSX) with masked NIK, and the full export.

Everything a page or a per-TPS file shows is masked (`core.privacy.mask`); only the approved
13-element export (`RollExport.Kind.LENGKAP`) decrypts NIK/NKK. Every full export carries its
marker (`penanda`) in a first row and in a column of every row, and its SHA-256 is recorded, so a
leaked copy names the export it came from (`services.export_trace`).
"""

import csv
import io
from collections.abc import Sequence
from datetime import date
from itertools import islice
from typing import Any

from django.db.models import QuerySet
from django.template.loader import render_to_string

from pilkada.core import clock
from pilkada.voters import protect
from pilkada.voters.models import Voter
from pilkada.voters.rules import age_on

EXPORT_BATCH = 5000
LIST_HEADER = ["No", "NIK", "Nama", "L/P", "Usia", "Alamat", "RT", "RW", "Disabilitas", "Ket."]
SEVEN_HEADER = ["Nama", "Jenis kelamin", "Usia", "Alamat", "RT", "RW", "Keterangan", "TPS"]
FULL_HEADER = [
    "NKK",
    "NIK",
    "Nama",
    "Tempat lahir",
    "Tanggal lahir",
    "Status perkawinan",
    "Jenis kelamin",
    "Alamat",
    "RT",
    "RW",
    "Disabilitas",
    "Status KTP-el",
    "Keterangan",
    "TPS",
]


def list_rows(voters: Sequence[Voter], day: date) -> list[list[Any]]:
    return [
        [
            i,
            v.nik_masked,
            v.nama,
            v.jenis_kelamin,
            age_on(v.tanggal_lahir, day),
            v.alamat,
            v.rt,
            v.rw,
            v.disabilitas or "",
            v.keterangan,
        ]
        for i, v in enumerate(voters, start=1)
    ]


def tps_list_xlsx(*, title: str, voters: Sequence[Voter], day: date) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("DPT")
    ws.append([title])
    ws.append(LIST_HEADER)
    for row in list_rows(voters, day):
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def tps_list_html(*, title: str, subtitle: str, voters: Sequence[Voter], day: date) -> str:
    context = {
        "title": title,
        "subtitle": subtitle,
        "rows": list_rows(voters, day),
        "header": LIST_HEADER,
    }
    return render_to_string("voters/list_pdf.html", context)


def tps_list_pdf(*, title: str, subtitle: str, voters: Sequence[Voter], day: date) -> bytes:
    """The list posted at the TPS (A4 landscape, masked NIK), rendered by WeasyPrint."""
    from weasyprint import HTML

    html = tps_list_html(title=title, subtitle=subtitle, voters=voters, day=day)
    return bytes(HTML(string=html).write_pdf())


def roll_csv(qs: QuerySet[Voter], *, penanda: str, lengkap: bool) -> tuple[bytes, int]:
    """The export file: a marker row, then one row per voter with the marker in its last column."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([f"# ekspor {penanda}: salinan terkendali, setiap salinan dapat dilacak"])
    w.writerow([*(FULL_HEADER if lengkap else SEVEN_HEADER), "penanda"])
    count = 0
    today = clock.local_today()
    rows = qs.order_by("tps_kode", "id").iterator(chunk_size=EXPORT_BATCH)
    while batch := list(islice(rows, EXPORT_BATCH)):
        # Decrypted a batch at a time; a record whose ciphertext no longer matches its keyed
        # hashes stops the export (protect.TamperedRecord) instead of writing a wrong NIK.
        clear: list[tuple[str, str]] = []
        if lengkap:
            try:
                clear = protect.unseal_column(
                    [v.identitas_enc for v in batch],
                    [v.nik_hash for v in batch],
                    [v.nkk_hash for v in batch],
                )
            except protect.TamperedRecord as exc:
                raise protect.TamperedRecord(
                    f"pemilih #{batch[exc.index].pk}: data identitas tidak cocok dengan "
                    "hash-nya (diubah di luar aplikasi?)",
                    exc.index,
                ) from None
        for i, v in enumerate(batch):
            if lengkap:
                nik, nkk = clear[i]
                row = [
                    nkk,
                    nik,
                    v.nama,
                    v.tempat_lahir,
                    f"{v.tanggal_lahir:%d-%m-%Y}",
                    v.status_kawin,
                    v.jenis_kelamin,
                    v.alamat,
                    v.rt,
                    v.rw,
                    v.disabilitas,
                    v.ktp_el,
                    v.keterangan,
                    v.tps_kode,
                ]
            else:
                row = [
                    v.nama,
                    v.jenis_kelamin,
                    age_on(v.tanggal_lahir, today),
                    v.alamat,
                    v.rt,
                    v.rw,
                    v.keterangan,
                    v.tps_kode,
                ]
            w.writerow([*row, penanda])
            count += 1
    return buf.getvalue().encode(), count


def errors_csv(errors: Any) -> bytes:
    """The error report: row, column, masked value, reason."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["baris", "kolom", "nilai (disamarkan)", "alasan"])
    for e in errors:
        w.writerow([e.baris, e.kolom, e.nilai, e.alasan])
    return buf.getvalue().encode()
