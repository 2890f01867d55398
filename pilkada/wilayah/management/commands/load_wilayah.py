"""`pilkada load-wilayah`: load a regency's kecamatan and desa codes, names and boundaries."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pilkada.core.exceptions import ValidationFailed
from pilkada.wilayah.loader import load_wilayah_files
from pilkada.wilayah.services import wilayah_load


class Command(BaseCommand):
    help = "Muat kode, nama dan batas kecamatan/desa satu kabupaten (lihat docs/data-layout.md)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dir", type=Path, default=settings.PILKADA_DATA_DIR)
        parser.add_argument("--prefix", default="lampung_timur")
        parser.add_argument("--kabupaten", default=settings.PILKADA_REGION_CODE)
        parser.add_argument("--nama-kabupaten", default="")
        parser.add_argument("--nama-provinsi", default="Lampung")
        parser.add_argument("--versi-kode", default="Kepmendagri 300.2.2-2138 Tahun 2025")

    def handle(self, *args: Any, **o: Any) -> None:
        try:
            data = load_wilayah_files(
                o["dir"],
                prefix=o["prefix"],
                kabupaten_kode=o["kabupaten"],
                provinsi_nama=o["nama_provinsi"],
                kabupaten_nama=o["nama_kabupaten"],
            )
        except ValidationFailed as exc:
            for where, reason in exc.errors:
                self.stderr.write(f"  {where}: {reason}")
            raise CommandError(str(exc)) from exc
        summary = wilayah_load(actor=None, data=data, versi_kode=o["versi_kode"])
        self.stdout.write(
            f"{data.kabupaten.nama}: {len(data.kecamatan)} kecamatan, {len(data.desa)} desa "
            f"(baru {summary.created}, diubah {summary.updated}, tetap {summary.unchanged})."
        )
