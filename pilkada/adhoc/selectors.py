"""Reading rosters, scoped to the actor's area."""

from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import scope_q
from pilkada.adhoc.models import Member


def member_list(*, actor: Any, unit_code: str | None = None) -> QuerySet[Member]:
    qs = Member.objects.filter(scope_q(actor, "unit_code", Perm.ADHOC_VIEW), aktif=True)
    if unit_code:
        qs = qs.filter(unit_code__startswith=unit_code)
    return qs.order_by("unit_code", "body", "position", "id")


def member_counts_by_kecamatan(*, actor: Any) -> dict[tuple[str, str], int]:
    """{(kecamatan code, body): active members}, for the readiness overview."""
    rows = (
        Member.objects.filter(scope_q(actor, "unit_code", Perm.ADHOC_VIEW), aktif=True)
        .annotate(kec=Substr("unit_code", 1, 6))
        .values("kec", "body")
        .annotate(n=Count("id"))
    )
    return {(r["kec"], r["body"]): r["n"] for r in rows}
