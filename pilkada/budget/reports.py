"""Budget reports: per recipient (the grant), per kecamatan and per desa (honoraria, cuts)."""

from typing import Any

from pilkada.budget.selectors import grant_list, grant_view, honor_cuts, honor_summary
from pilkada.core.exceptions import NotFoundOrOutOfScope
from pilkada.core.tabular import Sheet
from pilkada.wilayah.models import Desa, Kecamatan

KINDS = ("penerima", "kecamatan", "desa")


def _names(length: int) -> dict[str, str]:
    model = Kecamatan if length == 6 else Desa
    return dict(model.objects.values_list("kode", "nama"))


def recipient_sheets(actor: Any) -> list[Sheet]:
    sheets = []
    for grant in grant_list(actor=actor):
        view = grant_view(actor=actor, grant=grant)
        rows: list[list[str | int]] = []
        for a in view.allocations:
            rows.append(
                [
                    a.allocation.penerima_nama,
                    a.allocation.jumlah,
                    a.planned,
                    a.transferred,
                    a.realised,
                    a.returned,
                    a.balance,
                ]
            )
        sheets.append(
            Sheet(
                f"NPHD {grant.nomor}"[:31],
                [
                    "Penerima",
                    "Alokasi",
                    "Rencana tahap",
                    "Ditransfer",
                    "Realisasi",
                    "Dikembalikan",
                    "Saldo",
                ],
                rows,
                [
                    f"Ditandatangani {grant.tanggal_ttd:%d-%m-%Y}; total {grant.total:,}".replace(
                        ",", "."
                    )
                ],
            )
        )
        detail: list[list[str | int]] = []
        for a in view.allocations:
            for t in a.tranches:
                detail.append(
                    [
                        a.allocation.penerima_nama,
                        f"Tahap {t.tranche.nomor}",
                        t.tranche.batas_tanggal.isoformat(),
                        t.tranche.jumlah,
                        t.transferred,
                    ]
                )
            for akun, amount in sorted(a.realised_by_line.items()):
                detail.append([a.allocation.penerima_nama, f"Realisasi {akun}", "", amount, 0])
        sheets.append(
            Sheet(
                "Tahap dan realisasi",
                ["Penerima", "Baris", "Batas", "Jumlah", "Ditransfer"],
                detail,
            )
        )
    return sheets


def honor_sheets(actor: Any, length: int) -> list[Sheet]:
    names = _names(length)
    rows: list[list[str | int]] = [
        [
            s.kode,
            names.get(s.kode, ""),
            s.people,
            s.owed,
            s.paid,
            s.tax,
            s.received,
            s.confirmed,
            s.cuts,
        ]
        for s in honor_summary(actor=actor, group_len=length)
    ]
    cuts: list[list[str | int]] = [
        [f.unit_code, names.get(f.unit_code[:length], ""), f.step.value, f.people, f.amount]
        for f in honor_cuts(actor=actor)
    ]
    label = "Kecamatan" if length == 6 else "Desa"
    return [
        Sheet(
            f"Honorarium per {label.lower()}",
            [
                "Kode",
                label,
                "Orang",
                "Hak (bruto)",
                "Dibayar",
                "Pajak",
                "Diterima",
                "Terkonfirmasi",
                "Dugaan potongan",
            ],
            rows,
        ),
        Sheet(
            "Dugaan potongan",
            ["Unit (TPS/desa)", label, "Langkah", "Orang", "Jumlah"],
            cuts,
            ["Pajak yang dipotong sah dicatat terpisah dan tidak dihitung sebagai potongan."],
        ),
    ]


def report_sheets(actor: Any, kind: str) -> list[Sheet]:
    if kind == "penerima":
        return recipient_sheets(actor)
    if kind == "kecamatan":
        return honor_sheets(actor, 6)
    if kind == "desa":
        return honor_sheets(actor, 10)
    raise NotFoundOrOutOfScope("Laporan tidak ditemukan.")
