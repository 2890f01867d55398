"""Reading regions, scoped to the actor's area."""

from typing import Any

from django.db.models import Count, QuerySet

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import require_see, scope_q, scope_q_with_ancestors
from pilkada.core.exceptions import NotFoundOrOutOfScope
from pilkada.wilayah.models import Desa, Kabupaten, Kecamatan


def kabupaten_get_default() -> Kabupaten | None:
    """The regency this installation serves (the first one loaded)."""
    return Kabupaten.objects.select_related("provinsi").order_by("kode").first()


def kecamatan_list(*, actor: Any) -> QuerySet[Kecamatan]:
    """Kecamatan in the actor's area, or the one holding it for a desa- or TPS-level actor."""
    return (
        Kecamatan.objects.filter(scope_q_with_ancestors(actor, "kode", Perm.WILAYAH_VIEW))
        .annotate(jumlah_desa=Count("desa", distinct=True))
        .defer("batas")
        .order_by("kode")
    )


def desa_count_by_kecamatan(*, actor: Any) -> dict[str, int]:
    """{kecamatan code: desa inside the actor's area}."""
    return dict(
        Desa.objects.filter(scope_q(actor, "kode", Perm.WILAYAH_VIEW))
        .values_list("kecamatan_id")
        .annotate(n=Count("kode"))
    )


def desa_list(*, actor: Any, kecamatan: str | None = None) -> QuerySet[Desa]:
    qs = Desa.objects.filter(scope_q(actor, "kode", Perm.WILAYAH_VIEW)).select_related("kecamatan")
    if kecamatan:
        qs = qs.filter(kecamatan_id=kecamatan)
    return qs.defer("batas", "kecamatan__batas").order_by("kode")


def kecamatan_get(*, actor: Any, kode: str) -> Kecamatan:
    require_see(actor, kode, Perm.WILAYAH_VIEW)
    obj = Kecamatan.objects.defer("batas").filter(pk=kode).first()
    if obj is None:
        raise NotFoundOrOutOfScope("Kecamatan tidak ditemukan.")
    return obj
