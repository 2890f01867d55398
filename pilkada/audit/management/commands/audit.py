"""`pilkada audit verify` recomputes the hash chain and checks the signed checkpoints;
`pilkada audit checkpoint` signs the chain's current head."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from pilkada.audit.selectors import audit_chain_verify, audit_checkpoints_verify
from pilkada.audit.services import audit_checkpoint_create


class Command(BaseCommand):
    help = "Log audit: `verify` memeriksa rantai hash dan checkpoint; `checkpoint` menandatangani."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["verify", "checkpoint"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "checkpoint":
            cp = audit_checkpoint_create()
            self.stdout.write(f"Checkpoint #{cp.seq} ditandatangani (kunci {cp.key_id}).")
            return
        count, problem = audit_chain_verify()
        if problem is not None:
            raise CommandError(
                f"RUSAK: {problem.reason} (entri #{problem.seq}); {count} entri sebelumnya utuh."
            )
        checked, cp_problem = audit_checkpoints_verify()
        if cp_problem is not None:
            raise CommandError(f"RUSAK: {cp_problem}")
        self.stdout.write(
            self.style.SUCCESS(
                f"OK: {count} entri audit utuh, rantai hash sah; {checked} checkpoint cocok."
            )
        )
