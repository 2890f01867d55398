from django.contrib import admin

from pilkada.audit.admin import AuditedModelAdmin
from pilkada.tahapan.models import Rehearsal, Stage


@admin.register(Stage)
class StageAdmin(AuditedModelAdmin):
    list_display = ("nama", "mulai", "selesai", "election")
    list_filter = ("election",)


@admin.register(Rehearsal)
class RehearsalAdmin(AuditedModelAdmin):
    list_display = ("target", "active", "offset_seconds", "started_by", "started_at", "stopped_at")
