"""`pilkada simulasi mulai "2024-11-27 07:00"` / `pilkada simulasi berhenti`: rehearsal clock."""

from argparse import ArgumentParser
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pilkada.tahapan.services import rehearsal_start, rehearsal_stop


class Command(BaseCommand):
    help = "Mulai atau hentikan simulasi: jam sistem digeser tanpa mengubah jam mesin."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("aksi", choices=["mulai", "berhenti"])
        parser.add_argument("waktu", nargs="?", help="YYYY-MM-DD HH:MM, waktu setempat")
        parser.add_argument("--alasan", default="")

    def handle(self, *args: Any, **o: Any) -> None:
        if o["aksi"] == "berhenti":
            n = rehearsal_stop(actor=None)
            self.stdout.write(f"{n} simulasi dihentikan.")
            return
        if not o["waktu"]:
            raise CommandError("Sebutkan waktu simulasi, mis. '2024-11-27 07:00'.")
        try:
            naive = datetime.strptime(o["waktu"], "%Y-%m-%d %H:%M")  # noqa: DTZ007
        except ValueError as exc:
            raise CommandError("Waktu harus berformat YYYY-MM-DD HH:MM.") from exc
        target = timezone.make_aware(naive)
        rehearsal_start(actor=None, target=target, reason=o["alasan"])
        self.stdout.write(f"Simulasi aktif: sekarang dianggap {o['waktu']}.")
