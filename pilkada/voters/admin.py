from django.contrib import admin

from pilkada.audit.admin import AuditedModelAdmin
from pilkada.voters.models import DuplicatePair, ImportBatch, RollExport, Voter


@admin.register(ImportBatch)
class ImportBatchAdmin(AuditedModelAdmin):
    list_display = (
        "id",
        "nama_berkas",
        "jenis",
        "status",
        "jumlah_baris",
        "jumlah_salah",
        "dibuat",
    )
    list_filter = ("status", "jenis")
    readonly_fields = [f.name for f in ImportBatch._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(Voter)
class VoterAdmin(AuditedModelAdmin):
    """Read-only and masked: NIK/NKK hashes and ciphertext are not shown."""

    list_display = ("id", "nik_masked", "nama", "jenis_kelamin", "tps_kode", "jenis", "status")
    list_filter = ("status", "jenis")
    search_fields = ("tps_kode",)
    exclude = ("identitas_enc", "nik_hash", "nkk_hash")
    readonly_fields = [
        f.name
        for f in Voter._meta.fields
        if f.name not in ("identitas_enc", "nik_hash", "nkk_hash")
    ]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(DuplicatePair)
class DuplicatePairAdmin(AuditedModelAdmin):
    list_display = ("id", "kind", "skor", "tps_kode", "keputusan", "diputus_oleh")
    list_filter = ("kind", "keputusan")
    readonly_fields = [f.name for f in DuplicatePair._meta.fields]


@admin.register(RollExport)
class RollExportAdmin(AuditedModelAdmin):
    list_display = ("penanda", "kind", "status", "diminta_oleh", "disetujui_oleh", "diunduh")
    readonly_fields = [f.name for f in RollExport._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
