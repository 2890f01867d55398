"""`pilkada restore MANIFEST`: restore a backup into an empty, migrated database and verify it."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from pilkada.core.exceptions import ValidationFailed
from pilkada.ops.backup import backup_restore


class Command(BaseCommand):
    help = "Pulihkan cadangan ke basis data kosong, lalu periksa jumlah baris dan rantai audit."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("manifest", type=Path)

    def handle(self, *args: Any, **o: Any) -> None:
        try:
            rows = backup_restore(o["manifest"])
        except ValidationFailed as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"OK: {rows} baris dipulihkan dan diperiksa."))
