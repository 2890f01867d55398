"""`pilkada audit verify`: recompute the hash chain; name the first entry tampered with."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from pilkada.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Periksa log audit: `verify` menghitung ulang rantai hash."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        count, problem = audit_chain_verify()
        if problem is not None:
            raise CommandError(
                f"RUSAK: {problem.reason} (entri #{problem.seq}); {count} entri sebelumnya utuh."
            )
        self.stdout.write(self.style.SUCCESS(f"OK: {count} entri audit utuh, rantai hash sah."))
