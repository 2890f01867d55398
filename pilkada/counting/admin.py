"""Back office: C.Hasil data is read-only here (versions are never edited); objections may be
read and searched. Every write goes through the services."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pilkada.audit.admin import AuditedModelAdmin
from pilkada.counting.models import CHasil, Entry, Keberatan, Photo, Pleno, Tally


class ReadOnlyAdmin(AuditedModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CHasil)
class CHasilAdmin(ReadOnlyAdmin):
    list_display = ("tps", "contest", "status", "counted", "counted_at")
    list_filter = ("contest", "status")
    search_fields = ("tps__kode",)


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ("pk", "tps_kode", "kind", "level", "result", "entered_by", "entered_at")
    list_filter = ("kind", "level", "result")
    search_fields = ("tps_kode", "idempotency_key", "photo_sha256")


@admin.register(Photo)
class PhotoAdmin(ReadOnlyAdmin):
    list_display = ("tps", "contest", "sha256", "content_type", "size", "uploaded_at")
    search_fields = ("tps__kode", "sha256")


@admin.register(Tally)
class TallyAdmin(ReadOnlyAdmin):
    list_display = ("contest", "area_code", "suara", "suara_sah", "tps_count")
    list_filter = ("contest",)


@admin.register(Keberatan)
class KeberatanAdmin(ReadOnlyAdmin):
    list_display = ("pk", "contest", "level", "area_code", "jenis", "saksi", "dibuat_at")
    list_filter = ("contest", "level", "jenis")
    search_fields = ("area_code", "saksi", "isi")


@admin.register(Pleno)
class PlenoAdmin(ReadOnlyAdmin):
    list_display = ("contest", "level", "area_code", "status", "nomor_berita_acara", "tanggal")
    list_filter = ("contest", "level", "status")
