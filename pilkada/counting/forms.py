"""The web form of C.Hasil: one box per number, in the order of the paper form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from pilkada.counting.services import MAX_PHOTO_BYTES
from pilkada.counting.validators import (
    CATEGORIES,
    KOTAK_KOSONG,
    MAX_NUMBER,
    NUMBER_FIELDS,
    SEXES,
    SUARA_FIELDS,
    SURAT_FIELDS,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# The labels of the boxes in the reader's language (validators.LABELS holds the Indonesian ones
# that findings quote).
_HEAD: dict[str, str | StrPromise] = {
    "pemilih": _("Pemilih"),
    "pengguna": _("Pengguna hak pilih"),
    "disabilitas": _("Pemilih disabilitas"),
}
_CATEGORY: dict[str, str | StrPromise] = {
    "dpt": "DPT",
    "dptb": _("DPTb (pindahan)"),
    "dpk": _("DPK (KTP-el)"),
    "total": _("Jumlah"),
    "terdaftar": _("terdaftar"),
    "memilih": _("memilih"),
}
_SEX: dict[str, str | StrPromise] = {"l": "L", "p": "P", "jml": _("JML")}
_FIXED: dict[str, str | StrPromise] = {
    "surat_diterima": _("Surat suara diterima (termasuk cadangan)"),
    "surat_digunakan": _("Surat suara digunakan"),
    "surat_tidak_digunakan": _("Surat suara tidak digunakan"),
    "surat_rusak": _("Surat suara rusak/keliru coblos"),
    "suara_sah": _("Jumlah suara sah"),
    "suara_tidak_sah": _("Jumlah suara tidak sah"),
    "suara_total": _("Jumlah suara sah dan tidak sah"),
}


def field_label(name: str) -> str | StrPromise:
    """The label of one number of the form ("Pengguna hak pilih DPTb (pindahan) P")."""
    if name in _FIXED:
        return _FIXED[name]
    prefix, rest = name.split("_", 1)
    middle, sex = rest.rsplit("_", 1)
    return format_lazy("{} {} {}", _HEAD[prefix], _CATEGORY[middle], _SEX[sex])


def _box(label: str | StrPromise) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_NUMBER,
        initial=None,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": MAX_NUMBER}),
    )


class CHasilForm(forms.Form):
    """Fields: every number of NUMBER_FIELDS, then suara_<pair> (suara_0 = kotak kosong)."""

    foto = forms.FileField(
        label=_("Foto formulir yang ditandatangani (JPEG/PNG/PDF)"),
        required=False,
        help_text=_("Maksimal %(mb)d MB. Foto tidak pernah diganti, hanya ditambah.")
        % {"mb": MAX_PHOTO_BYTES // 1024 // 1024},
    )

    def __init__(self, *args: Any, pairs: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in NUMBER_FIELDS:
            self.fields[name] = _box(field_label(name))
        self.vote_keys = [n for n, _label in pairs]
        if len(pairs) == 1:
            pairs = [*pairs, (KOTAK_KOSONG, str(_("Kotak kosong")))]
            self.vote_keys.append(KOTAK_KOSONG)
        for n, label in pairs:
            self.fields[f"suara_{n}"] = _box(label)
        self.pairs = pairs

    def grid(self, prefix: str) -> list[tuple[str | StrPromise, list[forms.BoundField]]]:
        """Rows (category, [L, P, jumlah]) of a voter table, for the template."""
        return [
            (_CATEGORY[cat], [self[f"{prefix}_{cat}_{sex}"] for sex in SEXES]) for cat in CATEGORIES
        ]

    def disabilitas(self) -> list[tuple[str | StrPromise, list[forms.BoundField]]]:
        return [
            (_CATEGORY[kind], [self[f"disabilitas_{kind}_{sex}"] for sex in SEXES])
            for kind in ("terdaftar", "memilih")
        ]

    def surat(self) -> list[forms.BoundField]:
        return [self[n] for n in SURAT_FIELDS]

    def suara(self) -> list[forms.BoundField]:
        return [self[f"suara_{n}"] for n, _label in self.pairs]

    def totals(self) -> list[forms.BoundField]:
        return [self[n] for n in SUARA_FIELDS]

    def numbers(self, data: dict[str, Any] | None = None) -> tuple[dict[str, int], dict[int, int]]:
        d = data if data is not None else self.cleaned_data
        angka = {n: int(d.get(n) or 0) for n in NUMBER_FIELDS}
        suara = {k: int(d.get(f"suara_{k}") or 0) for k in self.vote_keys}
        return angka, suara


class CorrectionForm(forms.Form):
    alasan = forms.CharField(label=_("Alasan koreksi"), widget=forms.Textarea(attrs={"rows": 2}))
    keberatan_id = forms.IntegerField(label=_("Nomor catatan keberatan"), required=False)
    kejadian = forms.CharField(
        label=_("Atau: catatan kejadian khusus (Model C.Kejadian Khusus)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class KeberatanForm(forms.Form):
    saksi = forms.CharField(label=_("Saksi / pengaju"), max_length=150)
    pasangan_nomor = forms.IntegerField(label=_("Saksi paslon nomor"), required=False, min_value=0)
    jenis = forms.ChoiceField(
        label=_("Jenis"),
        choices=[("keberatan", _("Keberatan saksi")), ("kejadian", _("Kejadian khusus"))],
    )
    isi = forms.CharField(label=_("Isi"), widget=forms.Textarea(attrs={"rows": 3}))


class JawabanForm(forms.Form):
    jawaban = forms.CharField(label=_("Jawaban"), widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(forms.Form):
    kontestasi = forms.ChoiceField(label=_("Kontestasi"), choices=[])
    berkas = forms.FileField(label=_("Berkas CSV"))

    def __init__(self, *args: Any, contests: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kontestasi"].choices = contests  # type: ignore[attr-defined]
