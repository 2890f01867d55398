"""Writing the voter roll: imports (all-or-nothing), duplicate decisions, exports. Audited."""

import gc
import hashlib
import io
import secrets
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import chain
from pathlib import Path
from typing import Any

import polars as pl
import psycopg
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Exists, OuterRef, Subquery
from psycopg.copy import QueuedLibpqWriter

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import actor_area, require_change
from pilkada.audit.services import audit_log
from pilkada.core import clock
from pilkada.core.exceptions import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from pilkada.pemilihan.selectors import election_get_current
from pilkada.tps.models import MAX_VOTERS_PER_TPS, Tps
from pilkada.voters import protect
from pilkada.voters.files import read_frame
from pilkada.voters.models import (
    DptPosting,
    DuplicatePair,
    ImportBatch,
    ImportRowError,
    InvitationDelivery,
    Jenis,
    RollExport,
    Voter,
)
from pilkada.voters.rules import (
    STORED_SOURCE,
    Checked,
    TpsSlot,
    check_prepared,
    prepare_frame,
)
from pilkada.wilayah.models import Kecamatan

Progress = Callable[[str, int], None]
CHUNK = 50_000
# Chunks on their way to the database before the rules start beside the load (see `_load`).
RULES_AFTER_CHUNKS = 4
# 40 rows x 19 columns = 760 parameters a statement (SQLite allows 32,766).
SQLITE_ROWS_PER_STATEMENT = 40

TMS_GANDA = 2

# Stored columns that are not text (COPY's FORCE_NOT_NULL takes text columns only).
NON_TEXT_COLUMNS = frozenset(
    {"nik_luar_wilayah", "tanggal_lahir", "disabilitas", "baris", "batch_id"}
)
# Same for every row of a batch: written as SQL literals, not bound per row.
CONSTANT_COLUMNS = ["batch_id", "jenis", "status", "tms_keterangan"]
INSERT_COLUMNS = [
    "tps_kode",
    "nik_hash",
    "nkk_hash",
    "nik_masked",
    "identitas_enc",
    "nik_luar_wilayah",
    "nama",
    "tempat_lahir",
    "tanggal_lahir",
    "status_kawin",
    "jenis_kelamin",
    "alamat",
    "rt",
    "rw",
    "disabilitas",
    "ktp_el",
    "keterangan",
    "baris",
]


def _check_actor(actor: Any, code: str, perm: Perm) -> None:
    """The command line runs as the system (actor None); every other caller is checked."""
    if actor is not None:
        require_change(actor, code, perm)


def voting_day() -> date:
    election = election_get_current()
    return election.tanggal if election else date(2024, 11, 27)


def region_code() -> str:
    return str(settings.PILKADA_REGION_CODE)


def _spool_dir() -> Path:
    path = Path(settings.VAR_DIR) / "impor"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _spool_path(batch_id: int) -> Path:
    name = ImportBatch.objects.filter(pk=batch_id).values_list("spool", flat=True).first()
    return _spool_dir() / f"{name or batch_id}.bin"


def _spool_write(batch_id: int, data: bytes) -> None:
    """The uploaded file waits for its run encrypted at rest (it holds NIKs in clear)."""
    blob = protect.Sealer().seal_bytes(data)
    _spool_path(batch_id).write_bytes(blob)


def _forget_progress(batch_id: int) -> None:
    cache.delete(f"voters:impor:{batch_id}")


def _spool_read(batch_id: int) -> bytes:
    path = _spool_path(batch_id)
    if not path.exists():
        raise ValidationFailed(
            "Berkas impor sudah tidak tersedia; unggah ulang.", [("berkas", "tidak tersedia")]
        )
    return protect.unseal_bytes(path.read_bytes())


def _spool_drop(batch_id: int) -> None:
    _spool_path(batch_id).unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------
# Import


@transaction.atomic
def import_start(
    *, actor: Any, data: bytes, filename: str, jenis: str = Jenis.DPT, area_code: str = ""
) -> ImportBatch:
    """Register an upload (encrypted while it waits); `import_run` then checks and loads it."""
    area = area_code or (actor_area(actor) if actor is not None else None) or region_code()
    _check_actor(actor, area, Perm.VOTERS_IMPORT)
    if jenis not in Jenis.values:
        raise ValidationFailed("Jenis daftar tidak dikenal.", [("jenis", "tidak dikenal")])
    sha256 = hashlib.sha256(data).hexdigest()
    # A retry after a crash (or a second click) must not load the same file twice: the roll
    # already holds every row of an accepted batch (a load is one transaction).
    loaded = (
        ImportBatch.objects.filter(
            sha256=sha256, jenis=jenis, area_code=area, status=ImportBatch.Status.DITERIMA
        )
        .values_list("pk", flat=True)
        .first()
    )
    if loaded is not None:
        raise ValidationFailed(
            f"Berkas ini sudah diimpor (impor #{loaded}); tidak dimuat dua kali.",
            [("berkas", f"sudah diimpor (impor #{loaded})")],
        )
    batch = ImportBatch.objects.create(
        jenis=jenis,
        nama_berkas=Path(filename).name[:200],
        sha256=sha256,
        spool=f"{secrets.token_hex(16)}",
        area_code=area,
        dibuat=clock.now(),
        dibuat_oleh=actor if getattr(actor, "pk", None) else None,
        tahap="menunggu",
    )
    _spool_write(batch.pk, data)
    audit_log(
        actor=actor,
        action="voters.import.started",
        object_type="voters.importbatch",
        object_id=str(batch.pk),
        area_code=area,
        changes={"berkas": batch.nama_berkas, "jenis": jenis, "sha256": batch.sha256},
    )
    return batch


def _set_progress(batch_id: int, tahap: str, persen: int, **fields: Any) -> None:
    """Progress is written outside the load transaction so a poller sees it (and to the cache)."""
    cache.set(f"voters:impor:{batch_id}", (tahap, persen), 3600)
    if not connection.in_atomic_block:
        ImportBatch.objects.filter(pk=batch_id).update(tahap=tahap, persen=persen, **fields)


def import_progress(batch: ImportBatch) -> tuple[str, int]:
    hit = cache.get(f"voters:impor:{batch.pk}")
    if hit and batch.status == ImportBatch.Status.BERJALAN:
        return str(hit[0]), int(hit[1])
    return batch.tahap, batch.persen


def batch_kabupaten(area_code: str) -> str:
    """The kabupaten a batch belongs to: its area's first 4 digits (a province-wide demo imports
    one file per kabupaten), or the configured region for a batch without a finer area."""
    return area_code[:4] if len(area_code) >= 4 else region_code()


def _tps_slots(area: str, jenis: str) -> dict[str, TpsSlot]:
    """Room left per TPS, from the roll itself (not Tps.jumlah_dpt, which another app's demo
    may have filled while the roll was still empty)."""
    kab = batch_kabupaten(area)
    rows = Tps.objects.filter(kode__startswith=kab).values_list("kode", "batas_pemilih")
    taken: dict[str, int] = {}
    if jenis == Jenis.DPT:
        taken = dict(
            Voter.objects.filter(
                tps_kode__startswith=kab, status=Voter.Status.AKTIF, jenis=Jenis.DPT
            )
            .values_list("tps_kode")
            .annotate(c=Count("*"))
            .order_by()
        )
    return {k: TpsSlot(min(b, MAX_VOTERS_PER_TPS), taken.get(k, 0)) for k, b in rows}


def _nik_regions(kabupaten: str) -> set[str]:
    codes = Kecamatan.objects.filter(kode__startswith=kabupaten).values_list(
        "kode", "kode_kemendagri"
    )
    return {k for k, _ in codes} | {d.replace(".", "") for _, d in codes}


@dataclass(frozen=True)
class CheckInputs:
    """What the rules need from the database, read once, before any thread starts."""

    nik_regions: set[str]
    tps: dict[str, TpsSlot]
    voting_day: date
    area_code: str
    count_cap: bool

    def check(self, prepared: pl.DataFrame) -> Checked:
        return check_prepared(
            prepared,
            tps=self.tps,
            voting_day=self.voting_day,
            area_code=self.area_code,
            count_cap=self.count_cap,
        )


def check_inputs(*, jenis: str, area_code: str) -> CheckInputs:
    kab = batch_kabupaten(area_code)
    return CheckInputs(
        nik_regions=_nik_regions(kab),
        tps=_tps_slots(area_code, jenis),
        voting_day=voting_day(),
        area_code=area_code,
        count_cap=jenis == Jenis.DPT,
    )


def check_data(*, frame: pl.DataFrame, jenis: str, area_code: str) -> Checked:
    inputs = check_inputs(jenis=jenis, area_code=area_code)
    return inputs.check(prepare_frame(frame, nik_regions=inputs.nik_regions))


class _Rejected(Exception):
    """Raised inside the load transaction when the rules (run alongside) reject rows."""

    def __init__(self, checked: Checked) -> None:
        super().__init__(f"{checked.error_rows} baris ditolak")
        self.checked = checked


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Building ~10^6 tuples triggers the cyclic GC over and over; none of them form cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_run(*, batch_id: int, progress: Progress | None = None) -> ImportBatch:
    with _gc_paused():
        return _import_run(batch_id=batch_id, progress=progress)


def _import_run(*, batch_id: int, progress: Progress | None = None) -> ImportBatch:
    """Read, check and (if every row passes) load a batch. Never leaves half a file in the roll.

    A file with any rejected row is kept out of the roll entirely (status `ditolak`, errors
    listed) until an operator accepts it without those rows (`import_accept`) or discards it.
    """
    say = progress or (lambda tahap, persen: None)

    def step(tahap: str, persen: int, **fields: Any) -> None:
        _set_progress(batch_id, tahap, persen, **fields)
        say(tahap, persen)

    batch = ImportBatch.objects.get(pk=batch_id)
    step("membaca berkas", 2, status=ImportBatch.Status.BERJALAN)
    try:
        frame = read_frame(_spool_read(batch_id), batch.nama_berkas)
        step("memeriksa baris", 15, jumlah_baris=frame.height)
        inputs = check_inputs(jenis=batch.jenis, area_code=batch.area_code)
        prepared = prepare_frame(frame, nik_regions=inputs.nik_regions)
        del frame
    except ValidationFailed as exc:
        return _finish_failed(batch_id, str(exc))
    # The rules run in a thread (polars works outside the GIL; no database there) while this
    # thread already loads the prepared rows inside the load's transaction: the database parses
    # while the rules run. A rejected row rolls the whole transaction back before anything is
    # committed, so the roll still never holds half a file (docs/voters.md).
    with ThreadPoolExecutor(1, thread_name_prefix="dpt-rules") as pool:
        try:
            return _load(
                batch_id=batch_id,
                actor=batch.dibuat_oleh,
                rows=prepared.select(STORED_SOURCE),
                rules=lambda: pool.submit(inputs.check, prepared),
                step=step,
            )
        except _Rejected as rejected:
            return _reject(batch_id, rejected.checked)


def _finish_failed(batch_id: int, message: str) -> ImportBatch:
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        batch.status = ImportBatch.Status.GAGAL
        batch.pesan = message[:2000]
        batch.selesai = clock.now()
        batch.tahap, batch.persen = "gagal", 100
        batch.save()
        audit_log(
            actor=batch.dibuat_oleh,
            action="voters.import.failed",
            object_type="voters.importbatch",
            object_id=str(batch_id),
            area_code=batch.area_code,
            changes={"pesan": batch.pesan},
        )
    _spool_drop(batch_id)
    _forget_progress(batch_id)
    return batch


def _reject(batch_id: int, checked: Checked) -> ImportBatch:
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        ImportRowError.objects.filter(batch=batch).delete()
        ImportRowError.objects.bulk_create(
            [
                ImportRowError(
                    batch=batch, baris=e.baris, kolom=e.kolom, nilai=e.nilai, alasan=e.alasan
                )
                for e in checked.errors
            ],
            batch_size=2000,
        )
        first = checked.errors[0] if checked.errors else None
        batch.status = ImportBatch.Status.DITOLAK
        batch.jumlah_baris = checked.total
        batch.jumlah_salah = checked.error_rows
        batch.jumlah_sah = checked.total - checked.error_rows
        batch.pesan = (
            f"{checked.error_rows} baris ditolak; tidak ada yang masuk daftar pemilih."
            + (f" Pertama: baris {first.baris}, {first.kolom}: {first.alasan}." if first else "")
        )
        batch.tahap, batch.persen = "ditolak", 100
        batch.selesai = clock.now()
        batch.save()
        audit_log(
            actor=batch.dibuat_oleh,
            action="voters.import.rejected",
            object_type="voters.importbatch",
            object_id=str(batch_id),
            area_code=batch.area_code,
            changes={"baris": checked.total, "ditolak": checked.error_rows},
        )
    _forget_progress(batch_id)
    return batch


@transaction.atomic
def import_accept(*, actor: Any, batch_id: int, progress: Progress | None = None) -> ImportBatch:
    """Load a rejected batch without its rejected rows (which stay listed in its report)."""
    batch = ImportBatch.objects.select_for_update().filter(pk=batch_id).first()
    if batch is None:
        raise NotFoundOrOutOfScope("Impor tidak ditemukan.")
    _check_actor(actor, batch.area_code, Perm.VOTERS_IMPORT)
    if batch.status != ImportBatch.Status.DITOLAK:
        raise ValidationFailed(
            "Hanya impor yang ditolak yang dapat diterima sebagian.", [("status", batch.status)]
        )
    frame = read_frame(_spool_read(batch_id), batch.nama_berkas)
    checked = check_data(frame=frame, jenis=batch.jenis, area_code=batch.area_code)
    say = progress or (lambda tahap, persen: None)

    def step(tahap: str, persen: int, **fields: Any) -> None:
        _set_progress(batch_id, tahap, persen)
        say(tahap, persen)

    known: Future[Checked] = Future()
    known.set_result(checked)
    with _gc_paused():
        return _load(
            batch_id=batch_id,
            actor=actor,
            rows=checked.valid,
            rules=lambda: known,
            step=step,
            partial=True,
        )


@transaction.atomic
def import_discard(*, actor: Any, batch_id: int) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update().filter(pk=batch_id).first()
    if batch is None:
        raise NotFoundOrOutOfScope("Impor tidak ditemukan.")
    _check_actor(actor, batch.area_code, Perm.VOTERS_IMPORT)
    if batch.status != ImportBatch.Status.DITOLAK:
        raise ValidationFailed("Impor ini tidak dapat dibatalkan.", [("status", batch.status)])
    batch.status = ImportBatch.Status.DIBATALKAN
    batch.diputus_oleh = actor if getattr(actor, "pk", None) else None
    batch.save(update_fields=["status", "diputus_oleh"])
    _spool_drop(batch_id)
    audit_log(
        actor=actor,
        action="voters.import.discarded",
        object_type="voters.importbatch",
        object_id=str(batch_id),
        area_code=batch.area_code,
    )
    return batch


def plain_frame(valid: pl.DataFrame) -> pl.DataFrame:
    """The stored columns that need no secret: masks, trimmed text, dates as ISO strings."""
    stars = "*" * 10
    c = pl.col
    return valid.select(
        c("tps").alias("tps_kode"),
        (c("nik").str.slice(0, 4) + pl.lit(stars) + c("nik").str.slice(14, 2)).alias("nik_masked"),
        c("_luar").alias("nik_luar_wilayah"),
        c("nama").str.slice(0, 100),
        c("tempat_lahir").str.slice(0, 60),
        c("_lahir").dt.to_string("%Y-%m-%d").alias("tanggal_lahir"),
        c("status_perkawinan").alias("status_kawin"),
        c("jenis_kelamin"),
        c("alamat").str.slice(0, 200),
        c("rt").str.slice(0, 3),
        c("rw").str.slice(0, 3),
        c("disabilitas").cast(pl.Int16),
        c("status_ktp_el").alias("ktp_el"),
        c("keterangan").str.slice(0, 60),
        c("_baris").alias("baris"),
    )


def stored_chunks(valid: pl.DataFrame) -> Iterator[pl.DataFrame]:
    """Chunks of rows as stored: NIK/NKK replaced by keyed hash, ciphertext and mask.

    Chunk by chunk, so that on PostgreSQL the server parses one chunk while the next is made.
    """
    for start in range(0, valid.height, CHUNK):
        rows = valid.slice(start, CHUNK)
        protected = protect.protect_columns(rows["nik"], rows["nkk"])
        yield pl.concat([plain_frame(rows), protected], how="horizontal").select(INSERT_COLUMNS)


def _voter_indexes() -> list[Any]:
    return list(Voter._meta.indexes)


def _index_sql(create: bool) -> list[str]:
    editor = connection.schema_editor()
    editor.deferred_sql = []
    out = []
    for index in _voter_indexes():
        stmt = index.create_sql(Voter, editor) if create else index.remove_sql(Voter, editor)
        out.append(str(stmt))
    return out


def bulk_insert(
    parts: Iterable[pl.DataFrame], *, batch_id: int, jenis: str, pg_defaults: bool = False
) -> None:
    """Raw bulk path: sqlite3 executemany / PostgreSQL COPY (the ORM is ~10x slower here).

    The batch's constant columns are SQL literals on SQLite. On PostgreSQL every chunk goes as
    CSV written by polars (the server parses it) into one COPY, through psycopg's queued writer:
    a thread sends chunk k while this thread (and the protecting worker) prepare chunk k + 1, so
    the server never waits for the client between chunks. The constants come from temporary
    column defaults (`pg_defaults`, while the table is locked for an index rebuild anyway) or
    are added as columns.
    """
    if jenis not in Jenis.values:
        raise ValueError(jenis)
    table = Voter._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = list(INSERT_COLUMNS) + ([] if pg_defaults else CONSTANT_COLUMNS)
            cols = ", ".join(names)
            # Quotes only where needed (fewer bytes to write and parse than quoting every
            # field); an unquoted empty field is NULL in CSV, so text columns are FORCE_NOT_NULL.
            text = ", ".join(n for n in names if n not in NON_TEXT_COLUMNS)
            sql = f"COPY {table} ({cols}) FROM STDIN (FORMAT csv, FORCE_NOT_NULL ({text}))"
            raw = cursor.cursor
            with raw.copy(sql, writer=QueuedLibpqWriter(raw)) as copy:
                for frame in parts:
                    # "t"/"f", not polars' "true"/"false": four bytes a row less to parse.
                    luar = (
                        pl.when(pl.col("nik_luar_wilayah")).then(pl.lit("t")).otherwise(pl.lit("f"))
                    )
                    frame = frame.with_columns(luar.alias("nik_luar_wilayah"))
                    if not pg_defaults:
                        frame = frame.with_columns(
                            pl.lit(int(batch_id)).alias("batch_id"),
                            pl.lit(jenis).alias("jenis"),
                            pl.lit("aktif").alias("status"),
                            pl.lit("").alias("tms_keterangan"),
                        )
                    data = io.BytesIO()
                    frame.select(names).write_csv(
                        data, include_header=False, quote_style="necessary"
                    )
                    copy.write(data.getbuffer())
            return
        constants = f"{int(batch_id)}, '{jenis}', 'aktif', ''"
        cols = ", ".join(CONSTANT_COLUMNS + INSERT_COLUMNS)
        one = f"({constants}, {', '.join(['%s'] * len(INSERT_COLUMNS))})"
        sql = f"INSERT INTO {table} ({cols}) VALUES "  # noqa: S608
        for part in parts:
            rows = part.rows()
            # SQLITE_ROWS_PER_STATEMENT rows per statement: SQLite's per-statement work (reset,
            # program start, journal bookkeeping) is paid once for the group. The flat
            # parameter tuples come from C iterators (the "grouper" idiom), not a Python loop.
            group = SQLITE_ROWS_PER_STATEMENT
            full = len(rows) // group * group
            if full:
                flat = chain.from_iterable(rows[:full])
                groups = list(zip(*[flat] * (group * len(INSERT_COLUMNS)), strict=True))
                cursor.executemany(sql + ", ".join([one] * group), groups)
            if full < len(rows):
                cursor.executemany(sql + one, rows[full:])


def _verdict(verdict: Future[Checked], *, partial: bool) -> Checked:
    """The rules' verdict (waited for); `_Rejected` if it rejects rows of a full load."""
    checked = verdict.result()
    if checked.error_rows and not partial:
        raise _Rejected(checked)
    return checked


def _pg_keys_drop() -> list[tuple[str, str, str]]:
    """On PostgreSQL, drop the voter table's primary key (and the foreign keys that need it)
    for a bulk load; `_pg_keys_add` puts them back. Keeping the key index up to date row by row
    cost the COPY about a quarter of its time; building it once afterwards takes a fraction.
    Returns (table, constraint, definition), the primary key first."""
    if connection.vendor != "postgresql":
        return []
    table = Voter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE (conrelid = %s::regclass AND contype = 'p') "
            "OR (confrelid = %s::regclass AND contype = 'f') ORDER BY contype DESC, conname",
            [table, table],
        )
        keys = [(str(t), str(n), str(d)) for t, n, d in cursor.fetchall()]
        quote = connection.ops.quote_name
        for owner, name, _ in reversed(keys):
            cursor.execute(f"ALTER TABLE {owner} DROP CONSTRAINT {quote(name)}")
    return keys


def _pg_keys_add(keys: list[tuple[str, str, str]]) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for owner, name, definition in keys:
            cursor.execute(f"ALTER TABLE {owner} ADD CONSTRAINT {quote(name)} {definition}")


def _pg_defaults(*, batch_id: int, jenis: str, on: bool) -> None:
    """On PostgreSQL, the batch's constant columns as temporary defaults during COPY."""
    if connection.vendor != "postgresql":
        return
    table = Voter._meta.db_table
    with connection.cursor() as cursor:
        if on:
            if jenis not in Jenis.values:
                raise ValueError(jenis)
            cursor.execute(
                f"ALTER TABLE {table} ALTER COLUMN batch_id SET DEFAULT {int(batch_id)}, "
                f"ALTER COLUMN jenis SET DEFAULT '{jenis}', "
                "ALTER COLUMN status SET DEFAULT 'aktif', "
                "ALTER COLUMN tms_keterangan SET DEFAULT ''"
            )
        else:
            cursor.execute(
                f"ALTER TABLE {table} ALTER COLUMN batch_id DROP DEFAULT, "
                "ALTER COLUMN jenis DROP DEFAULT, ALTER COLUMN status DROP DEFAULT, "
                "ALTER COLUMN tms_keterangan DROP DEFAULT"
            )


def _load(
    *,
    batch_id: int,
    actor: Any,
    rows: pl.DataFrame,
    rules: Callable[[], Future[Checked]],
    step: Callable[..., None],
    partial: bool = False,
) -> ImportBatch:
    """One transaction: insert, (re)build indexes, exact-duplicate check, DPT counts, audit.

    `rules()` starts the rules and returns their verdict; it is called once the first
    `RULES_AFTER_CHUNKS` chunks are on their way, so that the database has rows to parse while
    the rules take the processor (both use polars' thread pool; started together, the rules
    delayed the first chunk until they were done). A verdict with rejected rows raises
    `_Rejected` inside the transaction (rolled back). `partial`: `rows` are the accepted rows of
    a verdict already known to have rejected some.
    """
    valid = rows
    jenis = ImportBatch.objects.values_list("jenis", flat=True).get(pk=batch_id)
    step("menyimpan", 35)
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        existing = Voter.objects.filter(status=Voter.Status.AKTIF).count()
        rebuild = valid.height > max(Voter.objects.count(), 10_000)
        keys: list[tuple[str, str, str]] = []
        with connection.cursor() as cursor:
            if rebuild:
                for sql in _index_sql(create=False):
                    cursor.execute(sql)
                keys = _pg_keys_drop()
        done = 0
        if rebuild:
            _pg_defaults(batch_id=batch_id, jenis=jenis, on=True)
        hashes: list[pl.Series] = []
        verdict: list[Future[Checked]] = []

        def started() -> Future[Checked]:
            if not verdict:
                verdict.append(rules())
            return verdict[0]

        def chunks() -> Iterator[pl.DataFrame]:
            nonlocal done
            for n, part in enumerate(stored_chunks(valid)):
                if n == RULES_AFTER_CHUNKS:
                    started()
                elif verdict and verdict[0].done():  # a rejected file stops loading at once
                    _verdict(verdict[0], partial=partial)
                yield part
                hashes.append(part["nik_hash"])
                done += part.height
                step("menyimpan", 35 + int(50 * done / max(valid.height, 1)))

        try:
            bulk_insert(chunks(), batch_id=batch_id, jenis=jenis, pg_defaults=rebuild)
        except (ValueError, DatabaseError, psycopg.Error):
            # A value the database or the protection refused: the rules name the row (else a
            # real failure, raised as it is).
            _verdict(started(), partial=partial)
            raise
        checked = _verdict(started(), partial=partial)
        if rebuild:
            _pg_defaults(batch_id=batch_id, jenis=jenis, on=False)
        if rebuild:
            step("membangun indeks", 86)
            with connection.cursor() as cursor:
                # SQLite sorts in its page cache: 2 MB by default, 256 MB for the rebuild
                # (restored after). PostgreSQL's default 64 MB measured faster than 512 MB.
                cache_size = None
                if connection.vendor == "sqlite":
                    cursor.execute("PRAGMA cache_size")
                    cache_size = int(cursor.fetchone()[0])
                    cursor.execute("PRAGMA cache_size = -262144")
                _pg_keys_add(keys)
                for sql in _index_sql(create=True):
                    cursor.execute(sql)
                # Fresh statistics, so the planner uses the NIK index for Cek DPT at once: the
                # columns its queries and the TPS lists filter on (autovacuum does the rest).
                # SQLite samples (analysis_limit) instead of reading every index entry.
                columns = " (nik_hash, tps_kode, status, jenis)"
                if connection.vendor != "postgresql":
                    columns = ""
                    cursor.execute("PRAGMA analysis_limit = 1000")
                cursor.execute(f"ANALYZE {Voter._meta.db_table}{columns}")
                if cache_size is not None:
                    cursor.execute(f"PRAGMA cache_size = {cache_size}")
                    cursor.execute("PRAGMA analysis_limit = 0")
        step("memeriksa NIK ganda", 92)
        if existing == 0:
            all_hashes = pl.concat(hashes) if hashes else pl.Series("nik_hash", [], pl.String)
            within = all_hashes.filter(all_hashes.is_duplicated()).unique().to_list()
        else:
            # Only this batch's NIKs that another registered record also has: one NIK-index
            # probe per new row, instead of grouping the whole roll (a province imports 15
            # files; the 15th would otherwise group 6.4 million rows to check 115,000).
            other = Voter.objects.filter(
                nik_hash=OuterRef("nik_hash"), status=Voter.Status.AKTIF
            ).exclude(pk=OuterRef("pk"))
            within = list(
                Voter.objects.filter(batch_id=batch_id)
                .filter(Exists(other))
                .values_list("nik_hash", flat=True)
                .distinct()
            )
        pairs = nik_duplicates_find(batch_id=batch_id, within=within)
        touched = set(valid["tps"].unique().to_list())
        known = None
        if existing == 0:
            # No registered voter before this batch: the TPS counts are this file's own.
            per_tps = valid.group_by("tps").len() if jenis == Jenis.DPT else None
            known = {} if per_tps is None else dict(per_tps.iter_rows())
        refresh_jumlah_dpt(touched, counted=known)
        batch.status = ImportBatch.Status.DITERIMA
        batch.jumlah_baris = checked.total
        batch.jumlah_salah = checked.error_rows
        batch.jumlah_sah = valid.height
        batch.jumlah_masuk = valid.height
        batch.jumlah_ganda_nik = pairs
        batch.tahap, batch.persen = "selesai", 100
        batch.selesai = clock.now()
        if partial:
            batch.diputus_oleh = actor if getattr(actor, "pk", None) else None
            batch.pesan = (
                f"Diterima sebagian: {valid.height} baris masuk, "
                f"{checked.error_rows} baris ditolak (lihat laporan)."
            )
        else:
            batch.pesan = f"{valid.height} baris masuk daftar pemilih."
        batch.save()
        audit_log(
            actor=actor,
            action="voters.import.accepted_partial" if partial else "voters.import.accepted",
            object_type="voters.importbatch",
            object_id=str(batch_id),
            area_code=batch.area_code,
            changes={
                "berkas": batch.nama_berkas,
                "masuk": valid.height,
                "ditolak": checked.error_rows,
                "luar_wilayah": checked.luar_wilayah,
                "pasangan_nik_sama": pairs,
            },
        )
    _spool_drop(batch_id)
    _forget_progress(batch_id)
    return batch


def refresh_jumlah_dpt(
    codes: set[str] | None = None, *, counted: dict[str, int] | None = None
) -> None:
    """Tps.jumlah_dpt = registered (aktif) DPT voters, after every roll change.

    One grouped count over the roll, then the TPS whose figure changed are written (a
    correlated count per TPS costs one index probe each: thousands after a full import).
    `counted`: the counts already known (an import into a roll with no registered voter counts
    its own rows), so the roll is not read again.
    """
    tps = Tps.objects.all() if codes is None else Tps.objects.filter(kode__in=sorted(codes))
    current = dict(tps.values_list("kode", "jumlah_dpt"))
    if counted is None:
        voters = Voter.objects.filter(status=Voter.Status.AKTIF, jenis=Jenis.DPT)
        if codes is not None:
            voters = voters.filter(tps_kode__in=sorted(current))
        counted = dict(voters.values_list("tps_kode").annotate(c=Count("*")).order_by())
    changed = [(counted.get(k, 0), k) for k, n in current.items() if counted.get(k, 0) != n]
    # The ORM's bulk_update builds a CASE expression per row: a second for a regency's 1,621
    # TPS. PostgreSQL takes every change in one statement (two arrays); SQLite one
    # parameterised UPDATE per TPS (executemany, in process).
    table, key = Tps._meta.db_table, Tps._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} AS t SET jumlah_dpt = c.n "  # noqa: S608
                f"FROM unnest(%s::int[], %s::text[]) AS c(n, k) WHERE t.{key} = c.k",
                [[n for n, _ in changed], [k for _, k in changed]],
            )
        else:
            cursor.executemany(
                f"UPDATE {table} SET jumlah_dpt = %s WHERE {key} = %s",  # noqa: S608
                changed,
            )


# ---------------------------------------------------------------------------------------------
# Duplicates


def nik_duplicates_find(*, batch_id: int | None = None, within: list[str] | None = None) -> int:
    """Queue every pair of registered records with the same NIK (inside a file or across).

    `within`: when the roll was empty before this batch, the batch's own repeated hashes
    (found in memory), so only those rows are read back instead of grouping the whole table.
    """
    rows: list[tuple[int, str, str, int | None]] = []
    if within is not None:
        for i in range(0, len(within), 500):
            rows += Voter.objects.filter(
                status=Voter.Status.AKTIF, nik_hash__in=within[i : i + 500]
            ).values_list("id", "nik_hash", "tps_kode", "batch_id")
        rows.sort(key=lambda r: (r[1], r[0]))
    else:
        dup_hashes = (
            Voter.objects.filter(status=Voter.Status.AKTIF)
            .values("nik_hash")
            .annotate(c=Count("*"))
            .filter(c__gt=1)
            .values("nik_hash")
        )
        rows = list(
            Voter.objects.filter(status=Voter.Status.AKTIF, nik_hash__in=Subquery(dup_hashes))
            .order_by("nik_hash", "id")
            .values_list("id", "nik_hash", "tps_kode", "batch_id")
        )
    pairs: list[DuplicatePair] = []
    first: tuple[int, str, str, int | None] | None = None
    for row in rows:
        if first is None or first[1] != row[1]:
            first = row
            continue
        if batch_id is None or batch_id in (first[3], row[3]):
            pairs.append(
                DuplicatePair(
                    a_id=first[0], b_id=row[0], kind=DuplicatePair.Kind.NIK, tps_kode=row[2]
                )
            )
    DuplicatePair.objects.bulk_create(pairs, batch_size=2000, ignore_conflicts=True)
    return len(pairs)


@dataclass(frozen=True)
class ScanResult:
    pairs_found: int
    pairs_new: int
    candidates: int
    seconds: float


@transaction.atomic
def probable_duplicates_scan(
    *, actor: Any, area_code: str = "", cutoff: float = 88.0
) -> ScanResult:
    """Find probable duplicates over the registered roll and queue the new ones (audited)."""
    import time

    from pilkada.voters.linkage import find_probable_pairs

    area = area_code or region_code()
    _check_actor(actor, area, Perm.VOTERS_REVIEW)
    started = time.perf_counter()
    rows = Voter.objects.filter(status=Voter.Status.AKTIF, tps_kode__startswith=area).values_list(
        "id", "nama", "tanggal_lahir", "jenis_kelamin", "tempat_lahir", "nik_hash", "tps_kode"
    )
    frame = pl.DataFrame(
        list(rows.iterator(chunk_size=20_000)),
        schema={
            "id": pl.Int64,
            "nama": pl.String,
            "lahir": pl.Date,
            "jk": pl.String,
            "tempat": pl.String,
            "nik_hash": pl.String,
            "tps": pl.String,
        },
        orient="row",
    )
    found = find_probable_pairs(frame, cutoff=cutoff)
    tps_of = dict(zip(frame["id"].to_list(), frame["tps"].to_list(), strict=True))
    before = DuplicatePair.objects.count()
    DuplicatePair.objects.bulk_create(
        [
            DuplicatePair(
                a_id=a, b_id=b, kind=DuplicatePair.Kind.PROBABLE, skor=s, tps_kode=tps_of[a]
            )
            for a, b, s in found.pairs
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    new = DuplicatePair.objects.count() - before
    seconds = time.perf_counter() - started
    audit_log(
        actor=actor,
        action="voters.duplicates.scanned",
        object_type="voters.voter",
        object_id=area,
        area_code=area,
        changes={"pasangan": len(found.pairs), "baru": new, "kandidat": found.candidates},
    )
    return ScanResult(len(found.pairs), new, found.candidates, seconds)


@transaction.atomic
def duplicate_decide(
    *, actor: Any, pair_id: int, keputusan: str, disimpan_id: int | None = None
) -> DuplicatePair:
    """'ganda': the other record becomes TMS code 2 (kept record named); 'bukan': both stay."""
    pair = DuplicatePair.objects.select_for_update().filter(pk=pair_id).first()
    if pair is None:
        raise NotFoundOrOutOfScope("Pasangan tidak ditemukan.")
    a = Voter.objects.select_for_update().get(pk=pair.a_id)
    b = Voter.objects.select_for_update().get(pk=pair.b_id)
    _check_actor(actor, pair.tps_kode, Perm.VOTERS_REVIEW)
    if pair.keputusan:
        raise ValidationFailed("Pasangan ini sudah diputus.", [("keputusan", "sudah diputus")])
    changes: dict[str, Any] = {"a": a.pk, "b": b.pk, "keputusan": keputusan}
    if keputusan == DuplicatePair.Decision.GANDA:
        if disimpan_id not in (a.pk, b.pk):
            raise ValidationFailed(
                "Pilih data yang disimpan (salah satu dari pasangan).",
                [("disimpan", "wajib salah satu dari pasangan")],
            )
        keep, drop = (a, b) if disimpan_id == a.pk else (b, a)
        if drop.status != Voter.Status.AKTIF or keep.status != Voter.Status.AKTIF:
            raise ValidationFailed(
                "Salah satu data sudah TMS.", [("status", "sudah tidak terdaftar")]
            )
        if actor is not None:
            require_change(actor, drop.tps_kode, Perm.VOTERS_REVIEW)
        drop.status = Voter.Status.TMS
        drop.tms_kode = TMS_GANDA
        drop.tms_keterangan = (
            f"ganda dengan data #{keep.pk} ({keep.nik_masked}, TPS {keep.tps_kode})"
        )
        drop.save(update_fields=["status", "tms_kode", "tms_keterangan"])
        pair.disimpan = keep
        changes.update({"disimpan": keep.pk, "tms": drop.pk, "tps_tms": drop.tps_kode})
        refresh_jumlah_dpt({drop.tps_kode})
    elif keputusan != DuplicatePair.Decision.BUKAN:
        raise ValidationFailed("Keputusan harus 'ganda' atau 'bukan'.", [("keputusan", keputusan)])
    pair.keputusan = keputusan
    pair.diputus_oleh = actor if getattr(actor, "pk", None) else None
    pair.diputus = clock.now()
    pair.save(update_fields=["keputusan", "disimpan", "diputus_oleh", "diputus"])
    audit_log(
        actor=actor,
        action="voters.duplicate.decided",
        object_type="voters.duplicatepair",
        object_id=str(pair.pk),
        area_code=pair.tps_kode,
        changes=changes,
    )
    return pair


# ---------------------------------------------------------------------------------------------
# Full-roll export (two people, watermarked)


@transaction.atomic
def export_request(*, actor: Any, kind: str, alasan: str, area_code: str = "") -> RollExport:
    area = area_code or (actor_area(actor) or region_code())
    require_change(actor, area, Perm.VOTERS_EXPORT)
    if kind not in RollExport.Kind.values:
        raise ValidationFailed("Jenis ekspor tidak dikenal.", [("kind", "tidak dikenal")])
    if len(alasan.strip()) < 10:
        raise ValidationFailed(
            "Tuliskan alasan ekspor (minimal 10 huruf).", [("alasan", "terlalu pendek")]
        )
    export = RollExport.objects.create(
        penanda=secrets.token_hex(8),
        kind=kind,
        area_code=area,
        alasan=alasan.strip(),
        diminta_oleh=actor,
        diminta=clock.now(),
    )
    audit_log(
        actor=actor,
        action="voters.export.requested",
        object_type="voters.rollexport",
        object_id=str(export.pk),
        area_code=area,
        changes={"jenis": kind, "alasan": export.alasan, "penanda": export.penanda},
    )
    return export


@transaction.atomic
def export_approve(*, actor: Any, export_id: int, setuju: bool = True) -> RollExport:
    export = RollExport.objects.select_for_update().filter(pk=export_id).first()
    if export is None:
        raise NotFoundOrOutOfScope("Permintaan ekspor tidak ditemukan.")
    require_change(actor, export.area_code, Perm.VOTERS_EXPORT)
    if export.diminta_oleh_id == getattr(actor, "pk", None):
        raise PermissionDenied("Persetujuan harus dari pengguna lain (dua orang).")
    if export.status != RollExport.Status.MENUNGGU:
        raise ValidationFailed("Permintaan ini sudah diputus.", [("status", export.status)])
    export.status = RollExport.Status.DISETUJUI if setuju else RollExport.Status.DITOLAK
    export.disetujui_oleh = actor
    export.disetujui = clock.now()
    export.save(update_fields=["status", "disetujui_oleh", "disetujui"])
    audit_log(
        actor=actor,
        action="voters.export.approved" if setuju else "voters.export.refused",
        object_type="voters.rollexport",
        object_id=str(export.pk),
        area_code=export.area_code,
        changes={"penanda": export.penanda, "peminta": export.diminta_oleh_id},
    )
    return export


@transaction.atomic
def export_produce(*, actor: Any, export_id: int) -> tuple[RollExport, bytes]:
    """Build the approved export once (CSV), record its hash; only the requester downloads it."""
    from pilkada.voters.exports import roll_csv

    export = RollExport.objects.select_for_update().filter(pk=export_id).first()
    if export is None:
        raise NotFoundOrOutOfScope("Permintaan ekspor tidak ditemukan.")
    require_change(actor, export.area_code, Perm.VOTERS_EXPORT)
    if export.diminta_oleh_id != getattr(actor, "pk", None):
        raise PermissionDenied("Hanya peminta yang dapat mengunduh ekspor ini.")
    if export.status != RollExport.Status.DISETUJUI:
        raise ValidationFailed(
            "Ekspor belum disetujui orang kedua atau sudah diunduh.", [("status", export.status)]
        )
    qs = Voter.objects.filter(status=Voter.Status.AKTIF, tps_kode__startswith=export.area_code)
    try:
        data, count = roll_csv(
            qs, penanda=export.penanda, lengkap=export.kind == RollExport.Kind.LENGKAP
        )
    except protect.TamperedRecord as exc:
        raise ValidationFailed(
            f"Ekspor dihentikan: {exc}. Laporkan ke admin; tidak ada berkas yang dibuat.",
            [("identitas_enc", str(exc))],
        ) from None
    export.status = RollExport.Status.DIUNDUH
    export.diunduh = clock.now()
    export.jumlah_baris = count
    export.sha256 = hashlib.sha256(data).hexdigest()
    export.save(update_fields=["status", "diunduh", "jumlah_baris", "sha256"])
    audit_log(
        actor=actor,
        action="voters.export.downloaded",
        object_type="voters.rollexport",
        object_id=str(export.pk),
        area_code=export.area_code,
        changes={"penanda": export.penanda, "baris": count, "sha256": export.sha256},
    )
    return export, data


def export_trace(data: bytes) -> RollExport | None:
    """Which export a (leaked) file came from: by its recorded hash, else by its marker."""
    export = RollExport.objects.filter(sha256=hashlib.sha256(data).hexdigest()).first()
    if export is not None:
        return export
    text = data[:4096].decode("utf-8", "replace")
    for export in RollExport.objects.exclude(penanda=""):
        if export.penanda in text:
            return export
    return None


# ---------------------------------------------------------------------------------------------
# Demo


def demo_roll_load(
    *, voters: int, seed: int, duplicates: float, say: Callable[[str], None] = lambda s: None
) -> dict[str, int]:
    """Generate and load the synthetic roll once (idempotent), then queue its duplicates."""
    from pilkada.voters.generator import generate
    from pilkada.wilayah.models import Kecamatan as Kec

    area = region_code()
    if voters <= 0 or Voter.objects.filter(tps_kode__startswith=area).exists():
        return {"pemilih_baru": 0}
    tps = list(
        Tps.objects.filter(kode__startswith=area)
        .order_by("kode")
        .values_list("kode", "batas_pemilih")
    )
    places = list(Kec.objects.filter(kode__startswith=area).values_list("nama", flat=True))
    rows, truth = generate(
        tps=tps,
        voters=voters,
        seed=seed,
        duplicates=duplicates,
        voting_day=voting_day(),
        places=places,
    )
    say(f"DPT sintetis: {len(rows)} baris dibuat ({len(truth)} ganda ditanam)")
    from pilkada.voters.generator import csv_bytes

    data = csv_bytes(rows)
    del rows
    with transaction.atomic():
        batch = import_start(actor=None, data=data, filename="dpt-demo.csv", area_code=area)
    del data
    batch = import_run(batch_id=batch.pk)
    if batch.status != ImportBatch.Status.DITERIMA:
        raise ValidationFailed(f"DPT demo tidak masuk: {batch.pesan}", [("demo", batch.pesan)])
    say(f"DPT: {batch.jumlah_masuk} pemilih masuk, {batch.jumlah_ganda_nik} pasangan NIK sama")
    scan = probable_duplicates_scan(actor=None, area_code=area)
    say(f"pemilih ganda: {scan.pairs_found} pasangan kemungkinan ganda ({scan.seconds:.1f} s)")
    return {"pemilih_baru": batch.jumlah_masuk, "ganda": scan.pairs_found}


# ---------------------------------------------------------------------------------------------
# At the TPS: the DPT posted, the C.Pemberitahuan handed out


def _dpt_of(tps_kode: str) -> int:
    return Voter.objects.filter(
        tps_kode=tps_kode, jenis=Jenis.DPT, status=Voter.Status.AKTIF
    ).count()


def _check_date(tanggal: date, field: str) -> None:
    if tanggal > clock.local_today():
        raise ValidationFailed(
            f"{field}: tanggal tidak boleh di masa depan.", [(field, "di masa depan")]
        )


@transaction.atomic
def dpt_posting_record(*, actor: Any, tps_kode: str, ditempel_pada: date) -> DptPosting:
    """Record that the TPS's DPT was posted for voters to check (PPS/KPPS)."""
    _check_actor(actor, tps_kode, Perm.VOTERS_DISTRIBUTE)
    if not Tps.objects.filter(pk=tps_kode).exists():
        raise NotFoundOrOutOfScope("TPS tidak ditemukan.")
    _check_date(ditempel_pada, "tanggal ditempel")
    if _dpt_of(tps_kode) == 0:
        raise ValidationFailed(
            f"TPS {tps_kode}: DPT belum ada, tidak ada yang dapat diumumkan.",
            [("tps", "DPT kosong")],
        )
    row, created = DptPosting.objects.update_or_create(
        tps_kode=tps_kode,
        defaults={
            "ditempel_pada": ditempel_pada,
            "dicatat_pada": clock.now(),
            "dicatat_oleh": actor,
        },
    )
    audit_log(
        actor=actor,
        action="voters.posting.recorded",
        object_type="tps.tps",
        object_id=tps_kode,
        area_code=tps_kode,
        changes={"ditempel_pada": ditempel_pada.isoformat(), "baru": created},
    )
    return row


@transaction.atomic
def invitation_record(
    *, actor: Any, tps_kode: str, jumlah: int, tanggal: date
) -> InvitationDelivery:
    """Record how many C.Pemberitahuan of the TPS reached their voters (a running total)."""
    _check_actor(actor, tps_kode, Perm.VOTERS_DISTRIBUTE)
    if not Tps.objects.filter(pk=tps_kode).exists():
        raise NotFoundOrOutOfScope("TPS tidak ditemukan.")
    _check_date(tanggal, "tanggal")
    dpt = _dpt_of(tps_kode)
    if jumlah < 0 or jumlah > dpt:
        raise ValidationFailed(
            f"TPS {tps_kode}: jumlah C.Pemberitahuan tersampaikan harus 0–{dpt} (jumlah DPT), "
            f"bukan {jumlah}.",
            [("jumlah", "melebihi DPT" if jumlah > dpt else "negatif")],
        )
    before = InvitationDelivery.objects.filter(tps_kode=tps_kode).values_list("jumlah", flat=True)
    old = before.first()
    row, _created = InvitationDelivery.objects.update_or_create(
        tps_kode=tps_kode,
        defaults={
            "jumlah": jumlah,
            "tanggal": tanggal,
            "dicatat_pada": clock.now(),
            "dicatat_oleh": actor,
        },
    )
    audit_log(
        actor=actor,
        action="voters.invitations.recorded",
        object_type="tps.tps",
        object_id=tps_kode,
        area_code=tps_kode,
        changes={"jumlah": [old, jumlah], "dpt": dpt, "tanggal": tanggal.isoformat()},
    )
    return row


@transaction.atomic
def distribution_bulk_record(
    *,
    actor: Any,
    area_code: str,
    postings: dict[str, date],
    invitations: dict[str, tuple[int, date]],
) -> int:
    """The demo's (or an import's) postings and invitation counts at once; one audit entry.

    TPS that already have a record keep it; counts are capped at the TPS's DPT.
    """
    _check_actor(actor, area_code, Perm.VOTERS_DISTRIBUTE)
    codes = set(postings) | set(invitations)
    if any(not c.startswith(area_code) for c in codes):
        raise ValidationFailed("Ada TPS di luar wilayah.", [("tps", "di luar wilayah")])
    dpt = dict(
        Voter.objects.filter(
            tps_kode__startswith=area_code, jenis=Jenis.DPT, status=Voter.Status.AKTIF
        )
        .values_list("tps_kode")
        .annotate(n=Count("id"))
    )
    now = clock.now()
    have_post = set(
        DptPosting.objects.filter(tps_kode__startswith=area_code).values_list("tps_kode", flat=True)
    )
    have_inv = set(
        InvitationDelivery.objects.filter(tps_kode__startswith=area_code).values_list(
            "tps_kode", flat=True
        )
    )
    new_post = [
        DptPosting(tps_kode=k, ditempel_pada=d, dicatat_pada=now, dicatat_oleh=actor)
        for k, d in sorted(postings.items())
        if k not in have_post and dpt.get(k, 0) > 0
    ]
    new_inv = [
        InvitationDelivery(
            tps_kode=k,
            jumlah=min(n, dpt.get(k, 0)),
            tanggal=d,
            dicatat_pada=now,
            dicatat_oleh=actor,
        )
        for k, (n, d) in sorted(invitations.items())
        if k not in have_inv and dpt.get(k, 0) > 0
    ]
    DptPosting.objects.bulk_create(new_post, batch_size=1000)
    InvitationDelivery.objects.bulk_create(new_inv, batch_size=1000)
    if new_post or new_inv:
        audit_log(
            actor=actor,
            action="voters.invitations.recorded",
            object_type="wilayah.kabupaten",
            object_id=area_code,
            area_code=area_code,
            changes={"pengumuman_dpt": len(new_post), "c_pemberitahuan": len(new_inv)},
        )
    return len(new_post) + len(new_inv)
