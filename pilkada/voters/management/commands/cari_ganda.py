"""`pilkada cari-ganda`: search the registered roll for probable duplicates and queue them."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from pilkada.voters.services import probable_duplicates_scan


class Command(BaseCommand):
    help = "Cari kemungkinan pemilih ganda (nama mirip, tanggal lahir dan jenis kelamin sama)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--wilayah", default="")
        parser.add_argument("--ambang", type=float, default=88.0)

    def handle(self, *args: Any, **o: Any) -> None:
        r = probable_duplicates_scan(actor=None, area_code=o["wilayah"], cutoff=o["ambang"])
        self.stdout.write(
            f"{r.pairs_found} pasangan ({r.pairs_new} baru) dari {r.candidates} kandidat, "
            f"{r.seconds:.1f} s"
        )
