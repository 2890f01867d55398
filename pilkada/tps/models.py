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
