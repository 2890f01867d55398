"""Polling stations (TPS, tempat pemungutan suara)."""

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pilkada.wilayah.models import Desa

# Pilkada 2024 ceiling of voters per TPS (domain.md §2.5).
MAX_VOTERS_PER_TPS = 600


class Tps(models.Model):
    # 10-digit desa code + 3-digit number, as KPU's Sirekap uses it (e.g. 1807012001001).
    kode = models.CharField(max_length=13, primary_key=True)
    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="tps")
    # Denormalised from desa for fast scoping and aggregation per kecamatan.
    kecamatan_kode = models.CharField(max_length=6, db_index=True, editable=False)
    nomor = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    alamat = models.CharField(_("alamat"), max_length=200, blank=True)
    lat = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    lng = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    batas_pemilih = models.PositiveSmallIntegerField(
        _("batas pemilih"),
        default=MAX_VOTERS_PER_TPS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_VOTERS_PER_TPS)],
    )
    # TPS lokasi khusus (prisons, hospitals, ...), numbered 9xx in Pemilu 2024.
    lokasi_khusus = models.BooleanField(_("lokasi khusus"), default=False)
    keterangan = models.CharField(_("keterangan"), max_length=200, blank=True)
    # Registered voters (DPT) of this TPS, kept by the voters app after every roll change so
    # logistics (ballots = DPT + 2.5 %) and the count checks read one number without a scan.
    jumlah_dpt = models.PositiveIntegerField(_("jumlah DPT"), default=0, editable=False)

    class Meta:
        verbose_name = _("TPS")
        verbose_name_plural = _("TPS")
        ordering = ["kode"]
        constraints = [
            models.UniqueConstraint(fields=["desa", "nomor"], name="tps_unique_number_in_desa"),
            models.CheckConstraint(
                condition=models.Q(nomor__gte=1, nomor__lte=999), name="tps_number_range"
            ),
            models.CheckConstraint(
                condition=models.Q(batas_pemilih__gte=1, batas_pemilih__lte=MAX_VOTERS_PER_TPS),
                name="tps_voter_cap",
            ),
        ]

    def __str__(self) -> str:
        return f"TPS {self.nomor:03d} {self.desa.nama}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The kecamatan is the first six digits of the desa code; kept in step here.
        self.kecamatan_kode = str(self.desa_id)[:6]
        super().save(*args, **kwargs)

    @property
    def nama(self) -> str:
        return f"TPS {self.nomor:03d}"


class ResultSupersession(models.Model):
    """A decision that the TPS's result no longer stands (recount/HSU or revote/PSU).

    Set by supervision (Bawaslu recommendation) or the KPU; counting resolves it when the new
    verified form arrives. While one is open, results and recapitulation show the TPS's result
    as superseded. Lives here, below both supervision and counting, so neither imports the other.
    """

    class Kind(models.TextChoices):
        HSU = "hsu", _("Penghitungan suara ulang (HSU)")
        PSU = "psu", _("Pemungutan suara ulang (PSU)")

    tps = models.ForeignKey(Tps, on_delete=models.PROTECT, related_name="supersessions")
    # Contest code (pemilihan.Contest.kode) or "" for every contest at the TPS.
    contest_kode = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=3, choices=Kind.choices)
    reason = models.TextField()
    # Where the decision comes from, e.g. "supervision.case:12" or a letter number.
    reference = models.CharField(max_length=120, blank=True)
    ordered_at = models.DateTimeField()
    ordered_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    # What replaced the result, e.g. "counting.form:345".
    resolved_by_reference = models.CharField(max_length=120, blank=True)

    class Meta:
        verbose_name = _("pembatalan hasil TPS")
        verbose_name_plural = _("pembatalan hasil TPS")
        ordering = ["-ordered_at"]
        indexes = [models.Index(fields=["tps", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.tps_id}"
