import re

import pytest
from django.core.cache import cache
from django.test import Client

from pilkada.core.privacy import mask_name
from pilkada.voters.models import DuplicatePair, Voter
from pilkada.voters.services import duplicate_decide
from pilkada.voters.tests.conftest import load, make_rows

LIMIT = 10


def body(response) -> str:
    """The page without its per-request CSRF token."""
    return re.sub(r"[A-Za-z0-9]{64}", "", response.content.decode())


@pytest.fixture
def roll(world, settings):
    settings.PILKADA_CEKDPT_LIMIT = LIMIT
    settings.PILKADA_CEKDPT_WINDOW = 10**9  # one window for the whole test
    cache.clear()
    rows, _ = make_rows(300, seed=31, duplicates=0.02)
    load(rows)
    return rows


@pytest.mark.django_db
def test_1000_lookups_from_one_client_only_the_limit_succeed_and_names_stay_masked(roll):
    client = Client(REMOTE_ADDR="10.1.2.3")
    names = {r[2] for r in roll}
    ok = limited = 0
    for i in range(1000):
        row = roll[i % len(roll)]
        r = client.post("/pemilih/cek-dpt/", {"nik": row[1]})
        text = r.content.decode()
        assert not any(n in text for n in names), "a name was shown unmasked"
        assert row[1] not in text
        if r.status_code == 200:
            ok += 1
            assert mask_name(row[2]) in text
        else:
            assert r.status_code == 429
            limited += 1
    assert ok == LIMIT
    assert limited == 1000 - LIMIT
    # Another client still has its own allowance.
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert other.post("/pemilih/cek-dpt/", {"nik": roll[0][1]}).status_code == 200


@pytest.mark.django_db
def test_answers_do_not_tell_whether_a_nik_exists_elsewhere(roll, users):
    client = Client(REMOTE_ADDR="10.0.0.1")
    never = "1807010101900001"
    # A voter struck off as a duplicate (TMS 2) answers exactly like a NIK never registered.
    pair = DuplicatePair.objects.filter(kind="nik").first()
    assert pair is not None
    duplicate_decide(actor=users["kpu"], pair_id=pair.pk, keputusan="ganda", disimpan_id=pair.a_id)
    struck = Voter.objects.get(pk=pair.b_id)
    other_tms = Voter.objects.filter(status="tms").exclude(
        nik_hash=Voter.objects.get(pk=pair.a_id).nik_hash
    )
    assert not other_tms.exists()
    row_of_struck = next(r for r in roll if r[2] == struck.nama and r[13] == struck.tps_kode)
    # (the kept record has the same NIK, so look one up that exists only as a TMS record)
    Voter.objects.filter(pk=pair.a_id).update(status="tms")
    a = client.post("/pemilih/cek-dpt/", {"nik": row_of_struck[1]})
    b = client.post("/pemilih/cek-dpt/", {"nik": never})
    assert a.status_code == b.status_code == 200
    assert body(a) == body(b)
    # No partial match: 15 digits or a prefix finds nothing, answered as a format error.
    c = client.post("/pemilih/cek-dpt/", {"nik": roll[0][1][:15]})
    assert "NIK harus 16 angka" in c.content.decode()
    # Limited answers are the same whatever the NIK.
    for _ in range(LIMIT):
        client.post("/pemilih/cek-dpt/", {"nik": never})
    x = client.post("/pemilih/cek-dpt/", {"nik": roll[5][1]})
    y = client.post("/pemilih/cek-dpt/", {"nik": never})
    assert x.status_code == y.status_code == 429
    assert body(x) == body(y)
    assert x["Cache-Control"] == "no-store"
