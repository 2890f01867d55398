"""Shared fixtures: a small world (one kabupaten, two kecamatan, three desa, TPS, users)."""

import os
from dataclasses import dataclass

import pytest
from hypothesis import settings as hypothesis_settings

from pilkada.accounts.models import User
from pilkada.accounts.roles import Role
from pilkada.accounts.services import user_create
from pilkada.tps.models import Tps
from pilkada.wilayah.models import Desa, Kabupaten, Kecamatan, Provinsi

hypothesis_settings.register_profile("ci", max_examples=200, deadline=None)
hypothesis_settings.register_profile("dev", max_examples=50, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

PASSWORD = "rahasia-uji-123"


@dataclass
class World:
    kabupaten: Kabupaten
    kecamatan_a: Kecamatan
    kecamatan_b: Kecamatan
    desa_a1: Desa
    desa_a2: Desa
    desa_b1: Desa
    tps: dict[str, Tps]


def make_user(username: str, role: str, area: str, *, is_staff: bool = False) -> User:
    return user_create(
        actor=None,
        username=username,
        password=PASSWORD,
        role=role,
        area_code=area,
        is_staff=is_staff,
    )


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def build_world() -> World:
    """The small world; also used by class-level test data (`setUpTestData`)."""
    prov = Provinsi.objects.create(kode="18", kode_kemendagri="18", nama="Lampung")
    kab = Kabupaten.objects.create(
        kode="1807", kode_kemendagri="18.07", provinsi=prov, nama="Lampung Timur"
    )
    kec_a = Kecamatan.objects.create(
        kode="180701", kode_kemendagri="18.07.01", kabupaten=kab, nama="Sukadana"
    )
    kec_b = Kecamatan.objects.create(
        kode="180702", kode_kemendagri="18.07.02", kabupaten=kab, nama="Labuhan Maringgai"
    )
    d_a1 = Desa.objects.create(
        kode="1807012001",
        kode_kemendagri="18.07.01.2001",
        kecamatan=kec_a,
        nama="Sukadana",
        nama_kpu="SUKADANA",
    )
    d_a2 = Desa.objects.create(
        kode="1807012002",
        kode_kemendagri="18.07.01.2002",
        kecamatan=kec_a,
        nama="Pakuan Aji",
        nama_kpu="PAKUAN AJI",
    )
    d_b1 = Desa.objects.create(
        kode="1807022001",
        kode_kemendagri="18.07.02.2001",
        kecamatan=kec_b,
        nama="Labuhan Maringgai",
        nama_kpu="LABUHAN MARINGGAI",
    )
    tps = {}
    for desa in (d_a1, d_a2, d_b1):
        for nomor in (1, 2):
            t = Tps(
                kode=f"{desa.kode}{nomor:03d}",
                desa=desa,
                nomor=nomor,
                alamat=f"Balai Desa {desa.nama}",
            )
            t.save()
            tps[t.kode] = t
    return World(kab, kec_a, kec_b, d_a1, d_a2, d_b1, tps)


@pytest.fixture
def users(world: World) -> dict[str, User]:
    return {
        "kpu": make_user("kpu", Role.KPU_ADMIN, "1807", is_staff=True),
        "ppk_a": make_user("ppk_a", Role.PPK, "180701"),
        "pps_a1": make_user("pps_a1", Role.PPS, "1807012001"),
        "pps_a2": make_user("pps_a2", Role.PPS, "1807012002"),
        "kpps_a1": make_user("kpps_a1", Role.KPPS, "1807012001001"),
        "bawaslu": make_user("bawaslu", Role.BAWASLU, "1807"),
        "auditor": make_user("auditor", Role.AUDITOR, "1807"),
        "kades_a1": make_user("kades_a1", Role.KEPALA_DESA, "1807012001"),
    }
