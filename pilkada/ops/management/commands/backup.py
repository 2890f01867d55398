"""`pilkada backup [--dir var/backups]`: write a verified backup of the whole database."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from pilkada.ops.backup import backup_create


class Command(BaseCommand):
    help = "Cadangkan seluruh basis data (JSONL terkompresi + manifest dengan SHA-256)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dir", type=Path, default=settings.VAR_DIR / "backups")
        parser.add_argument("--name", default=None)

    def handle(self, *args: Any, **o: Any) -> None:
        result = backup_create(o["dir"], name=o["name"])
        self.stdout.write(f"{result.rows} baris dicadangkan: {result.data_path}")
        self.stdout.write(f"manifest: {result.manifest_path}")
