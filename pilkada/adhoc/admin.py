from django.contrib import admin

from pilkada.adhoc.models import Member
from pilkada.audit.admin import AuditedModelAdmin


@admin.register(Member)
class MemberAdmin(AuditedModelAdmin):
    list_display = ("unit_code", "body", "position", "nama", "aktif", "dilatih")
    list_filter = ("body", "position", "aktif", "dilatih")
    search_fields = ("unit_code", "nama")
    audit_sensitive = ("nama", "telepon", "no_rekening")
