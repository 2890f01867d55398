"""Reading TPS, always scoped to the actor's area."""

from typing import Any

from django.db.models import QuerySet

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import can_see, scope_q
from pilkada.core.exceptions import NotFoundOrOutOfScope
from pilkada.tps.models import ResultSupersession, Tps
from pilkada.wilayah.models import Desa, Kabupaten, Kecamatan


def tps_list(*, actor: Any, kecamatan: str | None = None, desa: str | None = None) -> QuerySet[Tps]:
    qs = (
        Tps.objects.filter(scope_q(actor, "kode", Perm.TPS_VIEW))
        .select_related("desa", "desa__kecamatan")
        .defer("desa__batas", "desa__kecamatan__batas")
    )
    if kecamatan:
        qs = qs.filter(kecamatan_kode=kecamatan)
    if desa:
        qs = qs.filter(desa_id=desa)
    return qs.order_by("kode")


def tps_get(*, actor: Any, kode: str) -> Tps:
    """One TPS; outside the actor's area it does not exist (404, not 403)."""
    tps = None
    if can_see(actor, kode, Perm.TPS_VIEW):
        tps = (
            Tps.objects.select_related("desa", "desa__kecamatan")
            .defer("desa__batas", "desa__kecamatan__batas")
            .filter(pk=kode)
            .first()
        )
    if tps is None:
        raise NotFoundOrOutOfScope("TPS tidak ditemukan.")
    return tps


def tps_superseded_codes(*, contest_kode: str | None = None) -> set[str]:
    """Codes of TPS whose result is currently superseded (for a contest, or any)."""
    qs = ResultSupersession.objects.filter(resolved_at__isnull=True)
    if contest_kode is not None:
        qs = qs.filter(contest_kode__in=[contest_kode, ""])
    return set(qs.values_list("tps_id", flat=True))


def child_areas(code: str) -> list[tuple[str, str]]:
    """(code, name) of the areas one level below `code`: kabupaten of a province, kecamatan of a
    kabupaten, desa of a kecamatan, TPS of a desa (public names; no scoping)."""
    if len(code) == 2:
        return list(
            Kabupaten.objects.filter(provinsi_id=code).order_by("kode").values_list("kode", "nama")
        )
    if len(code) == 4:
        return list(
            Kecamatan.objects.filter(kabupaten_id=code).order_by("kode").values_list("kode", "nama")
        )
    if len(code) == 6:
        return list(
            Desa.objects.filter(kecamatan_id=code).order_by("kode").values_list("kode", "nama")
        )
    return [
        (t.kode, t.nama)
        for t in Tps.objects.filter(desa_id=code).order_by("kode").only("kode", "nomor")
    ]
