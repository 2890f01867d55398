"""Read candidate pairs from a CSV (layout of data/paslon_referensi.csv).

Columns: kontestasi, kode_wilayah_kpu, nama_wilayah, nomor_urut, calon, wakil, partai_pengusul
(';'-separated), sumber. Only Pilkada contests (pilgub_*, pilbup_*, pilwalkot_*) whose region
contains or equals the installation's regency are kept.
"""

from dataclasses import dataclass, field
from pathlib import Path

from pilkada.core.csvfile import read_rows
from pilkada.core.exceptions import ValidationFailed

COLUMNS = ["kontestasi", "kode_wilayah_kpu", "nama_wilayah", "nomor_urut", "calon", "wakil"]
JENIS_BY_PREFIX = {"pilgub": "gubernur", "pilbup": "bupati", "pilwalkot": "walikota"}


@dataclass
class PairRow:
    nomor_urut: int
    calon: str
    wakil: str
    partai: list[str]
    sumber: str


@dataclass
class ContestRows:
    kode: str
    jenis: str
    kode_wilayah: str
    nama_wilayah: str
    pairs: list[PairRow] = field(default_factory=list)


def load_pairs_file(path: Path, *, region_code: str) -> list[ContestRows]:
    contests: dict[str, ContestRows] = {}
    errors: list[tuple[str, str]] = []
    for line, row in read_rows(path, COLUMNS):
        where = f"{path.name} baris {line}"
        jenis = JENIS_BY_PREFIX.get(row["kontestasi"].split("_", 1)[0])
        wilayah = row["kode_wilayah_kpu"]
        if jenis is None or not region_code.startswith(wilayah):
            continue  # another kind of election, or another region
        try:
            nomor = int(row["nomor_urut"])
        except ValueError:
            errors.append((where, f"nomor_urut {row['nomor_urut']!r} bukan angka"))
            continue
        if nomor < 1 or not row["calon"] or not row["wakil"]:
            errors.append((where, "nomor_urut harus ≥ 1 dan calon/wakil wajib diisi"))
            continue
        contest = contests.setdefault(
            row["kontestasi"],
            ContestRows(row["kontestasi"], jenis, wilayah, row["nama_wilayah"]),
        )
        if any(p.nomor_urut == nomor for p in contest.pairs):
            errors.append((where, f"nomor_urut {nomor} ganda di {row['kontestasi']}"))
            continue
        partai = [p.strip() for p in row.get("partai_pengusul", "").split(";") if p.strip()]
        contest.pairs.append(
            PairRow(nomor, row["calon"], row["wakil"], partai, row.get("sumber", ""))
        )
    if errors:
        raise ValidationFailed(
            "Data pasangan calon ditolak: " + "; ".join(f"{w}: {r}" for w, r in errors[:5]), errors
        )
    # Province-level contests first (governor before regent), as on voting day.
    return sorted(contests.values(), key=lambda c: (len(c.kode_wilayah), c.kode))
