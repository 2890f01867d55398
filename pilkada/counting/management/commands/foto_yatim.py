"""`pilkada foto-yatim [--hapus]`: photo files no C.Hasil row names (left by a crash)."""

from argparse import ArgumentParser
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand

from pilkada.counting.services import photo_orphans, photo_orphans_remove


class Command(BaseCommand):
    help = "Daftar (atau hapus) berkas foto C.Hasil tanpa data, sisa proses yang terhenti."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--hapus", action="store_true", help="hapus berkas yatim")
        parser.add_argument(
            "--umur-menit", type=int, default=10, help="hanya berkas setua ini (bawaan 10 menit)"
        )

    def handle(self, *args: Any, **o: Any) -> None:
        age = timedelta(minutes=max(o["umur_menit"], 0))
        if o["hapus"]:
            names = photo_orphans_remove(actor=None, min_age=age)
            self.stdout.write(f"{len(names)} berkas foto yatim dihapus.")
        else:
            names = photo_orphans(min_age=age)
            for name in names:
                self.stdout.write(name)
            self.stdout.write(f"{len(names)} berkas foto yatim.")
