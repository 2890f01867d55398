"""Provinsi -> kabupaten/kota -> kecamatan -> desa/kelurahan.

`kode` is the KPU code (digits only; the primary key, and the prefix of every code below it).
`kode_kemendagri` is the dotted Kemendagri code. For most regions they carry the same digits,
but they are kept apart because KPU and Kemendagri may diverge after splits and renames. Names
are kept twice as well: Kemendagri's spelling and KPU's (they differ e.g. for 18.07.01.2006).
Boundaries are GeoJSON geometries (simplified, for display).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Provinsi(models.Model):
    kode = models.CharField(max_length=2, primary_key=True)
    kode_kemendagri = models.CharField(max_length=2, unique=True)
    nama = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("provinsi")
        verbose_name_plural = _("provinsi")
        ordering = ["kode"]

    def __str__(self) -> str:
        return self.nama


class Kabupaten(models.Model):
    kode = models.CharField(max_length=4, primary_key=True)
    kode_kemendagri = models.CharField(max_length=5, unique=True)
    provinsi = models.ForeignKey(Provinsi, on_delete=models.PROTECT, related_name="kabupaten")
    nama = models.CharField(max_length=100)
    nama_kpu = models.CharField(max_length=100, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)
    batas = models.JSONField(null=True, blank=True, help_text="GeoJSON geometry")
    # Which official code table the codes come from, e.g. "Kepmendagri 300.2.2-2138/2025".
    versi_kode = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")
        ordering = ["kode"]

    def __str__(self) -> str:
        return self.nama


class Kecamatan(models.Model):
    kode = models.CharField(max_length=6, primary_key=True)
    kode_kemendagri = models.CharField(max_length=8, unique=True)
    kabupaten = models.ForeignKey(Kabupaten, on_delete=models.PROTECT, related_name="kecamatan")
    nama = models.CharField(max_length=100)
    nama_kpu = models.CharField(max_length=100, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)
    batas = models.JSONField(null=True, blank=True, help_text="GeoJSON geometry")

    class Meta:
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")
        ordering = ["kode"]

    def __str__(self) -> str:
        return self.nama


class Desa(models.Model):
    class Jenis(models.TextChoices):
        DESA = "desa", _("Desa")
        KELURAHAN = "kelurahan", _("Kelurahan")

    kode = models.CharField(max_length=10, primary_key=True)
    kode_kemendagri = models.CharField(max_length=13, unique=True)
    kecamatan = models.ForeignKey(Kecamatan, on_delete=models.PROTECT, related_name="desa")
    nama = models.CharField(max_length=100)
    nama_kpu = models.CharField(max_length=100, blank=True)
    jenis = models.CharField(max_length=10, choices=Jenis.choices, default=Jenis.DESA)
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)
    batas = models.JSONField(null=True, blank=True, help_text="GeoJSON geometry")
    # Number of Pemilu 2024 (14 Feb 2024) TPS in the desa; used to spread Pilkada TPS.
    tps_pemilu2024 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("desa/kelurahan")
        verbose_name_plural = _("desa/kelurahan")
        ordering = ["kode"]

    def __str__(self) -> str:
        return self.nama
