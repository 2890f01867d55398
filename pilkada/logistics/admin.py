from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pilkada.audit.admin import AuditedModelAdmin
from pilkada.logistics.models import Item, Shipment, ShipmentLine


@admin.register(Item)
class ItemAdmin(AuditedModelAdmin):
    """The catalogue is data the back office may adjust (quantities per TPS, names)."""

    list_display = ("kode", "nama", "jenis", "basis", "per_tps", "satuan", "contest_kode")
    list_filter = ("jenis", "basis")


class ShipmentLineInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ShipmentLine
    extra = 0
    readonly_fields = ("item", "qty_dispatched", "qty_received", "qty_damaged")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Shipment)
class ShipmentAdmin(AuditedModelAdmin):
    """Read-only: dispatches and receipts are recorded through the services (rules apply)."""

    list_display = ("id", "leg", "from_code", "to_code", "status", "dispatched_at", "received_at")
    list_filter = ("leg", "status")
    search_fields = ("from_code", "to_code", "nomor_ba")
    inlines = [ShipmentLineInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
