"""Reading CSV files with errors that name the file, the line and the reason."""

import csv
from collections.abc import Iterator
from pathlib import Path

from pilkada.core.exceptions import ValidationFailed


def norm_header(name: str) -> str:
    """Headers match case- and space-insensitively: ' Kode KPU ' == 'kode_kpu'."""
    return "_".join(name.strip().lower().replace("-", " ").split())


def read_rows(path: Path, required: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) with normalised headers; stop at once on a missing column."""
    if not path.exists():
        raise ValidationFailed(f"{path.name}: berkas tidak ditemukan", [(path.name, "tidak ada")])
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        try:
            header = [norm_header(h) for h in next(reader)]
        except StopIteration:
            raise ValidationFailed(
                f"{path.name} baris 1: berkas kosong", [(f"{path.name} baris 1", "berkas kosong")]
            ) from None
        missing = [c for c in required if c not in header]
        if missing:
            reason = "kolom wajib tidak ada: " + ", ".join(missing)
            raise ValidationFailed(
                f"{path.name} baris 1: {reason}", [(f"{path.name} baris 1", reason)]
            )
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            line = reader.line_num
            if len(row) != len(header):
                raise ValidationFailed(
                    f"{path.name} baris {line}: jumlah kolom {len(row)}, seharusnya {len(header)}",
                    [(f"{path.name} baris {line}", "jumlah kolom salah")],
                )
            yield line, {h: v.strip() for h, v in zip(header, row, strict=True)}
