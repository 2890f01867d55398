"""Users: one role, bound to one area (a KPU region or TPS code)."""

import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from pilkada.accounts.roles import ROLE_LEVEL, Role
from pilkada.core import clock
from pilkada.core.codes import LENGTH_BY_LEVEL, level_of


class User(AbstractUser):
    role = models.CharField(_("peran"), max_length=32, choices=Role.choices, blank=True)
    # KPU code of the area the role covers: 1807 (kabupaten), 180701 (kecamatan),
    # 1807012001 (desa) or 1807012001001 (TPS). Empty only for superusers without a role.
    area_code = models.CharField(_("kode wilayah"), max_length=13, blank=True, db_index=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def clean(self) -> None:
        super().clean()
        if not self.role:
            if not self.is_superuser:
                raise ValidationError({"role": _("Peran wajib diisi.")})
            return
        level = ROLE_LEVEL[self.role]
        if level_of(self.area_code) != level:
            raise ValidationError(
                {
                    "area_code": _(
                        "Peran %(role)s terikat pada tingkat %(level)s: kode wilayah harus "
                        "%(n)d digit."
                    )
                    % {"role": self.get_role_display(), "level": level, "n": LENGTH_BY_LEVEL[level]}
                }
            )


class ApiToken(models.Model):
    """A bearer token for scripts and other systems (e.g. the election-night simulator).

    Only a SHA-256 of the secret is stored; the secret is shown once when it is created.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tokens"
    )
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=clock.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.user} / {self.name}"

    @staticmethod
    def hash_key(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()
