"""Writing C.Hasil: photos, entries (double entry), corrections, objections, plenary locks.

Lock order, the same in every transaction so two writers never wait on each other in a cycle:
the CHasil rows (by primary key), then the Tally rows (by area code: kabupaten, kecamatan,
desa), then the audit head (inside `audit_log`, always last).
"""

import hashlib
import os
import secrets
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Q

from pilkada.accounts.roles import ROLE_LEVEL, Perm
from pilkada.accounts.scoping import actor_area, can_see, require_change
from pilkada.audit.services import audit_log
from pilkada.core import clock
from pilkada.core.codes import Level as CodeLevel
from pilkada.core.exceptions import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from pilkada.counting.demo_results import KECAMATAN_FILE, generate, read_targets
from pilkada.counting.models import CHasil, Entry, Keberatan, Level, Photo, Pleno, Tally
from pilkada.counting.validators import NUMBER_FIELDS, Context, Form, check_form, differences
from pilkada.pemilihan.models import Contest
from pilkada.tps.models import ResultSupersession, Tps
from pilkada.tps.services import tps_result_supersession_resolve

MAX_PHOTO_BYTES = 10 * 1024 * 1024
PHOTO_TYPES = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"%PDF-", "application/pdf", "pdf"),
)


# ---------------------------------------------------------------------------------------------
# Helpers


def _contest(contest_kode: str) -> Contest:
    contest = Contest.objects.filter(kode=contest_kode).first()
    if contest is None:
        raise NotFoundOrOutOfScope(f"Kontestasi {contest_kode} tidak ditemukan.")
    return contest


def _pair_numbers(contest: Contest) -> tuple[int, ...]:
    return tuple(contest.pairs.order_by("nomor_urut").values_list("nomor_urut", flat=True))


def form_context(contest: Contest, tps: Tps, pairs: tuple[int, ...] | None = None) -> Context:
    pairs = _pair_numbers(contest) if pairs is None else pairs
    return Context(pair_numbers=pairs, registered_dpt=tps.jumlah_dpt, kotak_kosong=len(pairs) == 1)


def _level_of_actor(actor: Any) -> str:
    role_level = ROLE_LEVEL.get(getattr(actor, "role", ""), None)
    return {
        CodeLevel.TPS: Level.TPS,
        CodeLevel.DESA: Level.DESA,
        CodeLevel.KECAMATAN: Level.KECAMATAN,
        CodeLevel.PROVINSI: Level.PROVINSI,
    }.get(role_level, Level.KABUPATEN)  # type: ignore[arg-type]


def locked_levels(contest: Contest, tps_kode: str) -> list[str]:
    """Levels whose plenary is locked for this TPS's area, lowest first."""
    rows = Pleno.objects.filter(
        contest=contest,
        status=Pleno.Status.TERKUNCI,
        area_code__in=[tps_kode[:6], tps_kode[:4], tps_kode[:2]],
    ).values_list("level", flat=True)
    order = [Level.KECAMATAN, Level.KABUPATEN, Level.PROVINSI]
    return [lv for lv in order if lv in set(rows)]


def _numbers(entry: Entry) -> dict[str, Any]:
    a = entry.angka
    return {
        "suara": {str(k): int(v) for k, v in entry.suara.items()},
        "suara_sah": int(a.get("suara_sah", 0)),
        "suara_tidak_sah": int(a.get("suara_tidak_sah", 0)),
        "suara_total": int(a.get("suara_total", 0)),
        "pemilih": int(a.get("pemilih_total_jml", 0)),
        "pengguna": int(a.get("pengguna_total_jml", 0)),
        "tps_count": 1,
    }


SCALARS = ("suara_sah", "suara_tidak_sah", "suara_total", "pemilih", "pengguna", "tps_count")


@dataclass
class Delta:
    suara: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    scalars: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, numbers: Mapping[str, Any], sign: int) -> None:
        for k, v in numbers["suara"].items():
            self.suara[k] += sign * int(v)
        for k in SCALARS:
            self.scalars[k] += sign * int(numbers[k])

    def is_zero(self) -> bool:
        return not any(self.suara.values()) and not any(self.scalars.values())


def tally_areas(tps_kode: str) -> list[str]:
    """The areas a TPS adds to, in lock order: kabupaten, kecamatan, desa."""
    return [tps_kode[:4], tps_kode[:6], tps_kode[:10]]


def _tally_lock(keys: Iterable[tuple[int, str]]) -> dict[tuple[int, str], Tally]:
    """Lock the running-total rows (contest, area), creating missing ones, in area-code order."""
    keys = sorted(set(keys), key=lambda k: (k[1], k[0]))
    if not keys:
        return {}
    q = Q(contest_id__in={c for c, _ in keys}, area_code__in={a for _, a in keys})
    wanted = set(keys)

    def locked() -> dict[tuple[int, str], Tally]:
        return {
            (t.contest_id, t.area_code): t
            for t in Tally.objects.select_for_update().filter(q).order_by("area_code", "contest_id")
            if (t.contest_id, t.area_code) in wanted
        }

    rows = locked()
    if len(rows) < len(wanted):
        # Another writer may create the same row meanwhile; the unique constraint decides.
        Tally.objects.bulk_create(
            [Tally(contest_id=c, area_code=a) for c, a in wanted - set(rows)],
            ignore_conflicts=True,
        )
        rows = locked()
    return rows


def _tally_apply(deltas: Mapping[tuple[int, str], Delta]) -> None:
    """Add the deltas to the running totals, locking each row once, in area-code order."""
    keys = sorted((k for k, d in deltas.items() if not d.is_zero()), key=lambda k: (k[1], k[0]))
    if not keys:
        return
    rows = _tally_lock(keys)
    for key in keys:
        t, d = rows[key], deltas[key]
        votes = {str(k): int(v) for k, v in t.suara.items()}
        for k, v in d.suara.items():
            votes[k] = votes.get(k, 0) + v
        t.suara = votes
        for k in SCALARS:
            setattr(t, k, getattr(t, k) + d.scalars[k])
    _save_all(list(rows.values()), ["suara", *SCALARS])


def _save_all(objs: list[Any], fields: list[str]) -> None:
    """Write `fields` of rows already locked by this transaction.

    A few rows are saved one by one; many (bulk import, demo) in one `executemany` of a plain
    UPDATE per row, which costs a fraction of Django's CASE-based `bulk_update`.
    """
    if len(objs) <= 5:
        for obj in objs:
            obj.save(update_fields=fields)
        return
    meta = type(objs[0])._meta
    conn = connections[router.db_for_write(type(objs[0]))]
    cols = [meta.get_field(f) for f in fields]
    sets = ", ".join(f"{conn.ops.quote_name(c.column)} = %s" for c in cols)
    table, pk = conn.ops.quote_name(meta.db_table), conn.ops.quote_name(meta.pk.column)
    sql = f"UPDATE {table} SET {sets} WHERE {pk} = %s"  # noqa: S608  (names from model metadata)
    params = [
        [c.get_db_prep_save(getattr(o, c.attname), conn) for c in cols] + [o.pk] for o in objs
    ]
    with conn.cursor() as cur:
        cur.executemany(sql, params)


def _sniff(content: bytes) -> tuple[str, str]:
    for magic, ctype, ext in PHOTO_TYPES:
        if content.startswith(magic):
            return ctype, ext
    raise ValidationFailed(
        "Berkas foto harus JPEG, PNG atau PDF.", [("foto", "jenis berkas tidak diterima")]
    )


# ---------------------------------------------------------------------------------------------
# Photos
#
# The file is written before its row commits (a row never points at a missing file) under a name
# derived from its SHA-256, complete or not at all (written beside it, then renamed). A crash or
# rollback between the two leaves a file no row names: it is never shown or counted, the retry of
# the same photo reuses it, and `photo_orphans_remove` (`pilkada foto-yatim --hapus`) deletes it.

PHOTO_DIR = "c_hasil"
ORPHAN_MIN_AGE = timedelta(minutes=10)


def _store_photo(name: str, content: bytes, sha: str) -> str:
    """Write `content` at `name` in the default storage, whole, reusing an identical file."""
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as f:
            if hashlib.sha256(f.read()).hexdigest() == sha:
                return name
        default_storage.delete(name)
    if not isinstance(storages["default"], FileSystemStorage):
        return default_storage.save(name, ContentFile(content))
    path = Path(default_storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    with open(tmp, "wb") as f:
        f.write(content)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return name


def _stored_photo_files(top: str = PHOTO_DIR) -> Iterator[str]:
    dirs, files = default_storage.listdir(top)
    for name in files:
        yield f"{top}/{name}"
    for d in dirs:
        yield from _stored_photo_files(f"{top}/{d}")


def photo_orphans(*, min_age: timedelta = ORPHAN_MIN_AGE) -> list[str]:
    """Stored photo files that no Photo row names, older than `min_age` (so a submission still
    in its transaction is never taken for an orphan)."""
    try:
        names = list(_stored_photo_files())
    except FileNotFoundError:
        return []
    known = set(Photo.objects.values_list("file", flat=True))
    # The files' own clock (not the rehearsal clock of core.clock): age on this machine.
    cutoff = time.time() - min_age.total_seconds()
    out = []
    for name in names:
        if name in known:
            continue
        if min_age:
            try:
                if default_storage.get_modified_time(name).timestamp() > cutoff:
                    continue
            except (NotImplementedError, FileNotFoundError):
                continue
        out.append(name)
    return sorted(out)


@transaction.atomic
def photo_orphans_remove(*, actor: Any, min_age: timedelta = ORPHAN_MIN_AGE) -> list[str]:
    """Delete the orphaned photo files (see above); audited with their names."""
    names = photo_orphans(min_age=min_age)
    for name in names:
        default_storage.delete(name)
    if names:
        audit_log(
            actor=actor,
            action="counting.photo.orphans_removed",
            object_type="counting.photo",
            object_id=PHOTO_DIR,
            area_code="",
            changes={"berkas": names[:200], "jumlah": len(names)},
        )
    return names


@transaction.atomic
def photo_add(*, actor: Any, tps_kode: str, contest_kode: str, content: bytes) -> Photo:
    """Store the photo of the signed form with its SHA-256. The same file twice is kept once."""
    require_change(actor, tps_kode, Perm.COUNTING_ENTER)
    if not content:
        raise ValidationFailed("Berkas foto kosong.", [("foto", "kosong")])
    if len(content) > MAX_PHOTO_BYTES:
        raise ValidationFailed(
            f"Berkas foto terlalu besar ({len(content) // 1024} KB; batas "
            f"{MAX_PHOTO_BYTES // 1024 // 1024} MB).",
            [("foto", "terlalu besar")],
        )
    ctype, ext = _sniff(content)
    tps = Tps.objects.filter(pk=tps_kode).first()
    if tps is None:
        raise NotFoundOrOutOfScope(f"TPS {tps_kode} tidak ditemukan.")
    contest = _contest(contest_kode)
    sha = hashlib.sha256(content).hexdigest()
    existing = Photo.objects.filter(tps=tps, contest=contest, sha256=sha).first()
    if existing is not None:
        return existing
    photo = Photo(
        tps=tps,
        contest=contest,
        sha256=sha,
        content_type=ctype,
        size=len(content),
        uploaded_by=actor if getattr(actor, "pk", None) else None,
        uploaded_at=clock.now(),
    )
    photo.file.name = _store_photo(f"c_hasil/{tps_kode}/{contest.kode}/{sha}.{ext}", content, sha)
    photo.save()
    audit_log(
        actor=actor,
        action="counting.photo.added",
        object_type="counting.photo",
        object_id=str(photo.pk),
        area_code=tps_kode,
        changes={"sha256": sha, "contest": contest.kode, "size": len(content), "type": ctype},
    )
    return photo


# ---------------------------------------------------------------------------------------------
# Entries


@dataclass(frozen=True)
class NewEntry:
    tps_kode: str
    contest_kode: str
    angka: Mapping[str, int]
    suara: Mapping[int, int]
    photo_sha256: str = ""
    idempotency_key: str = ""


@dataclass
class Outcome:
    entry: Entry
    form: CHasil
    duplicate: bool = False


def _clean_numbers(row: NewEntry, where: str) -> tuple[dict[str, int], dict[int, int]]:
    unknown = sorted(set(row.angka) - set(NUMBER_FIELDS))
    if unknown:
        raise ValidationFailed(
            f"{where}: kolom tidak dikenal: {', '.join(unknown)}.",
            [(f"{where}.{u}", "tidak dikenal") for u in unknown],
        )
    try:
        angka = {name: int(row.angka.get(name, 0)) for name in NUMBER_FIELDS}
        suara = {int(k): int(v) for k, v in row.suara.items()}
    except (TypeError, ValueError, OverflowError) as exc:  # OverflowError: int(float("inf"))
        raise ValidationFailed(f"{where}: angka tidak sah.", [(where, "bukan angka")]) from exc
    return angka, suara


def _load_forms(pairs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], CHasil]:
    """Lock the CHasil rows (by primary key, once), creating the missing ones first."""
    wanted = set(pairs)

    def locked() -> dict[tuple[str, int], CHasil]:
        forms = (
            CHasil.objects.select_for_update()
            .filter(tps_id__in={t for t, _ in wanted}, contest_id__in={c for _, c in wanted})
            .order_by("pk")
        )
        return {(f.tps_id, f.contest_id): f for f in forms if (f.tps_id, f.contest_id) in wanted}

    found = locked()
    if len(found) < len(wanted):
        # Another writer may create the same row meanwhile; the unique constraint decides.
        CHasil.objects.bulk_create(
            [CHasil(tps_id=t, contest_id=c) for t, c in sorted(wanted - set(found))],
            ignore_conflicts=True,
        )
        found = locked()
    # The counted entries are read by a statement of their own, after the lock. Joined into the
    # locking query (select_related), PostgreSQL re-checks only the locked row after waiting:
    # a form verified meanwhile came back with its new `counted_id` but no counted entry, and
    # the old numbers were never taken out of the totals (counted twice; found by the
    # concurrency test, tests/test_reliability_crash.py).
    ids = [f.counted_id for f in found.values() if f.counted_id is not None]
    counted = Entry.objects.in_bulk(ids) if ids else {}
    for f in found.values():
        if f.counted_id is not None:
            f.counted = counted[f.counted_id]
    return found


def _supersession_answered(tps_kode: str, contest: Contest, since: datetime) -> bool:
    """Whether a new verified form (its entries typed from `since`) answers the open orders.

    Entries typed before an order do not answer it. An order for every contest at the TPS
    (contest "") is answered only once each contest there has a form verified after it; until
    then the TPS stays out of every total.
    """
    orders = list(
        ResultSupersession.objects.filter(
            tps_id=tps_kode, resolved_at__isnull=True, contest_kode__in=[contest.kode, ""]
        )
    )
    if not orders or any(o.ordered_at >= since for o in orders):
        return False
    for order in orders:
        if order.contest_kode:
            continue
        for other in Contest.objects.exclude(pk=contest.pk):
            if len(other.kode_wilayah) < 2 or not tps_kode.startswith(other.kode_wilayah):
                continue
            form = CHasil.objects.filter(tps_id=tps_kode, contest=other).first()
            if form is None or form.counted_at is None or form.counted_at <= order.ordered_at:
                return False
    return True


def entries_submit(
    *, actor: Any, rows: list[NewEntry], kind: str = Entry.Kind.ENTRI
) -> list[Outcome]:
    """Store entries (first or second of a double entry) for many forms in one transaction.

    Each row is checked with `check_form`; a row with findings is kept as "perlu koreksi" and
    never counted. A clean row is compared with the clean entries of the same form typed by other
    users since the last verification: if one matches every number the form is verified and its
    numbers replace the form's counted numbers in the running totals. A row whose idempotency key
    this user already sent returns the stored entry unchanged.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("entries_submit must run inside a transaction")
    if not rows:
        return []
    now = clock.now()
    level = _level_of_actor(actor)
    contests: dict[str, Contest] = {}
    for row in rows:
        require_change(actor, row.tps_kode, Perm.COUNTING_ENTER)
        if row.contest_kode not in contests:
            contests[row.contest_kode] = _contest(row.contest_kode)
    seen: set[tuple[str, str]] = set()
    for i, row in enumerate(rows, start=1):
        key = (row.tps_kode, row.contest_kode)
        if key in seen:
            raise ValidationFailed(
                f"Baris {i}: TPS {row.tps_kode} {row.contest_kode} muncul dua kali.",
                [(f"baris {i}", "ganda")],
            )
        seen.add(key)
    tps_by_code = {t.kode: t for t in Tps.objects.filter(pk__in={r.tps_kode for r in rows})}
    for i, row in enumerate(rows, start=1):
        if row.tps_kode not in tps_by_code:
            raise ValidationFailed(
                f"Baris {i}: TPS {row.tps_kode} tidak ada.", [(f"baris {i}.tps", "tidak ada")]
            )
    forms = _load_forms((r.tps_kode, contests[r.contest_kode].pk) for r in rows)
    actor_id = getattr(actor, "pk", None)

    # Idempotency: checked after the form lock, so a concurrent retry waits and then finds it.
    keys = [r.idempotency_key for r in rows if r.idempotency_key]
    done: dict[str, Entry] = {}
    if keys and actor_id:
        done = {
            e.idempotency_key: e
            for e in Entry.objects.filter(entered_by_id=actor_id, idempotency_key__in=keys)
        }

    pending: dict[int, list[Entry]] = defaultdict(list)
    forms_by_pk = {f.pk: f for f in forms.values()}
    for e in Entry.objects.filter(
        form_id__in=list(forms_by_pk),
        result__in=[Entry.Result.MENUNGGU, Entry.Result.SELISIH],
    ).order_by("-entered_at", "-pk"):
        if e.cycle == forms_by_pk[e.form_id].cycle:
            pending[e.form_id].append(e)

    locked_cache: dict[tuple[int, str], list[str]] = {}
    outcomes: list[Outcome] = []
    deltas: dict[tuple[int, str], Delta] = defaultdict(Delta)
    to_resolve: list[tuple[str, Contest, Entry, datetime]] = []
    photos = _latest_photos(forms)
    new_entries: list[Entry] = []
    pair_cache: dict[int, tuple[int, ...]] = {}
    counted_pairs: list[tuple[CHasil, Entry]] = []
    for i, row in enumerate(rows, start=1):
        where = f"baris {i}" if len(rows) > 1 else "formulir"
        contest = contests[row.contest_kode]
        tps = tps_by_code[row.tps_kode]
        form = forms[(row.tps_kode, contest.pk)]
        if row.idempotency_key and row.idempotency_key in done:
            outcomes.append(Outcome(done[row.idempotency_key], form, duplicate=True))
            continue
        lk = (contest.pk, row.tps_kode[:6])
        if lk not in locked_cache:
            locked_cache[lk] = locked_levels(contest, row.tps_kode)
        if locked_cache[lk]:
            raise ValidationFailed(
                f"{where}: rekapitulasi {locked_cache[lk][0]} untuk TPS {row.tps_kode} sudah "
                "ditetapkan; perubahan hanya lewat koreksi dengan alasan dan catatan keberatan.",
                [(where, "terkunci")],
            )
        angka, suara = _clean_numbers(row, where)
        photo = (
            _photo_for(row.tps_kode, contest, row.photo_sha256, where, photos)
            if row.photo_sha256
            else photos.get((row.tps_kode, contest.pk, ""))
        )
        if contest.pk not in pair_cache:
            pair_cache[contest.pk] = _pair_numbers(contest)
        ctx = form_context(contest, tps, pair_cache[contest.pk])
        findings = check_form(Form(angka=angka, suara=suara), ctx)
        entry = Entry(
            form=form,
            tps_kode=row.tps_kode,
            cycle=form.cycle,
            kind=kind,
            level=level,
            angka=angka,
            suara={str(k): v for k, v in sorted(suara.items())},
            findings=[f.as_dict() for f in findings],
            photo=photo,
            photo_sha256=photo.sha256 if photo else "",
            entered_by_id=actor_id,
            entered_at=now,
            idempotency_key=row.idempotency_key,
        )
        new_form = Form(angka=angka, suara=suara)
        if findings:
            entry.result = Entry.Result.PERLU_KOREKSI
            form.status = CHasil.Status.PERLU_KOREKSI
        else:
            others = [e for e in pending[form.pk] if e.entered_by_id != actor_id]
            match = next(
                (
                    e
                    for e in others
                    if not differences(Form(angka=e.angka, suara=e.votes()), new_form)
                ),
                None,
            )
            if match is not None:
                entry.result = Entry.Result.COCOK
                entry.compared_with = match
            elif others:
                entry.result = Entry.Result.SELISIH
                entry.compared_with = others[0]
                form.status = CHasil.Status.SELISIH
            else:
                entry.result = Entry.Result.MENUNGGU
                form.status = CHasil.Status.MENUNGGU
        new_entries.append(entry)
        if entry.result == Entry.Result.COCOK:
            _count(form, entry, deltas, now)
            counted_pairs.append((form, entry))
            # Both entries of the pair must postdate a recount order to resolve it.
            since = min(match.entered_at if match else now, entry.entered_at)
            to_resolve.append((row.tps_kode, contest, entry, since))
        form.updated_at = now
        outcomes.append(Outcome(entry, form))
    # A form appears once per batch, so no entry refers to another of the same batch.
    Entry.objects.bulk_create(new_entries, batch_size=500)
    for form, entry in counted_pairs:
        form.counted = entry
    _save_all(
        list({o.form.pk: o.form for o in outcomes if not o.duplicate}.values()),
        ["status", "cycle", "counted", "counted_at", "updated_at"],
    )
    _tally_apply(deltas)
    open_orders = (
        set(
            ResultSupersession.objects.filter(
                tps_id__in={t for t, _, _, _ in to_resolve}, resolved_at__isnull=True
            ).values_list("tps_id", flat=True)
        )
        if to_resolve
        else set()
    )
    for tps_kode, contest, entry, since in to_resolve:
        if tps_kode in open_orders and _supersession_answered(tps_kode, contest, since):
            tps_result_supersession_resolve(
                actor=actor,
                kode=tps_kode,
                contest_kode=contest.kode,
                resolved_by_reference=f"counting.entry:{entry.pk}",
            )
    return outcomes


def _latest_photos(forms: Mapping[tuple[str, int], CHasil]) -> dict[tuple[str, int, str], Photo]:
    """The latest photo of each form, keyed as `_photo_for` looks it up (no hash given)."""
    out: dict[tuple[str, int, str], Photo] = {}
    tps_codes = {t for t, _ in forms}
    if not tps_codes:
        return out
    for p in Photo.objects.filter(tps_id__in=tps_codes).order_by("uploaded_at", "pk"):
        if (p.tps_id, p.contest_id) in forms:
            out[(p.tps_id, p.contest_id, "")] = p
    return out


def _photo_for(
    tps_kode: str,
    contest: Contest,
    sha: str,
    where: str,
    cache: dict[tuple[str, int, str], Photo],
) -> Photo | None:
    """The photo the numbers were read from: the one named, or else the latest of the form."""
    key = (tps_kode, contest.pk, sha)
    if key in cache:
        return cache[key]
    qs = Photo.objects.filter(tps_id=tps_kode, contest=contest)
    photo = qs.filter(sha256=sha).first() if sha else qs.order_by("-uploaded_at", "-pk").first()
    if sha and photo is None:
        raise ValidationFailed(
            f"{where}: foto dengan SHA-256 {sha[:12]}… belum diunggah untuk TPS ini.",
            [(f"{where}.foto_sha256", "tidak dikenal")],
        )
    if photo is not None:
        cache[key] = photo
    return photo


def _count(form: CHasil, entry: Entry, deltas: dict[tuple[int, str], Delta], now: datetime) -> None:
    """Make `entry` the form's counted numbers and record the change for the running totals."""
    old = form.counted
    for area in tally_areas(entry.tps_kode):
        d = deltas[(form.contest_id, area)]
        if old is not None:
            d.add(_numbers(old), -1)
        d.add(_numbers(entry), +1)
    form.counted = entry
    form.counted_at = now
    form.cycle += 1
    form.status = CHasil.Status.TERVERIFIKASI


@transaction.atomic
def entry_submit(
    *,
    actor: Any,
    tps_kode: str,
    contest_kode: str,
    angka: Mapping[str, int],
    suara: Mapping[int, int],
    photo_sha256: str = "",
    idempotency_key: str = "",
) -> Outcome:
    """One entry of one form (web form or API); see `entries_submit`."""
    row = NewEntry(tps_kode, contest_kode, angka, suara, photo_sha256, idempotency_key)
    out = entries_submit(actor=actor, rows=[row])[0]
    if not out.duplicate:
        _audit_entry(actor, out)
    return out


@transaction.atomic
def entry_submit_with_photo(
    *,
    actor: Any,
    tps_kode: str,
    contest_kode: str,
    angka: Mapping[str, int],
    suara: Mapping[int, int],
    photo: bytes | None,
    idempotency_key: str = "",
) -> Outcome:
    """The photo of the signed form and the numbers read from it, in one transaction: both are
    stored or neither (a retry with the same key and photo is counted once)."""
    sha = ""
    if photo:
        sha = photo_add(
            actor=actor, tps_kode=tps_kode, contest_kode=contest_kode, content=photo
        ).sha256
    return entry_submit(
        actor=actor,
        tps_kode=tps_kode,
        contest_kode=contest_kode,
        angka=angka,
        suara=suara,
        photo_sha256=sha,
        idempotency_key=idempotency_key,
    )


def _audit_entry(actor: Any, out: Outcome) -> None:
    e = out.entry
    audit_log(
        actor=actor,
        action="counting.form.verified"
        if e.result == Entry.Result.COCOK
        else "counting.entry.submitted",
        object_type="counting.entry",
        object_id=str(e.pk),
        area_code=e.tps_kode,
        changes={
            "contest": out.form.contest_id,
            "result": e.result,
            "findings": [f["code"] for f in e.findings],
            "photo": e.photo_sha256,
            "suara": e.suara,
            "suara_sah": e.angka.get("suara_sah"),
            "suara_total": e.angka.get("suara_total"),
        },
    )


@transaction.atomic
def entries_import(
    *, actor: Any, rows: list[NewEntry], area_code: str, source: str = ""
) -> list[Outcome]:
    """Bulk entry (CSV import by PPS/PPK, the demo): one audit entry for the whole batch."""
    require_change(actor, area_code, Perm.COUNTING_IMPORT)
    for i, row in enumerate(rows, start=1):
        if not row.tps_kode.startswith(area_code):
            raise ValidationFailed(
                f"Baris {i}: TPS {row.tps_kode} di luar wilayah {area_code}.",
                [(f"baris {i}.tps", "di luar wilayah")],
            )
    outcomes = entries_submit(actor=actor, rows=rows, kind=Entry.Kind.IMPOR)
    results: dict[str, int] = defaultdict(int)
    for o in outcomes:
        results["duplikat" if o.duplicate else o.entry.result] += 1
    audit_log(
        actor=actor,
        action="counting.import.done",
        object_type="counting.entry",
        object_id=area_code,
        area_code=area_code,
        changes={"rows": len(rows), "hasil": dict(results), "sumber": source},
    )
    return outcomes


# ---------------------------------------------------------------------------------------------
# Objections and corrections


@transaction.atomic
def keberatan_create(
    *,
    actor: Any,
    contest_kode: str,
    area_code: str,
    saksi: str,
    isi: str,
    jenis: str = Keberatan.Jenis.KEBERATAN,
    pasangan_nomor: int | None = None,
) -> Keberatan:
    """Record a witness objection or special incident at a TPS or a plenary (C.Kejadian Khusus)."""
    require_change(actor, area_code, Perm.COUNTING_OBJECTION)
    contest = _contest(contest_kode)
    errors = []
    if not saksi.strip():
        errors.append(("saksi", "wajib diisi"))
    if not isi.strip():
        errors.append(("isi", "wajib diisi"))
    if errors:
        raise ValidationFailed("Saksi dan isi keberatan wajib diisi.", errors)
    level = {13: Level.TPS, 10: Level.DESA, 6: Level.KECAMATAN, 2: Level.PROVINSI}.get(
        len(area_code), Level.KABUPATEN
    )
    k = Keberatan.objects.create(
        contest=contest,
        level=level,
        area_code=area_code,
        jenis=jenis,
        saksi=saksi.strip(),
        pasangan_nomor=pasangan_nomor,
        isi=isi.strip(),
        dibuat_oleh=actor if getattr(actor, "pk", None) else None,
        dibuat_at=clock.now(),
    )
    audit_log(
        actor=actor,
        action="counting.keberatan.created",
        object_type="counting.keberatan",
        object_id=str(k.pk),
        area_code=area_code,
        changes={"contest": contest.kode, "jenis": jenis, "saksi": k.saksi, "isi": k.isi},
    )
    return k


@transaction.atomic
def keberatan_answer(*, actor: Any, keberatan_id: int, jawaban: str) -> Keberatan:
    """Write the answer to an objection; an answer once given is not replaced."""
    k = Keberatan.objects.select_for_update().filter(pk=keberatan_id).first()
    if k is None or not can_see(actor, k.area_code, Perm.COUNTING_VIEW):
        raise NotFoundOrOutOfScope("Keberatan tidak ditemukan.")
    require_change(actor, k.area_code, Perm.COUNTING_OBJECTION)
    if k.jawaban:
        raise ValidationFailed("Keberatan ini sudah dijawab.", [("jawaban", "sudah ada")])
    if not jawaban.strip():
        raise ValidationFailed("Jawaban wajib diisi.", [("jawaban", "wajib diisi")])
    k.jawaban = jawaban.strip()
    k.dijawab_oleh = actor if getattr(actor, "pk", None) else None
    k.dijawab_at = clock.now()
    k.save(update_fields=["jawaban", "dijawab_oleh", "dijawab_at"])
    audit_log(
        actor=actor,
        action="counting.keberatan.answered",
        object_type="counting.keberatan",
        object_id=str(k.pk),
        area_code=k.area_code,
        changes={"jawaban": k.jawaban},
    )
    return k


@transaction.atomic
def entry_correct(
    *,
    actor: Any,
    tps_kode: str,
    contest_kode: str,
    angka: Mapping[str, int],
    suara: Mapping[int, int],
    reason: str,
    keberatan_id: int | None = None,
    kejadian: str = "",
    photo_sha256: str = "",
) -> Outcome:
    """A correction decided at a plenary (PPK or KPU): a new version with reason and objection.

    The old numbers, their photo and every earlier entry stay; the correction only becomes the
    counted version. It needs a reason and the objection/incident record (an existing one, or
    `kejadian` text recorded now on Model C.Kejadian Khusus). A correction with findings is kept
    but not counted.
    """
    require_change(actor, tps_kode, Perm.COUNTING_CORRECT)
    contest = _contest(contest_kode)
    if not reason.strip():
        raise ValidationFailed("Alasan koreksi wajib diisi.", [("reason", "wajib diisi")])
    tps = Tps.objects.filter(pk=tps_kode).first()
    if tps is None:
        raise ValidationFailed(f"TPS {tps_kode} tidak ada.", [("tps", "tidak ada")])
    # Lock order as everywhere: the form, its running totals, then (in keberatan_create and
    # audit_log) the audit head; taking the head first deadlocked against concurrent entries.
    form = _load_forms([(tps_kode, contest.pk)])[(tps_kode, contest.pk)]
    _tally_lock((contest.pk, area) for area in tally_areas(tps_kode))
    locked = locked_levels(contest, tps_kode)
    level = _level_of_actor(actor)
    if Level.PROVINSI in locked:
        # The governor race's result is determined (D.Hasil Provinsi): a form changed now would
        # move the totals under it. What changes it from here is a dispute, not a correction.
        raise PermissionDenied(
            "Rekapitulasi provinsi sudah ditetapkan; formulir pemilihan ini tidak dapat "
            "dikoreksi lagi."
        )
    if Level.KABUPATEN in locked and level != Level.KABUPATEN:
        raise PermissionDenied(
            "Rekapitulasi kabupaten sudah ditetapkan; koreksi hanya oleh KPU Kabupaten."
        )
    if keberatan_id is not None:
        k = Keberatan.objects.filter(pk=keberatan_id, contest=contest).first()
        if k is None or not (tps_kode.startswith(k.area_code) or k.area_code.startswith(tps_kode)):
            raise ValidationFailed(
                "Catatan keberatan tidak ditemukan untuk TPS ini.", [("keberatan", "tidak ada")]
            )
    elif kejadian.strip():
        area = actor_area(actor) or tps_kode[:4]
        k = keberatan_create(
            actor=actor,
            contest_kode=contest_kode,
            area_code=area if tps_kode.startswith(area) else tps_kode,
            saksi=getattr(actor, "username", "") or "sistem",
            isi=kejadian,
            jenis=Keberatan.Jenis.KEJADIAN,
        )
    else:
        raise ValidationFailed(
            "Koreksi memerlukan catatan keberatan atau kejadian khusus (Model C.Kejadian Khusus).",
            [("keberatan", "wajib diisi")],
        )
    row = NewEntry(tps_kode, contest_kode, angka, suara, photo_sha256)
    clean_angka, clean_suara = _clean_numbers(row, "koreksi")
    photo = _photo_for(tps_kode, contest, photo_sha256, "koreksi", {})
    if photo is None and form.counted is not None:
        photo = form.counted.photo
    findings = check_form(Form(angka=clean_angka, suara=clean_suara), form_context(contest, tps))
    now = clock.now()
    entry = Entry.objects.create(
        form=form,
        tps_kode=tps_kode,
        cycle=form.cycle,
        kind=Entry.Kind.KOREKSI,
        level=level,
        angka=clean_angka,
        suara={str(k): v for k, v in sorted(clean_suara.items())},
        findings=[f.as_dict() for f in findings],
        result=Entry.Result.PERLU_KOREKSI if findings else Entry.Result.DITETAPKAN,
        compared_with=form.counted,
        photo=photo,
        photo_sha256=photo.sha256 if photo else "",
        reason=reason.strip(),
        keberatan=k,
        entered_by=actor if getattr(actor, "pk", None) else None,
        entered_at=now,
    )
    deltas: dict[tuple[int, str], Delta] = defaultdict(Delta)
    if not findings:
        _count(form, entry, deltas, now)
    form.updated_at = now
    form.save(update_fields=["status", "cycle", "counted", "counted_at", "updated_at"])
    _tally_apply(deltas)
    audit_log(
        actor=actor,
        action="counting.entry.corrected",
        object_type="counting.entry",
        object_id=str(entry.pk),
        area_code=tps_kode,
        changes={
            "contest": contest.kode,
            "level": level,
            "reason": entry.reason,
            "keberatan": k.pk,
            "locked": locked,
            "findings": [f["code"] for f in entry.findings],
            "suara": entry.suara,
        },
    )
    if not findings and _supersession_answered(tps_kode, contest, now):
        tps_result_supersession_resolve(
            actor=actor,
            kode=tps_kode,
            contest_kode=contest.kode,
            resolved_by_reference=f"counting.entry:{entry.pk}",
        )
    return Outcome(entry, form)


# ---------------------------------------------------------------------------------------------
# Plenary locks


def _pleno_level(contest: Contest, area_code: str) -> str:
    if len(area_code) == 6:
        return Level.KECAMATAN
    if len(area_code) == 4:
        return Level.KABUPATEN
    if len(area_code) == 2:
        # D.Hasil Provinsi: only a governor race is recapitulated at province level, and only
        # for its own province.
        if area_code != contest.kode_wilayah:
            raise ValidationFailed(
                f"Pleno provinsi hanya untuk pemilihan gubernur provinsi itu; {contest.kode} "
                f"bukan pemilihan gubernur provinsi {area_code}.",
                [("area_code", "bukan wilayah pemilihan gubernur")],
            )
        return Level.PROVINSI
    raise ValidationFailed(
        "Pleno hanya untuk kecamatan (6 digit), kabupaten (4 digit) atau provinsi (2 digit, "
        "pemilihan gubernur).",
        [("area_code", "tingkat salah")],
    )


@transaction.atomic
def pleno_propose(
    *,
    actor: Any,
    contest_kode: str,
    area_code: str,
    nomor_berita_acara: str,
    tempat: str,
    tanggal: date,
    totals: Mapping[str, Any],
    hadir: str = "",
    catatan: str = "",
) -> Pleno:
    """Propose the plenary result with its berita acara data; a second person approves it."""
    require_change(actor, area_code, Perm.RECAP_LOCK)
    contest = _contest(contest_kode)
    level = _pleno_level(contest, area_code)
    if not nomor_berita_acara.strip() or not tempat.strip():
        raise ValidationFailed(
            "Nomor berita acara dan tempat wajib diisi.",
            [("nomor_berita_acara", "wajib diisi"), ("tempat", "wajib diisi")],
        )
    if Pleno.objects.filter(contest=contest, area_code=area_code).exists():
        raise ValidationFailed(
            "Pleno untuk wilayah ini sudah diajukan.", [("area_code", "sudah ada")]
        )
    try:
        with transaction.atomic():
            p = Pleno.objects.create(
                contest=contest,
                level=level,
                area_code=area_code,
                nomor_berita_acara=nomor_berita_acara.strip(),
                tempat=tempat.strip(),
                tanggal=tanggal,
                hadir=hadir,
                catatan=catatan,
                totals=dict(totals),
                diajukan_oleh=actor if getattr(actor, "pk", None) else None,
                diajukan_at=clock.now(),
            )
    except IntegrityError as exc:
        raise ValidationFailed(
            "Pleno untuk wilayah ini sudah diajukan.", [("area_code", "sudah ada")]
        ) from exc
    audit_log(
        actor=actor,
        action="counting.pleno.proposed",
        object_type="counting.pleno",
        object_id=str(p.pk),
        area_code=area_code,
        changes={"contest": contest.kode, "nomor": p.nomor_berita_acara, "totals": p.totals},
    )
    return p


@transaction.atomic
def pleno_approve(*, actor: Any, pleno_id: int, totals: Mapping[str, Any]) -> Pleno:
    """Second person approves: the level is locked; later changes are corrections only.

    Every form of the area is locked first (the same lock an entry takes before it reads the
    plenary state), so an entry still in flight commits before the lock and any later one sees
    it: no entry is accepted after the plenary closed.
    """
    p = Pleno.objects.filter(pk=pleno_id).first()
    if p is None:
        raise ValidationFailed("Pleno tidak ada.", [("pleno", "tidak ada")])
    require_change(actor, p.area_code, Perm.RECAP_LOCK)
    codes = Tps.objects.filter(kode__startswith=p.area_code).values_list("kode", flat=True)
    _load_forms((code, p.contest_id) for code in codes)
    p = Pleno.objects.select_for_update().get(pk=pleno_id)
    if p.status == Pleno.Status.TERKUNCI:
        raise ValidationFailed("Pleno ini sudah ditetapkan.", [("pleno", "sudah terkunci")])
    # Two people: require_change above needs a signed-in user with recap.lock in the area (so
    # does proposing), and it must not be the proposer.
    if p.diajukan_oleh_id == actor.pk:
        raise ValidationFailed(
            "Penetapan pleno harus disetujui orang kedua, bukan pengaju.",
            [("disetujui_oleh", "sama dengan pengaju")],
        )
    p.status = Pleno.Status.TERKUNCI
    p.disetujui_oleh = actor if getattr(actor, "pk", None) else None
    p.disetujui_at = clock.now()
    p.totals = dict(totals)
    p.save(update_fields=["status", "disetujui_oleh", "disetujui_at", "totals"])
    audit_log(
        actor=actor,
        action="counting.pleno.locked",
        object_type="counting.pleno",
        object_id=str(p.pk),
        area_code=p.area_code,
        changes={
            "contest": p.contest_id,
            "level": p.level,
            "totals": p.totals,
            "diajukan_oleh": p.diajukan_oleh.username if p.diajukan_oleh else "",
            "disetujui_oleh": getattr(actor, "username", ""),
        },
    )
    return p


# ---------------------------------------------------------------------------------------------
# Demo


def demo_contests(area_code: str) -> dict[str, Contest]:
    """The races voted on in a regency: {"bupati"/"walikota": ..., "gubernur": ...}."""
    out: dict[str, Contest] = {}
    for c in Contest.objects.filter(kode_wilayah__in=[area_code, area_code[:2]]):
        out["gubernur" if c.jenis == Contest.Jenis.GUBERNUR else "bupati"] = c
    return out


def demo_results_load(
    *, first: Any, second: Any, data_dir: Path, area_code: str, seed: int = 27
) -> int:
    """Verified demo results for every TPS without them: two bulk entries by two users.

    Synthetic per-TPS numbers whose kecamatan sums equal the kecamatan file. Idempotent: forms
    that already count are left alone. Returns the number of forms verified.
    """
    contests = demo_contests(area_code)
    if not contests:
        return 0
    races = {race: _pair_numbers(c) for race, c in contests.items()}
    tps = list(Tps.objects.filter(kode__startswith=area_code).values_list("kode", "jumlah_dpt"))
    counted = set(
        CHasil.objects.filter(tps__kode__startswith=area_code, counted__isnull=False).values_list(
            "tps_id", "contest_id"
        )
    )
    forms = generate(
        tps=tps, targets=read_targets(data_dir / KECAMATAN_FILE), races=races, seed=seed
    )
    rows = [
        NewEntry(code, contests[race].kode, f.angka, f.suara)
        for code, by_race in sorted(forms.items())
        for race, f in by_race.items()
        if (code, contests[race].pk) not in counted
    ]
    if not rows:
        return 0
    with transaction.atomic():
        entries_import(actor=first, rows=rows, area_code=area_code, source="demo")
        out = entries_import(actor=second, rows=rows, area_code=area_code, source="demo")
    return sum(1 for o in out if o.entry.result == Entry.Result.COCOK)
