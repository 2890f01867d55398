from pilkada.core.tabular import Sheet, bar_chart_svg, pdf_bytes, pdf_bytes_reportlab, xlsx_bytes

SHEETS = [Sheet("Uji <b>", ["Kode", "Jumlah"], [["1807", 69_000_000_000], ["<x>", 0]], ["catatan"])]


def test_xlsx_keeps_numbers_as_numbers():
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx_bytes(SHEETS)))
    ws = wb.active
    assert ws["B2"].value == 69_000_000_000 and ws["A3"].value == "<x>"


def test_pdf_with_weasyprint_and_with_the_reportlab_fallback():
    assert pdf_bytes("Laporan", SHEETS)[:5] == b"%PDF-"
    assert pdf_bytes_reportlab("Laporan", SHEETS)[:5] == b"%PDF-"


def test_svg_chart_escapes_labels_and_caps_at_100_percent():
    svg = bar_chart_svg([("<script>", 5, 4), ("Desa", 0, 0)])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "100%" in svg and "0%" in svg
