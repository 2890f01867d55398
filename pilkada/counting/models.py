"""C.Hasil-KWK per TPS and contest: photos, entered versions, running totals, plenaries, objections.

Nothing here is overwritten. Every set of numbers typed (first entry, second entry, import,
correction) is an `Entry` row that is never changed; `CHasil` only points at the entry that
currently counts. `Tally` holds the running totals per desa, kecamatan and kabupaten, updated in
the same transaction as each verification (no full re-scan per submission).
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pilkada.pemilihan.models import Contest
from pilkada.tps.models import Tps


class Level(models.TextChoices):
    TPS = "tps", _("TPS (KPPS)")
    DESA = "desa", _("Desa (PPS)")
    KECAMATAN = "kecamatan", _("Kecamatan (PPK)")
    KABUPATEN = "kabupaten", _("Kabupaten (KPU)")
    PROVINSI = "provinsi", _("Provinsi (KPU Provinsi)")


class Photo(models.Model):
    """A photo (or PDF scan) of the signed form. Never replaced: a new one is added beside it."""

    tps = models.ForeignKey(Tps, on_delete=models.PROTECT, related_name="c_hasil_photos")
    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64, db_index=True)
    file = models.FileField(upload_to="c_hasil/", max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("foto C.Hasil")
        verbose_name_plural = _("foto C.Hasil")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tps", "contest", "sha256"], name="counting_photo_once_per_form"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tps_id} {self.sha256[:12]}"


class CHasil(models.Model):
    """The form of one TPS for one contest: its status and the entry that currently counts."""

    class Status(models.TextChoices):
        BELUM = "belum", _("Belum diisi")
        PERLU_KOREKSI = "perlu_koreksi", _("Perlu koreksi")
        MENUNGGU = "menunggu", _("Menunggu entri kedua")
        SELISIH = "selisih", _("Entri berbeda")
        TERVERIFIKASI = "terverifikasi", _("Terverifikasi")

    tps = models.ForeignKey(Tps, on_delete=models.PROTECT, related_name="c_hasil")
    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.BELUM)
    # Entries typed since the last verification belong to this cycle; a verification (or a
    # correction) closes it. Double entry compares entries of the open cycle only.
    cycle = models.PositiveIntegerField(default=1)
    counted = models.ForeignKey(
        "Entry", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    counted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("formulir C.Hasil")
        verbose_name_plural = _("formulir C.Hasil")
        ordering = ["tps", "contest"]
        constraints = [
            models.UniqueConstraint(fields=["tps", "contest"], name="counting_one_form_per_tps")
        ]

    def __str__(self) -> str:
        return f"C.Hasil {self.tps_id} {self.contest_id}"


class Entry(models.Model):
    """One set of numbers as typed by one person. Immutable."""

    class Kind(models.TextChoices):
        ENTRI = "entri", _("Entri")
        IMPOR = "impor", _("Impor CSV")
        KOREKSI = "koreksi", _("Koreksi")

    class Result(models.TextChoices):
        PERLU_KOREKSI = "perlu_koreksi", _("Perlu koreksi")
        MENUNGGU = "menunggu", _("Menunggu entri kedua")
        SELISIH = "selisih", _("Berbeda dengan entri lain")
        COCOK = "cocok", _("Cocok, terverifikasi")
        DITETAPKAN = "ditetapkan", _("Koreksi ditetapkan")

    form = models.ForeignKey(CHasil, on_delete=models.PROTECT, related_name="entries")
    # Denormalised for scoping by code prefix and for history pages.
    tps_kode = models.CharField(max_length=13, db_index=True)
    cycle = models.PositiveIntegerField()
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.ENTRI)
    level = models.CharField(max_length=10, choices=Level.choices)
    angka = models.JSONField()
    # Votes by pair number as a string key ("0" = kotak kosong).
    suara = models.JSONField()
    findings = models.JSONField(default=list)
    result = models.CharField(max_length=16, choices=Result.choices)
    # The entry this one was compared with (double entry), if any.
    compared_with = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    photo = models.ForeignKey(
        Photo, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    # The numbers are bound to this hash (the photo they were read from), even if shown apart.
    photo_sha256 = models.CharField(max_length=64, blank=True)
    reason = models.TextField(blank=True)
    keberatan = models.ForeignKey(
        "Keberatan", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField()
    # Set by API clients: the same key from the same user is the same submission (counted once).
    idempotency_key = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("entri C.Hasil")
        verbose_name_plural = _("entri C.Hasil")
        ordering = ["entered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["entered_by", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="counting_entry_idempotent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tps_kode} #{self.pk} {self.kind}"

    def votes(self) -> dict[int, int]:
        return {int(k): int(v) for k, v in self.suara.items()}


class Tally(models.Model):
    """Running totals of the counted forms inside one area (desa, kecamatan or kabupaten)."""

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="+")
    area_code = models.CharField(max_length=10)
    suara = models.JSONField(default=dict)
    suara_sah = models.BigIntegerField(default=0)
    suara_tidak_sah = models.BigIntegerField(default=0)
    suara_total = models.BigIntegerField(default=0)
    pemilih = models.BigIntegerField(default=0)
    pengguna = models.BigIntegerField(default=0)
    tps_count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("jumlah berjalan")
        verbose_name_plural = _("jumlah berjalan")
        constraints = [
            models.UniqueConstraint(fields=["contest", "area_code"], name="counting_tally_unique")
        ]

    def __str__(self) -> str:
        return f"{self.contest_id} {self.area_code}"

    def as_numbers(self) -> dict[str, Any]:
        return {
            "suara": {int(k): int(v) for k, v in self.suara.items()},
            "suara_sah": self.suara_sah,
            "suara_tidak_sah": self.suara_tidak_sah,
            "suara_total": self.suara_total,
            "pemilih": self.pemilih,
            "pengguna": self.pengguna,
            "tps_count": self.tps_count,
        }


class Keberatan(models.Model):
    """A witness objection or special incident (Model C.Kejadian Khusus dan/atau Keberatan-KWK)."""

    class Jenis(models.TextChoices):
        KEBERATAN = "keberatan", _("Keberatan saksi")
        KEJADIAN = "kejadian", _("Kejadian khusus")

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=10, choices=Level.choices)
    # TPS, kecamatan or kabupaten code where it was raised.
    area_code = models.CharField(max_length=13, db_index=True)
    jenis = models.CharField(max_length=10, choices=Jenis.choices, default=Jenis.KEBERATAN)
    saksi = models.CharField(_("saksi / pengaju"), max_length=150)
    pasangan_nomor = models.PositiveSmallIntegerField(null=True, blank=True)
    isi = models.TextField(_("isi keberatan / kejadian"))
    jawaban = models.TextField(_("jawaban / tindak lanjut"), blank=True)
    dijawab_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dijawab_at = models.DateTimeField(null=True, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    dibuat_at = models.DateTimeField()

    class Meta:
        verbose_name = _("keberatan / kejadian khusus")
        verbose_name_plural = _("keberatan / kejadian khusus")
        ordering = ["-dibuat_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.area_code}"


class Pleno(models.Model):
    """A recapitulation plenary (PPK, KPU Kabupaten, or KPU Provinsi for a governor race) that
    locks its level once two people approved it."""

    class Status(models.TextChoices):
        DIAJUKAN = "diajukan", _("Diajukan")
        TERKUNCI = "terkunci", _("Ditetapkan (terkunci)")

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=10, choices=Level.choices)
    area_code = models.CharField(max_length=6)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DIAJUKAN)
    # Berita acara data.
    nomor_berita_acara = models.CharField(max_length=100)
    tempat = models.CharField(max_length=150)
    tanggal = models.DateField()
    hadir = models.TextField(_("yang hadir (anggota, saksi, pengawas)"), blank=True)
    catatan = models.TextField(blank=True)
    # The totals read out at the plenary, as they stood when it was approved.
    totals = models.JSONField(default=dict)
    diajukan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    diajukan_at = models.DateTimeField()
    disetujui_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    disetujui_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rapat pleno rekapitulasi")
        verbose_name_plural = _("rapat pleno rekapitulasi")
        ordering = ["contest", "area_code"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "area_code"], name="counting_one_pleno")
        ]

    def __str__(self) -> str:
        return f"Pleno {self.level} {self.area_code}"
