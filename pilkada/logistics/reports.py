"""Logistics reports: completeness per kecamatan and per desa, and every flagged leg."""

from collections import defaultdict
from typing import Any

from pilkada.core.exceptions import NotFoundOrOutOfScope
from pilkada.core.tabular import Sheet
from pilkada.logistics.selectors import logistics_flags, tps_logistics
from pilkada.wilayah.models import Desa, Kecamatan

KINDS = ("kecamatan", "desa")


def report_sheets(actor: Any, kind: str) -> list[Sheet]:
    if kind not in KINDS:
        raise NotFoundOrOutOfScope("Laporan tidak ditemukan.")
    length = 6 if kind == "kecamatan" else 10
    names = dict((Kecamatan if length == 6 else Desa).objects.values_list("kode", "nama"))
    groups: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for row in tps_logistics(actor=actor):
        g = groups[row.kode[:length]]
        g[0] += 1
        g[1] += int(row.lengkap)
        g[2] += sum(v for k, v in row.needs.items() if k.startswith("surat-suara-"))
        g[3] += sum(row.missing.values())
    rows: list[list[str | int]] = [
        [kode, names.get(kode, ""), n, ok, n - ok, ballots, missing]
        for kode, (n, ok, ballots, missing) in sorted(groups.items())
    ]
    flags: list[list[str | int]] = [
        [f.leg, f.from_code, f.to_code, f.item, f.dispatched, f.received, f.shortfall, f.damaged]
        for f in logistics_flags(actor=actor)
    ]
    label = kind.capitalize()
    return [
        Sheet(
            f"Logistik per {kind}",
            [
                "Kode",
                label,
                "TPS",
                "Lengkap",
                "Belum lengkap",
                "Kebutuhan surat suara",
                "Barang kurang",
            ],
            rows,
            ["Surat suara = DPT + 2,5 % dibulatkan ke atas per TPS, per pemilihan."],
        ),
        Sheet(
            "Kekurangan dan kerusakan",
            ["Langkah", "Dari", "Ke", "Barang", "Dikirim", "Diterima", "Kurang", "Rusak"],
            flags,
        ),
    ]
