"""The fields of Model C.Hasil-KWK and its consistency rules, as pure typed functions.

No ORM here: the same `check_form` runs while a form is typed (htmx), in the API, in the bulk
import and before a form is counted. Rules follow ../shared/docs/domain.md §4.3 (numbered 1-7
there and in `Finding.rule`). The function flags; it never changes a number.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

# Reserve of ballots on top of the DPT: 2.5 % rounded up (domain.md §4.3 rule 5, §3).
RESERVE_RATE_PERMILLE = 25
# KawalPemilu: a number outside 0..999 cannot be on a TPS form (domain.md §4.3 rule 7).
MAX_NUMBER = 999

# Section A: voters (pemilih) and section B: voters who voted (pengguna hak pilih), each with
# L (laki-laki), P (perempuan) and total (jumlah). DPT = final roll, DPTb = movers, DPK = voters
# with KTP-el only (the Pilkada guide calls them DPPh; domain.md §10 q2).
CATEGORIES = ("dpt", "dptb", "dpk", "total")
SEXES = ("l", "p", "jml")


def _triplets(prefix: str) -> list[str]:
    return [f"{prefix}_{cat}_{sex}" for cat in CATEGORIES for sex in SEXES]


PEMILIH_FIELDS = _triplets("pemilih")
PENGGUNA_FIELDS = _triplets("pengguna")
DISABILITAS_FIELDS = [
    f"disabilitas_{kind}_{sex}" for kind in ("terdaftar", "memilih") for sex in SEXES
]
SURAT_FIELDS = ["surat_diterima", "surat_digunakan", "surat_tidak_digunakan", "surat_rusak"]
SUARA_FIELDS = ["suara_sah", "suara_tidak_sah", "suara_total"]
# Every number on the form other than the votes per pair, in the order of the paper form.
NUMBER_FIELDS: tuple[str, ...] = tuple(
    PEMILIH_FIELDS + PENGGUNA_FIELDS + DISABILITAS_FIELDS + SURAT_FIELDS + SUARA_FIELDS
)
# Key of the empty box ("kotak kosong") in the votes of a single-pair contest.
KOTAK_KOSONG = 0

CATEGORY_LABELS = {
    "dpt": "DPT",
    "dptb": "DPTb (pindahan)",
    "dpk": "DPK (KTP-el)",
    "total": "Jumlah",
}
LABELS: dict[str, str] = {
    **{
        f"{prefix}_{cat}_{sex}": f"{head} {CATEGORY_LABELS[cat]} {sex.upper()}"
        for prefix, head in (("pemilih", "Pemilih"), ("pengguna", "Pengguna hak pilih"))
        for cat in CATEGORIES
        for sex in SEXES
    },
    **{
        f"disabilitas_{kind}_{sex}": f"Pemilih disabilitas {kind} {sex.upper()}"
        for kind in ("terdaftar", "memilih")
        for sex in SEXES
    },
    "surat_diterima": "Surat suara diterima (termasuk cadangan)",
    "surat_digunakan": "Surat suara digunakan",
    "surat_tidak_digunakan": "Surat suara tidak digunakan",
    "surat_rusak": "Surat suara rusak/keliru coblos",
    "suara_sah": "Jumlah suara sah",
    "suara_tidak_sah": "Jumlah suara tidak sah",
    "suara_total": "Jumlah suara sah dan tidak sah",
}


@dataclass(frozen=True)
class Form:
    """The numbers of one C.Hasil: `angka` by field name, `suara` by pair number (0 = empty box)."""

    angka: Mapping[str, int]
    suara: Mapping[int, int]

    def get(self, name: str) -> int:
        return int(self.angka.get(name, 0))

    def total_votes(self) -> int:
        return sum(self.suara.values())


@dataclass(frozen=True)
class Finding:
    rule: int
    code: str
    fields: tuple[str, ...]
    message: str
    severity: str = "galat"

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "code": self.code,
            "fields": list(self.fields),
            "message": self.message,
            "severity": self.severity,
        }


@dataclass(frozen=True)
class Context:
    """What the check needs besides the form: the pairs of the contest and the registered DPT."""

    pair_numbers: tuple[int, ...]
    # Tps.jumlah_dpt (kept by the voters app); 0 = unknown, the comparison is then skipped.
    registered_dpt: int = 0
    kotak_kosong: bool = field(default=False)

    @property
    def vote_keys(self) -> tuple[int, ...]:
        return (*self.pair_numbers, KOTAK_KOSONG) if self.kotak_kosong else self.pair_numbers


def reserve(dpt: int) -> int:
    """Reserve ballots for a DPT: 2.5 % rounded up."""
    return math.ceil(dpt * RESERVE_RATE_PERMILLE / 1000)


def _vote_label(key: int) -> str:
    return "kotak kosong" if key == KOTAK_KOSONG else f"paslon {key:02d}"


def check_form(form: Form, ctx: Context) -> list[Finding]:
    """All consistency findings of one form (empty list = consistent). Pure and deterministic."""
    out: list[Finding] = []
    g = form.get

    # Shape: exactly the contest's pairs (and the empty box for a single-pair contest).
    keys = set(form.suara)
    expected = set(ctx.vote_keys)
    if keys != expected:
        missing = sorted(expected - keys)
        extra = sorted(keys - expected)
        out.append(
            Finding(
                0,
                "kolom_suara",
                ("suara",),
                "Kolom suara tidak sesuai pasangan calon: "
                + ", ".join(
                    [f"kurang {_vote_label(k)}" for k in missing]
                    + [f"tidak dikenal {_vote_label(k)}" for k in extra]
                )
                + ".",
            )
        )

    # Rule 7a: every number 0..999.
    for name in NUMBER_FIELDS:
        v = g(name)
        if v < 0 or v > MAX_NUMBER:
            out.append(
                Finding(
                    7,
                    "di_luar_rentang",
                    (name,),
                    f"{LABELS[name]} = {v}: angka di TPS harus 0 sampai {MAX_NUMBER}.",
                )
            )
    for key, v in sorted(form.suara.items()):
        if v < 0 or v > MAX_NUMBER:
            out.append(
                Finding(
                    7,
                    "di_luar_rentang",
                    (f"suara_{key}",),
                    f"Suara {_vote_label(key)} = {v}: angka di TPS harus 0 sampai {MAX_NUMBER}.",
                )
            )

    # Rule 1: Σ votes per pair = valid votes.
    total_votes = form.total_votes()
    if total_votes != g("suara_sah"):
        out.append(
            Finding(
                1,
                "jumlah_suara_paslon",
                ("suara", "suara_sah"),
                f"Jumlah suara pasangan calon ({total_votes}) tidak sama dengan suara sah "
                f"({g('suara_sah')}).",
            )
        )
    # Rule 2: valid + invalid = total.
    if g("suara_sah") + g("suara_tidak_sah") != g("suara_total"):
        out.append(
            Finding(
                2,
                "sah_tidak_sah",
                ("suara_sah", "suara_tidak_sah", "suara_total"),
                f"Suara sah ({g('suara_sah')}) + tidak sah ({g('suara_tidak_sah')}) tidak sama "
                f"dengan jumlah suara ({g('suara_total')}).",
            )
        )
    # Rule 3: total votes = ballots used = voters who voted.
    if not g("suara_total") == g("surat_digunakan") == g("pengguna_total_jml"):
        out.append(
            Finding(
                3,
                "suara_surat_pengguna",
                ("suara_total", "surat_digunakan", "pengguna_total_jml"),
                f"Jumlah suara ({g('suara_total')}), surat suara digunakan "
                f"({g('surat_digunakan')}) dan pengguna hak pilih ({g('pengguna_total_jml')}) "
                "harus sama.",
            )
        )
    # Rule 4: each total = L + P; total category = DPT + DPTb + DPK (voters and who voted).
    for prefix in ("pemilih", "pengguna", "disabilitas_terdaftar", "disabilitas_memilih"):
        cats = CATEGORIES if prefix in ("pemilih", "pengguna") else ("",)
        for cat in cats:
            base = f"{prefix}_{cat}" if cat else prefix
            lval, pval, jval = g(f"{base}_l"), g(f"{base}_p"), g(f"{base}_jml")
            if lval + pval != jval:
                out.append(
                    Finding(
                        4,
                        "laki_perempuan",
                        (f"{base}_l", f"{base}_p", f"{base}_jml"),
                        f"{LABELS[base + '_jml']}: L ({lval}) + P ({pval}) tidak sama dengan "
                        f"jumlah ({jval}).",
                    )
                )
        if prefix in ("pemilih", "pengguna"):
            for sex in SEXES:
                parts = [g(f"{prefix}_{c}_{sex}") for c in ("dpt", "dptb", "dpk")]
                if sum(parts) != g(f"{prefix}_total_{sex}"):
                    out.append(
                        Finding(
                            4,
                            "jumlah_kategori",
                            tuple(f"{prefix}_{c}_{sex}" for c in CATEGORIES),
                            f"{LABELS[f'{prefix}_total_{sex}']} ({g(f'{prefix}_total_{sex}')}) "
                            f"tidak sama dengan DPT + DPTb + DPK ({sum(parts)}).",
                        )
                    )
    # Rule 5: ballots received = DPT + 2.5 % reserve; received = used + unused + damaged.
    dpt = g("pemilih_dpt_jml")
    if g("surat_diterima") != dpt + reserve(dpt):
        out.append(
            Finding(
                5,
                "surat_diterima",
                ("surat_diterima", "pemilih_dpt_jml"),
                f"Surat suara diterima ({g('surat_diterima')}) tidak sama dengan DPT + cadangan "
                f"2,5% ({dpt} + {reserve(dpt)} = {dpt + reserve(dpt)}).",
            )
        )
    accounted = g("surat_digunakan") + g("surat_tidak_digunakan") + g("surat_rusak")
    if g("surat_diterima") != accounted:
        out.append(
            Finding(
                5,
                "rekonsiliasi_surat",
                ("surat_diterima", "surat_digunakan", "surat_tidak_digunakan", "surat_rusak"),
                f"Surat suara diterima ({g('surat_diterima')}) tidak sama dengan digunakan + "
                f"tidak digunakan + rusak ({accounted}).",
            )
        )
    # Rule 6: voters from the DPT who voted <= DPT; disabled voters who voted <= all who voted.
    for sex in SEXES:
        if g(f"pengguna_dpt_{sex}") > g(f"pemilih_dpt_{sex}"):
            out.append(
                Finding(
                    6,
                    "pengguna_melebihi_dpt",
                    (f"pengguna_dpt_{sex}", f"pemilih_dpt_{sex}"),
                    f"Pengguna hak pilih DPT {sex.upper()} ({g(f'pengguna_dpt_{sex}')}) melebihi "
                    f"pemilih DPT ({g(f'pemilih_dpt_{sex}')}).",
                )
            )
    if g("disabilitas_memilih_jml") > g("pengguna_total_jml"):
        out.append(
            Finding(
                6,
                "disabilitas_melebihi_pengguna",
                ("disabilitas_memilih_jml", "pengguna_total_jml"),
                f"Pemilih disabilitas yang memilih ({g('disabilitas_memilih_jml')}) melebihi "
                f"seluruh pengguna hak pilih ({g('pengguna_total_jml')}).",
            )
        )
    # Rule 7b: votes above everyone allowed to vote here plus the 2.5 % reserve.
    allowed = dpt + g("pemilih_dptb_jml") + g("pemilih_dpk_jml") + reserve(dpt)
    if g("suara_total") > allowed:
        out.append(
            Finding(
                7,
                "melebihi_pemilih",
                ("suara_total", "pemilih_total_jml"),
                f"Jumlah suara ({g('suara_total')}) melebihi DPT + DPTb + DPK + cadangan 2,5% "
                f"({allowed}).",
            )
        )
    # Rule 7c: against the DPT registered for this TPS by the voters app.
    if ctx.registered_dpt > 0:
        reg = ctx.registered_dpt
        if dpt != reg:
            out.append(
                Finding(
                    7,
                    "dpt_terdaftar",
                    ("pemilih_dpt_jml",),
                    f"DPT pada formulir ({dpt}) berbeda dengan DPT terdaftar untuk TPS ini "
                    f"({reg}).",
                )
            )
        allowed_reg = reg + g("pemilih_dptb_jml") + g("pemilih_dpk_jml") + reserve(reg)
        if g("suara_total") > allowed_reg:
            out.append(
                Finding(
                    7,
                    "melebihi_dpt_terdaftar",
                    ("suara_total",),
                    f"Jumlah suara ({g('suara_total')}) melebihi DPT terdaftar + DPTb + DPK + "
                    f"cadangan 2,5% ({allowed_reg}).",
                )
            )
    return out


def differences(a: Form, b: Form) -> list[str]:
    """Names of the numbers in which two entries of the same form differ (double entry)."""
    names = [n for n in NUMBER_FIELDS if a.get(n) != b.get(n)]
    for key in sorted(set(a.suara) | set(b.suara)):
        if a.suara.get(key) != b.suara.get(key):
            names.append(f"suara_{key}")
    return names


def consistent_form(
    *,
    dpt_l: int,
    dpt_p: int,
    voted_l: int,
    voted_p: int,
    votes: Mapping[int, int],
    invalid: int,
    dpk_l: int = 0,
    dpk_p: int = 0,
) -> Form:
    """A form that passes every rule, for demo data and tests.

    `voted_*` are DPT voters who voted; `dpk_*` voters with only a KTP-el, who all voted.
    """
    dpt = dpt_l + dpt_p
    voted = voted_l + voted_p + dpk_l + dpk_p
    sah = sum(votes.values())
    if sah + invalid != voted:
        raise ValueError("votes + invalid must equal the voters who voted")
    angka = dict.fromkeys(NUMBER_FIELDS, 0)
    for prefix, lval, pval in (("pemilih", dpt_l, dpt_p), ("pengguna", voted_l, voted_p)):
        angka[f"{prefix}_dpt_l"] = lval
        angka[f"{prefix}_dpt_p"] = pval
        angka[f"{prefix}_dpt_jml"] = lval + pval
        angka[f"{prefix}_dpk_l"] = dpk_l
        angka[f"{prefix}_dpk_p"] = dpk_p
        angka[f"{prefix}_dpk_jml"] = dpk_l + dpk_p
        angka[f"{prefix}_total_l"] = lval + dpk_l
        angka[f"{prefix}_total_p"] = pval + dpk_p
        angka[f"{prefix}_total_jml"] = lval + pval + dpk_l + dpk_p
    received = dpt + reserve(dpt)
    angka.update(
        surat_diterima=received,
        surat_digunakan=voted,
        surat_tidak_digunakan=received - voted,
        surat_rusak=0,
        suara_sah=sah,
        suara_tidak_sah=invalid,
        suara_total=voted,
    )
    return Form(angka=angka, suara=dict(votes))
