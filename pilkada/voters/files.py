"""Reading a voter list (CSV or XLSX bytes) into a frame of strings. No ORM."""

import io

import polars as pl

from pilkada.core.exceptions import ValidationFailed
from pilkada.voters.rules import LABELS, missing_columns, normalise

XLSX_MAGIC = b"PK\x03\x04"


def _xlsx_frame(data: bytes) -> pl.DataFrame:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    try:
        header = [str(h or "").strip() for h in next(rows)]
    except StopIteration:
        return pl.DataFrame()
    columns: list[list[str]] = [[] for _ in header]
    for row in rows:
        if row is None or not any(v not in (None, "") for v in row):
            continue
        for i in range(len(header)):
            v = row[i] if i < len(row) else None
            if v is None:
                text = ""
            elif hasattr(v, "strftime"):
                text = v.strftime("%d-%m-%Y")
            elif isinstance(v, float) and v.is_integer():
                text = str(int(v))
            else:
                text = str(v)
            columns[i].append(text)
    wb.close()
    names = [h or f"kolom_{i + 1}" for i, h in enumerate(header)]
    return pl.DataFrame(
        dict(zip(names, columns, strict=True)), schema=dict.fromkeys(names, pl.String)
    )


def read_frame(data: bytes, filename: str) -> pl.DataFrame:
    """Parse the file and normalise its columns; a missing column or bad file is refused."""
    try:
        if data[:4] == XLSX_MAGIC or filename.lower().endswith(".xlsx"):
            raw = _xlsx_frame(data)
        else:
            raw = pl.read_csv(
                io.BytesIO(data),
                infer_schema=False,
                encoding="utf8-lossy",
                truncate_ragged_lines=False,
            )
    except Exception:
        reason = "berkas tidak dapat dibaca sebagai CSV atau XLSX"
        raise ValidationFailed(f"{filename}: {reason}", [(filename, reason)]) from None
    canon = [_canon(c) for c in raw.columns]
    twice = sorted({c for c in canon if c and canon.count(c) > 1})
    if twice:
        # e.g. both "NIK" and "nik": which one is meant cannot be guessed (found by
        # tests/test_parser_properties.py; it used to crash the import).
        reason = "kolom muncul dua kali: " + ", ".join(LABELS.get(c, c) for c in twice)
        raise ValidationFailed(f"{filename} baris 1: {reason}", [(f"{filename} baris 1", reason)])
    missing = missing_columns(canon)
    if missing:
        reason = "kolom wajib tidak ada: " + ", ".join(missing)
        raise ValidationFailed(f"{filename} baris 1: {reason}", [(f"{filename} baris 1", reason)])
    return normalise(raw)


def _canon(name: str) -> str:
    from pilkada.voters.rules import header_map

    return header_map([name]).get(name, "")
