"""Bulk C.Hasil CSV (PPS/PPK): one row per TPS for one contest. Layout in docs/counting.md."""

import csv
import io

from pilkada.core.csvfile import norm_header
from pilkada.core.exceptions import ValidationFailed
from pilkada.counting.services import NewEntry
from pilkada.counting.validators import KOTAK_KOSONG, NUMBER_FIELDS
from pilkada.pemilihan.models import Contest


def csv_columns(contest: Contest) -> list[str]:
    """Header for a contest: tps, every number, suara_<pair> (suara_0 = kotak kosong)."""
    pairs = list(contest.pairs.order_by("nomor_urut").values_list("nomor_urut", flat=True))
    keys = [*pairs, KOTAK_KOSONG] if len(pairs) == 1 else pairs
    return ["tps", *NUMBER_FIELDS, *[f"suara_{k}" for k in keys]]


def parse_csv(content: bytes, *, contest: Contest) -> list[NewEntry]:
    """Rows of the file; every error names the line and the column. Optional: foto_sha256, kunci."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed("Berkas harus UTF-8.", [("berkas", "bukan UTF-8")]) from exc
    reader = csv.reader(io.StringIO(text))
    try:
        header = [norm_header(h) for h in next(reader)]
    except StopIteration:
        raise ValidationFailed("Berkas kosong.", [("baris 1", "berkas kosong")]) from None
    required = csv_columns(contest)
    missing = [c for c in required if c not in header]
    if missing:
        raise ValidationFailed(
            "Kolom wajib tidak ada: " + ", ".join(missing),
            [("baris 1", f"kolom {c} tidak ada") for c in missing],
        )
    vote_cols = [c for c in required if c.startswith("suara_") and c[6:].isdigit()]
    rows: list[NewEntry] = []
    errors: list[tuple[str, str]] = []
    for raw in reader:
        if not any(cell.strip() for cell in raw):
            continue
        line = reader.line_num
        if len(raw) != len(header):
            errors.append((f"baris {line}", f"jumlah kolom {len(raw)}, seharusnya {len(header)}"))
            continue
        row = {h: v.strip() for h, v in zip(header, raw, strict=True)}
        bad = [c for c in required[1:] if not row[c].isdigit()]
        if bad:
            errors.extend((f"baris {line} kolom {c}", "bukan bilangan bulat >= 0") for c in bad)
            continue
        if len(row["tps"]) != 13 or not row["tps"].isdigit():
            errors.append((f"baris {line} kolom tps", "kode TPS harus 13 digit"))
            continue
        rows.append(
            NewEntry(
                tps_kode=row["tps"],
                contest_kode=contest.kode,
                angka={n: int(row[n]) for n in NUMBER_FIELDS},
                suara={int(c[6:]): int(row[c]) for c in vote_cols},
                photo_sha256=row.get("foto_sha256", ""),
                idempotency_key=row.get("kunci", ""),
            )
        )
    if errors:
        raise ValidationFailed(f"{len(errors)} galat di berkas; tidak ada yang disimpan.", errors)
    return rows
