"""The process the crash and concurrency tests start, kill and question (not a test module).

    python tests/reliability_driver.py setup DIR       small world + a voter file of DIR
    python tests/reliability_driver.py trial DIR SEED  check what a killed trial left, retry,
                                                       check, reset; print GO; then work
                                                       (import + form submissions) until
                                                       killed or done
    python tests/reliability_driver.py final DIR       the checks and the retry only
    python tests/reliability_driver.py jepsen DIR CLIENTS OPS SEED

It runs against the database in DATABASE_URL (a file SQLite or a PostgreSQL database the test
created), with its files under PILKADA_VAR_DIR. Findings are printed as JSON lines
(`{"check": ..., "ok": ...}`); the test reads them.
"""

import hashlib
import io
import json
import os
import random
import shutil
import sys
import threading
import time
import traceback
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.management.base import CommandError  # noqa: E402
from django.db import OperationalError, close_old_connections, connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402

from pilkada.accounts.roles import Role  # noqa: E402
from pilkada.accounts.services import user_create  # noqa: E402
from pilkada.audit.models import AuditEntry  # noqa: E402
from pilkada.core.exceptions import PermissionDenied, ValidationFailed  # noqa: E402
from pilkada.counting import services as counting  # noqa: E402
from pilkada.counting.models import CHasil, Entry, Keberatan, Photo, Pleno, Tally  # noqa: E402
from pilkada.counting.tests.conftest import make_contests  # noqa: E402
from pilkada.counting.validators import consistent_form  # noqa: E402
from pilkada.tps.models import Tps  # noqa: E402
from pilkada.voters import protect  # noqa: E402
from pilkada.voters.generator import generate, write_csv  # noqa: E402
from pilkada.voters.models import DuplicatePair, ImportBatch, ImportRowError, Voter  # noqa: E402

PASSWORD = "rahasia-uji-keandalan-123"
VOTERS = int(os.environ.get("CRASH_VOTERS", "2000"))
VOTER_DESA = "1807012001"  # the voter file fills its TPS
FORM_DESA = "1807012002"  # crash trials submit its forms
JEPSEN_KEC = "180702"  # the concurrency run's forms and plenary
JEPSEN_DESA = "1807022001"
CONTESTS = ("pilgub", "pilbup")
PHOTO_BYTES = 256 * 1024


def say(**fields: Any) -> None:
    print(json.dumps(fields, sort_keys=True, default=str), flush=True)  # noqa: T201  (the protocol)


def check(name: str, ok: bool, **detail: Any) -> None:
    say(check=name, ok=bool(ok), **detail)


# ---------------------------------------------------------------------------------------------
# The small world


def setup(d: Path) -> None:
    from pilkada.wilayah.models import Desa, Kabupaten, Kecamatan, Provinsi

    prov = Provinsi.objects.create(kode="18", kode_kemendagri="18", nama="Lampung")
    kab = Kabupaten.objects.create(
        kode="1807", kode_kemendagri="18.07", provinsi=prov, nama="Lampung Timur"
    )
    for kec_kode, desas in (("180701", ("2001", "2002")), ("180702", ("2001",))):
        kec = Kecamatan.objects.create(
            kode=kec_kode,
            kode_kemendagri=f"18.07.{kec_kode[4:]}",
            kabupaten=kab,
            nama=f"Kecamatan {kec_kode}",
        )
        for n in desas:
            desa = Desa.objects.create(
                kode=kec_kode + n,
                kode_kemendagri=f"18.07.{kec_kode[4:]}.{n}",
                kecamatan=kec,
                nama=f"Desa {n}",
                nama_kpu=f"DESA {n}",
            )
            for nomor in range(1, 5):
                Tps(kode=f"{desa.kode}{nomor:03d}", desa=desa, nomor=nomor, alamat="Balai").save()
    make_contests()  # the counting tests' two contests (governor: 2 pairs, regency: 1)
    users = [("ketik1", Role.KPU_ADMIN, "1807"), ("ketik2", Role.KPU_ADMIN, "1807")]
    users += [(f"j.ketik{i}", Role.KPU_ADMIN, "1807") for i in range(1, 33)]
    users += [(f"j.ppk{i}", Role.PPK, JEPSEN_KEC) for i in range(1, 9)]
    for name, role, area in users:
        user_create(actor=None, username=name, password=PASSWORD, role=role, area_code=area)
    tps = [(f"{VOTER_DESA}{n:03d}", 600) for n in range(1, 5)]
    rows, _ = generate(
        tps=tps, voters=VOTERS, seed=8, duplicates=0.0, voting_day=date(2024, 11, 27)
    )
    write_csv(d / "dpt.csv", rows)
    say(setup="ok", voters=len(rows), tps=Tps.objects.count())


# ---------------------------------------------------------------------------------------------
# Crash trials: the source of truth is the voter file and the planned forms


def source_niks(d: Path) -> list[str]:
    import csv

    with open(d / "dpt.csv", newline="", encoding="utf-8") as f:
        return [r[1] for r in list(csv.reader(f))[1:]]


def roll_digest(hashes: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(hashes)).encode()).hexdigest()


def planned_forms() -> list[tuple[str, str, dict[str, int], dict[int, int], bytes]]:
    """The forms the crash trials submit: numbers and photo per (TPS, contest), fixed."""
    out = []
    for n in range(1, 5):
        tps = f"{FORM_DESA}{n:03d}"
        for c in CONTESTS:
            rng = random.Random(f"{tps}{c}")
            voted = rng.randint(150, 300)
            inv = rng.randint(0, 9)
            one = rng.randint(0, voted - inv)
            votes = (
                {1: one, 2: voted - inv - one} if c == "pilgub" else {1: one, 0: voted - inv - one}
            )
            f = consistent_form(
                dpt_l=200,
                dpt_p=200,
                voted_l=voted // 2,
                voted_p=voted - voted // 2,
                votes=votes,
                invalid=inv,
            )
            photo = b"\x89PNG\r\n\x1a\n" + rng.randbytes(PHOTO_BYTES)
            out.append((tps, c, dict(f.angka), dict(f.suara), photo))
    return out


def users_by_name(*names: str) -> list[Any]:
    from pilkada.accounts.models import User

    found = {u.username: u for u in User.objects.filter(username__in=names)}
    return [found[n] for n in names]


def submit_forms() -> int:
    """Double entry of every planned form, photo and numbers together, idempotent by key."""
    typists = users_by_name("ketik1", "ketik2")
    n = 0
    for user in typists:
        for tps, c, angka, suara, photo in planned_forms():
            counting.entry_submit_with_photo(
                actor=user,
                tps_kode=tps,
                contest_kode=c,
                angka=angka,
                suara=suara,
                photo=photo,
                idempotency_key=f"{user.username}:{tps}:{c}",
            )
            n += 1
    return n


def import_roll(d: Path) -> str:
    try:
        call_command("import_dpt", str(d / "dpt.csv"), stdout=open(os.devnull, "w"))  # noqa: SIM115
    except CommandError as exc:
        return str(exc)
    return "diterima"


def tally_matches_forms() -> tuple[bool, dict[str, Any]]:
    """Every running total equals the sum of the numbers the forms count (recomputed)."""
    want: dict[tuple[int, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for form in CHasil.objects.filter(counted__isnull=False).select_related("counted"):
        assert form.counted is not None
        nums = counting._numbers(form.counted)
        for area in counting.tally_areas(form.tps_id):
            w = want[(form.contest_id, area)]
            for k, v in nums["suara"].items():
                w[f"suara_{k}"] += v
            for k in counting.SCALARS:
                w[k] += nums[k]
    have: dict[tuple[int, str], dict[str, int]] = {}
    for t in Tally.objects.all():
        row = {f"suara_{k}": int(v) for k, v in t.suara.items()}
        row.update({k: int(getattr(t, k)) for k in counting.SCALARS})
        have[(t.contest_id, t.area_code)] = {k: v for k, v in row.items() if v}
    want_clean = {k: {f: v for f, v in w.items() if v} for k, w in want.items()}
    have = {k: v for k, v in have.items() if v}
    want_clean = {k: v for k, v in want_clean.items() if v}
    return have == want_clean, {"tally_rows": len(have)}


def photo_state() -> dict[str, Any]:
    from django.core.files.storage import default_storage

    bad_files = 0
    for p in Photo.objects.all():
        try:
            with default_storage.open(p.file.name, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            bad_files += 1
            continue
        if hashlib.sha256(data).hexdigest() != p.sha256 or len(data) != p.size:
            bad_files += 1
    photos_without_numbers = Photo.objects.filter(entries__isnull=True).count()
    numbers_without_photo = Entry.objects.filter(photo__isnull=True).count()
    mismatched = sum(
        1
        for e in Entry.objects.select_related("photo")
        if e.photo and e.photo.sha256 != e.photo_sha256
    )
    orphans = counting.photo_orphans(min_age=timedelta(0))
    return {
        "photos": Photo.objects.count(),
        "entries": Entry.objects.count(),
        "photo_rows_missing_or_bad_file": bad_files,
        "photos_without_numbers": photos_without_numbers,
        "numbers_without_photo": numbers_without_photo,
        "entry_photo_hash_mismatch": mismatched,
        "orphan_files": len(orphans),
    }


def audit_verify() -> tuple[bool, str]:
    """`pilkada audit verify`, as an operator runs it: the hash chain and the checkpoints."""
    out = io.StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except CommandError as exc:
        return False, str(exc)
    return True, out.getvalue().strip()


def crash_state(d: Path, niks: list[str]) -> dict[str, Any]:
    """What a kill left: voters all-or-nothing, forms whole, totals consistent, chain intact."""
    hashes = list(Voter.objects.values_list("nik_hash", flat=True))
    full = roll_digest([protect.keyed_hash(x) for x in niks])
    voters_ok = len(hashes) == 0 or (len(hashes) == len(niks) and roll_digest(hashes) == full)
    accepted = ImportBatch.objects.filter(status=ImportBatch.Status.DITERIMA).count()
    check(
        "voters_all_or_nothing",
        voters_ok and accepted == (1 if hashes else 0),
        voters=len(hashes),
        accepted=accepted,
    )
    ph = photo_state()
    check(
        "photos_with_numbers",
        ph["photo_rows_missing_or_bad_file"] == 0
        and ph["photos_without_numbers"] == 0
        and ph["numbers_without_photo"] == 0
        and ph["entry_photo_hash_mismatch"] == 0,
        **ph,
    )
    ok, detail = tally_matches_forms()
    per_typist = Entry.objects.values("form_id", "entered_by_id").annotate(c=Count("id"))
    twice = sum(1 for r in per_typist if r["c"] > 1)
    check("tally_equals_counted_forms", ok and twice == 0, entered_twice=twice, **detail)
    ok, said = audit_verify()
    check("audit_verify", ok, said=said)
    return {"voters": len(hashes), **ph}


def complete_state(niks: list[str]) -> None:
    """After the retry: the whole file once, every form verified once with its photo."""
    hashes = list(Voter.objects.values_list("nik_hash", flat=True))
    full = roll_digest([protect.keyed_hash(x) for x in niks])
    check(
        "retry_roll_complete",
        len(hashes) == len(niks) and roll_digest(hashes) == full,
        voters=len(hashes),
        source=len(niks),
        accepted=ImportBatch.objects.filter(status=ImportBatch.Status.DITERIMA).count(),
    )
    plan = planned_forms()
    forms = {
        (f.tps_id, f.contest.kode): f for f in CHasil.objects.select_related("counted", "contest")
    }
    good = 0
    for tps, c, angka, suara, photo in plan:
        f = forms.get((tps, c))
        if f is None or f.counted is None or f.status != CHasil.Status.TERVERIFIKASI:
            continue
        e = f.counted
        if (
            e.angka == angka
            and e.votes() == suara
            and e.photo_sha256 == hashlib.sha256(photo).hexdigest()
            and Entry.objects.filter(form=f).count() == 2
            and Photo.objects.filter(tps_id=tps, contest=f.contest).count() == 1
        ):
            good += 1
    want: dict[str, int] = defaultdict(int)
    for _, c, angka, suara, _ in plan:
        if c == "pilgub":
            for k, v in suara.items():
                want[f"suara_{k}"] += v
            want["suara_sah"] += angka["suara_sah"]
            want["tps_count"] += 1
    t = Tally.objects.filter(contest__kode="pilgub", area_code=FORM_DESA).first()
    have = {}
    if t is not None:
        have = {f"suara_{k}": int(v) for k, v in t.suara.items()}
        have["suara_sah"], have["tps_count"] = t.suara_sah, t.tps_count
    check(
        "retry_forms_complete",
        good == len(plan) and have == dict(want),
        forms=good,
        planned=len(plan),
    )
    ph = photo_state()
    check("no_orphan_after_sweep", ph["orphan_files"] == 0, **ph)
    ok, said = audit_verify()
    check("audit_verify_after_retry", ok, said=said)


def reset_world(d: Path) -> None:
    """Empty the roll and the forms (test scaffolding; the audit chain keeps its entries)."""
    from django.core.files.storage import default_storage

    with transaction.atomic():
        DuplicatePair.objects.all().delete()
        Voter.objects.all().delete()
        ImportRowError.objects.all().delete()
        ImportBatch.objects.all().delete()
        Tps.objects.update(jumlah_dpt=0)
        CHasil.objects.update(counted=None)
        Entry.objects.update(compared_with=None)
        Entry.objects.all().delete()
        CHasil.objects.all().delete()
        Photo.objects.all().delete()
        Tally.objects.all().delete()
        Keberatan.objects.all().delete()
        Pleno.objects.all().delete()
    shutil.rmtree(Path(default_storage.path(counting.PHOTO_DIR)), ignore_errors=True)


def trial(d: Path, seed: int, *, work: bool, fresh: bool = False) -> None:
    if fresh:
        reset_world(d)
    niks = source_niks(d)
    before = crash_state(d, niks)
    # The operator's retry: sweep the orphaned files, run both again.
    swept = counting.photo_orphans_remove(actor=None, min_age=timedelta(0))
    outcome = import_roll(d)
    submit_forms()
    say(retry_import=outcome, swept=len(swept), state_before=before)
    complete_state(niks)
    if not work:
        return
    reset_world(d)
    rng = random.Random(seed)
    order = ["import", "forms"] if rng.random() < 0.5 else ["forms", "import"]
    say(go=True, order=order)
    for phase in order:
        say(phase=phase)
        if phase == "import":
            import_roll(d)
        else:
            submit_forms()
    say(phase="done")


# ---------------------------------------------------------------------------------------------
# Jepsen-lite: many clients on the same forms and plenary, with a history


def jepsen_forms() -> list[str]:
    return [f"{JEPSEN_DESA}{n:03d}" for n in range(1, 4)]


def candidate_numbers(tps: str, k: int) -> tuple[dict[str, int], dict[int, int]]:
    rng = random.Random(f"j{tps}{k}")
    voted = rng.randint(100, 300)
    inv = rng.randint(0, 5)
    one = rng.randint(0, voted - inv)
    f = consistent_form(
        dpt_l=200,
        dpt_p=200,
        voted_l=voted // 2,
        voted_p=voted - voted // 2,
        votes={1: one, 2: voted - inv - one},
        invalid=inv,
    )
    return dict(f.angka), dict(f.suara)


def jepsen(d: Path, clients: int, ops: int, seed: int) -> None:
    from pilkada.accounts.models import User

    reset_world(d)
    typists = list(User.objects.filter(username__startswith="j.ketik").order_by("username"))
    ppks = list(User.objects.filter(username__startswith="j.ppk").order_by("username"))
    contest = "pilgub"
    history: list[dict[str, Any]] = []
    lock = threading.Lock()
    start = threading.Barrier(clients)
    t0 = time.monotonic()

    def record(**op: Any) -> None:
        with lock:
            history.append(op)

    def client(i: int) -> None:
        rng = random.Random(seed * 1000 + i)
        corrector = i % 4 == 3
        user = ppks[i % len(ppks)] if corrector else typists[i % len(typists)]
        try:
            start.wait()
            for n in range(ops):
                tps = rng.choice(jepsen_forms())
                k = rng.randrange(3)
                angka, suara = candidate_numbers(tps, k)
                kind = "entry"
                if corrector and n in (ops // 2, ops // 2 + 1):
                    # Every corrector tries to propose, then to approve, in the middle of the
                    # run: one proposal and one approval by someone else may succeed.
                    kind = "propose" if n == ops // 2 else "approve"
                elif corrector:
                    kind = rng.choice(["correct", "correct", "read"])
                elif rng.random() < 0.15:
                    kind = "read"
                op: dict[str, Any] = {
                    "client": i,
                    "user": user.username,
                    "op": kind,
                    "tps": tps,
                    "n": n,
                }
                op["begin"] = time.monotonic() - t0
                try:
                    if kind == "entry":
                        op["numbers"] = k
                        out = counting.entry_submit(
                            actor=user, tps_kode=tps, contest_kode=contest, angka=angka, suara=suara
                        )
                        op.update(status="ok", entry=out.entry.pk, result=out.entry.result)
                    elif kind == "correct":
                        op["numbers"] = k
                        out = counting.entry_correct(
                            actor=user,
                            tps_kode=tps,
                            contest_kode=contest,
                            angka=angka,
                            suara=suara,
                            reason="koreksi pleno (uji bersamaan)",
                            kejadian=f"uji bersamaan {i}-{n}",
                        )
                        op.update(status="ok", entry=out.entry.pk, result=out.entry.result)
                    elif kind == "propose":
                        totals = read_totals(contest)
                        p = counting.pleno_propose(
                            actor=user,
                            contest_kode=contest,
                            area_code=JEPSEN_KEC,
                            nomor_berita_acara=f"BA-{i}-{n}",
                            tempat="Aula",
                            tanggal=date(2024, 12, 1),
                            totals=totals,
                        )
                        op.update(status="ok", pleno=p.pk)
                    elif kind == "approve":
                        p0 = Pleno.objects.filter(
                            contest__kode=contest, area_code=JEPSEN_KEC
                        ).first()
                        if p0 is None:
                            op.update(status="skipped")
                        else:
                            p = counting.pleno_approve(
                                actor=user, pleno_id=p0.pk, totals=read_totals(contest)
                            )
                            op.update(status="ok", pleno=p.pk)
                    else:
                        op.update(status="ok", snapshot_consistent=read_consistent(contest))
                except (ValidationFailed, PermissionDenied) as exc:
                    op.update(status="refused", error=type(exc).__name__, message=str(exc)[:120])
                except Exception as exc:  # any other exception is an anomaly
                    busy = isinstance(exc, OperationalError) and "database is locked" in str(exc)
                    if busy and connection.vendor == "sqlite":
                        # SQLite's busy time-out at BEGIN IMMEDIATE on an overloaded machine:
                        # the write never started (an outage, not a wrong answer); counted.
                        op.update(status="unavailable", error="OperationalError")
                    else:
                        op.update(
                            status="crashed", error=type(exc).__name__, message=str(exc)[:300]
                        )
                        op["trace"] = traceback.format_exc()[-800:]
                op["end"] = time.monotonic() - t0
                record(**op)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    (d / "jepsen-history.json").write_text(json.dumps(history, indent=1, default=str))
    jepsen_check(history, contest, clients)


def read_totals(contest: str) -> dict[str, Any]:
    t = Tally.objects.filter(contest__kode=contest, area_code=JEPSEN_KEC).first()
    return t.as_numbers() if t else {}


def read_consistent(contest: str) -> bool:
    """A reader's view in one snapshot: the kecamatan total equals its counted forms.

    PostgreSQL's default READ COMMITTED gives each statement its own snapshot, so two reads in
    one transaction may straddle a commit; a reader that needs both to agree asks for
    REPEATABLE READ (SQLite's WAL read transaction is one snapshot already)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        t = Tally.objects.filter(contest__kode=contest, area_code=JEPSEN_KEC).first()
        forms = CHasil.objects.filter(
            contest__kode=contest, tps__kode__startswith=JEPSEN_KEC, counted__isnull=False
        ).select_related("counted")
        sah = sum(int(f.counted.angka["suara_sah"]) for f in forms if f.counted)
        n = sum(1 for f in forms if f.counted)
        return (t.suara_sah if t else 0) == sah and (t.tps_count if t else 0) == n


def jepsen_check(history: list[dict[str, Any]], contest: str, clients: int) -> None:
    ok_ops = [h for h in history if h["status"] == "ok"]
    writes = [h for h in ok_ops if h["op"] in ("entry", "correct")]
    crashed = [h for h in history if h["status"] == "crashed"]
    check("no_unexpected_exception", not crashed, crashed=len(crashed), first=crashed[:2])
    # Every acknowledged write is in the database with the numbers the client sent.
    entries = {e.pk: e for e in Entry.objects.filter(tps_kode__startswith=JEPSEN_KEC)}
    lost = 0
    for h in writes:
        e = entries.get(h["entry"])
        angka, suara = candidate_numbers(h["tps"], h["numbers"])
        if e is None or e.angka != angka or e.votes() != suara:
            lost += 1
    phantom = len(set(entries) - {h["entry"] for h in writes})
    check(
        "no_lost_update",
        lost == 0 and phantom == 0,
        acknowledged=len(writes),
        lost=lost,
        phantom=phantom,
    )
    # Commit order from the audit chain: each acknowledged write has its entry there.
    seq_of = {
        int(a.object_id): a.seq
        for a in AuditEntry.objects.filter(object_type="counting.entry").exclude(object_id="")
        if a.object_id.isdigit()
    }
    lock_seq = (
        AuditEntry.objects.filter(action="counting.pleno.locked")
        .values_list("seq", flat=True)
        .first()
    )
    unaudited = [h for h in writes if h["entry"] not in seq_of]
    check("every_write_audited", not unaudited, missing=len(unaudited))
    # Reference: per form, the numbers of the last acknowledged counting write in commit order.
    last: dict[str, tuple[int, dict[int, int], dict[str, int]]] = {}
    for h in writes:
        if (
            h["result"] not in (Entry.Result.COCOK, Entry.Result.DITETAPKAN)
            or h["entry"] not in seq_of
        ):
            continue
        seq = seq_of[h["entry"]]
        if h["tps"] not in last or seq > last[h["tps"]][0]:
            angka, suara = candidate_numbers(h["tps"], h["numbers"])
            last[h["tps"]] = (seq, suara, angka)
    ref: dict[str, int] = defaultdict(int)
    for _, suara, angka in last.values():
        for k, v in suara.items():
            ref[f"suara_{k}"] += v
        ref["suara_sah"] += angka["suara_sah"]
        ref["suara_total"] += angka["suara_total"]
        ref["tps_count"] += 1
    t = Tally.objects.filter(contest__kode=contest, area_code=JEPSEN_KEC).first()
    have: dict[str, int] = {}
    if t is not None:
        have = {f"suara_{k}": int(v) for k, v in t.suara.items() if int(v)}
        have.update(suara_sah=t.suara_sah, suara_total=t.suara_total, tps_count=t.tps_count)
        have = {k: v for k, v in have.items() if v}
    check(
        "totals_equal_history_reference",
        have == {k: v for k, v in ref.items() if v},
        have=have,
        reference=dict(ref),
    )
    counted_forms = CHasil.objects.filter(
        tps__kode__startswith=JEPSEN_KEC, counted__isnull=False
    ).count()
    check(
        "no_double_count",
        (t.tps_count if t else 0) == counted_forms == len(last),
        counted_forms=counted_forms,
    )
    ok, _ = tally_matches_forms()
    check("every_tally_equals_its_forms", ok)
    reads = [h for h in ok_ops if h["op"] == "read"]
    check("reads_consistent", all(h["snapshot_consistent"] for h in reads), reads=len(reads))
    proposed = [h for h in ok_ops if h["op"] == "propose"]
    approved = [h for h in ok_ops if h["op"] == "approve"]
    pleno = Pleno.objects.filter(contest__kode=contest, area_code=JEPSEN_KEC).first()
    one_pleno = len(proposed) <= 1 and len(approved) <= 1 and (pleno is not None) == bool(proposed)
    distinct = (
        pleno is None
        or pleno.status != Pleno.Status.TERKUNCI
        or (pleno.disetujui_oleh_id != pleno.diajukan_oleh_id)
    )
    late = 0
    if lock_seq is not None:
        late = sum(1 for h in writes if h["op"] == "entry" and seq_of.get(h["entry"], 0) > lock_seq)
    check(
        "plenary_once_two_people_no_entry_after_lock",
        one_pleno and distinct and late == 0,
        proposed=len(proposed),
        approved=len(approved),
        entries_after_lock=late,
    )
    ok, said = audit_verify()
    check("audit_verify", ok, said=said)
    by: dict[str, int] = defaultdict(int)
    for h in history:
        by[f"{h['op']}:{h['status']}"] += 1
    say(
        figures={
            "clients": clients,
            "operations": len(history),
            "acknowledged_writes": len(writes),
            "unavailable": sum(1 for h in history if h["status"] == "unavailable"),
            "forms": len(jepsen_forms()),
            "by_outcome": dict(sorted(by.items())),
            "plenary_locked": bool(pleno and pleno.status == Pleno.Status.TERKUNCI),
        }
    )


def main() -> None:
    cmd, d = sys.argv[1], Path(sys.argv[2])
    if cmd == "setup":
        setup(d)
    elif cmd == "trial":
        trial(d, int(sys.argv[3]), work=True, fresh=sys.argv[4:] == ["fresh"])
    elif cmd == "final":
        trial(d, 0, work=False)
    elif cmd == "jepsen":
        jepsen(d, int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    else:
        raise SystemExit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
