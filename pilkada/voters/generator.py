"""Synthetic voter lists for the demo, tests and benchmarks (no real person is meant).

Households of 1–6 voters share an NKK, an address, RT and RW, and sit in one TPS; NIKs follow the
real structure (kecamatan of first registration + DDMMYY, day + 40 for women, + serial); a known
share of rows are planted duplicates, whose truth is returned with the rows:

* ``nik``: the same NIK again at another TPS (40 % with a one-letter typo in the name);
* ``orang``: the same name, birth date and sex with another NIK and NKK at another TPS;
* ``orang_typo``: like ``orang`` with a one-letter typo in the name.
"""

import csv
import io
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import polars as pl

from pilkada.voters import protect
from pilkada.voters.rules import MIN_AGE, nik_birth_part

MALE_FIRST = [
    "AGUS",
    "AHMAD",
    "ANDI",
    "ARIF",
    "BAMBANG",
    "BUDI",
    "DEDI",
    "DIAN",
    "EKO",
    "FAJAR",
    "HADI",
    "HENDRA",
    "HERU",
    "ILHAM",
    "IMAM",
    "JOKO",
    "KETUT",
    "MADE",
    "MUHAMMAD",
    "NYOMAN",
    "RAHMAT",
    "RIDWAN",
    "RIZKI",
    "RUDI",
    "SLAMET",
    "SUGENG",
    "SUPARMAN",
    "SUPRIYADI",
    "TEGUH",
    "WAHYU",
    "WAYAN",
    "YUSUF",
    "ZAINAL",
    "BAYU",
    "GUNAWAN",
    "HASAN",
    "IWAN",
    "KURNIAWAN",
    "LUKMAN",
    "NANANG",
    "ABDUL",
    "ADI",
    "ADITYA",
    "AGUNG",
    "ALI",
    "ANTON",
    "ARDI",
    "ARIS",
    "ASEP",
    "BAGUS",
    "BENNY",
    "CAHYO",
    "DANI",
    "DARMAN",
    "DEDEN",
    "DENI",
    "DODI",
    "EDI",
    "ENDANG",
    "FERI",
    "FIRMAN",
    "HARIS",
    "HERMAN",
    "IRWAN",
    "ISMAIL",
    "JAJANG",
    "KOMARUDIN",
    "MARDI",
    "MULYADI",
    "NASRUL",
    "NOVAL",
    "OKI",
    "PAIJO",
    "PRIYO",
    "PURWANTO",
    "RAHMAN",
    "RAMLI",
    "ROHMAN",
    "SAIFUL",
    "SAMSUL",
    "SARIP",
    "SUHENDRA",
    "SUKRI",
    "SYAIFUL",
    "TAUFIK",
    "TOTO",
    "UJANG",
    "WAWAN",
    "YANTO",
    "YOGI",
    "YUDI",
    "ZULKIFLI",
    "FAUZAN",
    "HAMDAN",
    "KHOIRUL",
    "MUHAJIR",
    "NURDIN",
    "RIYADI",
    "SODIKIN",
    "TRI",
    "DWI",
    "ARIFIN",
    "BAHRUDIN",
    "EFENDI",
    "HAMID",
    "JUNAEDI",
    "MASHURI",
    "NGADIMAN",
    "ROSYID",
    "SUTRISNO",
    "WARSITO",
]
FEMALE_FIRST = [
    "ANI",
    "AYU",
    "DEWI",
    "EKA",
    "ENDANG",
    "FITRI",
    "INDAH",
    "KARTINI",
    "LESTARI",
    "LINA",
    "MAYA",
    "NUR",
    "NURUL",
    "PUJI",
    "PUTRI",
    "RINA",
    "RINI",
    "SITI",
    "SRI",
    "SURYANI",
    "TUTI",
    "WATI",
    "YANTI",
    "YULI",
    "KADEK",
    "KOMANG",
    "DINA",
    "ERNA",
    "HARTINI",
    "ISMI",
    "JUWITA",
    "LILIS",
    "MARLINA",
    "NOVITA",
    "RATNA",
    "SARI",
    "UMI",
    "WULAN",
    "YENI",
    "ZAHRA",
    "AISYAH",
    "ANISA",
    "ASIH",
    "DESI",
    "DIAH",
    "ELIS",
    "ERNAWATI",
    "FATIMAH",
    "HALIMAH",
    "IKA",
    "IRMA",
    "KHOTIMAH",
    "KURNIA",
    "LAILA",
    "LIA",
    "MEGA",
    "MUTIARA",
    "NENG",
    "NINING",
    "NOVI",
    "NURHAYATI",
    "RATIH",
    "RETNO",
    "RINI",
    "RISMA",
    "ROSITA",
    "SALMAH",
    "SETIA",
    "SUSI",
    "TITIN",
    "TRI",
    "UTAMI",
    "WINDA",
    "YULIA",
    "YUNI",
    "ZAKIYAH",
    "AMINAH",
    "ENI",
    "HANI",
    "IIN",
    "JUJU",
    "KOKOM",
    "MAESAROH",
    "MUNAWAROH",
    "NENGSIH",
    "PARTINI",
    "RUMINAH",
    "SUMARNI",
    "SUNARSIH",
    "TARSIH",
    "WARSINI",
    "YATI",
    "DWI",
]
LAST = [
    "SAPUTRA",
    "PRATAMA",
    "WIJAYA",
    "SANTOSO",
    "SETIAWAN",
    "HIDAYAT",
    "NUGROHO",
    "KUSUMA",
    "RAHAYU",
    "SUSANTO",
    "PURNOMO",
    "WIBOWO",
    "HARTONO",
    "GUNAWAN",
    "SIREGAR",
    "HARAHAP",
    "SEMBIRING",
    "PERMANA",
    "RAMADHAN",
    "MAULANA",
    "FAUZI",
    "HANDAYANI",
    "SUHARTO",
    "SUKMAWATI",
    "KURNIASIH",
    "ANGGRAINI",
    "FIRMANSYAH",
    "SYAHPUTRA",
    "MARPAUNG",
    "BATUBARA",
    "WIRAWAN",
    "SULISTYO",
    "PRASETYO",
    "HARYANTO",
    "ABDULLAH",
    "AFANDI",
    "ANSORI",
    "ARDIANSYAH",
    "BUDIMAN",
    "DARMAWAN",
    "EFENDI",
    "FEBRIANTO",
    "HAKIM",
    "HASIBUAN",
    "HERMAWAN",
    "HUSAIN",
    "IRAWAN",
    "ISKANDAR",
    "JAYADI",
    "KARIM",
    "KURNIAWATI",
    "LUBIS",
    "MAHENDRA",
    "MARDIANSYAH",
    "MUSTOFA",
    "NASUTION",
    "NURHADI",
    "PANJAITAN",
    "PURBA",
    "RAHMADANI",
    "RIDHO",
    "ROHMAT",
    "SAFITRI",
    "SAPUTRI",
    "SETIADI",
    "SIMANJUNTAK",
    "SUDRAJAT",
    "SUGIARTO",
    "SULAIMAN",
    "SUPRIATNA",
    "SUSILO",
    "TAMBUNAN",
    "TANJUNG",
    "UTOMO",
    "WAHYUDI",
    "WARDANI",
    "WULANDARI",
    "YULIANTI",
    "ZULKARNAEN",
    "AGUSTINA",
    "APRILIANI",
    "FEBRIANI",
    "JULIANSYAH",
    "OKTAVIANI",
    "NOVIANTI",
    "DESRIANI",
    "MARLIANA",
    "PANGESTU",
    "HARDIANSYAH",
]
SYL_START = [
    "SU",
    "SA",
    "PA",
    "KA",
    "WA",
    "MA",
    "TU",
    "DA",
    "RA",
    "JU",
    "SI",
    "TA",
    "NGA",
    "SO",
    "KAR",
    "SAR",
    "PAR",
    "WAR",
    "MAR",
]
SYL_MID = [
    "KI",
    "RI",
    "MI",
    "NI",
    "YA",
    "WA",
    "DI",
    "GI",
    "TI",
    "HAR",
    "JO",
    "NO",
    "TO",
    "MIN",
    "YAN",
    "RAT",
    "RO",
    "LA",
]
SYL_END_L = ["MAN", "NO", "TO", "JO", "DI", "RAN", "MIN", "YONO", "WANTO", "RJO", "PAN", "DIN"]
SYL_END_P = ["YEM", "NAH", "SIH", "TI", "NI", "YATI", "WATI", "NEM", "RAH", "SIEM", "INAH", "TUN"]
PLACES_OUT = [
    "BANDAR",
    "LAMPUNG",
    "METRO",
    "KOTABUMI",
    "PRINGSEWU",
    "KALIANDA",
    "JAKARTA",
    "BANDUNG",
    "SEMARANG",
    "SURABAYA",
    "YOGYAKARTA",
    "SOLO",
    "KEDIRI",
    "MADIUN",
    "BANYUMAS",
    "CILACAP",
    "KEBUMEN",
    "PURWOREJO",
    "BLITAR",
    "PALEMBANG",
]
STREETS = [
    "DUSUN",
    "JL. MERDEKA",
    "JL. SUDIRMAN",
    "JL. PEMUDA",
    "JL. PASAR",
    "JL. RAYA",
    "JL. MASJID",
    "JL. SAWAH",
]
HOUSEHOLD_SIZES = (1, 2, 3, 4, 5, 6)
HOUSEHOLD_WEIGHTS = (14, 30, 24, 18, 9, 5)
DUP_KINDS = (("nik", 0.5), ("orang", 0.3), ("orang_typo", 0.2))


@dataclass(frozen=True)
class Truth:
    baris_asli: int
    baris_ganda: int
    jenis: str


def syllabic(rng: random.Random, sex: str) -> str:
    mid = rng.choice(SYL_MID) if rng.random() < 0.6 else ""
    end = rng.choice(SYL_END_L if sex == "L" else SYL_END_P)
    return rng.choice(SYL_START) + mid + end


def voter_name(rng: random.Random, sex: str) -> str:
    first = MALE_FIRST if sex == "L" else FEMALE_FIRST
    r = rng.random()
    if r < 0.35:
        return f"{rng.choice(first)} {rng.choice(LAST)}"
    if r < 0.60:
        return f"{rng.choice(first)} {rng.choice(first)} {rng.choice(LAST)}"
    if r < 0.80:
        return syllabic(rng, sex)
    return f"{rng.choice(first)} {syllabic(rng, sex)}"


def typo(rng: random.Random, name: str) -> str:
    """One-letter change (substitute, drop or swap) that keeps the name a name."""
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    i = rng.choice(letters[1:] or letters)
    kind = rng.random()
    if kind < 0.5:
        alt = rng.choice([c for c in "AIUEOYHNRS" if c != name[i]])
        return name[:i] + alt + name[i + 1 :]
    if kind < 0.8 and len(letters) > 4:
        return name[:i] + name[i + 1 :]
    if i + 1 < len(name) and name[i + 1].isalpha() and name[i + 1] != name[i]:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name[:i] + ("A" if name[i] != "A" else "E") + name[i + 1 :]


def spread(n: int, caps: Sequence[int], rng: random.Random) -> list[int]:
    """n voters over TPS with the given caps: near the mean, varied, none over its cap."""
    if n > sum(caps):
        raise ValueError(f"{n} pemilih tidak muat di {len(caps)} TPS")
    t = len(caps)
    counts = [0] * t
    base, rest = divmod(n, t)
    for i in range(t):
        counts[i] = min(base + (1 if i < rest else 0), caps[i])
    short = n - sum(counts)
    i = 0
    while short > 0:
        room = caps[i % t] - counts[i % t]
        if room > 0:
            add = min(room, short)
            counts[i % t] += add
            short -= add
        i += 1
    # Vary the sizes, but keep every TPS within ~85 % of the mean (real TPS are formed full).
    floor = max(1, int(base * 0.85))
    for _ in range(t):
        a, b = rng.randrange(t), rng.randrange(t)
        k = min(rng.randint(0, 60), counts[a] - floor, caps[b] - counts[b])
        if a != b and k > 0:
            counts[a] -= k
            counts[b] += k
    return counts


def generate(
    *,
    tps: Sequence[tuple[str, int]],
    voters: int,
    seed: int,
    duplicates: float,
    voting_day: date,
    places: Sequence[str] = (),
    serials: dict[str, int] | None = None,
) -> tuple[list[tuple[str, ...]], list[Truth]]:
    """Rows in `rules.COLUMNS` order (TPS as its 13-digit code) and the planted duplicates.

    `serials`: the NIK serial per (region + birth part), shared by the calls of one province
    so no two kabupaten issue the same NIK by chance (see `generate_province`).
    """
    rng = random.Random(seed)
    codes = [k for k, _ in tps]
    counts = spread(voters, [c for _, c in tps], rng)
    n_dup = round(voters * duplicates)
    # Slots for the copies, spread over TPS; the rest of each TPS is households.
    reserved = [0] * len(codes)
    per_tps = max(3, int(voters / len(codes) * duplicates * 3) + 1)
    pool = [i for i, c in enumerate(counts) for _ in range(min(c - 1, per_tps))]
    rng.shuffle(pool)
    for i in pool[:n_dup]:
        reserved[i] += 1
    home_places = [p.upper() for p in places] or ["SUKADANA"]
    latest = date(voting_day.year - MIN_AGE, voting_day.month, voting_day.day)
    kec_codes = sorted({c[:6] for c in codes})
    nik_serials: dict[str, int] = {} if serials is None else serials
    kk_serial = 0

    def new_nik(region: str, born: date, sex: str) -> str:
        head = region + nik_birth_part(born, sex)
        s = nik_serials.get(head, rng.randint(0, 20)) + 1
        nik_serials[head] = s
        return f"{head}{s:04d}"

    def new_nkk(region: str) -> str:
        nonlocal kk_serial
        kk_serial += 1
        rec = voting_day - timedelta(days=rng.randint(200, 9000))
        return f"{region}{rec:%d%m%y}{kk_serial % 10000:04d}"

    def birth(min_age: int, max_age: int) -> date:
        days = rng.randint(min_age * 365 + 5, max_age * 365)
        b = voting_day - timedelta(days=days)
        return min(b, latest)

    by_tps: list[list[list[str]]] = [[] for _ in codes]
    for t, code in enumerate(codes):
        need = counts[t] - reserved[t]
        rows = by_tps[t]
        while need > 0:
            size = min(rng.choices(HOUSEHOLD_SIZES, HOUSEHOLD_WEIGHTS)[0], need)
            need -= size
            region = code[:6]
            nkk = new_nkk(region)
            street = rng.choice(STREETS)
            alamat = (
                f"DUSUN {rng.randint(1, 9)}"
                if street == "DUSUN"
                else f"{street} NO. {rng.randint(1, 200)}"
            )
            rt, rw = f"{rng.randint(1, 30):03d}", f"{rng.randint(1, 9):03d}"
            head_age = rng.randint(22 + 2 * (size - 1), 85)
            for m in range(size):
                if m == 0:
                    sex, born = rng.choice("LLLP"), birth(head_age, head_age + 1)
                    kawin = "S" if size > 1 else rng.choice("BSP")
                elif m == 1:
                    sex, born = ("P" if rows[-1][6] == "L" else "L"), birth(20, head_age + 3)
                    kawin = "S"
                else:
                    sex = rng.choice("LP")
                    born = birth(MIN_AGE, max(MIN_AGE + 1, head_age - 17))
                    kawin = "B" if rng.random() < 0.8 else "S"
                if rng.random() < 0.9:
                    nik_region = region
                elif rng.random() < 0.7:
                    nik_region = rng.choice(kec_codes)
                else:
                    nik_region = rng.choice(("187101", "187201", "330101", "351501"))
                place = rng.choice(home_places) if rng.random() < 0.75 else rng.choice(PLACES_OUT)
                rows.append(
                    [
                        nkk,
                        new_nik(nik_region, born, sex),
                        voter_name(rng, sex),
                        place,
                        f"{born:%d-%m-%Y}",
                        kawin,
                        sex,
                        alamat,
                        rt,
                        rw,
                        rng.choices("0123456", (985, 4, 2, 3, 1, 2, 3))[0],
                        "S" if rng.random() < 0.97 else "B",
                        "",
                        code,
                    ]
                )
    # Plant the copies: source from a random TPS, copy into a reserved slot elsewhere.
    slots = [t for t, r in enumerate(reserved) for _ in range(r)]
    rng.shuffle(slots)
    copies: list[tuple[int, int, int, str]] = []  # (source tps, source idx, target tps, kind)
    used: set[tuple[int, int]] = set()
    for target in slots:
        while True:
            s = rng.randrange(len(codes))
            if s == target or not by_tps[s]:
                continue
            idx = rng.randrange(len(by_tps[s]))
            if (s, idx) not in used:
                used.add((s, idx))
                break
        r = rng.random()
        kind = "nik" if r < DUP_KINDS[0][1] else ("orang" if r < 0.8 else "orang_typo")
        copies.append((s, idx, target, kind))
    copy_rows: dict[int, list[tuple[list[str], int, int, str]]] = {}
    for s, idx, target, kind in copies:
        src = by_tps[s][idx]
        row = list(src)
        row[13] = codes[target]
        born = date(int(src[4][6:10]), int(src[4][3:5]), int(src[4][0:2]))
        if kind == "nik":
            if rng.random() < 0.4:
                row[2] = typo(rng, src[2])
        else:
            row[1] = new_nik(codes[target][:6], born, src[6])
            if kind == "orang_typo":
                row[2] = typo(rng, src[2])
        row[0] = new_nkk(codes[target][:6])
        row[7] = f"DUSUN {rng.randint(1, 9)}"
        row[8], row[9] = f"{rng.randint(1, 30):03d}", f"{rng.randint(1, 9):03d}"
        copy_rows.setdefault(target, []).append((row, s, idx, kind))
    # Lay out the file TPS by TPS and number the rows (header is line 1).
    out: list[tuple[str, ...]] = []
    line_of: dict[tuple[int, int], int] = {}
    pending: list[tuple[int, int, int, str]] = []
    for t in range(len(codes)):
        for i, row in enumerate(by_tps[t]):
            line_of[(t, i)] = len(out) + 2
            out.append(tuple(row))
        for row, s, idx, kind in copy_rows.get(t, []):
            pending.append((s, idx, len(out) + 2, kind))
            out.append(tuple(row))
    truth = [Truth(line_of[(s, idx)], line, kind) for s, idx, line, kind in pending]
    return out, truth


@dataclass(frozen=True)
class Kabupaten:
    """One kabupaten/kota of a province roll: its TPS (code, room) and how many voters."""

    kode: str
    tps: Sequence[tuple[str, int]]
    voters: int
    places: Sequence[str] = ()


def share_by_weight(total: int, weights: dict[str, int]) -> dict[str, int]:
    """`total` split in proportion to `weights` (largest remainder, sums exactly to total)."""
    whole = sum(weights.values())
    exact = {k: total * w / whole for k, w in weights.items()}
    out = {k: int(v) for k, v in exact.items()}
    rest = total - sum(out.values())
    for k in sorted(exact, key=lambda k: (out[k] - exact[k], k))[:rest]:
        out[k] += 1
    return out


def generate_province(
    kabupaten: Sequence[Kabupaten],
    *,
    seed: int,
    duplicates: float,
    cross: float,
    voting_day: date,
    sink: Callable[[str, list[tuple[str, ...]]], None],
) -> list[Truth]:
    """A province roll, one kabupaten at a time (memory: one kabupaten), with the truth.

    Each kabupaten gets `generate(...)` with `duplicates` planted inside it; on top, a share
    `cross` of the province's voters are registered a second time in ANOTHER kabupaten (same
    NIK, or another NIK with or without a one-letter name typo: `DUP_KINDS`), the copies
    counted in the target kabupaten's `voters`. `sink(kode, rows)` receives each kabupaten's
    rows in order, then `sink("lintas", copies)` the cross-kabupaten copies (whose TPS are in
    their target kabupaten). Truth lines number the rows of all sinks in order from 2, as
    one CSV file with a header would.
    """
    rng = random.Random(seed)
    k = len(kabupaten)
    if k < 2 and cross > 0:
        raise ValueError("duplikat lintas kabupaten perlu paling sedikit dua kabupaten")
    total = sum(kb.voters for kb in kabupaten)
    n_cross = round(total * cross)
    weights = [kb.voters for kb in kabupaten]
    incoming = [0] * k
    outgoing: list[list[tuple[int, str]]] = [[] for _ in range(k)]
    for target in rng.choices(range(k), weights=weights, k=n_cross):
        source = target
        while source == target:
            source = rng.choices(range(k), weights=weights)[0]
        r = rng.random()
        kind = "nik" if r < DUP_KINDS[0][1] else ("orang" if r < 0.8 else "orang_typo")
        incoming[target] += 1
        outgoing[source].append((target, kind))
    serials: dict[str, int] = {}
    truth: list[Truth] = []
    used: dict[str, int] = {}
    pending: list[tuple[tuple[str, ...], int, int, str]] = []  # source row, its line, target
    line = 2
    for i, kb in enumerate(kabupaten):
        rows, planted = generate(
            tps=kb.tps,
            voters=kb.voters - incoming[i],
            seed=rng.randrange(2**31),
            duplicates=duplicates,
            voting_day=voting_day,
            places=kb.places,
            serials=serials,
        )
        truth += [
            Truth(t.baris_asli + line - 2, t.baris_ganda + line - 2, t.jenis) for t in planted
        ]
        # Sources are people not already part of a planted pair (a pair stays a pair).
        taken = {t.baris_asli - 2 for t in planted} | {t.baris_ganda - 2 for t in planted}
        free = [j for j in range(len(rows)) if j not in taken] if taken else range(len(rows))
        for j, (target, kind) in zip(rng.sample(free, len(outgoing[i])), outgoing[i], strict=True):
            pending.append((rows[j], line + j, target, kind))
        for voter in rows:
            used[voter[13]] = used.get(voter[13], 0) + 1
        line += len(rows)
        sink(kb.kode, rows)
        del rows
    copies: list[tuple[str, ...]] = []
    for src, src_line, target, kind in pending:
        tps = kabupaten[target].tps
        for _ in range(50):
            code, cap = tps[rng.randrange(len(tps))]
            if used.get(code, 0) < cap:
                break
        used[code] = used.get(code, 0) + 1
        copy = list(src)
        copy[13] = code
        if kind != "nik":
            born = date(int(src[4][6:10]), int(src[4][3:5]), int(src[4][0:2]))
            head = code[:6] + nik_birth_part(born, src[6])
            serial = serials.get(head, rng.randint(0, 20)) + 1
            serials[head] = serial
            copy[1] = f"{head}{serial:04d}"
        if kind == "orang_typo" or (kind == "nik" and rng.random() < 0.4):
            copy[2] = typo(rng, src[2])
        rec = voting_day - timedelta(days=rng.randint(200, 9000))
        copy[0] = f"{code[:6]}{rec:%d%m%y}{9000 + len(copies) % 1000:04d}"
        copy[7] = f"DUSUN {rng.randint(1, 9)}"
        copy[8], copy[9] = f"{rng.randint(1, 30):03d}", f"{rng.randint(1, 9):03d}"
        truth.append(Truth(src_line, line + len(copies), kind))
        copies.append(tuple(copy))
    sink("lintas", copies)
    return truth


HEADER = [
    "NKK",
    "NIK",
    "Nama",
    "Tempat Lahir",
    "Tanggal Lahir",
    "Status Perkawinan",
    "Jenis Kelamin",
    "Alamat",
    "RT",
    "RW",
    "Disabilitas",
    "Status KTP-el",
    "Keterangan",
    "TPS",
]


def write_csv(path: Path, rows: Sequence[Sequence[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(rows)


def csv_bytes(rows: Sequence[Sequence[str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(HEADER)
    w.writerows(rows)
    return buf.getvalue().encode()


def write_truth(path: Path, truth: Sequence[Truth]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["baris_asli", "baris_ganda", "jenis"])
        w.writerows((t.baris_asli, t.baris_ganda, t.jenis) for t in truth)


def pseudonymous(rows: Sequence[Sequence[str]], *, first_line: int, key: bytes) -> pl.DataFrame:
    """The roll as the Spark path reads it: line number as id, NIK only as its keyed hash.

    Columns `linkage_spark.ROLL_COLUMNS`; the hash is `protect.keyed_hash`'s (AES-CMAC, base64)
    under a key derived from `key`. No clear NIK or NKK leaves this function.
    """
    niks = pl.Series([r[1] for r in rows], dtype=pl.String)
    return pl.DataFrame(
        {
            "id": range(first_line, first_line + len(rows)),
            "nik_hash": protect.hash_column(niks, secret=key),
            "nama": [r[2] for r in rows],
            "tempat": [r[3] for r in rows],
            "lahir": [r[4] for r in rows],
            "jk": [r[6] for r in rows],
            "tps": [r[13] for r in rows],
        },
        schema={
            "id": pl.Int64,
            "nik_hash": pl.String,
            "nama": pl.String,
            "tempat": pl.String,
            "lahir": pl.String,
            "jk": pl.String,
            "tps": pl.String,
        },
    ).with_columns(
        pl.col("lahir").str.strptime(pl.Date, "%d-%m-%Y"),
        pl.col("tps").str.slice(0, 4).alias("kabupaten"),
    )
