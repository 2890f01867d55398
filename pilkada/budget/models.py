"""The grant (NPHD) and the honoraria of the ad hoc bodies, in whole rupiah.

Grant: NPHD SIGNED -> tranches -> transfers -> spending (realisation) -> return of the balance
(domain.md §6.1, §9.4). Honoraria: entitlement from the roster -> transfer to the PPS account ->
payout per person (tax withheld recorded separately) -> confirmation by the payee or the kepala
desa -> reconciliation; a gap is a suspected cut ("potongan") (domain.md §6.3, §9.5).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Grant(models.Model):
    nomor = models.CharField(_("nomor NPHD"), max_length=120, unique=True)
    tanggal_ttd = models.DateField(_("tanggal penandatanganan"))
    pemberi = models.CharField(_("pemberi hibah"), max_length=150)
    # The regency whose budget pays (area of the grant for scoping).
    kode_wilayah = models.CharField(max_length=4, db_index=True)
    hari_pemungutan = models.DateField(_("hari pemungutan suara"))
    # The tranche rule used for the default plan (rules.rule_to_json), kept for the record.
    aturan_tahap = models.JSONField(default=list)
    total = models.BigIntegerField(_("jumlah hibah"))

    class Meta:
        verbose_name = _("NPHD")
        verbose_name_plural = _("NPHD")
        ordering = ["-tanggal_ttd"]
        constraints = [
            models.CheckConstraint(condition=models.Q(total__gte=0), name="grant_nonneg")
        ]

    def __str__(self) -> str:
        return self.nomor

    @property
    def area_code(self) -> str:
        return self.kode_wilayah


class Allocation(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="allocations")
    penerima_kode = models.SlugField(_("kode penerima"), max_length=30)
    penerima_nama = models.CharField(_("penerima"), max_length=150)
    jumlah = models.BigIntegerField(_("jumlah"))

    class Meta:
        verbose_name = _("alokasi hibah")
        verbose_name_plural = _("alokasi hibah")
        ordering = ["grant", "-jumlah"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "penerima_kode"], name="allocation_once"),
            models.CheckConstraint(condition=models.Q(jumlah__gte=0), name="allocation_nonneg"),
        ]

    def __str__(self) -> str:
        return self.penerima_nama


class Tranche(models.Model):
    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="tranches")
    nomor = models.PositiveSmallIntegerField()
    persen_bp = models.PositiveIntegerField(default=0)
    jumlah = models.BigIntegerField(_("jumlah"))
    batas_tanggal = models.DateField(_("batas waktu"))

    class Meta:
        verbose_name = _("tahap pencairan")
        verbose_name_plural = _("tahap pencairan")
        ordering = ["allocation", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["allocation", "nomor"], name="tranche_once"),
            models.CheckConstraint(condition=models.Q(jumlah__gte=0), name="tranche_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.allocation} tahap {self.nomor}"


class GrantTransfer(models.Model):
    tranche = models.ForeignKey(Tranche, on_delete=models.PROTECT, related_name="transfers")
    jumlah = models.BigIntegerField(_("jumlah"))
    tanggal = models.DateField(_("tanggal"))
    referensi = models.CharField(_("referensi (SP2D)"), max_length=120, blank=True)
    dicatat_pada = models.DateTimeField()

    class Meta:
        verbose_name = _("transfer hibah")
        verbose_name_plural = _("transfer hibah")
        ordering = ["tanggal", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(jumlah__gt=0), name="gtr_pos")]

    def __str__(self) -> str:
        return f"{self.tranche} {self.jumlah}"


class Realisation(models.Model):
    """Spending of a recipient's grant money on one budget line."""

    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, related_name="realisations"
    )
    akun = models.CharField(_("mata anggaran"), max_length=40)
    uraian = models.CharField(_("uraian"), max_length=200)
    jumlah = models.BigIntegerField(_("jumlah"))
    tanggal = models.DateField(_("tanggal"))
    dicatat_pada = models.DateTimeField()

    class Meta:
        verbose_name = _("realisasi belanja")
        verbose_name_plural = _("realisasi belanja")
        ordering = ["tanggal", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(jumlah__gt=0), name="real_pos")]

    def __str__(self) -> str:
        return f"{self.akun} {self.jumlah}"


class GrantReturn(models.Model):
    """Unused money returned to the regional treasury (kas daerah)."""

    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="returns")
    jumlah = models.BigIntegerField(_("jumlah"))
    tanggal = models.DateField(_("tanggal"))
    referensi = models.CharField(_("referensi"), max_length=120, blank=True)
    dicatat_pada = models.DateTimeField()

    class Meta:
        verbose_name = _("pengembalian sisa hibah")
        verbose_name_plural = _("pengembalian sisa hibah")
        ordering = ["tanggal", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(jumlah__gt=0), name="ret_pos")]

    def __str__(self) -> str:
        return f"{self.allocation} {self.jumlah}"


class HonorRate(models.Model):
    """Monthly honorarium of one position of one body (domain.md §6.2), as data."""

    body = models.CharField(_("badan"), max_length=12)
    position = models.CharField(_("jabatan"), max_length=12)
    bulanan = models.BigIntegerField(_("honor per bulan"))
    # Months a member of this body usually serves (default for the entitlement).
    bulan_tugas = models.PositiveSmallIntegerField(_("bulan tugas"), default=1)
    # Paid through the PPS bank account (KPPS, Linmas) rather than directly by the KPU.
    lewat_pps = models.BooleanField(default=False)
    sumber = models.CharField(_("sumber"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("tarif honorarium")
        verbose_name_plural = _("tarif honorarium")
        ordering = ["body", "position"]
        constraints = [
            models.UniqueConstraint(fields=["body", "position"], name="honor_rate_once"),
            models.CheckConstraint(condition=models.Q(bulanan__gte=0), name="rate_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.position}"


class Entitlement(models.Model):
    """What one roster member is owed: rate x months served."""

    member = models.OneToOneField(
        "adhoc.Member", on_delete=models.PROTECT, related_name="entitlement"
    )
    unit_code = models.CharField(max_length=13, db_index=True)
    desa_kode = models.CharField(max_length=10, db_index=True, blank=True)
    body = models.CharField(max_length=12)
    position = models.CharField(max_length=12)
    tarif = models.BigIntegerField()
    bulan = models.PositiveSmallIntegerField()
    bruto = models.BigIntegerField(_("hak bruto"))
    lewat_pps = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("hak honorarium")
        verbose_name_plural = _("hak honorarium")
        ordering = ["unit_code", "body", "position", "member_id"]
        constraints = [models.CheckConstraint(condition=models.Q(bruto__gte=0), name="ent_nonneg")]

    def __str__(self) -> str:
        return f"{self.body} {self.unit_code} {self.bruto}"

    @property
    def area_code(self) -> str:
        return self.unit_code


class PpsTransfer(models.Model):
    """Honoraria money sent by the KPU to one PPS (giro) account."""

    desa_kode = models.CharField(max_length=10, db_index=True)
    jumlah = models.BigIntegerField(_("jumlah"))
    tanggal = models.DateField(_("tanggal"))
    referensi = models.CharField(_("referensi"), max_length=120, blank=True)
    dicatat_pada = models.DateTimeField()

    class Meta:
        verbose_name = _("transfer ke rekening PPS")
        verbose_name_plural = _("transfer ke rekening PPS")
        ordering = ["desa_kode", "tanggal", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(jumlah__gt=0), name="ppstr_pos")]

    def __str__(self) -> str:
        return f"PPS {self.desa_kode} {self.jumlah}"

    @property
    def area_code(self) -> str:
        return self.desa_kode


class Payout(models.Model):
    """One person's honorarium paid out, and what that person confirms receiving."""

    class Channel(models.TextChoices):
        WEB = "web", _("Konfirmasi penerima (web)")
        FORM_KADES = "form_kades", _("Formulir kepala desa")
        SISTEM = "sistem", _("Impor/demo")

    entitlement = models.OneToOneField(Entitlement, on_delete=models.PROTECT, related_name="payout")
    unit_code = models.CharField(max_length=13, db_index=True)
    desa_kode = models.CharField(max_length=10, db_index=True, blank=True)
    # What the PPS (or KPU) recorded paying: gross = dibayar + pajak when nothing is cut.
    dibayar = models.BigIntegerField(_("dibayarkan"))
    pajak = models.BigIntegerField(_("pajak dipotong (PPh 21)"), default=0)
    dibayar_pada = models.DateTimeField()
    dibayar_oleh = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    diterima = models.BigIntegerField(_("diterima"), null=True, blank=True)
    dikonfirmasi_pada = models.DateTimeField(null=True, blank=True)
    dikonfirmasi_oleh = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    saluran = models.CharField(max_length=12, choices=Channel.choices, blank=True)

    class Meta:
        verbose_name = _("pembayaran honorarium")
        verbose_name_plural = _("pembayaran honorarium")
        ordering = ["unit_code", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(dibayar__gte=0, pajak__gte=0), name="payout_nonneg"
            ),
            models.CheckConstraint(
                condition=models.Q(diterima__isnull=True) | models.Q(diterima__gte=0),
                name="payout_received_nonneg",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_code} {self.dibayar}"

    @property
    def area_code(self) -> str:
        return self.unit_code
