"""`pilkada generate-dpt`: write a synthetic voter list and the truth of its planted duplicates."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from pilkada.tps.models import Tps
from pilkada.voters.generator import generate, write_csv, write_truth
from pilkada.voters.services import region_code, voting_day
from pilkada.wilayah.models import Kecamatan


class Command(BaseCommand):
    help = "Tulis DPT sintetis (orang rekaan) untuk uji dan benchmark, dengan kunci data ganda."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--voters", type=int, default=823_417)
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--duplicates", type=float, default=0.003)
        parser.add_argument("--out", type=Path, default=Path("dpt-sintetis.csv"))
        parser.add_argument("--truth", type=Path, default=None)

    def handle(self, *args: Any, **o: Any) -> None:
        area = region_code()
        tps = list(
            Tps.objects.filter(kode__startswith=area)
            .order_by("kode")
            .values_list("kode", "batas_pemilih")
        )
        if not tps:
            raise CommandError("Belum ada TPS; jalankan `pilkada demo` dahulu.")
        places = list(
            Kecamatan.objects.filter(kode__startswith=area).values_list("nama", flat=True)
        )
        try:
            rows, truth = generate(
                tps=tps,
                voters=o["voters"],
                seed=o["seed"],
                duplicates=o["duplicates"],
                voting_day=voting_day(),
                places=places,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        write_csv(o["out"], rows)
        truth_path = o["truth"] or o["out"].with_name(o["out"].stem + "-ganda.csv")
        write_truth(truth_path, truth)
        self.stdout.write(f"{len(rows)} baris -> {o['out']}; {len(truth)} ganda -> {truth_path}")
