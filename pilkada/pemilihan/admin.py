from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from pilkada.audit.admin import AuditedModelAdmin
from pilkada.pemilihan.models import Contest, Election, Pair


class PairInline(admin.TabularInline):  # type: ignore[type-arg]
    """Shown for reference; pairs are edited on their own page so every change is audited."""

    model = Pair
    extra = 0
    fields = ("nomor_urut", "calon", "wakil", "partai_pengusul")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Election)
class ElectionAdmin(AuditedModelAdmin):
    list_display = ("kode", "nama", "tanggal", "kode_wilayah")


@admin.register(Contest)
class ContestAdmin(AuditedModelAdmin):
    list_display = ("kode", "jenis", "nama_wilayah", "election")
    inlines = [PairInline]


@admin.register(Pair)
class PairAdmin(AuditedModelAdmin):
    list_display = ("contest", "nomor_urut", "calon", "wakil")
