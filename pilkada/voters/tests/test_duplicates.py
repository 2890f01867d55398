import pytest

from conftest import make_user
from pilkada.accounts.roles import Role
from pilkada.audit.models import AuditEntry
from pilkada.core.exceptions import PermissionDenied, ValidationFailed
from pilkada.tps.models import Tps
from pilkada.voters.models import DuplicatePair, Voter
from pilkada.voters.selectors import duplicate_queue, voter_list_tps
from pilkada.voters.services import duplicate_decide, probable_duplicates_scan
from pilkada.voters.tests.conftest import load, make_rows


@pytest.fixture
def roll(world):
    rows, truth = make_rows(3_000, seed=41, duplicates=0.02)
    load(rows)
    return rows, truth


def ids_by_line(rows):
    return dict(Voter.objects.values_list("baris", "id"))


@pytest.mark.django_db
def test_probable_duplicates_are_found_with_good_precision_and_recall(roll, users):
    rows, truth = roll
    result = probable_duplicates_scan(actor=users["kpu"])
    by_line = ids_by_line(rows)
    expected = {tuple(sorted((by_line[t.baris_asli], by_line[t.baris_ganda]))) for t in truth}
    found = {tuple(sorted(p)) for p in DuplicatePair.objects.values_list("a_id", "b_id")}
    tp = len(found & expected)
    assert tp / len(found) >= 0.95
    assert tp / len(expected) >= 0.95
    assert result.pairs_found == DuplicatePair.objects.filter(kind="mirip").count()
    # Scanning again queues nothing new.
    assert probable_duplicates_scan(actor=users["kpu"]).pairs_new == 0


@pytest.mark.django_db
def test_marking_ganda_removes_exactly_one_of_the_pair_from_the_tps_list(roll, users):
    probable_duplicates_scan(actor=users["kpu"])
    pair = (
        duplicate_queue(actor=users["kpu"])
        .filter(kind="mirip")
        .exclude(a__tps_kode__startswith="180702")
        .exclude(b__tps_kode__startswith="180702")
        .first()
    )
    assert pair is not None
    a, b = pair.a, pair.b
    lists_before = {
        k: [v.pk for v in voter_list_tps(actor=users["kpu"], tps_kode=k)]
        for k in {a.tps_kode, b.tps_kode}
    }
    counts_before = dict(Tps.objects.values_list("kode", "jumlah_dpt"))
    total_before = Voter.objects.filter(status="aktif").count()

    # A PPS of another desa may not decide it; the PPS of the pair's desa (or KPU) may.
    desas = {a.tps_kode[:10], b.tps_kode[:10]}
    area = next(d for d in ("1807012001", "1807012002", "1807022001") if d not in desas)
    outsider = make_user("pps_lain", Role.PPS, area)
    with pytest.raises(PermissionDenied):
        duplicate_decide(actor=outsider, pair_id=pair.pk, keputusan="ganda", disimpan_id=a.pk)
    duplicate_decide(actor=users["kpu"], pair_id=pair.pk, keputusan="ganda", disimpan_id=a.pk)

    after_a = [v.pk for v in voter_list_tps(actor=users["kpu"], tps_kode=a.tps_kode)]
    after_b = [v.pk for v in voter_list_tps(actor=users["kpu"], tps_kode=b.tps_kode)]
    assert a.pk in after_a and b.pk not in after_b
    removed = set(lists_before[a.tps_kode]) - set(after_a)
    removed |= set(lists_before[b.tps_kode]) - set(after_b)
    assert removed == {b.pk}
    assert Voter.objects.filter(status="aktif").count() == total_before - 1
    b.refresh_from_db()
    assert (b.status, b.tms_kode) == ("tms", 2)
    assert Tps.objects.get(pk=b.tps_kode).jumlah_dpt == counts_before[b.tps_kode] - 1

    entry = AuditEntry.objects.filter(action="voters.duplicate.decided").get()
    assert entry.actor_id == users["kpu"].pk
    assert entry.changes["disimpan"] == a.pk and entry.changes["tms"] == b.pk
    with pytest.raises(ValidationFailed):
        duplicate_decide(actor=users["kpu"], pair_id=pair.pk, keputusan="bukan")


@pytest.mark.django_db
def test_bukan_ganda_keeps_both(roll, users):
    pair = DuplicatePair.objects.filter(kind="nik")[0]
    total = Voter.objects.filter(status="aktif").count()
    duplicate_decide(actor=users["kpu"], pair_id=pair.pk, keputusan="bukan")
    assert Voter.objects.filter(status="aktif").count() == total
    assert AuditEntry.objects.filter(action="voters.duplicate.decided").count() == 1
    assert not duplicate_queue(actor=users["kpu"]).filter(pk=pair.pk).exists()
