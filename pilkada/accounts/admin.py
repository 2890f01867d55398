from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from pilkada.accounts.models import ApiToken, User
from pilkada.audit.admin import AuditedModelAdmin


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "role", "area_code", "is_active", "is_staff")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "area_code")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,  # type: ignore[misc]
        ("Peran dan wilayah", {"fields": ("role", "area_code", "phone")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Peran dan wilayah", {"fields": ("role", "area_code")}),
    )
    audit_sensitive = ("password", "phone")


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    list_display = ("user", "name", "created_at", "last_used_at", "revoked")
    readonly_fields = ("key_hash", "created_at", "last_used_at")
