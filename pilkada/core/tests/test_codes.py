import pytest
from hypothesis import given
from hypothesis import strategies as st

from pilkada.core.codes import (
    Level,
    covers,
    kemendagri_from_kpu,
    kpu_from_kemendagri,
    level_of,
    parent_code,
    tps_code,
)
from pilkada.core.money import format_rupiah, to_rupiah
from pilkada.core.privacy import mask, mask_name


def test_levels_by_length():
    assert level_of("18") is Level.PROVINSI
    assert level_of("1807") is Level.KABUPATEN
    assert level_of("180701") is Level.KECAMATAN
    assert level_of("1807012001") is Level.DESA
    assert level_of("1807012001001") is Level.TPS
    assert level_of("18070") is None
    assert level_of("18.07") is None


def test_kemendagri_and_kpu_round_trip():
    assert kpu_from_kemendagri("18.07.01.2006") == "1807012006"
    assert kemendagri_from_kpu("1807012006") == "18.07.01.2006"
    with pytest.raises(ValueError, match="tidak sah"):
        kpu_from_kemendagri("18.7.01")


@given(st.from_regex(r"\A\d{2}(\d{2}(\d{2}(\d{4})?)?)?\Z"))
def test_round_trip_property(code):
    assert kpu_from_kemendagri(kemendagri_from_kpu(code)) == code


def test_parent_and_tps_code():
    assert parent_code("1807012001001") == "1807012001"
    assert parent_code("1807012001") == "180701"
    assert parent_code("18") is None
    assert tps_code("1807012001", 7) == "1807012001007"
    with pytest.raises(ValueError):
        tps_code("1807012001", 0)


def test_covers_is_prefix():
    assert covers("1807", "1807012001001")
    assert covers("", "1807")
    assert not covers("1807012001", "1807012002001")


def test_money_and_masking():
    assert format_rupiah(69_000_000_000) == "Rp69.000.000.000"
    from decimal import Decimal

    assert to_rupiah(Decimal("1000.5")) == 1001
    assert mask("1807014507990001") == "1807**********01"
    assert mask("12") == "**"
    assert mask_name("Siti Aminah") == "S*** A*****"
