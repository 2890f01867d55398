"""An election day (Pilkada event) and the contests held on it, with their candidate pairs.

Generic: any province or regency, any number of pairs. A contest with a single pair is run
against the empty box ("kotak kosong"), which then is a column of its own on the form.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Election(models.Model):
    kode = models.SlugField(max_length=60, unique=True)
    nama = models.CharField(max_length=150)
    tanggal = models.DateField(help_text=_("Hari pemungutan suara"))
    zona_waktu = models.CharField(max_length=40, default="Asia/Jakarta")
    # The regency (or province) whose operations this installation runs.
    kode_wilayah = models.CharField(max_length=4)

    class Meta:
        verbose_name = _("pemilihan")
        verbose_name_plural = _("pemilihan")
        ordering = ["-tanggal"]

    def __str__(self) -> str:
        return self.nama


class Contest(models.Model):
    class Jenis(models.TextChoices):
        GUBERNUR = "gubernur", _("Gubernur dan Wakil Gubernur")
        BUPATI = "bupati", _("Bupati dan Wakil Bupati")
        WALIKOTA = "walikota", _("Wali Kota dan Wakil Wali Kota")

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="contests")
    kode = models.SlugField(max_length=60, unique=True)
    jenis = models.CharField(max_length=10, choices=Jenis.choices)
    # Code of the region the contest is held in: 2 digits for a governor, 4 for a regency.
    kode_wilayah = models.CharField(max_length=4)
    nama_wilayah = models.CharField(max_length=100)
    urutan = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("kontestasi")
        verbose_name_plural = _("kontestasi")
        ordering = ["election", "urutan"]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.nama_wilayah}"

    @property
    def kotak_kosong(self) -> bool:
        """A single-pair contest: the empty box is the other choice on the ballot."""
        return self.pairs.count() == 1


class Pair(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="pairs")
    nomor_urut = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    calon = models.CharField(max_length=150)
    wakil = models.CharField(max_length=150)
    partai_pengusul = models.JSONField(default=list, blank=True)
    sumber = models.TextField(blank=True)

    class Meta:
        verbose_name = _("pasangan calon")
        verbose_name_plural = _("pasangan calon")
        ordering = ["contest", "nomor_urut"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "nomor_urut"], name="pair_unique_number"),
            models.CheckConstraint(
                condition=models.Q(nomor_urut__gte=1), name="pair_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomor_urut:02d} {self.calon} – {self.wakil}"
