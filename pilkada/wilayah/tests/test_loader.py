import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from pilkada.wilayah.models import Desa, Kecamatan

FILES = [
    "lampung_timur_kecamatan.csv",
    "lampung_timur_desa.csv",
    "lampung_timur_batas_kabupaten.geojson",
    "lampung_timur_batas_kecamatan.geojson",
    "lampung_timur_batas_desa.geojson",
]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    for name in FILES:
        shutil.copy(settings.PILKADA_DATA_DIR / name, tmp_path / name)
    return tmp_path


def run(data_dir):
    call_command(
        "load_wilayah", "--dir", str(data_dir), "--prefix", "lampung_timur", "--kabupaten", "1807"
    )


def edit_line(path: Path, line_no: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line_no - 1]
    lines[line_no - 1] = lines[line_no - 1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")


@pytest.mark.django_db
def test_loads_lampung_timur(data_dir):
    run(data_dir)
    assert Kecamatan.objects.count() == 24
    assert Desa.objects.count() == 264
    d = Desa.objects.get(kode_kemendagri="18.07.01.2006")
    # Kemendagri and KPU spell this desa differently; both are kept.
    assert (d.nama, d.nama_kpu) == ("Terbangi Marga", "TERBANGGI MARGA")
    assert d.batas and d.batas["type"] in ("Polygon", "MultiPolygon")
    run(data_dir)  # idempotent
    assert Desa.objects.count() == 264


def assert_rejected(data_dir, *fragments):
    with pytest.raises(CommandError) as err:
        run(data_dir)
    for fragment in fragments:
        assert fragment in str(err.value)
    assert Kecamatan.objects.count() == 0
    assert Desa.objects.count() == 0


@pytest.mark.django_db
def test_missing_column(data_dir):
    edit_line(data_dir / "lampung_timur_desa.csv", 1, "kode_kecamatan,", "kode_kec,")
    assert_rejected(data_dir, "lampung_timur_desa.csv baris 1", "kode_kecamatan")


@pytest.mark.django_db
def test_duplicate_code(data_dir):
    path = data_dir / "lampung_timur_desa.csv"
    lines = path.read_text().splitlines(keepends=True)
    lines.append(lines[5])
    path.write_text("".join(lines))
    assert_rejected(data_dir, f"lampung_timur_desa.csv baris {len(lines)}", "ganda")


@pytest.mark.django_db
def test_code_outside_kabupaten(data_dir):
    edit_line(data_dir / "lampung_timur_kecamatan.csv", 3, "18.07.02,180702", "18.08.02,180802")
    assert_rejected(data_dir, "lampung_timur_kecamatan.csv baris 3", "di luar kabupaten 1807")


@pytest.mark.django_db
def test_desa_with_unknown_kecamatan(data_dir):
    edit_line(data_dir / "lampung_timur_desa.csv", 2, ",18.07.01,", ",18.07.99,")
    assert_rejected(
        data_dir, "lampung_timur_desa.csv baris 2", "kecamatan '18.07.99' tidak dikenal"
    )


@pytest.mark.django_db
def test_broken_geojson(data_dir):
    path = data_dir / "lampung_timur_batas_kecamatan.geojson"
    path.write_text(path.read_text()[:5000])
    assert_rejected(data_dir, "lampung_timur_batas_kecamatan.geojson baris", "GeoJSON rusak")
