"""Back office: the audit log is read-only, and every other admin edit is audited."""

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.forms import ModelForm
from django.http import HttpRequest

from pilkada.audit.models import AuditEntry
from pilkada.audit.services import audit_log, diff, snapshot


class AuditedModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """A ModelAdmin whose saves and deletes write an audit entry in the same transaction.

    `audit_sensitive` names fields whose values are masked in the log.
    """

    audit_sensitive: tuple[str, ...] = ()

    def _fields(self, obj: models.Model) -> list[str]:
        return [f.name for f in obj._meta.concrete_fields]

    def _area(self, obj: models.Model) -> str:
        return str(getattr(obj, "area_code", "") or getattr(obj, "kode", "") or "")

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:  # type: ignore[type-arg]
        with transaction.atomic():
            before: dict[str, Any] = {}
            if change and obj.pk is not None:
                old = type(obj).objects.get(pk=obj.pk)
                before = snapshot(old, self._fields(old))
            super().save_model(request, obj, form, change)
            after = snapshot(obj, self._fields(obj))
            audit_log(
                actor=request.user,
                action="admin.object.updated" if change else "admin.object.created",
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                area_code=self._area(obj),
                changes=diff(before, after, sensitive=self.audit_sensitive),
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit_log(
                actor=request.user,
                action="admin.object.deleted",
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                area_code=self._area(obj),
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("seq", "at", "actor_label", "action", "object_type", "object_id", "area_code")
    list_filter = ("action",)
    search_fields = ("object_id", "actor_label", "action")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
