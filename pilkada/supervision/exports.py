"""Bawaslu's recapitulation of cases as XLSX (openpyxl) or PDF (WeasyPrint, else ReportLab).

The columns are chosen so that nothing identifies a reporter: no name, address or contact, and
neither the free-text account nor the witnesses (a reporter often names themself there).
"""

import io
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import actor_area, has_perm
from pilkada.audit.services import audit_log
from pilkada.core import clock
from pilkada.core.exceptions import PermissionDenied
from pilkada.supervision.selectors import CaseRow, case_list, case_rows
from pilkada.supervision.workflow import (
    CATEGORY_LABELS,
    DESTINATION_LABELS,
    STATUS_LABELS,
    Category,
    Destination,
    Status,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _headers() -> list[str]:
    return [
        _("Nomor"),
        _("Jenis"),
        _("Kategori"),
        _("Status"),
        _("Kecamatan"),
        _("Desa"),
        _("TPS"),
        _("Terlapor"),
        _("Waktu kejadian"),
        _("Diketahui"),
        _("Diterima"),
        _("Terlambat"),
        _("Diteruskan ke"),
        _("HSU/PSU"),
        _("Tenggat berikut"),
        _("Lewat tenggat"),
    ]


def _row(r: CaseRow, kecamatan: dict[str, str]) -> list[Any]:
    c = r.case
    nxt = r.next_due
    return [
        c.nomor,
        c.get_jenis_display(),
        str(CATEGORY_LABELS[Category(c.kategori)]),
        str(STATUS_LABELS[Status(c.status)]),
        kecamatan.get(c.kecamatan_kode, c.kecamatan_kode),
        c.desa.nama,
        c.tps.nama if c.tps else "",
        c.terlapor,
        timezone.localtime(c.peristiwa_pada).strftime("%Y-%m-%d %H:%M"),
        c.diketahui_pada.isoformat(),
        timezone.localtime(c.diterima_pada).strftime("%Y-%m-%d %H:%M"),
        _("ya") if c.terlambat else "",
        str(DESTINATION_LABELS[Destination(c.tujuan)]) if c.tujuan else "",
        c.perintah_ulang.upper(),
        f"{nxt.rule.code} {nxt.due.isoformat()}" if nxt else "",
        ", ".join(f"{d.rule.code} {d.due.isoformat()}" for d in r.overdue),
    ]


def export_rows(*, actor: Any) -> tuple[list[str], list[list[Any]]]:
    """The table every format prints (scoped to the actor's area)."""
    from pilkada.wilayah.models import Kecamatan

    rows = case_rows(list(case_list(actor=actor)))
    names = dict(Kecamatan.objects.values_list("kode", "nama"))
    return _headers(), [_row(r, names) for r in rows]


def _xlsx(headers: list[str], rows: list[list[Any]], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("Kasus")
    ws.append([title])
    ws["A1"].font = Font(bold=True)
    ws.append(headers)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "A3"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _pdf(headers: list[str], rows: list[list[Any]], title: str) -> bytes:
    try:
        from weasyprint import HTML

        html = render_to_string(
            "supervision/export_pdf.html", {"title": title, "headers": headers, "rows": rows}
        )
        return bytes(HTML(string=html).write_pdf())
    except (ImportError, OSError):  # WeasyPrint or its system libraries (Pango) missing
        return _pdf_reportlab(headers, rows, title)


def _pdf_reportlab(headers: list[str], rows: list[list[Any]], title: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=6.5, leading=8)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=20, rightMargin=20)
    data = [[Paragraph(str(h), small) for h in headers]]
    data += [[Paragraph(str(v), small) for v in row] for row in rows]
    table = Table(data, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    doc.build([Paragraph(title, styles["Heading2"]), table])
    return out.getvalue()


@transaction.atomic
def export_cases(*, actor: Any, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name); the export itself is audited."""
    if not has_perm(actor, Perm.SUPERVISION_EXPORT):
        raise PermissionDenied(_("Ekspor hanya untuk Bawaslu, Panwascam dan auditor."))
    headers, rows = export_rows(actor=actor)
    stamp = clock.local_now().strftime("%Y-%m-%d %H:%M")
    title = _("Rekapitulasi penanganan pelanggaran, per %(t)s WIB") % {"t": stamp}
    if fmt == "xlsx":
        content, ctype = _xlsx(headers, rows, title), XLSX
    else:
        content, ctype = _pdf(headers, rows, title), "application/pdf"
    audit_log(
        actor=actor,
        action="supervision.exported",
        object_type="supervision.case",
        area_code=actor_area(actor) or "",
        changes={"format": fmt, "baris": len(rows)},
    )
    name = f"pengawasan-{clock.local_today().isoformat()}.{fmt}"
    return content, ctype, name
