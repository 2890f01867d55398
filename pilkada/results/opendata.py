"""Open data: CSV and JSON per level, and one zip with everything (including photo hashes).

The layouts are versioned JSON Schemas in `pilkada/results/schemas/` (docs/results.md).
"""

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from pilkada.core import clock
from pilkada.counting.models import CHasil, Photo
from pilkada.counting.selectors import totals
from pilkada.counting.services import _numbers
from pilkada.pemilihan.models import Contest
from pilkada.results.selectors import (
    _contest_out,
    _leader,
    _numbers_out,
    _turnout,
    cached,
    data_version,
    public_contests,
    regency_code,
    superseded,
)
from pilkada.tps.models import Tps
from pilkada.wilayah.models import Desa, Kecamatan

SCHEMAS = Path(__file__).resolve().parent / "schemas"
SCALAR_COLUMNS = ["suara_sah", "suara_tidak_sah", "suara_total", "pemilih", "pengguna"]


def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _pair_keys(contest: dict[str, Any]) -> list[str]:
    return [str(p["nomor"]) for p in contest["pasangan"]]


def area_csv(data: dict[str, Any]) -> str:
    """One area's CSV: the area itself, then a row per child (kecamatan, desa or TPS)."""
    keys = _pair_keys(data["kontestasi"])
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        [
            "kode",
            "nama",
            "tingkat",
            "status",
            "terverifikasi",
            "diganti",
            "tps_total",
            "tps_masuk",
            "tps_terverifikasi",
            "tps_diganti",
        ]
        + [f"suara_{k}" for k in keys]
        + SCALAR_COLUMNS
        + ["tps_dihitung", "partisipasi", "versi_data", "per"]
    )
    area = {
        **data["wilayah"],
        "angka": data["jumlah"],
        "progres": data["progres"],
        "partisipasi": data["partisipasi"],
    }
    for row in [area, *data["baris"]]:
        n = row["angka"]
        p = row["progres"]
        w.writerow(
            [
                row["kode"],
                row["nama"],
                row["tingkat"],
                row.get("status", data["status"]),
                _flag(row.get("terverifikasi")),
                _flag(row.get("diganti")),
                p["tps_total"],
                p["tps_masuk"],
                p["tps_terverifikasi"],
                p["tps_diganti"],
            ]
            + ([n["suara"].get(k, 0) for k in keys] if n else [""] * len(keys))
            + ([n[c] for c in SCALAR_COLUMNS] + [n["tps_dihitung"]] if n else [""] * 6)
            + [
                "" if row["partisipasi"] is None else row["partisipasi"],
                data["versi_data"],
                data["per"],
            ]
        )
    return buf.getvalue()


def _flag(v: Any) -> str:
    return "" if v is None else ("ya" if v else "tidak")


def tps_csv(data: dict[str, Any]) -> str:
    return _tps_rows_csv(data["kontestasi"], [_tps_row(data)])


def _tps_row(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "kode": d["tps"]["kode"],
        "status_formulir": d["status_formulir"],
        "terverifikasi": d["terverifikasi"],
        "diganti": d["diganti"],
        "angka": d["angka"],
        "foto_sha256": d["foto_sha256"] or "",
        "foto": [p["sha256"] for p in d["foto"]],
    }


def _tps_rows_csv(contest: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    keys = _pair_keys(contest)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        ["kontestasi", "kode_tps", "status_formulir", "terverifikasi", "diganti"]
        + [f"suara_{k}" for k in keys]
        + SCALAR_COLUMNS
        + ["foto_sha256_angka", "foto_sha256_semua"]
    )
    for r in rows:
        n = r["angka"]
        w.writerow(
            [
                contest["kode"],
                r["kode"],
                r["status_formulir"],
                _flag(r["terverifikasi"]),
                _flag(r["diganti"]),
            ]
            + ([n["suara"].get(k, 0) for k in keys] if n else [""] * len(keys))
            + ([n[c] for c in SCALAR_COLUMNS] if n else [""] * len(SCALAR_COLUMNS))
            + [r["foto_sha256"], " ".join(r["foto"])]
        )
    return buf.getvalue()


def contest_dump(contest: Contest) -> dict[str, Any]:
    """Every level of one contest in one document (schema `dump`)."""
    kab = regency_code()
    kecs = list(
        Kecamatan.objects.filter(kabupaten_id=kab).order_by("kode").values_list("kode", "nama")
    )
    desas = list(
        Desa.objects.filter(kecamatan__kabupaten_id=kab)
        .order_by("kode")
        .values_list("kode", "nama")
    )
    t = totals(contest=contest, area_codes=[kab] + [k for k, _ in kecs] + [k for k, _ in desas])
    gone = superseded(contest)
    photos: dict[str, list[str]] = {}
    for tps, sha in (
        Photo.objects.filter(contest=contest)
        .order_by("uploaded_at", "pk")
        .values_list("tps_id", "sha256")
    ):
        photos.setdefault(tps, []).append(sha)
    forms = {f.tps_id: f for f in CHasil.objects.filter(contest=contest).select_related("counted")}
    tps_rows = []
    for kode in (
        Tps.objects.filter(kode__startswith=kab).order_by("kode").values_list("kode", flat=True)
    ):
        f = forms.get(kode)
        counted = f.counted if f else None
        tps_rows.append(
            {
                "kode": kode,
                "status_formulir": f.status if f else CHasil.Status.BELUM,
                "terverifikasi": counted is not None,
                "diganti": kode in gone,
                "angka": _numbers_out(_numbers(counted)) if counted and kode not in gone else None,
                "foto_sha256": counted.photo_sha256 if counted else "",
                "foto": photos.get(kode, []),
            }
        )

    def area(kode: str, nama: str, tingkat: str) -> dict[str, Any]:
        n = t[kode]
        return {
            "kode": kode,
            "nama": nama,
            "tingkat": tingkat,
            "angka": _numbers_out(n),
            "partisipasi": _turnout(n),
            "unggul": _leader(n),
        }

    return {
        "skema": "pilkada-hasil-lengkap/1",
        "kontestasi": _contest_out(contest),
        "per": clock.now().isoformat(),
        "kabupaten": area(kab, "", "kabupaten") | {"nama": _kab_name(kab)},
        "kecamatan": [area(k, n, "kecamatan") for k, n in kecs],
        "desa": [area(k, n, "desa") for k, n in desas],
        "tps": tps_rows,
    }


def _kab_name(kode: str) -> str:
    from pilkada.wilayah.models import Kabupaten

    k = Kabupaten.objects.filter(pk=kode).first()
    return str(k.nama) if k else kode


def _levels_csv(dump: dict[str, Any]) -> str:
    keys = _pair_keys(dump["kontestasi"])
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        ["kontestasi", "kode", "nama", "tingkat"]
        + [f"suara_{k}" for k in keys]
        + SCALAR_COLUMNS
        + ["tps_dihitung", "partisipasi"]
    )
    for row in [dump["kabupaten"], *dump["kecamatan"], *dump["desa"]]:
        n = row["angka"]
        w.writerow(
            [dump["kontestasi"]["kode"], row["kode"], row["nama"], row["tingkat"]]
            + [n["suara"].get(k, 0) for k in keys]
            + [n[c] for c in SCALAR_COLUMNS]
            + [n["tps_dihitung"], "" if row["partisipasi"] is None else row["partisipasi"]]
        )
    return buf.getvalue()


def bulk_zip(*, actor: Any) -> bytes:
    """Everything, for every contest: levels CSV, TPS CSV (with photo hashes), JSON, schemas."""
    del actor
    return cached("zip", data_version(), _bulk_build)


def _bulk_build() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for contest in public_contests():
            dump = contest_dump(contest)
            k = contest.kode
            z.writestr(f"{k}/hasil.json", json.dumps(dump, ensure_ascii=False, indent=1))
            z.writestr(f"{k}/wilayah.csv", _levels_csv(dump))
            z.writestr(f"{k}/tps.csv", _tps_rows_csv(dump["kontestasi"], dump["tps"]))
        for path in sorted(SCHEMAS.glob("*.json")):
            z.write(path, f"skema/{path.name}")
        z.writestr(
            "BACA.txt",
            "Data terbuka hasil Pilkada (hasil hitung TPS terverifikasi, belum tentu rekapitulasi "
            "resmi kecuali pleno ditetapkan). Skema: skema/*.json. "
            "Foto: /hasil/foto/<id>/ (tautan di halaman TPS)\n",
        )
    return buf.getvalue()
