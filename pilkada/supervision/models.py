"""Reports (laporan) and findings (temuan) of alleged violations, their steps and evidence.

A public report and a finding entered by a Pengawas are both a `Case`; reports of the same event
are linked to one primary case (`linked_to`). The reporter's identity sits apart in `Reporter`,
encrypted, and is read only through `selectors.case_reporter_get` (assigned officers only).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pilkada.core import clock
from pilkada.supervision.rawan import INDICATOR_VARIABLE
from pilkada.supervision.workflow import (
    CATEGORY_LABELS,
    DESTINATION_LABELS,
    STATUS_LABELS,
    Status,
)
from pilkada.tps.models import Tps
from pilkada.wilayah.models import Desa

STATUS_CHOICES = [(s.value, label) for s, label in STATUS_LABELS.items()]
CATEGORY_CHOICES = [(c.value, label) for c, label in CATEGORY_LABELS.items()]
DESTINATION_CHOICES = [(d.value, label) for d, label in DESTINATION_LABELS.items()]


class Holiday(models.Model):
    """A non-working day for working-day deadlines (national holidays, cuti bersama, voting day)."""

    class Kind(models.TextChoices):
        NASIONAL = "nasional", _("Libur nasional")
        CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
        PEMILIHAN = "pemilihan", _("Libur hari pemungutan suara")

    tanggal = models.DateField(_("tanggal"), unique=True)
    nama = models.CharField(_("nama"), max_length=120)
    jenis = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        ordering = ["tanggal"]

    def __str__(self) -> str:
        return f"{self.tanggal} {self.nama}"


class Case(models.Model):
    class Kind(models.TextChoices):
        LAPORAN = "laporan", _("Laporan masyarakat")
        TEMUAN = "temuan", _("Temuan pengawas")

    class Rerun(models.TextChoices):
        HSU = "hsu", _("Penghitungan suara ulang (HSU)")
        PSU = "psu", _("Pemungutan suara ulang (PSU)")

    nomor = models.CharField(_("nomor"), max_length=30, blank=True, db_index=True)
    jenis = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    kategori = models.CharField(_("kategori"), max_length=20, choices=CATEGORY_CHOICES)
    status = models.CharField(
        _("status"), max_length=20, choices=STATUS_CHOICES, default=Status.DITERIMA.value
    )
    # The TPS code when the case is about one TPS, else the desa code (scoping by prefix).
    area_code = models.CharField(_("kode wilayah"), max_length=13, db_index=True)
    kecamatan_kode = models.CharField(max_length=6, db_index=True, editable=False)
    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="+")
    tps = models.ForeignKey(
        Tps, null=True, blank=True, on_delete=models.PROTECT, related_name="supervision_cases"
    )
    tempat = models.CharField(_("tempat kejadian"), max_length=200, blank=True)
    terlapor = models.CharField(_("terlapor"), max_length=200)
    peristiwa_pada = models.DateTimeField(_("waktu kejadian"))
    diketahui_pada = models.DateField(_("tanggal diketahui"))
    diterima_pada = models.DateTimeField(_("diterima pada"))
    uraian = models.TextField(_("uraian kejadian"))
    saksi = models.TextField(_("saksi"), blank=True)
    # Received after the 7-day filing window: registered all the same, flagged.
    terlambat = models.BooleanField(_("terlambat"), default=False)
    # The 3-day decision period was extended by 2 days for more information.
    diperpanjang = models.BooleanField(_("diperpanjang"), default=False)
    tujuan = models.CharField(
        _("diteruskan ke"), max_length=20, choices=DESTINATION_CHOICES, blank=True
    )
    perintah_ulang = models.CharField(
        _("rekomendasi HSU/PSU"), max_length=3, choices=Rerun.choices, blank=True
    )
    linked_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
        verbose_name=_("digabung ke"),
    )
    # The Pengawas who entered a finding; None for a public report.
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    petugas = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="supervision_cases"
    )
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        verbose_name = _("kasus pelanggaran")
        verbose_name_plural = _("kasus pelanggaran")
        ordering = ["-diterima_pada", "-pk"]
        indexes = [models.Index(fields=["kategori", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(linked_to=models.F("pk")), name="case_not_linked_to_itself"
            )
        ]

    def __str__(self) -> str:
        return self.nomor or f"kasus {self.pk}"


class Reporter(models.Model):
    """The reporter's identity, encrypted (crypto.py); never shown outside the case officers."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, primary_key=True, related_name="reporter"
    )
    nama_enc = models.TextField()
    alamat_enc = models.TextField(blank=True)
    kontak_enc = models.TextField(blank=True)

    class Meta:
        verbose_name = _("identitas pelapor")
        verbose_name_plural = _("identitas pelapor")

    def __str__(self) -> str:
        return f"pelapor kasus {self.case_id}"


class CaseStep(models.Model):
    """One step of a case: a transition, an extension, a link, an assignment, a Gakkumdu event.

    Every step names its actor, time, decision and document (the letter or minute number).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    at = models.DateTimeField(default=clock.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    keputusan = models.TextField(_("keputusan"), blank=True)
    dokumen = models.CharField(_("dokumen"), max_length=200, blank=True)
    # Deadline event this step records (tenggat.toml) and its date (the law counts dates).
    event = models.CharField(max_length=40, blank=True)
    event_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("langkah penanganan")
        verbose_name_plural = _("langkah penanganan")

    def __str__(self) -> str:
        return f"{self.case_id} {self.action}"


def _evidence_path(instance: "Evidence", filename: str) -> str:
    # Named by content hash only: an original file name may carry the reporter's name.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"pengawasan/bukti/{instance.sha256[:2]}/{instance.sha256}.{ext}"


class Evidence(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    berkas = models.FileField(upload_to=_evidence_path)
    nama_asli = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    ukuran = models.PositiveIntegerField()  # bytes
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("bukti")
        verbose_name_plural = _("bukti")

    def __str__(self) -> str:
        return self.sha256


INDICATOR_CHOICES = [(code, code) for code in INDICATOR_VARIABLE]


class TpsVulnerability(models.Model):
    """One indicator of the TPS rawan mapping, as recorded for one TPS."""

    tps = models.ForeignKey(Tps, on_delete=models.CASCADE, related_name="vulnerabilities")
    indikator = models.CharField(max_length=40, choices=INDICATOR_CHOICES)
    ada = models.BooleanField(default=False)
    catatan = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("indikator TPS rawan")
        verbose_name_plural = _("indikator TPS rawan")
        constraints = [
            models.UniqueConstraint(fields=["tps", "indikator"], name="tps_vulnerability_unique")
        ]

    def __str__(self) -> str:
        return f"{self.tps_id} {self.indikator}"


class ChecklistAnswer(models.Model):
    """A Pengawas TPS's voting-day answer; an irregular answer became `finding`."""

    tps = models.ForeignKey(Tps, on_delete=models.CASCADE, related_name="checklist_answers")
    pertanyaan = models.CharField(max_length=40)
    jawaban = models.BooleanField()
    catatan = models.CharField(max_length=300, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(default=clock.now)
    finding = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("jawaban daftar periksa TPS")
        verbose_name_plural = _("jawaban daftar periksa TPS")
        constraints = [
            models.UniqueConstraint(fields=["tps", "pertanyaan"], name="checklist_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.tps_id} {self.pertanyaan}"
