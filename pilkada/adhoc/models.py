"""Members of the ad hoc election bodies, on the KPU side and on the Bawaslu side.

| body       | unit      | size (domain.md §1.3)         |
|------------|-----------|-------------------------------|
| PPK        | kecamatan | 5                             |
| PPS        | desa      | 3                             |
| KPPS       | TPS       | 7                             |
| Linmas     | TPS       | 2 (security, paid with KPPS)  |
| Panwascam  | kecamatan | 3                             |
| PKD        | desa      | 1                             |
| PTPS       | TPS       | 1                             |
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from pilkada.core.codes import Level


class Body(models.TextChoices):
    PPK = "ppk", _("PPK")
    PPS = "pps", _("PPS")
    KPPS = "kpps", _("KPPS")
    LINMAS = "linmas", _("Linmas")
    PANWASCAM = "panwascam", _("Panwaslu Kecamatan")
    PKD = "pkd", _("PKD")
    PTPS = "ptps", _("Pengawas TPS")


BODY_LEVEL: dict[str, Level] = {
    Body.PPK: Level.KECAMATAN,
    Body.PPS: Level.DESA,
    Body.KPPS: Level.TPS,
    Body.LINMAS: Level.TPS,
    Body.PANWASCAM: Level.KECAMATAN,
    Body.PKD: Level.DESA,
    Body.PTPS: Level.TPS,
}
BODY_SIZE: dict[str, int] = {
    Body.PPK: 5,
    Body.PPS: 3,
    Body.KPPS: 7,
    Body.LINMAS: 2,
    Body.PANWASCAM: 3,
    Body.PKD: 1,
    Body.PTPS: 1,
}
KPU_BODIES = frozenset({Body.PPK, Body.PPS, Body.KPPS, Body.LINMAS})


class Position(models.TextChoices):
    KETUA = "ketua", _("Ketua")
    ANGGOTA = "anggota", _("Anggota")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    STAF = "staf", _("Staf")
    PETUGAS = "petugas", _("Petugas")  # Linmas, PKD and PTPS are single officers


class Member(models.Model):
    body = models.CharField(_("badan"), max_length=10, choices=Body.choices)
    position = models.CharField(_("jabatan"), max_length=12, choices=Position.choices)
    # Code of the unit served: kecamatan (6), desa (10) or TPS (13) digits, per BODY_LEVEL.
    unit_code = models.CharField(_("kode unit"), max_length=13, db_index=True)
    # Personal data: shown masked outside the member's own management pages and the audit log.
    nama = models.CharField(_("nama"), max_length=150)
    telepon = models.CharField(_("telepon"), max_length=20, blank=True)
    bank = models.CharField(_("bank"), max_length=50, blank=True)
    no_rekening = models.CharField(_("nomor rekening"), max_length=30, blank=True)
    aktif = models.BooleanField(default=True)
    dilatih = models.BooleanField(_("sudah bimtek"), default=False)
    # Date of the technical guidance ("bimtek") the member attended; set with `dilatih`.
    dilatih_pada = models.DateField(_("tanggal bimtek"), null=True, blank=True)

    class Meta:
        verbose_name = _("anggota badan ad hoc")
        verbose_name_plural = _("anggota badan ad hoc")
        ordering = ["unit_code", "body", "position", "id"]
        indexes = [models.Index(fields=["body", "unit_code"])]

    def __str__(self) -> str:
        return f"{self.get_body_display()} {self.unit_code} {self.get_position_display()}"
