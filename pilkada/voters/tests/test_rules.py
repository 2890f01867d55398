from datetime import date

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from pilkada.voters.generator import generate, spread, typo
from pilkada.voters.rules import COLUMNS, TpsSlot, age_on, check_frame, nik_birth_part, normalise

DAY = date(2024, 11, 27)
TPS = {"1807012001001": TpsSlot(600, 0)}


def frame(rows):
    return normalise(pl.DataFrame([dict(zip(COLUMNS, r, strict=True)) for r in rows]))


def row(born: date, sex: str, kawin: str = "S", serial: int = 1):
    nik = f"180701{nik_birth_part(born, sex)}{serial:04d}"
    return (
        "1807010101200001",
        nik,
        "SITI AMINAH",
        "SUKADANA",
        f"{born:%d-%m-%Y}",
        kawin,
        sex,
        "DUSUN 1",
        "001",
        "002",
        "0",
        "S",
        "",
        "1807012001001",
    )


def check(rows):
    return check_frame(
        frame(rows),
        kabupaten="1807",
        nik_regions={"180701"},
        tps=TPS,
        voting_day=DAY,
        area_code="1807",
    )


births = st.dates(min_value=date(1920, 1, 1), max_value=date(2007, 11, 27))


@given(born=births, sex=st.sampled_from("LP"))
def test_a_consistent_adult_always_passes(born, sex):
    result = check([row(born, sex)])
    assert result.errors == []
    assert result.valid.height == 1


@given(born=births, sex=st.sampled_from("LP"))
def test_the_other_sex_always_fails_on_jenis_kelamin(born, sex):
    bad = list(row(born, sex))
    bad[6] = "P" if sex == "L" else "L"
    result = check([tuple(bad)])
    assert [(e.baris, e.kolom) for e in result.errors] == [(2, "Jenis kelamin")]


@given(born=st.dates(min_value=date(2007, 11, 28), max_value=date(2010, 1, 1)))
def test_under_17_passes_only_if_married(born):
    assert check([row(born, "L", "S")]).errors == []
    assert check([row(born, "L", "P")]).errors == []
    assert [e.kolom for e in check([row(born, "L", "B")]).errors] == ["Tanggal lahir"]
    assert age_on(born, DAY) < 17


def test_women_day_plus_40():
    assert nik_birth_part(date(1999, 7, 5), "P") == "450799"
    assert nik_birth_part(date(1999, 7, 5), "L") == "050799"


def test_out_of_region_nik_is_flagged_not_rejected():
    r = list(row(date(1980, 1, 2), "L"))
    r[1] = "3301" + r[1][4:]
    result = check([tuple(r)])
    assert result.errors == [] and result.luar_wilayah == 1


@given(n=st.integers(1, 3000), caps=st.lists(st.integers(1, 600), min_size=1, max_size=12))
def test_spread_never_exceeds_a_cap(n, caps):
    import random

    if n > sum(caps):
        return
    counts = spread(n, caps, random.Random(1))
    assert sum(counts) == n
    assert all(0 <= c <= cap for c, cap in zip(counts, caps, strict=True))


@given(
    name=st.sampled_from(["SITI AMINAH", "SUKIRMAN", "MUHAMMAD RIZKI PRATAMA"]), seed=st.integers()
)
def test_typo_changes_one_thing(name, seed):
    import random

    t = typo(random.Random(seed), name)
    assert t != name or len(set(name)) == 1
    assert abs(len(t) - len(name)) <= 1


def test_generator_truth_and_structure():
    tps = [(f"18070120010{n:02d}", 600) for n in range(1, 11)]
    rows, truth = generate(tps=tps, voters=4000, seed=3, duplicates=0.01, voting_day=DAY)
    assert len(rows) == 4000 and len(truth) == 40
    per_tps: dict[str, int] = {}
    for r in rows:
        per_tps[r[13]] = per_tps.get(r[13], 0) + 1
        born = date(int(r[4][6:]), int(r[4][3:5]), int(r[4][:2]))
        assert r[1][6:12] == nik_birth_part(born, r[6])
        assert age_on(born, DAY) >= 17
    assert max(per_tps.values()) <= 600
    families: dict[str, set[str]] = {}
    for r in rows:
        families.setdefault(r[0], set()).add(r[13])
    assert all(len(t) == 1 for t in families.values())
    for t in truth:
        a, b = rows[t.baris_asli - 2], rows[t.baris_ganda - 2]
        assert a[13] != b[13] and a[4] == b[4] and a[6] == b[6]
        assert (a[1] == b[1]) == (t.jenis == "nik")
