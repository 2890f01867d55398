"""`pilkada import-dpt FILE`: check and load a voter list (CSV or XLSX) with a progress bar."""

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from pilkada.core.exceptions import PilkadaError
from pilkada.voters.models import ImportBatch, Jenis
from pilkada.voters.services import import_accept, import_run, import_start


class Command(BaseCommand):
    help = "Impor daftar pemilih (DPT, DPPh, DPTb/DPK) dari CSV atau XLSX bentuk KPU."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--jenis", choices=Jenis.values, default=Jenis.DPT)
        parser.add_argument("--wilayah", default="", help="kode wilayah (bawaan: kabupaten)")
        parser.add_argument(
            "--terima-sebagian",
            action="store_true",
            help="muat baris yang sah bila ada baris ditolak (baris ditolak tetap dilaporkan)",
        )
        parser.add_argument("--laporan", type=Path, help="tulis laporan kesalahan (CSV) ke sini")

    def _bar(self, tahap: str, persen: int) -> None:
        filled = persen * 30 // 100
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {persen:3d}% {tahap:<24}")
        sys.stderr.flush()

    def handle(self, *args: Any, **o: Any) -> None:
        path: Path = o["file"]
        if not path.exists():
            raise CommandError(f"{path}: berkas tidak ditemukan")
        try:
            batch = import_start(
                actor=None,
                data=path.read_bytes(),
                filename=path.name,
                jenis=o["jenis"],
                area_code=o["wilayah"],
            )
            batch = import_run(batch_id=batch.pk, progress=self._bar)
            if batch.status == ImportBatch.Status.DITOLAK and o["terima_sebagian"]:
                batch = import_accept(actor=None, batch_id=batch.pk, progress=self._bar)
        except PilkadaError as exc:
            raise CommandError(str(exc)) from None
        sys.stderr.write("\n")
        self.stdout.write(f"impor #{batch.pk}: {batch.get_status_display()}. {batch.pesan}")
        errors = list(batch.errors.all()[:20])
        for e in errors:
            self.stdout.write(f"  baris {e.baris}, {e.kolom} ({e.nilai}): {e.alasan}")
        if o["laporan"] and batch.jumlah_salah:
            from pilkada.voters.exports import errors_csv

            o["laporan"].write_bytes(errors_csv(batch.errors.all()))
            self.stdout.write(f"laporan kesalahan: {o['laporan']}")
        if batch.status in (ImportBatch.Status.DITOLAK, ImportBatch.Status.GAGAL):
            raise CommandError("impor tidak masuk daftar pemilih")
