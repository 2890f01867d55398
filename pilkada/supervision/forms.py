"""Input parsing only; rules live in services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pilkada.accounts.models import User
from pilkada.supervision.checklist import QUESTIONS
from pilkada.supervision.rawan import VARIABLES
from pilkada.supervision.services import GAKKUMDU_EVENTS, MAX_EVIDENCE_FILES
from pilkada.supervision.workflow import CATEGORY_LABELS
from pilkada.wilayah.models import Desa

CATEGORY_FIELD_CHOICES = [(c.value, label) for c, label in CATEGORY_LABELS.items()]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf,video/mp4"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data][: MAX_EVIDENCE_FILES + 1]
        return [single(data, initial)] if data else []


def desa_choices(area: str = "") -> list[tuple[str, list[tuple[str, str]]]]:
    """Desa grouped by kecamatan (optgroups), limited to an area code prefix."""
    groups: dict[str, list[tuple[str, str]]] = {}
    qs = (
        Desa.objects.filter(kode__startswith=area[:10])
        .select_related("kecamatan")
        .defer("batas", "kecamatan__batas")
        .order_by("kecamatan__nama", "nama")
    )
    for d in qs:
        groups.setdefault(d.kecamatan.nama, []).append((d.kode, d.nama))
    return list(groups.items())


class _CaseFacts(forms.Form):
    kategori = forms.ChoiceField(label=_("Jenis pelanggaran"), choices=CATEGORY_FIELD_CHOICES)
    desa = forms.ChoiceField(label=_("Desa/kelurahan tempat kejadian"))
    tps_nomor = forms.IntegerField(
        label=_("Nomor TPS (bila di TPS)"), required=False, min_value=1, max_value=999
    )
    tempat = forms.CharField(label=_("Keterangan tempat"), max_length=200, required=False)
    terlapor = forms.CharField(label=_("Terlapor (siapa yang dilaporkan)"), max_length=200)
    peristiwa_pada = forms.DateTimeField(
        label=_("Waktu kejadian"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    diketahui_pada = forms.DateField(
        label=_("Tanggal kejadian diketahui"), widget=forms.DateInput(attrs={"type": "date"})
    )
    uraian = forms.CharField(label=_("Uraian kejadian"), widget=forms.Textarea(attrs={"rows": 5}))
    saksi = forms.CharField(
        label=_("Saksi (nama, bila ada)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    bukti = MultipleFileField(
        label=_("Bukti (foto, PDF atau video; maks. 5 berkas, 10 MB per berkas)"), required=False
    )

    def __init__(self, *args: Any, area: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["desa"].choices = [("", "—"), *desa_choices(area)]  # type: ignore[attr-defined]


class ReportForm(_CaseFacts):
    """The public form (no login). Identity fields are encrypted and shown to officers only."""

    nama = forms.CharField(label=_("Nama pelapor"), max_length=120)
    alamat = forms.CharField(label=_("Alamat pelapor"), max_length=300)
    kontak = forms.CharField(label=_("Telepon atau surel"), max_length=120)
    field_order = ["nama", "alamat", "kontak"]


class FindingForm(_CaseFacts):
    pass


class EvidenceForm(forms.Form):
    bukti = MultipleFileField(label=_("Tambah bukti"), required=False)


class StepForm(forms.Form):
    keputusan = forms.CharField(
        label=_("Keputusan / pertimbangan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    dokumen = forms.CharField(label=_("Nomor dokumen"), max_length=200, required=False)
    perintah_ulang = forms.ChoiceField(
        label=_("Rekomendasi kepada KPU untuk TPS ini"),
        required=False,
        choices=[
            ("", _("Tidak ada")),
            ("hsu", _("Penghitungan suara ulang (HSU)")),
            ("psu", _("Pemungutan suara ulang (PSU)")),
        ],
    )


class AssignForm(forms.Form):
    petugas = forms.ModelMultipleChoiceField(
        label=_("Petugas"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, candidates: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["petugas"].queryset = candidates  # type: ignore[attr-defined]


class LinkForm(forms.Form):
    kasus_utama = forms.IntegerField(widget=forms.HiddenInput)
    keputusan = forms.CharField(label=_("Alasan"), max_length=300)


class GakkumduForm(forms.Form):
    tahap = forms.ChoiceField(label=_("Tahap"), choices=list(GAKKUMDU_EVENTS.items()))
    tanggal = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    keputusan = forms.CharField(label=_("Catatan"), max_length=300, required=False)
    dokumen = forms.CharField(label=_("Nomor dokumen"), max_length=200, required=False)


def _yes(value: str) -> bool:
    return value == "ya"


class RawanForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for v in VARIABLES:
            for code, label in v.indicators:
                self.fields[code] = forms.BooleanField(label=label, required=False)


class ChecklistForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for q in QUESTIONS:
            self.fields[q.code] = forms.TypedChoiceField(
                label=q.text,
                choices=[("ya", _("Ya")), ("tidak", _("Tidak"))],
                coerce=_yes,
                widget=forms.RadioSelect,
            )
            self.fields[f"{q.code}__catatan"] = forms.CharField(
                label=_("Catatan"), max_length=300, required=False
            )
