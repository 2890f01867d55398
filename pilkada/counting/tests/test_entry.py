"""Double entry, findings, idempotency, corrections after a lock, recount orders."""

from datetime import date
from typing import Any

import pytest

from pilkada.core.exceptions import PermissionDenied, ValidationFailed
from pilkada.counting.models import CHasil, Entry, Photo, Tally
from pilkada.counting.selectors import form_entries, totals
from pilkada.counting.services import (
    entry_correct,
    entry_submit,
    entry_submit_with_photo,
    keberatan_answer,
    keberatan_create,
    photo_add,
    photo_orphans,
    photo_orphans_remove,
    pleno_approve,
    pleno_propose,
)
from pilkada.counting.tests.helpers import kwargs
from pilkada.tps.services import tps_result_supersede

TPS = "1807012001001"
PNG = b"\x89PNG\r\n\x1a\n" + b"foto-c-hasil-uji"


def kab_total(contest: object) -> dict[str, Any]:
    return totals(contest=contest, area_codes=["1807"])["1807"]  # type: ignore[arg-type]


@pytest.mark.django_db
def test_double_entry_verifies_and_counts_once(users, contests) -> None:
    first = entry_submit(
        actor=users["kpps_a1"], tps_kode=TPS, contest_kode="pilgub", **kwargs({1: 120, 2: 80})
    )
    assert first.entry.result == Entry.Result.MENUNGGU
    assert kab_total(contests["gub"])["suara"] == {1: 0, 2: 0}
    # The same user typing again is not a second, independent entry.
    again = entry_submit(
        actor=users["kpps_a1"], tps_kode=TPS, contest_kode="pilgub", **kwargs({1: 120, 2: 80})
    )
    assert again.entry.result == Entry.Result.MENUNGGU
    second = entry_submit(
        actor=users["pps_a1"], tps_kode=TPS, contest_kode="pilgub", **kwargs({1: 120, 2: 80})
    )
    assert second.entry.result == Entry.Result.COCOK
    assert second.form.status == CHasil.Status.TERVERIFIKASI
    t = kab_total(contests["gub"])
    assert t["suara"] == {1: 120, 2: 80}
    assert t["suara_sah"] == 200 and t["suara_total"] == 205 and t["tps_count"] == 1


@pytest.mark.django_db
def test_mismatch_shows_both_and_is_not_counted(users, contests) -> None:
    entry_submit(
        actor=users["kpps_a1"], tps_kode=TPS, contest_kode="pilgub", **kwargs({1: 105, 2: 80})
    )
    out = entry_submit(
        actor=users["pps_a1"], tps_kode=TPS, contest_kode="pilgub", **kwargs({1: 150, 2: 80})
    )
    assert out.entry.result == Entry.Result.SELISIH
    assert out.form.status == CHasil.Status.SELISIH
    from pilkada.counting.selectors import entry_comparison

    names = {r.name: (r.a, r.b) for r in entry_comparison(out.entry)}
    assert names["suara_1"] == (105, 150)
    assert kab_total(contests["gub"])["suara_sah"] == 0
    # The first typist re-checks the photo and agrees with the second: now verified.
    fixed = entry_submit(
        actor=users["kpps_a1"], tps_kode=TPS, contest_kode="pilgub", **kwargs({1: 150, 2: 80})
    )
    assert fixed.entry.result == Entry.Result.COCOK
    assert kab_total(contests["gub"])["suara"] == {1: 150, 2: 80}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rule", "change"),
    [
        (1, {"suara_sah": 199}),
        (2, {"suara_tidak_sah": 6}),
        (3, {"surat_digunakan": 206, "surat_tidak_digunakan": 204}),
        (4, {"pemilih_dpt_l": 201}),
        (5, {"surat_rusak": 1}),
        (6, {"disabilitas_memilih_l": 300, "disabilitas_memilih_jml": 300}),
        (7, {"pemilih_dptb_l": 1000}),
    ],
)
def test_form_breaking_a_rule_is_flagged_and_never_verified(users, contests, rule, change) -> None:
    k = kwargs({1: 120, 2: 80})
    k["angka"].update(change)
    for user in ("kpps_a1", "pps_a1", "ppk_a"):
        out = entry_submit(actor=users[user], tps_kode=TPS, contest_kode="pilgub", **k)
        assert out.entry.result == Entry.Result.PERLU_KOREKSI
        assert rule in {f["rule"] for f in out.entry.findings}
        assert out.form.status == CHasil.Status.PERLU_KOREKSI
        assert out.form.counted is None
    assert kab_total(contests["gub"])["suara_sah"] == 0


@pytest.mark.django_db
def test_same_idempotency_key_counts_once(users, contests) -> None:
    for _ in range(2):  # a retry after a timeout sends the same key again
        entry_submit(
            actor=users["kpps_a1"],
            tps_kode=TPS,
            contest_kode="pilbup",
            idempotency_key="k-1",
            **kwargs({1: 150, 0: 40}),
        )
    for _ in range(3):
        out = entry_submit(
            actor=users["pps_a1"],
            tps_kode=TPS,
            contest_kode="pilbup",
            idempotency_key="k-2",
            **kwargs({1: 150, 0: 40}),
        )
    assert out.duplicate
    assert Entry.objects.filter(tps_kode=TPS).count() == 2
    t = kab_total(contests["bup"])
    assert t["suara"] == {0: 40, 1: 150} and t["tps_count"] == 1


@pytest.mark.django_db
def test_kpps_cannot_enter_another_tps(users, contests) -> None:
    with pytest.raises(PermissionDenied):
        entry_submit(
            actor=users["kpps_a1"],
            tps_kode="1807012001002",
            contest_kode="pilgub",
            **kwargs({1: 1, 2: 1}),
        )


@pytest.mark.django_db
def test_correction_after_kecamatan_lock_keeps_history(users, contests) -> None:
    photo = photo_add(actor=users["kpps_a1"], tps_kode=TPS, contest_kode="pilgub", content=PNG)
    entry_submit(
        actor=users["kpps_a1"], tps_kode=TPS, contest_kode="pilgub", **kwargs({1: 120, 2: 80})
    )
    entry_submit(
        actor=users["pps_a1"], tps_kode=TPS, contest_kode="pilgub", **kwargs({1: 120, 2: 80})
    )
    ppk2 = __import__("conftest").make_user("ppk_a2", "ppk", "180701")
    p = pleno_propose(
        actor=users["ppk_a"],
        contest_kode="pilgub",
        area_code="180701",
        nomor_berita_acara="BA-01/PPK",
        tempat="Aula Kecamatan",
        tanggal=date(2024, 11, 29),
        totals={},
    )
    with pytest.raises(ValidationFailed):
        pleno_approve(actor=users["ppk_a"], pleno_id=p.pk, totals={})  # same person
    pleno_approve(actor=ppk2, pleno_id=p.pk, totals={"suara": {"1": 120, "2": 80}})
    # After the lock an ordinary entry is refused ...
    with pytest.raises(ValidationFailed, match="koreksi"):
        entry_submit(
            actor=users["pps_a1"], tps_kode=TPS, contest_kode="pilgub", **kwargs({1: 121, 2: 80})
        )
    # ... and a correction needs the objection record.
    with pytest.raises(ValidationFailed):
        entry_correct(
            actor=users["kpu"],
            tps_kode=TPS,
            contest_kode="pilgub",
            reason="HSU",
            **kwargs({1: 121, 2: 80}),
        )
    k = keberatan_create(
        actor=users["ppk_a"],
        contest_kode="pilgub",
        area_code="180701",
        saksi="Saksi Paslon 1",
        isi="Suara paslon 1 kurang satu.",
        pasangan_nomor=1,
    )
    keberatan_answer(actor=users["ppk_a"], keberatan_id=k.pk, jawaban="Dihitung ulang.")
    out = entry_correct(
        actor=users["kpu"],
        tps_kode=TPS,
        contest_kode="pilgub",
        reason="Hitung ulang di pleno kabupaten",
        keberatan_id=k.pk,
        **kwargs({1: 121, 2: 80}),
    )
    assert out.entry.result == Entry.Result.DITETAPKAN
    assert kab_total(contests["gub"])["suara"] == {1: 121, 2: 80}
    history = form_entries(actor=users["bawaslu"], tps_kode=TPS, contest_kode="pilgub")
    assert [e.suara for e in history] == [{"1": 120, "2": 80}] * 2 + [{"1": 121, "2": 80}]
    assert [e.photo_sha256 for e in history] == [photo.sha256] * 3
    assert history[-1].reason == "Hitung ulang di pleno kabupaten"
    assert history[-1].level == "kabupaten" and history[-1].keberatan == k
    assert history[-1].compared_with == history[1]
    assert Tally.objects.get(contest=contests["gub"], area_code="180701").suara == {
        "1": 121,
        "2": 80,
    }


@pytest.mark.django_db
def test_photo_is_sniffed_and_never_replaced(users, contests) -> None:
    with pytest.raises(ValidationFailed, match="JPEG, PNG atau PDF"):
        photo_add(actor=users["kpps_a1"], tps_kode=TPS, contest_kode="pilgub", content=b"GIF89a...")
    a = photo_add(actor=users["kpps_a1"], tps_kode=TPS, contest_kode="pilgub", content=PNG)
    b = photo_add(actor=users["kpps_a1"], tps_kode=TPS, contest_kode="pilgub", content=PNG)
    c = photo_add(
        actor=users["kpps_a1"], tps_kode=TPS, contest_kode="pilgub", content=b"%PDF-1.4 scan"
    )
    assert a.pk == b.pk and c.pk != a.pk
    assert a.file.read() == PNG


@pytest.mark.django_db
def test_photo_and_numbers_are_stored_together_or_not_at_all(users, contests) -> None:
    import secrets
    from datetime import timedelta

    # Earlier tests of this process may have left files in the (in-memory) storage.
    before = set(photo_orphans(min_age=timedelta(0)))
    png = PNG + secrets.token_bytes(8)  # a file no earlier test stored
    good = kwargs({1: 120, 2: 80})
    with pytest.raises(ValidationFailed):
        entry_submit_with_photo(
            actor=users["kpps_a1"],
            tps_kode=TPS,
            contest_kode="pilgub",
            angka={**good["angka"], "kolom_asing": 1},
            suara=good["suara"],
            photo=png,
        )
    # The numbers were refused, so the photo's row went with them; its file is an orphan.
    assert not Photo.objects.exists() and not Entry.objects.exists()
    assert len(set(photo_orphans(min_age=timedelta(0))) - before) == 1
    # Younger than the grace period (it may still be in a transaction): not listed by default.
    assert not set(photo_orphans()) - before
    out = entry_submit_with_photo(
        actor=users["kpps_a1"], tps_kode=TPS, contest_kode="pilgub", photo=png, **good
    )
    # The retry reuses the file; nothing is left over.
    assert out.entry.photo is not None and out.entry.photo.file.read() == png
    assert not set(photo_orphans(min_age=timedelta(0))) - before
    assert out.entry.photo.file.name not in photo_orphans_remove(actor=None, min_age=timedelta(0))


@pytest.mark.django_db
def test_recount_order_suspends_then_new_form_counts(users, contests) -> None:
    for u in ("kpps_a1", "pps_a1"):
        entry_submit(actor=users[u], tps_kode=TPS, contest_kode="pilgub", **kwargs({1: 120, 2: 80}))
    assert kab_total(contests["gub"])["suara"] == {1: 120, 2: 80}
    tps_result_supersede(
        actor=users["kpu"],
        kode=TPS,
        kind="hsu",
        reason="Rekomendasi Panwascam",
        contest_kode="pilgub",
    )
    t = kab_total(contests["gub"])
    assert t["suara"] == {1: 0, 2: 0} and t["tps_count"] == 0
    for u in ("kpps_a1", "pps_a1"):
        entry_submit(actor=users[u], tps_kode=TPS, contest_kode="pilgub", **kwargs({1: 118, 2: 82}))
    t = kab_total(contests["gub"])
    assert t["suara"] == {1: 118, 2: 82} and t["tps_count"] == 1
    from pilkada.tps.models import ResultSupersession

    assert ResultSupersession.objects.get().resolved_at is not None


@pytest.mark.django_db
def test_revote_of_every_contest_counts_again_only_when_all_are_in(users, contests) -> None:
    from pilkada.tps.models import ResultSupersession

    def both(contest: str, votes: dict[int, int]) -> None:
        for u in ("kpps_a1", "pps_a1"):
            entry_submit(actor=users[u], tps_kode=TPS, contest_kode=contest, **kwargs(votes))

    both("pilgub", {1: 120, 2: 80})
    both("pilbup", {1: 150, 0: 50})
    tps_result_supersede(actor=users["kpu"], kode=TPS, kind="psu", reason="PSU")
    both("pilgub", {1: 100, 2: 100})
    # The governor form is in, the regent form is not: the TPS still counts for neither.
    assert kab_total(contests["gub"])["tps_count"] == 0
    assert kab_total(contests["bup"])["tps_count"] == 0
    assert ResultSupersession.objects.get().resolved_at is None
    both("pilbup", {1: 140, 0: 60})
    assert kab_total(contests["gub"])["suara"] == {1: 100, 2: 100}
    assert kab_total(contests["bup"])["suara"] == {0: 60, 1: 140}
    assert ResultSupersession.objects.get().resolved_at is not None


@pytest.mark.django_db
def test_plenary_lock_needs_a_second_person_with_the_right_role(users, contests) -> None:
    """Issue #8: locking a plenary takes two people; the second must hold recap.lock for the
    area, and both are in the audit log."""
    from conftest import make_user
    from pilkada.audit.models import AuditEntry
    from pilkada.counting.models import Pleno

    ppk_b = make_user("ppk_b", "ppk", "180702")
    p = pleno_propose(
        actor=users["ppk_a"],
        contest_kode="pilgub",
        area_code="180701",
        nomor_berita_acara="BA-02/PPK",
        tempat="Aula Kecamatan",
        tanggal=date(2024, 11, 29),
        totals={},
    )
    with pytest.raises(ValidationFailed, match="orang kedua"):
        pleno_approve(actor=users["ppk_a"], pleno_id=p.pk, totals={})
    for wrong in (users["pps_a1"], users["bawaslu"], users["auditor"], ppk_b):
        with pytest.raises(PermissionDenied):
            pleno_approve(actor=wrong, pleno_id=p.pk, totals={})
    with pytest.raises(PermissionDenied):
        pleno_approve(actor=None, pleno_id=p.pk, totals={})
    p.refresh_from_db()
    assert p.status != Pleno.Status.TERKUNCI and p.disetujui_oleh is None
    assert not AuditEntry.objects.filter(action="counting.pleno.locked").exists()

    pleno_approve(actor=users["kpu"], pleno_id=p.pk, totals={"suara": {"1": 0, "2": 0}})
    p.refresh_from_db()
    assert p.status == Pleno.Status.TERKUNCI and p.disetujui_oleh == users["kpu"]
    locked = AuditEntry.objects.get(action="counting.pleno.locked", object_id=str(p.pk))
    assert locked.actor == users["kpu"]
    assert locked.changes["diajukan_oleh"] == "ppk_a"
    assert locked.changes["disetujui_oleh"] == "kpu"
    proposed = AuditEntry.objects.get(action="counting.pleno.proposed", object_id=str(p.pk))
    assert proposed.actor == users["ppk_a"]
