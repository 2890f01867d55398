from django.contrib import admin

from pilkada.audit.admin import AuditedModelAdmin
from pilkada.wilayah.models import Desa, Kabupaten, Kecamatan, Provinsi


@admin.register(Provinsi)
class ProvinsiAdmin(AuditedModelAdmin):
    list_display = ("kode", "nama")


@admin.register(Kabupaten)
class KabupatenAdmin(AuditedModelAdmin):
    list_display = ("kode", "kode_kemendagri", "nama", "versi_kode")
    exclude = ("batas",)


@admin.register(Kecamatan)
class KecamatanAdmin(AuditedModelAdmin):
    list_display = ("kode", "kode_kemendagri", "nama", "nama_kpu")
    search_fields = ("kode", "nama")
    exclude = ("batas",)


@admin.register(Desa)
class DesaAdmin(AuditedModelAdmin):
    list_display = ("kode", "kode_kemendagri", "nama", "nama_kpu", "kecamatan", "jenis")
    list_filter = ("kecamatan",)
    search_fields = ("kode", "nama", "nama_kpu")
    exclude = ("batas",)
