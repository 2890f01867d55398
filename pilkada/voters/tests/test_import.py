import io

import pytest
from openpyxl import Workbook

from pilkada.audit.models import AuditEntry
from pilkada.core.exceptions import PermissionDenied, ValidationFailed
from pilkada.tps.models import Tps
from pilkada.voters.generator import HEADER, csv_bytes, generate
from pilkada.voters.models import DuplicatePair, ImportBatch, Voter
from pilkada.voters.services import import_accept, import_run, import_start
from pilkada.voters.tests.conftest import VOTING_DAY, load, make_rows


def roll_state():
    return (
        Voter.objects.count(),
        list(Voter.objects.order_by("id").values_list("id", "status", "tps_kode")),
        dict(Tps.objects.values_list("kode", "jumlah_dpt")),
    )


@pytest.mark.django_db
def test_100k_file_with_one_bad_row_is_rejected_and_the_roll_is_unchanged(many_tps):
    first, _ = make_rows(60, seed=1)
    assert load(first).status == ImportBatch.Status.DITERIMA
    before = roll_state()
    assert before[0] == 60

    rows, _ = make_rows(100_000, seed=2)
    bad = list(rows[54_321])
    bad[1] = bad[1][:15]  # a NIK of 15 digits
    rows[54_321] = tuple(bad)
    batch = load(rows, filename="dpt-100rb.csv")

    assert batch.status == ImportBatch.Status.DITOLAK
    assert batch.jumlah_baris == 100_000
    assert batch.jumlah_salah == 1
    errors = list(batch.errors.all())
    assert [(e.baris, e.kolom, e.alasan) for e in errors] == [
        (54_323, "NIK", "NIK harus 16 angka")  # header is line 1, rows[0] is line 2
    ]
    assert errors[0].nilai == bad[1][:4] + "*" * 9 + bad[1][-2:]
    assert "baris 54323" in batch.pesan
    assert roll_state() == before
    assert AuditEntry.objects.filter(action="voters.import.rejected").count() == 1

    # An operator may accept the batch without the rejected row, which stays listed.
    batch = import_accept(actor=None, batch_id=batch.pk)
    assert batch.status == ImportBatch.Status.DITERIMA
    assert Voter.objects.count() == 60 + 99_999
    assert batch.errors.count() == 1
    assert sum(Tps.objects.values_list("jumlah_dpt", flat=True)) == 60 + 99_999
    assert not Tps.objects.filter(jumlah_dpt__gt=600).exists()


def _one_error(rows, index, column, value):
    row = list(rows[index])
    row[column] = value
    rows[index] = tuple(row)
    batch = load(rows)
    assert batch.status == ImportBatch.Status.DITOLAK
    return [(e.baris, e.kolom, e.alasan) for e in batch.errors.all()]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("column", "value", "kolom", "alasan"),
    [
        (0, "12345", "NKK", "NKK harus 16 angka"),
        (2, "", "Nama", "wajib diisi"),
        (13, "1807012001999", "TPS", "TPS tidak ada"),
        (10, "9", "Disabilitas", "kode disabilitas harus 0–6"),
        (4, "31-02-1990", "Tanggal lahir", "tanggal lahir tidak sah (pakai HH-BB-TTTT)"),
    ],
)
def test_each_rule_names_row_column_and_reason(world, column, value, kolom, alasan):
    rows, _ = make_rows(40, seed=3)
    assert _one_error(rows, 5, column, value) == [(7, kolom, alasan)]
    assert Voter.objects.count() == 0


@pytest.mark.django_db
def test_nik_must_agree_with_birth_date_and_sex(world):
    rows, _ = make_rows(40, seed=4)
    row = rows[3]
    other_sex = "P" if row[6] == "L" else "L"
    assert _one_error(list(rows), 3, 6, other_sex) == [
        (5, "Jenis kelamin", "jenis kelamin tidak cocok dengan NIK (tanggal + 40 untuk perempuan)")
    ]
    d, m, y = row[4].split("-")
    shifted = f"{d}-{m}-{int(y) - 1}"
    assert _one_error(list(rows), 3, 4, shifted) == [
        (5, "Tanggal lahir", "tanggal lahir tidak cocok dengan NIK")
    ]


@pytest.mark.django_db
def test_under_17_only_when_married(world):
    rows, _ = make_rows(40, seed=5)
    row = list(rows[2])
    # Born 1 Dec 2007: 16 on 27 Nov 2024. NIK must agree with the new date.
    day = 1 + (40 if row[6] == "P" else 0)
    row[1] = row[1][:6] + f"{day:02d}1207" + row[1][12:]
    row[4] = "01-12-2007"
    row[5] = "B"
    rows[2] = tuple(row)
    errors = _one_error(list(rows), 2, 5, "B")
    reason = "belum berumur 17 tahun pada hari pemungutan suara dan belum pernah kawin"
    assert errors == [(4, "Tanggal lahir", reason)]
    row[5] = "S"  # married: a voter at 16
    rows[2] = tuple(row)
    assert load(rows).status == ImportBatch.Status.DITERIMA


@pytest.mark.django_db
def test_a_tps_never_goes_over_600(world):
    rows, _ = make_rows(600 * 6, seed=6)  # every TPS of the world full
    assert load(rows).status == ImportBatch.Status.DITERIMA
    extra, _ = generate(
        tps=[(k, 600) for k in Tps.objects.values_list("kode", flat=True)],
        voters=6,
        seed=9,
        duplicates=0,
        voting_day=VOTING_DAY,
    )
    batch = load(extra)
    assert batch.status == ImportBatch.Status.DITOLAK
    assert {e.alasan for e in batch.errors.all()} == {
        f"TPS {r[13]} melebihi batas pemilih (maksimal 600)" for r in extra
    }
    assert not Tps.objects.filter(jumlah_dpt__gt=600).exists()


@pytest.mark.django_db
def test_exact_nik_duplicates_inside_the_file_and_across_the_roll_are_queued(world):
    rows, truth = make_rows(1_000, seed=10, duplicates=0.02)
    batch = load(rows)
    nik_truth = [t for t in truth if t.jenis == "nik"]
    assert batch.jumlah_ganda_nik == len(nik_truth) > 0
    # The same people again in a second (DPTb-like) file: every NIK is now twice in the roll.
    again = list(rows[:20])
    batch2 = import_start(
        actor=None, data=csv_bytes(again), filename="lagi.csv", jenis="tambahan", area_code="1807"
    )
    batch2 = import_run(batch_id=batch2.pk)
    assert batch2.status == ImportBatch.Status.DITERIMA
    assert DuplicatePair.objects.filter(kind="nik").count() >= len(nik_truth) + 20


@pytest.mark.django_db
def test_xlsx_import_with_other_header_spelling(world):
    rows, _ = make_rows(30, seed=11)
    wb = Workbook()
    ws = wb.active
    ws.append([f"  {h.upper()} " for h in HEADER])
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    batch = import_start(actor=None, data=buf.getvalue(), filename="dpt.xlsx", area_code="1807")
    batch = import_run(batch_id=batch.pk)
    assert batch.status == ImportBatch.Status.DITERIMA, batch.pesan
    assert Voter.objects.count() == 30


@pytest.mark.django_db
def test_missing_column_fails_with_its_name(world):
    batch = import_start(actor=None, data=b"NIK,Nama\n1,2\n", filename="x.csv", area_code="1807")
    batch = import_run(batch_id=batch.pk)
    assert batch.status == ImportBatch.Status.GAGAL
    assert "kolom wajib tidak ada: NKK, Tanggal lahir" in batch.pesan


@pytest.mark.django_db
def test_only_kpu_admin_imports(users):
    with pytest.raises(PermissionDenied):
        import_start(actor=users["pps_a1"], data=b"", filename="x.csv")


@pytest.mark.django_db
def test_room_per_tps_comes_from_the_roll_not_the_cached_count(many_tps):
    # The logistics demo fills Tps.jumlah_dpt while the roll is empty; the import must still
    # see every TPS as empty (a bug once made every bench import "ditolak").
    rows, _ = make_rows(60, seed=3)
    Tps.objects.update(jumlah_dpt=600)
    assert load(rows).status == ImportBatch.Status.DITERIMA
    assert Voter.objects.count() == 60
    for kode in set(Voter.objects.values_list("tps_kode", flat=True)):
        assert Tps.objects.get(pk=kode).jumlah_dpt == Voter.objects.filter(tps_kode=kode).count()


@pytest.mark.django_db
def test_the_same_accepted_file_is_not_loaded_twice(world):
    rows, _ = make_rows(50, seed=12)
    assert load(rows).status == ImportBatch.Status.DITERIMA
    with pytest.raises(ValidationFailed, match="sudah diimpor"):
        load(rows)
    assert Voter.objects.count() == 50


@pytest.mark.django_db
def test_every_stored_row_holds_its_own_file_row(world):
    """123 rows: three 40-row INSERT statements and a remainder of 3 on SQLite, one COPY on
    PostgreSQL. Every column lands on its own row (a misaligned group would shuffle values
    silently on SQLite), the sealed identity opens to the row's NIK and NKK, and the DPT per TPS
    of this first import (taken from the file) equals a count of the roll."""
    from collections import Counter
    from datetime import date

    from pilkada.core.privacy import mask
    from pilkada.voters.protect import keyed_hash, unseal

    rows, _ = make_rows(123, seed=21)
    assert load(rows).status == ImportBatch.Status.DITERIMA
    stored = {
        v.baris: v
        for v in Voter.objects.only(
            "baris",
            "nik_hash",
            "nkk_hash",
            "nik_masked",
            "identitas_enc",
            "nama",
            "tanggal_lahir",
            "jenis_kelamin",
            "rt",
            "rw",
            "tps_kode",
        )
    }
    assert len(stored) == 123
    for line, row in enumerate(rows, start=2):  # the header is line 1
        nkk, nik, nama, _tempat, lahir, _kawin, kelamin, _alamat, rt, rw = row[:10]
        v = stored[line]
        assert (v.nik_hash, v.nkk_hash, v.nik_masked) == (
            keyed_hash(nik),
            keyed_hash(nkk),
            mask(nik),
        )
        assert unseal(v.identitas_enc, v.nik_hash, v.nkk_hash) == (nik, nkk)
        assert (v.nama, v.jenis_kelamin, v.rt, v.rw, v.tps_kode) == (nama, kelamin, rt, rw, row[13])
        day, month, year = (int(x) for x in lahir.split("-"))
        assert v.tanggal_lahir == date(year, month, day)
    per_tps = Counter(r[13] for r in rows)
    assert dict(Tps.objects.filter(kode__in=per_tps).values_list("kode", "jumlah_dpt")) == per_tps


@pytest.mark.django_db
def test_voter_ids_are_plain_rowids_on_sqlite():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's schema only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [Voter._meta.db_table])
        (ddl,) = cursor.fetchone()
    assert "AUTOINCREMENT" not in ddl.upper()


@pytest.mark.django_db
@pytest.mark.parametrize("bad_at", [None, 30, 1_950])
def test_rules_that_finish_while_the_rows_load_still_keep_a_bad_file_out(
    many_tps, monkeypatch, bad_at
):
    """The rules run beside the load (started after RULES_AFTER_CHUNKS chunks): a row only
    they reject (the values themselves store fine), early or late in the file, still rolls
    the whole load back; a clean file loads whole."""
    from pilkada.voters import services

    monkeypatch.setattr(services, "CHUNK", 100)
    monkeypatch.setattr(services, "RULES_AFTER_CHUNKS", 2)
    first, _ = make_rows(40, seed=5)
    assert load(first).status == ImportBatch.Status.DITERIMA
    before = roll_state()
    rows, _ = make_rows(2_000, seed=6)
    if bad_at is not None:
        row = list(rows[bad_at])
        row[6] = "P" if row[6] == "L" else "L"  # sex no longer agrees with the NIK
        rows[bad_at] = tuple(row)
    batch = load(rows, filename="dpt-2rb.csv")
    if bad_at is None:
        assert batch.status == ImportBatch.Status.DITERIMA
        assert Voter.objects.count() == 40 + 2_000
        return
    assert batch.status == ImportBatch.Status.DITOLAK
    assert [(e.baris, e.kolom) for e in batch.errors.all()] == [(bad_at + 2, "Jenis kelamin")]
    assert roll_state() == before
