"""Reading rosters, scoped to the actor's area."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import scope_q
from pilkada.adhoc.models import Body, Member


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


@dataclass(frozen=True)
class TpsTeam:
    """The KPPS and Linmas of one TPS: active members per body and how many attended bimtek."""

    kpps: int = 0
    linmas: int = 0
    trained: int = 0

    @property
    def members(self) -> int:
        return self.kpps + self.linmas


def team_by_tps(*, actor: Any, area: str) -> dict[str, TpsTeam]:
    """{TPS code: TpsTeam} for the TPS in `area` the actor may see (one query)."""
    counts: dict[str, dict[str, int]] = {}
    rows = (
        Member.objects.filter(
            scope_q(actor, "unit_code", Perm.ADHOC_VIEW),
            unit_code__startswith=area,
            body__in=(Body.KPPS, Body.LINMAS),
            aktif=True,
        )
        .values("unit_code", "body", "dilatih")
        .annotate(n=Count("id"))
    )
    for r in rows:
        c = counts.setdefault(r["unit_code"], {"kpps": 0, "linmas": 0, "trained": 0})
        c[r["body"]] += r["n"]
        if r["dilatih"]:
            c["trained"] += r["n"]
    return {k: TpsTeam(**v) for k, v in counts.items()}
