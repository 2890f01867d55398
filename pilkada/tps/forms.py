from django import forms
from django.utils.translation import gettext_lazy as _

from pilkada.tps.models import MAX_VOTERS_PER_TPS


class TpsEditForm(forms.Form):
    alamat = forms.CharField(label=_("Alamat"), max_length=200, required=False)
    lat = forms.FloatField(label=_("Lintang"), min_value=-90, max_value=90, required=False)
    lng = forms.FloatField(label=_("Bujur"), min_value=-180, max_value=180, required=False)
    batas_pemilih = forms.IntegerField(
        label=_("Batas pemilih"), min_value=1, max_value=MAX_VOTERS_PER_TPS
    )
    lokasi_khusus = forms.BooleanField(label=_("TPS lokasi khusus"), required=False)
    keterangan = forms.CharField(label=_("Keterangan"), max_length=200, required=False)
