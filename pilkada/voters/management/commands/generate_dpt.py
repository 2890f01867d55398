"""`pilkada generate-dpt`: write a synthetic voter list and the truth of its planted duplicates.

`--province 18` writes one roll for every kabupaten/kota of the province that has TPS, with
duplicates planted inside each kabupaten and across kabupaten (`--lintas`), for the province and
national duplicate search (docs/duplicates-at-scale.md).
"""

import csv
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from pilkada.tps.models import Tps
from pilkada.voters.generator import (
    HEADER,
    Kabupaten,
    generate,
    generate_province,
    share_by_weight,
    write_csv,
    write_truth,
)
from pilkada.voters.services import region_code, voting_day
from pilkada.wilayah.models import Kecamatan

# "Total pemilih" of Lampung, Pilkada 2024 (../shared/data/PROVENANCE.md).
PROVINCE_VOTERS = {"18": 6_515_869}


class Command(BaseCommand):
    help = "Tulis DPT sintetis (orang rekaan) untuk uji dan benchmark, dengan kunci data ganda."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--voters", type=int, default=None)
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--duplicates", type=float, default=0.003)
        parser.add_argument("--out", type=Path, default=Path("dpt-sintetis.csv"))
        parser.add_argument("--truth", type=Path, default=None)
        parser.add_argument("--province", default="", help="kode provinsi, mis. 18")
        parser.add_argument(
            "--lintas", type=float, default=0.001, help="bagian pemilih ganda lintas kabupaten"
        )

    def handle(self, *args: Any, **o: Any) -> None:
        truth_path = o["truth"] or o["out"].with_name(o["out"].stem + "-ganda.csv")
        if o["province"]:
            self._province(o, truth_path)
            return
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
                voters=o["voters"] or 823_417,
                seed=o["seed"],
                duplicates=o["duplicates"],
                voting_day=voting_day(),
                places=places,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        write_csv(o["out"], rows)
        write_truth(truth_path, truth)
        self.stdout.write(f"{len(rows)} baris -> {o['out']}; {len(truth)} ganda -> {truth_path}")

    def _province(self, o: dict[str, Any], truth_path: Path) -> None:
        prov = str(o["province"])
        by_kab: dict[str, list[tuple[str, int]]] = {}
        for kode, cap in (
            Tps.objects.filter(kode__startswith=prov)
            .order_by("kode")
            .values_list("kode", "batas_pemilih")
        ):
            by_kab.setdefault(kode[:4], []).append((kode, cap))
        if len(by_kab) < 2:
            raise CommandError(
                f"Provinsi {prov}: perlu TPS di paling sedikit dua kabupaten/kota "
                "(jalankan demo provinsi dahulu)."
            )
        total = o["voters"] or PROVINCE_VOTERS.get(prov, 0)
        if total <= 0:
            raise CommandError("Sebutkan --voters untuk provinsi ini.")
        counts = share_by_weight(total, {k: len(t) for k, t in by_kab.items()})
        places: dict[str, list[str]] = {}
        for kode, nama in Kecamatan.objects.filter(kode__startswith=prov).values_list(
            "kode", "nama"
        ):
            places.setdefault(kode[:4], []).append(nama)
        kabs = [Kabupaten(k, by_kab[k], counts[k], places.get(k, [])) for k in sorted(by_kab)]
        written = [0]
        with o["out"].open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(HEADER)

            def sink(kode: str, rows: list[tuple[str, ...]]) -> None:
                w.writerows(rows)
                written[0] += len(rows)

            try:
                truth = generate_province(
                    kabs,
                    seed=o["seed"],
                    duplicates=o["duplicates"],
                    cross=o["lintas"],
                    voting_day=voting_day(),
                    sink=sink,
                )
            except ValueError as exc:
                raise CommandError(str(exc)) from None
        write_truth(truth_path, truth)
        self.stdout.write(
            f"{written[0]} baris dari {len(kabs)} kabupaten/kota -> {o['out']}; "
            f"{len(truth)} ganda -> {truth_path}"
        )
