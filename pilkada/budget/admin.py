from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pilkada.audit.admin import AuditedModelAdmin
from pilkada.budget.models import (
    Allocation,
    Entitlement,
    Grant,
    GrantReturn,
    GrantTransfer,
    HonorRate,
    Payout,
    PpsTransfer,
    Realisation,
    Tranche,
)


@admin.register(HonorRate)
class HonorRateAdmin(AuditedModelAdmin):
    """Rates are data (domain.md §6.2); entitlements are recomputed by the service."""

    list_display = ("body", "position", "bulanan", "bulan_tugas", "lewat_pps", "sumber")


class ReadOnlyAdmin(AuditedModelAdmin):
    """Money is written only through the services, where the rules and the checks live."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Grant)
class GrantAdmin(ReadOnlyAdmin):
    list_display = ("nomor", "tanggal_ttd", "pemberi", "total", "hari_pemungutan")


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ("grant", "penerima_kode", "penerima_nama", "jumlah")


@admin.register(Tranche)
class TrancheAdmin(ReadOnlyAdmin):
    list_display = ("allocation", "nomor", "persen_bp", "jumlah", "batas_tanggal")


@admin.register(GrantTransfer)
class GrantTransferAdmin(ReadOnlyAdmin):
    list_display = ("tranche", "jumlah", "tanggal", "referensi")


@admin.register(Realisation)
class RealisationAdmin(ReadOnlyAdmin):
    list_display = ("allocation", "akun", "uraian", "jumlah", "tanggal")


@admin.register(GrantReturn)
class GrantReturnAdmin(ReadOnlyAdmin):
    list_display = ("allocation", "jumlah", "tanggal", "referensi")


@admin.register(Entitlement)
class EntitlementAdmin(ReadOnlyAdmin):
    list_display = ("unit_code", "body", "position", "tarif", "bulan", "bruto", "lewat_pps")
    list_filter = ("body", "lewat_pps")
    search_fields = ("unit_code",)


@admin.register(PpsTransfer)
class PpsTransferAdmin(ReadOnlyAdmin):
    list_display = ("desa_kode", "jumlah", "tanggal", "referensi")
    search_fields = ("desa_kode",)


@admin.register(Payout)
class PayoutAdmin(ReadOnlyAdmin):
    list_display = ("unit_code", "dibayar", "pajak", "diterima", "saluran", "dikonfirmasi_pada")
    list_filter = ("saluran",)
    search_fields = ("unit_code",)
