"""Rules of a voter list, vectorised over a whole file (polars), with no ORM.

The file layout (KPU Model A-Daftar Pemilih, domain.md §2.3) and every rule are described in
docs/voters.md. `check_frame` returns the rows that pass, the errors of the rows that do not
(row number, column, masked value, reason in Bahasa Indonesia), and flags.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from pilkada.core.csvfile import norm_header
from pilkada.core.privacy import mask, mask_name

# Columns of the KPU list (normalised header names) and the names they are also known by.
COLUMNS = [
    "nkk",
    "nik",
    "nama",
    "tempat_lahir",
    "tanggal_lahir",
    "status_perkawinan",
    "jenis_kelamin",
    "alamat",
    "rt",
    "rw",
    "disabilitas",
    "status_ktp_el",
    "keterangan",
    "tps",
]
REQUIRED = ["nkk", "nik", "nama", "tanggal_lahir", "status_perkawinan", "jenis_kelamin", "tps"]
ALIASES = {
    "no_kk": "nkk",
    "nomor_kk": "nkk",
    "tgl_lahir": "tanggal_lahir",
    "l/p": "jenis_kelamin",
    "jk": "jenis_kelamin",
    "status_kawin": "status_perkawinan",
    "kawin": "status_perkawinan",
    "jenis_disabilitas": "disabilitas",
    "ktp_el": "status_ktp_el",
    "status_kepemilikan_ktp_el": "status_ktp_el",
    "no_tps": "tps",
    "kode_tps": "tps",
    "alamat_jalan/dukuh": "alamat",
}
LABELS = {
    "nkk": "NKK",
    "nik": "NIK",
    "nama": "Nama",
    "tempat_lahir": "Tempat lahir",
    "tanggal_lahir": "Tanggal lahir",
    "status_perkawinan": "Status perkawinan",
    "jenis_kelamin": "Jenis kelamin",
    "alamat": "Alamat",
    "rt": "RT",
    "rw": "RW",
    "disabilitas": "Disabilitas",
    "status_ktp_el": "Status KTP-el",
    "keterangan": "Keterangan",
    "tps": "TPS",
}
MIN_AGE = 17
MAX_ERRORS_KEPT = 20_000
DATE_FORMATS = ["%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d|%m|%Y"]
KAWIN_WORDS = {"BELUM KAWIN": "B", "KAWIN": "S", "PERNAH KAWIN": "P", "CERAI": "P"}
KELAMIN_WORDS = {"LAKI-LAKI": "L", "PEREMPUAN": "P"}


@dataclass(frozen=True)
class RowError:
    baris: int
    kolom: str
    nilai: str
    alasan: str


@dataclass(frozen=True)
class TpsSlot:
    """A TPS that may receive voters: its cap and how many DPT voters it already has."""

    batas: int
    terisi: int


@dataclass
class Checked:
    valid: pl.DataFrame
    errors: list[RowError]
    total: int
    error_rows: int
    errors_total: int
    luar_wilayah: int = 0
    nik_ganda_dalam_berkas: int = 0
    notes: list[str] = field(default_factory=list)


def header_map(headers: list[str]) -> dict[str, str]:
    """Original header -> canonical column, case- and space-insensitively (unknown ones dropped)."""
    out: dict[str, str] = {}
    for h in headers:
        n = norm_header(h)
        n = ALIASES.get(n, n)
        if n in COLUMNS or n == "kode_desa":
            out[h] = n
    return out


def missing_columns(columns: list[str]) -> list[str]:
    return [LABELS[c] for c in REQUIRED if c not in columns]


def normalise(df: pl.DataFrame) -> pl.DataFrame:
    """Rename to canonical columns, add absent optional ones, strip, number the rows."""
    mapping = header_map(df.columns)
    df = df.select([pl.col(src).alias(dst) for src, dst in mapping.items()])
    for c in [*COLUMNS, "kode_desa"]:
        if c not in df.columns:
            df = df.with_columns(pl.lit("").alias(c))
    df = df.with_columns(
        [pl.col(c).cast(pl.String).fill_null("").str.strip_chars() for c in [*COLUMNS, "kode_desa"]]
    )
    # Row number as in the file: header is line 1.
    return df.with_columns((pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias("_baris"))


def _masked(column: str, value: str) -> str:
    if column in ("nik", "nkk"):
        return mask(value)
    if column == "nama":
        return mask_name(value)
    return value[:60]


def check_frame(
    df: pl.DataFrame,
    *,
    kabupaten: str,
    nik_regions: set[str],
    tps: Mapping[str, TpsSlot],
    voting_day: date,
    area_code: str,
    count_cap: bool = True,
) -> Checked:
    """Apply every rule to a normalised frame (see `normalise`)."""
    return check_prepared(
        prepare_frame(df, nik_regions=nik_regions),
        tps=tps,
        voting_day=voting_day,
        area_code=area_code,
        count_cap=count_cap,
    )


STORED_SOURCE = [*COLUMNS, "_baris", "_lahir", "_luar"]


def prepare_frame(df: pl.DataFrame, *, nik_regions: set[str]) -> pl.DataFrame:
    """The values as they will be stored, before any rule is applied: names and codes in upper
    case, words for sex and marital status as codes, the birth date parsed (`_lahir`, null where
    it does not parse), short TPS numbers made full codes, and `_luar` (NIK from outside the
    kabupaten). Columns `STORED_SOURCE`, plus what `check_prepared` reads."""
    up = pl.col
    # A file uses one date format: try the formats that parse a sample first, the rest after.
    sample = (
        df.head(1000)
        .select(
            [
                up("tanggal_lahir").str.to_date(f, strict=False).is_not_null().sum().alias(f"f{i}")
                for i, f in enumerate(DATE_FORMATS)
            ]
        )
        .row(0)
    )
    formats = [f for _, f in sorted(zip(sample, DATE_FORMATS, strict=True), key=lambda x: -x[0])]
    parsed = [up("tanggal_lahir").str.to_date(formats[0], strict=False)]
    if df.height and sample[DATE_FORMATS.index(formats[0])] < min(df.height, 1000):
        parsed += [up("tanggal_lahir").str.to_date(f, strict=False) for f in formats[1:]]
    df = df.with_columns(
        up("nama").str.to_uppercase().alias("nama"),
        up("jenis_kelamin").str.to_uppercase().replace(KELAMIN_WORDS).alias("jenis_kelamin"),
        up("status_perkawinan").str.to_uppercase().replace(KAWIN_WORDS).alias("status_perkawinan"),
        up("status_ktp_el").str.to_uppercase().replace({"": "S"}).alias("status_ktp_el"),
        up("disabilitas").replace({"": "0", "-": "0"}).alias("disabilitas"),
        pl.coalesce(parsed).alias("_lahir"),
        pl.when(up("tps").str.len_chars() <= 3)
        .then(up("kode_desa") + up("tps").str.zfill(3))
        .otherwise(up("tps"))
        .alias("tps"),
        (~up("nik").str.slice(0, 6).is_in(sorted(nik_regions))).alias("_luar"),
    )
    return df


def check_prepared(
    df: pl.DataFrame,
    *,
    tps: Mapping[str, TpsSlot],
    voting_day: date,
    area_code: str,
    count_cap: bool = True,
) -> Checked:
    """Every rule over a `prepare_frame` result. Reads no database: the import runs it in a
    thread while it already loads the prepared rows (services._import_run)."""
    latest_birth = date(voting_day.year - MIN_AGE, voting_day.month, voting_day.day)
    up = pl.col
    # ASCII digits only: `\d` also matches other scripts' digits (e.g. "٠"), whose date part
    # then failed to parse, became null and slipped past every date rule (found by
    # tests/test_parser_properties.py).
    nik_ok = up("nik").str.contains(r"^[0-9]{16}$")
    nkk_ok = up("nkk").str.contains(r"^[0-9]{16}$")
    nik_day = up("nik").str.slice(6, 2).cast(pl.Int32, strict=False)
    nik_month = up("nik").str.slice(8, 2).cast(pl.Int32, strict=False)
    nik_date_ok = (
        nik_ok
        & (nik_day.is_between(1, 31) | nik_day.is_between(41, 71))
        & nik_month.is_between(1, 12)
    ).fill_null(False)
    sex_ok = up("jenis_kelamin").is_in(["L", "P"])
    date_ok = up("_lahir").is_not_null()
    expected_part = pl.concat_str(
        [
            (up("_lahir").dt.day() + pl.when(up("jenis_kelamin") == "P").then(40).otherwise(0))
            .cast(pl.String)
            .str.zfill(2),
            up("_lahir").dt.month().cast(pl.String).str.zfill(2),
            (up("_lahir").dt.year() % 100).cast(pl.String).str.zfill(2),
        ]
    )
    nik_sex_is_p = nik_day > 40
    tps_known = up("tps").is_in(list(tps.keys()))
    rules: list[tuple[str, pl.Expr, str]] = []
    for c in REQUIRED:
        rules.append((c, up(c) == "", "wajib diisi"))
    rules += [
        ("nik", (up("nik") != "") & ~nik_ok, "NIK harus 16 angka"),
        ("nkk", (up("nkk") != "") & ~nkk_ok, "NKK harus 16 angka"),
        (
            "nik",
            nik_ok & ~nik_date_ok,
            "bagian tanggal lahir NIK (angka 7–12) tidak sah",
        ),
        (
            "tanggal_lahir",
            (up("tanggal_lahir") != "") & ~date_ok,
            "tanggal lahir tidak sah (pakai HH-BB-TTTT)",
        ),
        (
            "jenis_kelamin",
            (up("jenis_kelamin") != "") & ~sex_ok,
            "jenis kelamin harus L atau P",
        ),
        (
            "status_perkawinan",
            (up("status_perkawinan") != "") & ~up("status_perkawinan").is_in(["B", "S", "P"]),
            "status perkawinan harus B, S atau P",
        ),
        (
            "jenis_kelamin",
            nik_date_ok & sex_ok & (nik_sex_is_p != (up("jenis_kelamin") == "P")),
            "jenis kelamin tidak cocok dengan NIK (tanggal + 40 untuk perempuan)",
        ),
        (
            "tanggal_lahir",
            nik_date_ok
            & sex_ok
            & date_ok
            & (nik_sex_is_p == (up("jenis_kelamin") == "P"))
            & (up("nik").str.slice(6, 6) != expected_part),
            "tanggal lahir tidak cocok dengan NIK",
        ),
        (
            "tanggal_lahir",
            date_ok & (up("_lahir") > latest_birth) & (up("status_perkawinan") == "B"),
            f"belum berumur {MIN_AGE} tahun pada hari pemungutan suara dan belum pernah kawin",
        ),
        (
            "disabilitas",
            ~up("disabilitas").is_in(["0", "1", "2", "3", "4", "5", "6"]),
            "kode disabilitas harus 0–6",
        ),
        (
            "status_ktp_el",
            ~up("status_ktp_el").is_in(["S", "B"]),
            "status KTP-el harus S atau B",
        ),
        ("tps", (up("tps") != "") & ~tps_known, "TPS tidak ada"),
        (
            "tps",
            tps_known & ~up("tps").str.starts_with(area_code),
            "TPS di luar wilayah Anda",
        ),
        ("nama", up("nama").str.len_chars() > 100, "nama lebih dari 100 huruf"),
    ]
    if count_cap:
        cap_frame = pl.DataFrame(
            {
                "tps": list(tps.keys()),
                "_sisa": [s.batas - s.terisi for s in tps.values()],
                "_batas": [s.batas for s in tps.values()],
            },
            schema={"tps": pl.String, "_sisa": pl.Int64, "_batas": pl.Int64},
        )
        df = df.join(cap_frame, on="tps", how="left").with_columns(
            pl.int_range(1, pl.len() + 1).over("tps").alias("_urut")
        )
        rules.append(
            (
                "tps",
                tps_known & (up("_urut") > up("_sisa")),
                "TPS melebihi batas pemilih (maksimal 600)",
            )
        )
    # One pass computes every rule's flag; only rules that fail somewhere are read back.
    names = [f"_e{i}" for i in range(len(rules))]
    df = df.with_columns(
        [
            failing.fill_null(False).alias(name)
            for name, (_, failing, _) in zip(names, rules, strict=True)
        ]
    )
    counts = df.select([up(n).sum() for n in names]).row(0)
    flags = [pl.lit(False)] + [up(n) for n in names]
    errors: list[RowError] = []
    errors_total = 0
    for name, count, (column, _, reason) in zip(names, counts, rules, strict=True):
        if not count:
            continue
        errors_total += int(count)
        room = MAX_ERRORS_KEPT - len(errors)
        if room <= 0:
            continue
        bad = df.filter(up(name)).select("_baris", column).head(room)
        for baris, value in bad.iter_rows():
            text = reason
            if column == "tps" and reason.startswith("TPS melebihi"):
                text = f"TPS {value} melebihi batas pemilih (maksimal 600)"
            errors.append(RowError(int(baris), LABELS[column], _masked(column, value), text))
    df = df.with_columns(pl.any_horizontal(flags).alias("_salah"))
    error_rows = int(df["_salah"].sum())
    valid = df.filter(~up("_salah"))
    dup_in_file = valid.filter(up("nik").is_duplicated()).height
    errors.sort(key=lambda e: (e.baris, e.kolom))
    return Checked(
        valid=valid.select(STORED_SOURCE),
        errors=errors,
        total=df.height,
        error_rows=error_rows,
        errors_total=errors_total,
        luar_wilayah=int(valid["_luar"].sum()),
        nik_ganda_dalam_berkas=dup_in_file,
    )


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def nik_birth_part(born: date, sex: str) -> str:
    """NIK digits 7–12: DDMMYY, day + 40 for women (domain.md §2.4)."""
    return f"{born.day + (40 if sex == 'P' else 0):02d}{born.month:02d}{born.year % 100:02d}"
