"""`pilkada demo`: load the Lampung Timur demo (idempotent) and print the demo logins."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pilkada.core.exceptions import ValidationFailed
from pilkada.demo.services import DEMO_PASSWORD, DEMO_USERS, demo_load


class Command(BaseCommand):
    help = "Muat data demo Lampung Timur (aman dijalankan berulang)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dir", type=Path, default=settings.PILKADA_DATA_DIR)
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args: Any, **o: Any) -> None:
        try:
            demo_load(data_dir=o["dir"], seed=o["seed"], say=self.stdout.write)
        except ValidationFailed as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("")
        self.stdout.write(f"Akun demo (kata sandi untuk semua: {DEMO_PASSWORD}):")
        for username, role, area, _staff in DEMO_USERS:
            self.stdout.write(f"  {username:<22} {role:<16} wilayah {area}")
