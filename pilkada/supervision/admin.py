"""Back office: holidays are edited here (audited); cases are read-only (services only).

The reporter's identity (Reporter) is deliberately not registered.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pilkada.audit.admin import AuditedModelAdmin
from pilkada.supervision.models import Case, Holiday, TpsVulnerability


@admin.register(Holiday)
class HolidayAdmin(AuditedModelAdmin):
    list_display = ("tanggal", "nama", "jenis")
    list_filter = ("jenis",)
    date_hierarchy = "tanggal"


class _ReadOnly(AuditedModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(_ReadOnly):
    list_display = ("nomor", "jenis", "kategori", "status", "area_code", "diterima_pada")
    list_filter = ("jenis", "kategori", "status", "terlambat")
    search_fields = ("nomor", "area_code")
    exclude = ("petugas",)


@admin.register(TpsVulnerability)
class TpsVulnerabilityAdmin(_ReadOnly):
    list_display = ("tps", "indikator", "ada", "recorded_at")
    list_filter = ("indikator", "ada")
