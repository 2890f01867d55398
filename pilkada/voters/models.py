"""The voter roll (DPT and the extra lists), its imports, duplicate review and exports.

NIK and NKK never sit in a column in clear: `nik_hash`/`nkk_hash` hold a keyed hash (AES-CMAC)
for lookup and duplicate checks, `identitas_enc` holds both encrypted (AES-CTR, checked against
the hashes on the way out; `voters.protect`) for an authorised export, and
`nik_masked` holds the one masking pattern (`core.privacy.mask`) for pages (no page shows an NKK,
so none is stored masked).
"""

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    _BigAutoField = models.BigAutoField[int, int]
else:
    _BigAutoField = models.BigAutoField


class RowIdField(_BigAutoField):
    """A big auto primary key that is SQLite's plain rowid (no AUTOINCREMENT) there.

    AUTOINCREMENT makes SQLite read and rewrite its `sqlite_sequence` row on every INSERT (about
    an eighth of the bulk import's insert cost). Without it a new row takes the largest rowid + 1,
    which could reuse the id of a deleted last row; voter records are never deleted (TMS is a
    status), so ids stay unique for the audit trail. PostgreSQL keeps its identity column.
    """

    def db_type_suffix(self, connection: Any) -> str | None:
        if connection.vendor == "sqlite":
            return None
        suffix = super().db_type_suffix(connection)  # type: ignore[misc]  # not in django-stubs
        return str(suffix) if suffix is not None else None


class Jenis(models.TextChoices):
    """The three lists (labels differ between Pilkada and Pemilu texts, domain.md §2.2)."""

    DPT = "dpt", _("DPT")
    PINDAHAN = "pindahan", _("DPPh (pemilih pindahan)")
    TAMBAHAN = "tambahan", _("DPTb/DPK (pemilih dengan KTP-el)")


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        ANTRE = "antre", _("Menunggu")
        BERJALAN = "berjalan", _("Sedang diproses")
        DITOLAK = "ditolak", _("Ditolak (ada baris salah)")
        DITERIMA = "diterima", _("Diterima, masuk daftar")
        DIBATALKAN = "dibatalkan", _("Dibatalkan")
        GAGAL = "gagal", _("Gagal")

    jenis = models.CharField(max_length=10, choices=Jenis.choices, default=Jenis.DPT)
    nama_berkas = models.CharField(max_length=200)
    # SHA-256 of the uploaded bytes: the same file imported twice is recognised.
    sha256 = models.CharField(max_length=64, blank=True)
    # Name of the encrypted copy waiting under var/impor/ (random, so nothing can collide).
    spool = models.CharField(max_length=40, blank=True, editable=False)
    area_code = models.CharField(max_length=13)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ANTRE)
    tahap = models.CharField(_("tahap"), max_length=60, blank=True)
    persen = models.PositiveSmallIntegerField(default=0)
    jumlah_baris = models.PositiveIntegerField(default=0)
    jumlah_sah = models.PositiveIntegerField(default=0)
    jumlah_salah = models.PositiveIntegerField(default=0)
    jumlah_masuk = models.PositiveIntegerField(default=0)
    jumlah_ganda_nik = models.PositiveIntegerField(default=0)
    pesan = models.TextField(blank=True)
    dibuat_oleh = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dibuat = models.DateTimeField()
    selesai = models.DateTimeField(null=True, blank=True)
    diputus_oleh = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("impor daftar pemilih")
        verbose_name_plural = _("impor daftar pemilih")
        ordering = ["-dibuat"]

    def __str__(self) -> str:
        return f"{self.nama_berkas} ({self.get_status_display()})"


class ImportRowError(models.Model):
    """One rejected cell: row number, column, masked value, reason (Bahasa Indonesia)."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="errors")
    baris = models.PositiveIntegerField()
    kolom = models.CharField(max_length=40)
    nilai = models.CharField(max_length=60, blank=True)
    alasan = models.CharField(max_length=200)

    class Meta:
        ordering = ["baris", "kolom"]

    def __str__(self) -> str:
        return f"baris {self.baris} {self.kolom}: {self.alasan}"


class Voter(models.Model):
    class Status(models.TextChoices):
        AKTIF = "aktif", _("Terdaftar")
        TMS = "tms", _("Tidak memenuhi syarat (TMS)")

    class Kawin(models.TextChoices):
        BELUM = "B", _("Belum kawin")
        KAWIN = "S", _("Kawin")
        PERNAH = "P", _("Pernah kawin")

    class Kelamin(models.TextChoices):
        L = "L", _("Laki-laki")
        P = "P", _("Perempuan")

    id = RowIdField(primary_key=True, serialize=False, verbose_name="ID")
    # Plain codes, no foreign-key constraint: the import checks them, and bulk loads stay fast.
    batch_id = models.BigIntegerField(null=True, blank=True)
    tps_kode = models.CharField(max_length=13)
    jenis = models.CharField(max_length=10, choices=Jenis.choices, default=Jenis.DPT)
    status = models.CharField(max_length=5, choices=Status.choices, default=Status.AKTIF)
    tms_kode = models.PositiveSmallIntegerField(null=True, blank=True)
    tms_keterangan = models.CharField(max_length=200, blank=True)
    nik_hash = models.CharField(max_length=32)
    nkk_hash = models.CharField(max_length=32)
    nik_masked = models.CharField(max_length=16)
    identitas_enc = models.CharField(max_length=36)
    nik_luar_wilayah = models.BooleanField(default=False)
    nama = models.CharField(max_length=100)
    tempat_lahir = models.CharField(max_length=60, blank=True)
    tanggal_lahir = models.DateField()
    status_kawin = models.CharField(max_length=1, choices=Kawin.choices)
    jenis_kelamin = models.CharField(max_length=1, choices=Kelamin.choices)
    alamat = models.CharField(max_length=200, blank=True)
    rt = models.CharField(max_length=3, blank=True)
    rw = models.CharField(max_length=3, blank=True)
    # 0 none; 1 physical, 2 intellectual, 3 mental, 4 speech, 5 hearing, 6 visual (domain §2.3).
    disabilitas = models.PositiveSmallIntegerField(default=0)
    ktp_el = models.CharField(max_length=1, default="S")
    keterangan = models.CharField(max_length=60, blank=True)
    baris = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("pemilih")
        verbose_name_plural = _("pemilih")
        # Byte-order operator classes on PostgreSQL (ignored on SQLite, which compares bytes
        # anyway): hex hashes and TPS codes have no linguistic order, equality and prefix (LIKE
        # 'kode%') lookups use them, and the bulk import's rebuild sorts them several times
        # faster than under the database's collation (docs/voters.md).
        indexes = [
            models.Index(
                fields=["nik_hash"], name="voter_nik_hash", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(
                fields=["tps_kode", "status"],
                name="voter_tps_status",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nik_masked} {self.tps_kode}"


class DuplicatePair(models.Model):
    """Two records that may be one person; a PPS/KPU operator decides."""

    class Kind(models.TextChoices):
        NIK = "nik", _("NIK sama")
        PROBABLE = "mirip", _("Kemungkinan orang yang sama")

    class Decision(models.TextChoices):
        OPEN = "", _("Belum diputus")
        GANDA = "ganda", _("Ganda")
        BUKAN = "bukan", _("Bukan ganda")

    a = models.ForeignKey(Voter, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(Voter, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    skor = models.FloatField(default=100.0)
    # Denormalised from `a` for scoping the queue by area.
    tps_kode = models.CharField(max_length=13, db_index=True)
    keputusan = models.CharField(max_length=5, choices=Decision.choices, blank=True, default="")
    disimpan = models.ForeignKey(
        Voter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    diputus_oleh = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    diputus = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pasangan kemungkinan ganda")
        verbose_name_plural = _("pasangan kemungkinan ganda")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["a", "b"], name="duplicate_pair_unique")]

    def __str__(self) -> str:
        return f"{self.a_id}~{self.b_id} ({self.kind})"


class RollExport(models.Model):
    """A full-roll export: asked by one user, approved by another, watermarked, traceable."""

    class Kind(models.TextChoices):
        SALINAN = "salinan", _("Salinan 7 elemen (tanpa NIK/NKK)")
        LENGKAP = "lengkap", _("Lengkap 13 elemen (NIK/NKK terbuka)")

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu persetujuan")
        DISETUJUI = "disetujui", _("Disetujui")
        DITOLAK = "ditolak", _("Ditolak")
        DIUNDUH = "diunduh", _("Sudah diunduh")

    penanda = models.CharField(max_length=32, unique=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    area_code = models.CharField(max_length=13)
    alasan = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MENUNGGU)
    diminta_oleh = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    diminta = models.DateTimeField()
    disetujui_oleh = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    disetujui = models.DateTimeField(null=True, blank=True)
    diunduh = models.DateTimeField(null=True, blank=True)
    jumlah_baris = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("ekspor daftar pemilih")
        verbose_name_plural = _("ekspor daftar pemilih")
        ordering = ["-diminta"]

    def __str__(self) -> str:
        return f"{self.penanda} ({self.kind})"


class DptPosting(models.Model):
    """The TPS's DPT posted ("diumumkan") at the village/TPS for voters to check."""

    tps_kode = models.CharField(max_length=13, unique=True)
    ditempel_pada = models.DateField(_("tanggal ditempel"))
    dicatat_pada = models.DateTimeField()
    dicatat_oleh = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("pengumuman DPT di TPS")
        verbose_name_plural = _("pengumuman DPT di TPS")
        ordering = ["tps_kode"]

    def __str__(self) -> str:
        return f"DPT {self.tps_kode} {self.ditempel_pada}"


class InvitationDelivery(models.Model):
    """How many C.Pemberitahuan (voter invitations) of one TPS have reached their voters."""

    tps_kode = models.CharField(max_length=13, unique=True)
    jumlah = models.PositiveIntegerField(_("jumlah tersampaikan"))
    tanggal = models.DateField(_("tanggal"))
    dicatat_pada = models.DateTimeField()
    dicatat_oleh = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("penyampaian C.Pemberitahuan")
        verbose_name_plural = _("penyampaian C.Pemberitahuan")
        ordering = ["tps_kode"]

    def __str__(self) -> str:
        return f"C.Pemberitahuan {self.tps_kode}: {self.jumlah}"
