"""Stages and deadlines of an election as data, and the rehearsal clock."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pilkada.core import clock
from pilkada.pemilihan.models import Election


class Stage(models.Model):
    """One stage (tahapan) or deadline: a window of aware datetimes, stored in UTC."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="stages")
    kode = models.SlugField(max_length=60)
    nama = models.CharField(max_length=200)
    mulai = models.DateTimeField()
    selesai = models.DateTimeField()
    sumber = models.TextField(blank=True)

    class Meta:
        verbose_name = _("tahapan")
        verbose_name_plural = _("tahapan")
        ordering = ["mulai", "selesai"]
        constraints = [
            models.UniqueConstraint(fields=["election", "kode"], name="stage_unique_code"),
            models.CheckConstraint(
                condition=models.Q(selesai__gte=models.F("mulai")), name="stage_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.nama


class Rehearsal(models.Model):
    """A rehearsal ("simulasi") moves the system's clock by `offset_seconds` for everyone.

    Only one is active at a time. Rows are kept when a rehearsal stops, as its record.
    """

    active = models.BooleanField(default=True)
    offset_seconds = models.BigIntegerField()
    # The moment the rehearsal pretends it was when it started (for the banner).
    target = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=clock.now)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("simulasi")
        verbose_name_plural = _("simulasi")
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=models.Q(active=True), name="one_active_rehearsal"
            ),
        ]

    def __str__(self) -> str:
        return f"simulasi → {self.target:%Y-%m-%d %H:%M}"
