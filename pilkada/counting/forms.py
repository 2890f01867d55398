"""The web form of C.Hasil: one box per number, in the order of the paper form."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pilkada.counting.services import MAX_PHOTO_BYTES
from pilkada.counting.validators import (
    CATEGORIES,
    CATEGORY_LABELS,
    KOTAK_KOSONG,
    LABELS,
    MAX_NUMBER,
    NUMBER_FIELDS,
    SEXES,
    SUARA_FIELDS,
    SURAT_FIELDS,
)


def _box(label: str) -> forms.IntegerField:
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
            self.fields[name] = _box(LABELS[name])
        self.vote_keys = [n for n, _label in pairs]
        if len(pairs) == 1:
            pairs = [*pairs, (KOTAK_KOSONG, str(_("Kotak kosong")))]
            self.vote_keys.append(KOTAK_KOSONG)
        for n, label in pairs:
            self.fields[f"suara_{n}"] = _box(label)
        self.pairs = pairs

    def grid(self, prefix: str) -> list[tuple[str, list[forms.BoundField]]]:
        """Rows (category, [L, P, jumlah]) of a voter table, for the template."""
        return [
            (CATEGORY_LABELS[cat], [self[f"{prefix}_{cat}_{sex}"] for sex in SEXES])
            for cat in CATEGORIES
        ]

    def disabilitas(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (kind, [self[f"disabilitas_{kind}_{sex}"] for sex in SEXES])
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
