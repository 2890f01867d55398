"""Load the 2024 national holidays, cuti bersama and voting-day holidays (data/libur_2024.csv).

Working-day deadlines skip these; more years are added in the admin (Hari libur) or by a later
data migration. No app code is imported here (the CSV is read directly).
"""

import csv
from datetime import date
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parent.parent / "data" / "libur_2024.csv"


def load(apps, schema_editor):
    Holiday = apps.get_model("supervision", "Holiday")
    with CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            Holiday.objects.get_or_create(
                tanggal=date.fromisoformat(row["tanggal"]),
                defaults={"nama": row["nama"], "jenis": row["jenis"]},
            )


def unload(apps, schema_editor):
    Holiday = apps.get_model("supervision", "Holiday")
    with CSV.open(encoding="utf-8") as fh:
        dates = [date.fromisoformat(r["tanggal"]) for r in csv.DictReader(fh)]
    Holiday.objects.filter(tanggal__in=dates).delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
