"""Logistics: the item catalogue, and shipments along KPU warehouse -> PPK -> PPS -> KPPS.

Every node of the chain is named by its KPU code (kabupaten 4 digits for the KPU warehouse,
kecamatan 6 for the PPK, desa 10 for the PPS, TPS 13 for the KPPS), so scoping by area is the
same prefix test as everywhere else. What a TPS needs is computed (rules.need_at_tps) from the
catalogue and Tps.jumlah_dpt, never stored.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from pilkada.logistics.rules import Basis, Leg


class Item(models.Model):
    class Kind(models.TextChoices):
        SURAT_SUARA = "surat_suara", _("Surat suara")
        KOTAK = "kotak", _("Kotak suara")
        BILIK = "bilik", _("Bilik suara")
        TINTA = "tinta", _("Tinta")
        SEGEL = "segel", _("Segel")
        ALAT_COBLOS = "alat_coblos", _("Alat coblos")
        FORMULIR = "formulir", _("Formulir")
        LAIN = "lain", _("Lainnya")

    kode = models.SlugField(max_length=80, primary_key=True)
    nama = models.CharField(_("nama"), max_length=150)
    jenis = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    # For ballots: the contest (pemilihan.Contest.kode) the ballot is for.
    contest_kode = models.CharField(max_length=60, blank=True)
    basis = models.CharField(
        _("dasar kebutuhan"), max_length=5, choices=[(b.value, b.value) for b in Basis]
    )
    per_tps = models.PositiveIntegerField(_("jumlah per TPS"), default=0)
    satuan = models.CharField(_("satuan"), max_length=20, default="buah")
    sumber = models.CharField(_("sumber"), max_length=200, blank=True)
    urutan = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("barang logistik")
        verbose_name_plural = _("barang logistik")
        ordering = ["urutan", "kode"]

    def __str__(self) -> str:
        return self.nama


class Shipment(models.Model):
    class Status(models.TextChoices):
        DIKIRIM = "dikirim", _("Dikirim")
        DITERIMA = "diterima", _("Diterima")

    leg = models.CharField(
        _("langkah"), max_length=10, choices=[(leg.value, leg.value) for leg in Leg]
    )
    from_code = models.CharField(_("pengirim"), max_length=13, db_index=True)
    to_code = models.CharField(_("penerima"), max_length=13, db_index=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DIKIRIM)
    nomor_ba = models.CharField(_("nomor BA serah terima"), max_length=80, blank=True)
    dispatched_at = models.DateTimeField()
    dispatched_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(null=True, blank=True)
    received_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Photo of the signed receipt (BA serah terima) and its SHA-256, so a swap is detectable.
    receipt_photo = models.FileField(upload_to="logistik/tanda-terima/", blank=True)
    receipt_sha256 = models.CharField(max_length=64, blank=True)
    catatan = models.CharField(_("catatan"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("pengiriman logistik")
        verbose_name_plural = _("pengiriman logistik")
        ordering = ["leg", "to_code", "id"]
        indexes = [models.Index(fields=["leg", "to_code"])]

    def __str__(self) -> str:
        return f"{self.from_code} -> {self.to_code} ({self.get_status_display()})"

    @property
    def area_code(self) -> str:
        return self.to_code


class ShipmentLine(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    qty_dispatched = models.PositiveIntegerField(_("jumlah dikirim"))
    qty_received = models.PositiveIntegerField(_("jumlah diterima"), null=True, blank=True)
    qty_damaged = models.PositiveIntegerField(_("jumlah rusak"), default=0)
    # Denormalised from the shipment, for aggregation per node without a join.
    to_code = models.CharField(max_length=13, db_index=True, editable=False)
    leg = models.CharField(max_length=10, editable=False)

    class Meta:
        verbose_name = _("baris pengiriman")
        verbose_name_plural = _("baris pengiriman")
        constraints = [
            models.UniqueConstraint(fields=["shipment", "item"], name="logistics_line_item_once"),
            models.CheckConstraint(
                condition=models.Q(qty_received__isnull=True)
                | models.Q(qty_received__lte=models.F("qty_dispatched")),
                name="logistics_received_le_dispatched",
            ),
            models.CheckConstraint(
                condition=models.Q(qty_received__isnull=True)
                | models.Q(qty_damaged__lte=models.F("qty_received")),
                name="logistics_damaged_le_received",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} x{self.qty_dispatched}"
