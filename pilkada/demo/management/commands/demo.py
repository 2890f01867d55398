"""`pilkada demo`: load the Lampung Timur demo (idempotent) and print the demo logins.

`pilkada demo --province 18` loads the synthetic province instead (pilkada.demo.province).
"""

import json
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
        parser.add_argument(
            "--province",
            default="",
            help="Muat provinsi sintetis (mis. 18 = Lampung, 15 kabupaten/kota) untuk uji skala.",
        )
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Skala provinsi (mis. 0.001 untuk uji kecil)."
        )
        parser.add_argument(
            "--kabupaten", default="", help="Hanya kabupaten ini (kode, dipisah koma)."
        )
        parser.add_argument("--tanpa-pemilih", action="store_true", help="Tanpa DPT.")
        parser.add_argument("--json", default="", help="Tulis ringkasan dan waktu ke berkas ini.")

    def handle(self, *args: Any, **o: Any) -> None:
        if o["province"]:
            self._province(o)
            return
        try:
            demo_load(data_dir=o["dir"], seed=o["seed"], say=self.stdout.write)
        except ValidationFailed as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("")
        self.stdout.write(f"Akun demo (kata sandi untuk semua: {DEMO_PASSWORD}):")
        for username, role, area, _staff in DEMO_USERS:
            self.stdout.write(f"  {username:<22} {role:<16} wilayah {area}")

    def _province(self, o: dict[str, Any]) -> None:
        from pilkada.demo.province import PROVINCE_USERS, province_load

        if not 0 < o["scale"] <= 1:
            raise CommandError("--scale harus di antara 0 dan 1.")
        only = {k for k in o["kabupaten"].split(",") if k} or None
        timings: dict[str, float] = {}
        try:
            done = province_load(
                data_dir=o["dir"],
                province=o["province"],
                scale=o["scale"],
                only=only,
                voters=not o["tanpa_pemilih"],
                seed=o["seed"],
                say=self.stdout.write,
                timings=timings,
            )
        except ValidationFailed as exc:
            raise CommandError(str(exc)) from exc
        if o["json"]:
            Path(o["json"]).write_text(json.dumps({"done": done, "seconds": timings}, indent=2))
        self.stdout.write("")
        self.stdout.write(f"Akun demo KPU Provinsi (kata sandi: {DEMO_PASSWORD}):")
        for username, role, area, _staff in PROVINCE_USERS:
            self.stdout.write(f"  {username:<22} {role:<16} wilayah {area}")
