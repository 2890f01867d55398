"""Read a stage schedule (pilkada/tahapan/data/*.csv): kode, nama, mulai, selesai, sumber.

Times are local to the election's zone, written 'YYYY-MM-DD HH:MM'.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pilkada.core.csvfile import read_rows
from pilkada.core.exceptions import ValidationFailed

DEFAULT_SCHEDULE = Path(__file__).parent / "data" / "pilkada2024.csv"


@dataclass(frozen=True)
class StageRow:
    kode: str
    nama: str
    mulai: datetime
    selesai: datetime
    sumber: str


def load_schedule(path: Path, *, zone: str) -> list[StageRow]:
    tz = ZoneInfo(zone)
    rows: list[StageRow] = []
    errors: list[tuple[str, str]] = []
    seen: set[str] = set()
    for line, row in read_rows(path, ["kode", "nama", "mulai", "selesai"]):
        where = f"{path.name} baris {line}"
        try:
            mulai = datetime.strptime(row["mulai"], "%Y-%m-%d %H:%M").replace(tzinfo=tz)
            selesai = datetime.strptime(row["selesai"], "%Y-%m-%d %H:%M").replace(tzinfo=tz)
        except ValueError:
            errors.append((where, "mulai/selesai harus berformat YYYY-MM-DD HH:MM"))
            continue
        if selesai < mulai:
            errors.append((where, "selesai sebelum mulai"))
        elif row["kode"] in seen:
            errors.append((where, f"kode {row['kode']} ganda"))
        else:
            seen.add(row["kode"])
            rows.append(StageRow(row["kode"], row["nama"], mulai, selesai, row.get("sumber", "")))
    if errors:
        raise ValidationFailed(
            "Jadwal tahapan ditolak: " + "; ".join(f"{w}: {r}" for w, r in errors), errors
        )
    return rows
