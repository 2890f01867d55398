from django.contrib import admin

from pilkada.audit.admin import AuditedModelAdmin
from pilkada.tps.models import Tps


@admin.register(Tps)
class TpsAdmin(AuditedModelAdmin):
    list_display = ("kode", "nomor", "desa", "kecamatan_kode", "lokasi_khusus", "batas_pemilih")
    list_filter = ("kecamatan_kode", "lokasi_khusus")
    search_fields = ("kode", "desa__nama", "alamat")
    raw_id_fields = ("desa",)
    list_select_related = ("desa",)
