"""Contests for the small test world: a governor race with two pairs, a regency race with one."""

from datetime import date

import pytest

from pilkada.pemilihan.models import Contest, Election, Pair


def make_contests() -> dict[str, Contest]:
    election = Election.objects.create(
        kode="uji-2024", nama="Pilkada Uji", tanggal=date(2024, 11, 27), kode_wilayah="1807"
    )
    gub = Contest.objects.create(
        election=election,
        kode="pilgub",
        jenis=Contest.Jenis.GUBERNUR,
        kode_wilayah="18",
        nama_wilayah="Lampung",
        urutan=1,
    )
    bup = Contest.objects.create(
        election=election,
        kode="pilbup",
        jenis=Contest.Jenis.BUPATI,
        kode_wilayah="1807",
        nama_wilayah="Lampung Timur",
        urutan=2,
    )
    for n in (1, 2):
        Pair.objects.create(contest=gub, nomor_urut=n, calon=f"Calon {n}", wakil=f"Wakil {n}")
    # A single-pair contest: the empty box is the second column.
    Pair.objects.create(contest=bup, nomor_urut=1, calon="Calon Tunggal", wakil="Wakil Tunggal")
    return {"gub": gub, "bup": bup}


@pytest.fixture
def contests(world: object) -> dict[str, Contest]:
    return make_contests()
