"""Property tests of every parser of outside input: only the declared validation errors.

NIK/NKK (the voter-file rules and Cek DPT), the voter-file reader (CSV/XLSX bytes), the rules
over any frame of strings, the C.Hasil CSV parser, the number cleaning of a form and the
consistency checks. Each gets arbitrary and near-valid input from hypothesis and may answer
only with its result or `ValidationFailed`; any other exception fails. The number of inputs
tried per parser is written to docs/reliability/parsers.json (by the test that runs last).
"""

import json
import string
from collections import Counter
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pilkada.core.exceptions import ValidationFailed
from pilkada.core.privacy import mask
from pilkada.counting.importer import csv_columns, parse_csv
from pilkada.counting.services import NewEntry, _clean_numbers
from pilkada.counting.validators import NUMBER_FIELDS, Context, Form, check_form
from pilkada.voters.files import read_frame
from pilkada.voters.rules import COLUMNS, LABELS, TpsSlot, check_frame, nik_birth_part, normalise

OUT = Path(__file__).resolve().parents[1] / "docs" / "reliability" / "parsers.json"
TRIED: Counter[str] = Counter()
DAY = date(2024, 11, 27)
TPS = {"1807012001001": TpsSlot(600, 0)}
REASONS_SEEN: set[str] = set()


def tried(name: str) -> None:
    TRIED[name] += 1


@pytest.fixture(scope="module", autouse=True)
def _write_figures():
    yield
    if not TRIED:
        return
    old = json.loads(OUT.read_text()) if OUT.exists() else {}
    inputs = {**old.get("inputs_tried", {}), **dict(TRIED)}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "inputs_tried": dict(sorted(inputs.items())),
                "total": sum(inputs.values()),
                "unexpected_exceptions": 0,
            },
            indent=2,
            sort_keys=True,
        )
        + "\n"
    )


# Text that looks like what people put in spreadsheets, and the odd things they also put there.
cell = st.one_of(
    st.text(max_size=20),
    st.text(alphabet=string.digits, min_size=0, max_size=18),
    st.sampled_from(["", " ", "-", "L", "P", "B", "S", "0", "1807012001001", "31-02-1990"]),
    st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩０１２３４５６７８９²", min_size=16, max_size=16),
)


def good_row(born: date, sex: str) -> dict[str, str]:
    nik = f"180701{nik_birth_part(born, sex)}0001"
    return dict(
        zip(
            COLUMNS,
            [
                "1807010101200001",
                nik,
                "SITI AMINAH",
                "SUKADANA",
                f"{born:%d-%m-%Y}",
                "S",
                sex,
                "DUSUN 1",
                "001",
                "002",
                "0",
                "S",
                "",
                "1807012001001",
            ],
            strict=True,
        )
    )


def run_rules(rows: list[dict[str, str]]):
    frame = normalise(pl.DataFrame(rows, schema=dict.fromkeys(COLUMNS, pl.String)))
    return check_frame(
        frame, kabupaten="1807", nik_regions={"180701"}, tps=TPS, voting_day=DAY, area_code="1807"
    )


def assert_declared(result, rows: int) -> None:
    assert result.total == rows
    assert result.valid.height + result.error_rows == rows
    labels = set(LABELS.values())
    for e in result.errors:
        assert e.kolom in labels and e.alasan
        REASONS_SEEN.add(e.alasan)


@given(nik=cell, nkk=cell, born=st.dates(date(1920, 1, 1), date(2007, 1, 1)))
def test_nik_and_nkk_of_any_shape_are_checked_never_crash(nik: str, nkk: str, born: date) -> None:
    tried("nik_nkk")
    row = good_row(born, "L")
    row["nik"], row["nkk"] = nik, nkk
    result = run_rules([row])
    assert_declared(result, 1)
    ascii16 = len(nik.strip()) == 16 and all(c in string.digits for c in nik.strip())
    if not ascii16:
        # Anything but 16 ASCII digits never reaches the roll.
        assert result.error_rows == 1
    masked = mask(nik)
    if len(nik) >= 16:
        assert nik[4:-2] not in masked or set(nik[4:-2]) <= {"*"}


@given(rows=st.lists(st.fixed_dictionaries(dict.fromkeys(COLUMNS, cell)), max_size=8))
def test_voter_rules_over_any_frame_give_only_row_errors(rows: list[dict[str, str]]) -> None:
    tried("voter_rules")
    assert_declared(run_rules(rows), len(rows))


def csv_text(header: list[str], rows: list[list[str]]) -> bytes:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode()


# Headers: any names, or every column (shuffled) plus aliases that may collide with them.
headers = st.one_of(
    st.lists(
        st.sampled_from([*COLUMNS, "NIK", " Nama ", "no_kk", "JK", "kode_tps", "x", ""]),
        max_size=16,
    ),
    st.builds(
        lambda cols, extra: cols + extra,
        st.permutations(COLUMNS),
        st.lists(st.sampled_from(["NIK", " Nama ", "no_kk", "JK", "kode_tps", "x"]), max_size=2),
    ),
)


@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.builds(
            csv_text,
            headers,
            st.lists(st.lists(cell, min_size=0, max_size=16), max_size=5),
        ),
    ),
    name=st.sampled_from(["dpt.csv", "dpt.xlsx", "DPT.CSV", "tanpa-akhiran"]),
)
def test_voter_file_reader_answers_a_frame_or_validation_failed(data: bytes, name: str) -> None:
    tried("voter_file")
    try:
        frame = read_frame(data, name)
    except ValidationFailed as exc:
        assert exc.errors
        return
    assert set(COLUMNS) <= set(frame.columns)
    result = check_frame(
        frame, kabupaten="1807", nik_regions={"180701"}, tps=TPS, voting_day=DAY, area_code="1807"
    )
    assert_declared(result, frame.height)


numbers = st.one_of(
    st.integers(-(10**12), 10**12),
    st.integers(0, 600),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.none(),
)


@given(
    angka=st.dictionaries(
        st.one_of(st.sampled_from(NUMBER_FIELDS), st.text(max_size=8)), numbers, max_size=8
    ),
    suara=st.dictionaries(st.one_of(st.integers(-3, 5), st.text(max_size=3)), numbers, max_size=4),
)
@example(angka={"suara_sah": float("inf")}, suara={})  # found: OverflowError, now refused
@example(angka={}, suara={1: float("-inf")})
def test_form_numbers_are_cleaned_or_refused(angka, suara) -> None:
    tried("form_numbers")
    row = NewEntry("1807012001001", "pilgub", angka, suara)
    try:
        clean_angka, clean_suara = _clean_numbers(row, "formulir")
    except ValidationFailed as exc:
        assert exc.errors
        return
    assert set(clean_angka) == set(NUMBER_FIELDS)
    assert all(isinstance(v, int) for v in [*clean_angka.values(), *clean_suara.values()])


@given(
    angka=st.fixed_dictionaries({n: st.integers(-(10**9), 10**9) for n in NUMBER_FIELDS}),
    suara=st.dictionaries(st.integers(-2, 6), st.integers(-(10**9), 10**9), max_size=5),
    pairs=st.lists(st.integers(1, 6), min_size=1, max_size=4, unique=True),
    registered=st.integers(0, 10**6),
)
def test_consistency_checks_return_findings_never_raise(angka, suara, pairs, registered) -> None:
    tried("consistency_checks")
    ctx = Context(
        pair_numbers=tuple(sorted(pairs)), registered_dpt=registered, kotak_kosong=len(pairs) == 1
    )
    findings = check_form(Form(angka=angka, suara=suara), ctx)
    for f in findings:
        assert 0 <= f.rule <= 7 and f.code and f.message  # rule 0: the vote columns
        assert set(f.fields) <= set(NUMBER_FIELDS) | {"suara"} | {
            f"suara_{k}" for k in [*suara, *pairs, 0]
        }


@pytest.mark.django_db
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_form_csv_parser_answers_rows_or_validation_failed(world, data) -> None:
    from pilkada.counting.tests.conftest import make_contests
    from pilkada.pemilihan.models import Contest

    contest = Contest.objects.filter(kode="pilgub").first() or make_contests()["gub"]
    tried("form_csv")
    header = csv_columns(contest)
    raw = data.draw(
        st.one_of(
            st.binary(max_size=300),
            st.builds(
                csv_text,
                st.one_of(st.just(header), st.permutations(header), headers),
                st.lists(
                    st.lists(
                        st.one_of(cell, st.integers(0, 999).map(str)),
                        min_size=len(header) - 1,
                        max_size=len(header) + 1,
                    ),
                    max_size=4,
                ),
            ),
        )
    )
    try:
        rows = parse_csv(raw, contest=contest)
    except ValidationFailed as exc:
        assert exc.errors
        return
    for r in rows:
        assert len(r.tps_kode) == 13 and set(r.angka) == set(NUMBER_FIELDS)
