"""Parse and check a regency's region files before anything is written.

Layout (documented in docs/data-layout.md), all in one directory with a common prefix:

  {prefix}_kecamatan.csv         kode_kemendagri, kode_kpu, nama_kecamatan, nama_kecamatan_kpu
                                 [, lat, lng]
  {prefix}_desa.csv              kode_kemendagri, kode_kpu, kode_kecamatan, nama_desa, nama_desa_kpu
                                 [, jenis, tps_pemilu2024_total, lat, lng]
  {prefix}_batas_kabupaten.geojson   FeatureCollection, one feature, properties.kode and .nama
  {prefix}_batas_kecamatan.geojson   FeatureCollection, properties.kode per kecamatan (optional)
  {prefix}_batas_desa.geojson        FeatureCollection, properties.kode per desa (optional)

Every problem found is reported with file, line (or feature number) and reason, and nothing is
loaded unless the whole set is clean.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pilkada.core.codes import kemendagri_from_kpu, kpu_from_kemendagri, level_of
from pilkada.core.csvfile import read_rows
from pilkada.core.exceptions import ValidationFailed

KECAMATAN_COLUMNS = ["kode_kemendagri", "kode_kpu", "nama_kecamatan", "nama_kecamatan_kpu"]
DESA_COLUMNS = ["kode_kemendagri", "kode_kpu", "kode_kecamatan", "nama_desa", "nama_desa_kpu"]
GEOMETRY_TYPES = {"Polygon", "MultiPolygon"}


@dataclass
class Unit:
    kode: str  # KPU code, digits
    kode_kemendagri: str  # dotted
    nama: str
    nama_kpu: str
    lat: float | None = None
    lng: float | None = None
    batas: dict[str, Any] | None = None
    parent: str = ""  # KPU code of the parent
    jenis: str = "desa"
    tps_pemilu2024: int = 0


@dataclass
class WilayahData:
    provinsi_kode: str
    provinsi_nama: str
    kabupaten: Unit
    kecamatan: list[Unit] = field(default_factory=list)
    desa: list[Unit] = field(default_factory=list)


class _Errors:
    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, where: str, reason: str) -> None:
        self.items.append((where, reason))

    def raise_if_any(self) -> None:
        if self.items:
            first = "; ".join(f"{w}: {r}" for w, r in self.items[:5])
            more = f" (dan {len(self.items) - 5} kesalahan lain)" if len(self.items) > 5 else ""
            raise ValidationFailed(
                f"Data wilayah ditolak, tidak ada yang dimuat. {first}{more}", self.items
            )


def _float(value: str | None) -> float | None:
    if value is None or value == "":
        return None
    return float(value)


def _code(dotted: str, kpu: str, where: str, errors: _Errors) -> tuple[str, str] | None:
    """Check a (kemendagri, kpu) pair; return (kpu digits, dotted) or None after an error."""
    try:
        from_dotted = kpu_from_kemendagri(dotted)
    except ValueError:
        errors.add(where, f"kode_kemendagri {dotted!r} tidak sah")
        return None
    if level_of(kpu) is None:
        errors.add(where, f"kode_kpu {kpu!r} tidak sah")
        return None
    if len(from_dotted) != len(kpu):
        errors.add(where, f"kode_kpu {kpu} dan kode_kemendagri {dotted} beda tingkat")
        return None
    return kpu, dotted


def _read_geojson(path: Path, errors: _Errors) -> list[tuple[int, str, str, dict[str, Any]]]:
    """[(feature number, kode digits, nama, geometry)]; problems go to `errors`."""
    name = path.name
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        errors.add(f"{name} baris {exc.lineno}", f"GeoJSON rusak: {exc.msg}")
        return []
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        errors.add(f"{name} baris 1", "bukan GeoJSON FeatureCollection")
        return []
    out = []
    for i, feature in enumerate(doc.get("features") or [], start=1):
        where = f"{name} fitur {i}"
        props = feature.get("properties") or {} if isinstance(feature, dict) else {}
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        kode = str(props.get("kode", ""))
        if not kode:
            errors.add(where, "properties.kode tidak ada")
            continue
        if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
            errors.add(where, "geometry bukan Polygon/MultiPolygon")
            continue
        if not isinstance(geometry.get("coordinates"), list) or not geometry["coordinates"]:
            errors.add(where, "geometry tanpa koordinat")
            continue
        digits = kode.replace(".", "")
        if not digits.isdigit():
            errors.add(where, f"kode {kode!r} tidak sah")
            continue
        out.append((i, digits, str(props.get("nama", "")), geometry))
    return out


def load_wilayah_files(
    directory: Path,
    *,
    prefix: str,
    kabupaten_kode: str,
    provinsi_nama: str,
    kabupaten_nama: str = "",
) -> WilayahData:
    """Read and check the files; raise ValidationFailed naming every problem found."""
    errors = _Errors()
    if level_of(kabupaten_kode) is None or len(kabupaten_kode) != 4:
        raise ValidationFailed(
            f"kode kabupaten {kabupaten_kode!r} harus 4 digit", [("--kabupaten", "harus 4 digit")]
        )

    kab_geo_path = directory / f"{prefix}_batas_kabupaten.geojson"
    kab_batas: dict[str, Any] | None = None
    if kab_geo_path.exists():
        features = _read_geojson(kab_geo_path, errors)
        for i, digits, nama, geometry in features:
            if digits != kabupaten_kode:
                errors.add(
                    f"{kab_geo_path.name} fitur {i}",
                    f"kode {digits} bukan kabupaten {kabupaten_kode}",
                )
                continue
            kab_batas = geometry
            kabupaten_nama = kabupaten_nama or nama
    if not kabupaten_nama:
        errors.add(kab_geo_path.name, "nama kabupaten tidak diketahui (beri --nama-kabupaten)")

    kec_path = directory / f"{prefix}_kecamatan.csv"
    kecamatan: dict[str, Unit] = {}
    kec_by_dotted: dict[str, str] = {}
    for line, row in read_rows(kec_path, KECAMATAN_COLUMNS):
        where = f"{kec_path.name} baris {line}"
        codes = _code(row["kode_kemendagri"], row["kode_kpu"], where, errors)
        if codes is None:
            continue
        kode, dotted = codes
        if len(kode) != 6:
            errors.add(where, f"kode {kode} bukan kode kecamatan (6 digit)")
        elif not kode.startswith(kabupaten_kode):
            errors.add(where, f"kode {kode} di luar kabupaten {kabupaten_kode}")
        elif kode in kecamatan or dotted in kec_by_dotted:
            errors.add(where, f"kode {kode} ganda")
        elif not row["nama_kecamatan"]:
            errors.add(where, "nama_kecamatan kosong")
        else:
            try:
                lat, lng = _float(row.get("lat")), _float(row.get("lng"))
            except ValueError:
                errors.add(where, "lat/lng bukan angka")
                continue
            kecamatan[kode] = Unit(
                kode=kode,
                kode_kemendagri=dotted,
                nama=row["nama_kecamatan"],
                nama_kpu=row["nama_kecamatan_kpu"],
                lat=lat,
                lng=lng,
                parent=kabupaten_kode,
            )
            kec_by_dotted[dotted] = kode

    desa_path = directory / f"{prefix}_desa.csv"
    desa: dict[str, Unit] = {}
    desa_dotted: set[str] = set()
    for line, row in read_rows(desa_path, DESA_COLUMNS):
        where = f"{desa_path.name} baris {line}"
        codes = _code(row["kode_kemendagri"], row["kode_kpu"], where, errors)
        if codes is None:
            continue
        kode, dotted = codes
        parent_ref = row["kode_kecamatan"]
        parent = kec_by_dotted.get(parent_ref) or (parent_ref if parent_ref in kecamatan else None)
        jenis = row.get("jenis") or ("kelurahan" if kode[6:7] == "1" else "desa")
        if len(kode) != 10:
            errors.add(where, f"kode {kode} bukan kode desa (10 digit)")
        elif not kode.startswith(kabupaten_kode):
            errors.add(where, f"kode {kode} di luar kabupaten {kabupaten_kode}")
        elif kode in desa or dotted in desa_dotted:
            errors.add(where, f"kode {kode} ganda")
        elif parent is None:
            errors.add(where, f"kecamatan {parent_ref!r} tidak dikenal")
        elif not kode.startswith(parent):
            errors.add(where, f"kode {kode} tidak berada di kecamatan {parent}")
        elif not row["nama_desa"]:
            errors.add(where, "nama_desa kosong")
        elif jenis not in ("desa", "kelurahan"):
            errors.add(where, f"jenis {jenis!r} harus desa atau kelurahan")
        else:
            try:
                lat, lng = _float(row.get("lat")), _float(row.get("lng"))
                tps = int(row.get("tps_pemilu2024_total") or 0)
            except ValueError:
                errors.add(where, "lat/lng/tps_pemilu2024_total bukan angka")
                continue
            desa[kode] = Unit(
                kode=kode,
                kode_kemendagri=dotted,
                nama=row["nama_desa"],
                nama_kpu=row["nama_desa_kpu"],
                lat=lat,
                lng=lng,
                parent=parent,
                jenis=jenis,
                tps_pemilu2024=tps,
            )
            desa_dotted.add(dotted)

    for level, units in (("kecamatan", kecamatan), ("desa", desa)):
        path = directory / f"{prefix}_batas_{level}.geojson"
        if not path.exists():
            continue
        for i, digits, _nama, geometry in _read_geojson(path, errors):
            unit = units.get(digits)
            if unit is None:
                errors.add(f"{path.name} fitur {i}", f"kode {digits} tidak ada di daftar {level}")
            else:
                unit.batas = geometry

    errors.raise_if_any()
    return WilayahData(
        provinsi_kode=kabupaten_kode[:2],
        provinsi_nama=provinsi_nama,
        kabupaten=Unit(
            kode=kabupaten_kode,
            kode_kemendagri=kemendagri_from_kpu(kabupaten_kode),
            nama=kabupaten_nama,
            nama_kpu=kabupaten_nama.upper(),
            batas=kab_batas,
            parent=kabupaten_kode[:2],
        ),
        kecamatan=list(kecamatan.values()),
        desa=list(desa.values()),
    )
