"""Reading elections, contests and pairs (public facts: no scoping needed)."""

from django.db.models import Prefetch, QuerySet

from pilkada.pemilihan.models import Contest, Election, Pair


def election_get_current() -> Election | None:
    return Election.objects.order_by("-tanggal").first()


def contest_list(*, election: Election) -> QuerySet[Contest]:
    return election.contests.prefetch_related(
        Prefetch("pairs", queryset=Pair.objects.order_by("nomor_urut"))
    ).order_by("urutan")
