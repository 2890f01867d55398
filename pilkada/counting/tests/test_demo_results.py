"""Demo results: bulk double entry through the services, summing to the file; idempotent."""

from datetime import date
from pathlib import Path

import pytest

from pilkada.core.exceptions import PermissionDenied
from pilkada.counting.models import CHasil, Entry
from pilkada.counting.selectors import totals
from pilkada.counting.services import demo_results_load
from pilkada.pemilihan.models import Contest, Election, Pair

CSV = (
    "kode_kecamatan_kpu,nama_kecamatan,jumlah_tps_pilkada2024,bupati_paslon_1,bupati_paslon_2,"
    "gubernur_paslon_1,gubernur_paslon_2\n"
    "180701,Sukadana,4,1210,640,420,1390\n"
    "180702,Labuhan Maringgai,2,580,371,190,760\n"
)


@pytest.mark.django_db
def test_demo_results_verified_and_summing_to_the_file(users, tmp_path: Path) -> None:
    e = Election.objects.create(kode="u", nama="U", tanggal=date(2024, 11, 27), kode_wilayah="1807")
    for kode, jenis, wil in (("pilgub", "gubernur", "18"), ("pilbup", "bupati", "1807")):
        c = Contest.objects.create(
            election=e, kode=kode, jenis=jenis, kode_wilayah=wil, nama_wilayah=wil
        )
        for n in (1, 2):
            Pair.objects.create(contest=c, nomor_urut=n, calon=f"C{n}", wakil=f"W{n}")
    (tmp_path / "lampung_timur_pilkada2024_kecamatan.csv").write_text(CSV)
    kpu, ppk = users["kpu"], users["bawaslu"]
    with pytest.raises(PermissionDenied):  # Bawaslu may not enter results
        demo_results_load(first=kpu, second=ppk, data_dir=tmp_path, area_code="1807")
    from conftest import make_user

    kpu2 = make_user("kpu2", "kpu_admin", "1807")
    assert demo_results_load(first=kpu, second=kpu2, data_dir=tmp_path, area_code="1807") == 12
    bup = Contest.objects.get(kode="pilbup")
    t = totals(contest=bup, area_codes=["1807", "180701", "180702"])
    assert t["180701"]["suara"] == {1: 1210, 2: 640}
    assert t["180702"]["suara"] == {1: 580, 2: 371}
    assert t["1807"]["tps_count"] == 6
    assert CHasil.objects.filter(status="terverifikasi").count() == 12
    assert not Entry.objects.exclude(findings=[]).exists()
    # A second run finds everything counted and changes nothing.
    assert demo_results_load(first=kpu, second=kpu2, data_dir=tmp_path, area_code="1807") == 0
    assert Entry.objects.count() == 24
