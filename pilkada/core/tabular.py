"""Tables out as XLSX (openpyxl) and PDF (WeasyPrint), the same rows for both.

Cells are str or int; ints (rupiah, counts) stay numbers in XLSX with a thousands format, and
are written Indonesian-style (1.234.567) in PDF.
"""

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

Cell = str | int


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    notes: Sequence[str] = field(default_factory=list)


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    wb = Workbook()
    first = True
    for sheet in sheets:
        ws = wb.active if first and wb.active is not None else wb.create_sheet()
        first = False
        ws.title = sheet.title[:31]
        ws.append(list(sheet.headers))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            ws.append(list(row))
        for col in ws.iter_cols(min_row=2):
            for cell in col:
                if isinstance(cell.value, int):
                    cell.number_format = "#,##0"
        for note in sheet.notes:
            ws.append([])
            ws.append([note])
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _fmt(value: Cell) -> str:
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return escape(value)


def html_tables(title: str, sheets: Sequence[Sheet]) -> str:
    parts = [
        "<!doctype html><html lang='id'><head><meta charset='utf-8'>",
        f"<title>{escape(title)}</title><style>",
        "@page{size:A4 landscape;margin:12mm}body{font-family:sans-serif;font-size:8pt}",
        "table{border-collapse:collapse;width:100%;margin-bottom:10pt}",
        "th,td{border:0.5pt solid #888;padding:2pt 3pt}td.n{text-align:right}th{background:#eee}",
        "</style></head><body>",
        f"<h1>{escape(title)}</h1>",
    ]
    for sheet in sheets:
        parts.append(f"<h2>{escape(sheet.title)}</h2><table><thead><tr>")
        parts += [f"<th>{escape(h)}</th>" for h in sheet.headers]
        parts.append("</tr></thead><tbody>")
        for row in sheet.rows:
            parts.append(
                "<tr>"
                + "".join(
                    f"<td class='n'>{_fmt(c)}</td>" if isinstance(c, int) else f"<td>{_fmt(c)}</td>"
                    for c in row
                )
                + "</tr>"
            )
        parts.append("</tbody></table>")
        parts += [f"<p>{escape(n)}</p>" for n in sheet.notes]
    parts.append("</body></html>")
    return "".join(parts)


def pdf_bytes(title: str, sheets: Sequence[Sheet]) -> bytes:
    """PDF through WeasyPrint; ReportLab when WeasyPrint or its system libraries are missing."""
    try:
        from weasyprint import HTML  # imported here: loads native libraries (Pango)
    except (ImportError, OSError):
        return pdf_bytes_reportlab(title, sheets)
    # WeasyPrint reports every layout step at INFO; keep the server log for what matters.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    return bytes(HTML(string=html_tables(title, sheets)).write_pdf())


def pdf_bytes_reportlab(title: str, sheets: Sequence[Sheet]) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=7, leading=8.5)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=24, rightMargin=24)
    story: list[Any] = [Paragraph(escape(title), styles["Heading1"])]
    for sheet in sheets:
        story.append(Paragraph(escape(sheet.title), styles["Heading2"]))
        data = [[Paragraph(escape(h), small) for h in sheet.headers]]
        data += [[Paragraph(_fmt(c), small) for c in row] for row in sheet.rows]
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
        story.append(table)
        story += [Paragraph(escape(n), small) for n in sheet.notes]
    doc.build(story)
    return out.getvalue()


def bar_chart_svg(rows: Sequence[tuple[str, int, int]], *, width: int = 520) -> str:
    """A horizontal bar chart as inline SVG: (label, value, total) per row, drawn server-side.

    Returns escaped markup safe to mark_safe in a template.
    """
    bar_h, gap, label_w = 16, 6, 170
    height = len(rows) * (bar_h + gap) + gap
    inner = width - label_w - 60
    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' role='img' width='{width}' height='{height}' "
        f"viewBox='0 0 {width} {height}' class='chart'>"
    ]
    for i, (label, value, total) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        pct = 0 if total <= 0 else min(100, round(100 * value / total))
        w = inner * pct // 100
        out.append(
            f"<text x='0' y='{y + 12}' font-size='11'>{escape(label[:28])}</text>"
            f"<rect x='{label_w}' y='{y}' width='{inner}' height='{bar_h}' fill='#e5e7eb'/>"
            f"<rect x='{label_w}' y='{y}' width='{w}' height='{bar_h}' "
            f"fill='{'#15803d' if pct == 100 else '#b45309'}'><title>{escape(label)}: "
            f"{pct}%</title></rect>"
            f"<text x='{label_w + inner + 6}' y='{y + 12}' font-size='11'>{pct}%</text>"
        )
    out.append("</svg>")
    return "".join(out)
