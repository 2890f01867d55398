"""Printable PDFs from HTML templates (WeasyPrint; Pango comes with the Debian image)."""

import logging
from typing import Any

from django.template.loader import render_to_string

# WeasyPrint logs every layout step at INFO; only its warnings belong in the server log.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    # Imported here: loading Pango costs ~0.3 s per process.
    from weasyprint import HTML

    html = render_to_string(template, context)
    return bytes(HTML(string=html).write_pdf())
