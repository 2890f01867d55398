"""Public results: read-only views of counting's verified forms and running totals.

Everything here is public (no login): the numbers are the counted (verified) version of each
C.Hasil, totals come from counting's running totals (`Tally`) with superseded TPS taken off, and
a TPS whose form is not verified is published as such, without numbers. Results are cached per
`data_version()`, a fingerprint of the tables that change when verified data changes, so no
write path needs a hook and no page shows stale numbers once a new version exists.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from pilkada.core import clock
from pilkada.core.exceptions import NotFoundOrOutOfScope
from pilkada.counting.models import CHasil, Entry, Keberatan, Photo, Pleno
from pilkada.counting.selectors import contest_get, contests_for_area, entry_comparison, totals
from pilkada.counting.services import _numbers
from pilkada.pemilihan.models import Contest
from pilkada.tps.models import ResultSupersession, Tps
from pilkada.tps.selectors import child_areas
from pilkada.wilayah.models import Desa, Kabupaten, Kecamatan, Provinsi

SCHEMA_AREA = "pilkada-hasil-wilayah/1"
SCHEMA_TPS = "pilkada-hasil-tps/1"
LEVELS = {2: "provinsi", 4: "kabupaten", 6: "kecamatan", 10: "desa", 13: "tps"}
CACHE_SECONDS = 600
STATUS_TPS = "hasil_hitung_tps"
STATUS_PLENO = "pleno_ditetapkan"

T = TypeVar("T")


_memo: dict[str, tuple[float, str]] = {}


def data_version() -> str:
    """The current data fingerprint, looked up at most once per `RESULTS_VERSION_SECONDS`
    (default 1 s) per process: under election-night load a page is at most that much behind
    the latest write (its "as of" time says exactly when it was computed)."""
    ttl = float(getattr(settings, "RESULTS_VERSION_SECONDS", 1.0))
    now = time.monotonic()
    hit = _memo.get("v")
    if ttl > 0 and hit is not None and now - hit[0] < ttl:
        return hit[1]
    version = _data_version()
    _memo["v"] = (now, version)
    return version


def _data_version() -> str:
    """A fingerprint of everything a results page shows; changes whenever verified data can.

    Entries and corrections (new `Entry` rows), photos, objections and their answers, recount
    or revote orders and their resolution, plenaries and their approval. One cheap query.
    """
    tables = {
        "e": (Entry._meta.db_table, "MAX(id)"),
        "f": (Photo._meta.db_table, "MAX(id)"),
        "k": (Keberatan._meta.db_table, "MAX(id) || '.' || COUNT(dijawab_at)"),
        "s": (ResultSupersession._meta.db_table, "MAX(id) || '.' || COUNT(resolved_at)"),
        "p": (Pleno._meta.db_table, "MAX(id) || '.' || COUNT(disetujui_at)"),
        "c": (Contest._meta.db_table, "MAX(id)"),
    }
    # Table names and expressions are constants of this module, never user input.
    sql = "SELECT " + ", ".join(f"(SELECT {expr} FROM {table})" for table, expr in tables.values())  # noqa: S608
    with connection.cursor() as cur:
        cur.execute(sql)
        row = cur.fetchone()
    return "-".join(f"{k}{v or 0}" for k, v in zip(tables, row, strict=True))


def cached(key: str, version: str, build: Callable[[], T]) -> T:
    """`build()` cached under `key` for this data version (a new version is a new key)."""
    full = f"results:{key}:{version}"
    hit = cache.get(full)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    value = build()
    cache.set(full, value, CACHE_SECONDS)
    return value


def public_contests() -> list[Contest]:
    """The contests voted on in the regency whose results are published."""
    kab = Kabupaten.objects.order_by("kode").first()
    if kab is None:
        return []
    return contests_for_area(area_code=kab.kode)


def regency_code() -> str:
    kab = Kabupaten.objects.order_by("kode").first()
    if kab is None:
        raise NotFoundOrOutOfScope("Kabupaten belum dimuat.")
    return str(kab.kode)


# ---------------------------------------------------------------------------------------------
# Helpers


def _contest_out(contest: Contest) -> dict[str, Any]:
    pairs = list(contest.pairs.order_by("nomor_urut"))
    out = [{"nomor": p.nomor_urut, "calon": p.calon, "wakil": p.wakil} for p in pairs]
    if len(pairs) == 1:
        out.append({"nomor": 0, "calon": "Kotak kosong", "wakil": ""})
    return {"kode": contest.kode, "nama": str(contest), "pasangan": out}


def _numbers_out(n: dict[str, Any]) -> dict[str, Any]:
    return {
        "suara": {str(k): int(v) for k, v in n["suara"].items()},
        **{k: int(n[k]) for k in ("suara_sah", "suara_tidak_sah", "suara_total")},
        "pemilih": int(n["pemilih"]),
        "pengguna": int(n["pengguna"]),
        "tps_dihitung": int(n["tps_count"]),
    }


def _turnout(n: dict[str, Any]) -> float | None:
    return round(100 * n["pengguna"] / n["pemilih"], 2) if n["pemilih"] else None


def _leader(n: dict[str, Any]) -> int | None:
    votes = {int(k): int(v) for k, v in n["suara"].items()}
    if not votes or max(votes.values()) == 0:
        return None
    best = max(votes.values())
    top = [k for k, v in votes.items() if v == best]
    return top[0] if len(top) == 1 else None


def _area_name(code: str) -> str:
    model: Any = {2: Provinsi, 4: Kabupaten, 6: Kecamatan, 10: Desa}.get(len(code))
    if model is None:
        return code
    obj = model.objects.filter(pk=code).only("nama").first()
    if obj is None:
        raise NotFoundOrOutOfScope("Wilayah tidak ditemukan.")
    return str(obj.nama)


def _crumbs(code: str) -> list[dict[str, str]]:
    out = []
    for width in (4, 6, 10):
        if len(code) > width:
            out.append({"kode": code[:width], "nama": _area_name(code[:width])})
    return out


@dataclass
class _Progress:
    tps_total: int = 0
    tps_masuk: int = 0
    tps_terverifikasi: int = 0
    tps_diganti: int = 0

    def out(self) -> dict[str, int]:
        return {
            "tps_total": self.tps_total,
            "tps_masuk": self.tps_masuk,
            "tps_terverifikasi": self.tps_terverifikasi,
            "tps_diganti": self.tps_diganti,
        }


def superseded(contest: Contest) -> set[str]:
    return set(
        ResultSupersession.objects.filter(
            resolved_at__isnull=True, contest_kode__in=[contest.kode, ""]
        ).values_list("tps_id", flat=True)
    )


def _pleno_out(contest: Contest, code: str) -> dict[str, Any] | None:
    """The plenary of a kecamatan, a kabupaten or (governor race) the province."""
    if len(code) not in (2, 4, 6):
        return None
    p = Pleno.objects.filter(contest=contest, area_code=code).first()
    if p is None:
        return None
    return {
        "status": p.status,
        "terkunci": p.status == Pleno.Status.TERKUNCI,
        "nomor_berita_acara": p.nomor_berita_acara,
        "tanggal": p.tanggal.isoformat(),
        "disetujui_at": p.disetujui_at.isoformat() if p.disetujui_at else None,
    }


# ---------------------------------------------------------------------------------------------
# One area (province, kabupaten, kecamatan or desa) with a row per child


def area_results(*, actor: Any, contest_kode: str, area_code: str) -> dict[str, Any]:
    """Public totals, progress and turnout of one area and of each area (or TPS) below it.

    The province level (governor race only) has a row per kabupaten/kota."""
    del actor  # public data: every visitor sees the same
    version = data_version()
    return cached(
        f"area:{contest_kode}:{area_code}",
        version,
        lambda: _area_build(contest_kode, area_code, version),
    )


def _area_build(contest_kode: str, area_code: str, version: str) -> dict[str, Any]:
    if len(area_code) not in (2, 4, 6, 10) or not area_code.isdigit():
        raise NotFoundOrOutOfScope("Wilayah tidak ditemukan.")
    contest = contest_get(kode=contest_kode)
    if len(area_code) == 2 and contest.kode_wilayah != area_code:
        # The province level exists only for the province's own (governor) race.
        raise NotFoundOrOutOfScope("Wilayah ini tidak memilih dalam kontestasi tersebut.")
    name = _area_name(area_code)
    if not (area_code.startswith(contest.kode_wilayah) or contest.kode_wilayah == "0"):
        raise NotFoundOrOutOfScope("Wilayah ini tidak memilih dalam kontestasi tersebut.")
    children = child_areas(area_code)
    gone = superseded(contest)
    forms = {
        tps: (status, counted)
        for tps, status, counted in CHasil.objects.filter(
            contest=contest, tps__kode__startswith=area_code
        ).values_list("tps_id", "status", "counted_id")
    }
    width = {2: 4, 4: 6, 6: 10, 10: 13}[len(area_code)]
    progress: dict[str, _Progress] = {k: _Progress() for k, _ in children}
    overall = _Progress()
    for tps in Tps.objects.filter(kode__startswith=area_code).values_list("kode", flat=True):
        status, counted = forms.get(tps, (CHasil.Status.BELUM, None))
        for p in (progress.setdefault(tps[:width], _Progress()), overall):
            p.tps_total += 1
            p.tps_masuk += status != CHasil.Status.BELUM or counted is not None
            p.tps_terverifikasi += counted is not None and tps not in gone
            p.tps_diganti += tps in gone
    rows: list[dict[str, Any]] = []
    if len(area_code) == 10:
        per_tps = {
            f.tps_id: f
            for f in CHasil.objects.filter(contest=contest, tps__desa_id=area_code).select_related(
                "counted"
            )
        }
        for kode, nama in children:
            form = per_tps.get(kode)
            entry = form.counted if form else None
            is_gone = kode in gone
            numbers = _numbers_out(_numbers(entry)) if entry and not is_gone else None
            rows.append(
                {
                    "kode": kode,
                    "nama": nama,
                    "tingkat": "tps",
                    "status": form.status if form else CHasil.Status.BELUM,
                    "terverifikasi": entry is not None,
                    "diganti": is_gone,
                    "angka": numbers,
                    "partisipasi": _turnout(numbers) if numbers else None,
                    "unggul": _leader(numbers) if numbers else None,
                    "progres": progress[kode].out(),
                }
            )
        total = totals(contest=contest, area_codes=[area_code])[area_code]
    else:
        t = totals(contest=contest, area_codes=[area_code] + [k for k, _ in children])
        for kode, nama in children:
            n = t[kode]
            rows.append(
                {
                    "kode": kode,
                    "nama": nama,
                    "tingkat": LEVELS[width],
                    "angka": _numbers_out(n),
                    "partisipasi": _turnout(n),
                    "unggul": _leader(n),
                    "progres": progress[kode].out(),
                }
            )
        total = t[area_code]
    pleno = _pleno_out(contest, area_code)
    return {
        "skema": SCHEMA_AREA,
        "kontestasi": _contest_out(contest),
        "wilayah": {"kode": area_code, "nama": name, "tingkat": LEVELS[len(area_code)]},
        "induk": _crumbs(area_code),
        "status": STATUS_PLENO if pleno and pleno["terkunci"] else STATUS_TPS,
        "pleno": pleno,
        "per": clock.now().isoformat(),
        "versi_data": version,
        "jumlah": _numbers_out(total),
        "partisipasi": _turnout(total),
        "unggul": _leader(total),
        "progres": overall.out(),
        "baris": rows,
    }


# ---------------------------------------------------------------------------------------------
# One TPS


def tps_results(*, actor: Any, contest_kode: str, tps_kode: str) -> dict[str, Any]:
    """The public record of one TPS: numbers, photos, status, findings, every version."""
    del actor
    version = data_version()
    return cached(
        f"tps:{contest_kode}:{tps_kode}",
        version,
        lambda: _tps_build(contest_kode, tps_kode, version),
    )


def _photo_out(p: Photo) -> dict[str, Any]:
    return {
        "id": p.pk,
        "sha256": p.sha256,
        "jenis": p.content_type,
        "ukuran": p.size,
        "diunggah": p.uploaded_at.isoformat(),
    }


def _tps_build(contest_kode: str, tps_kode: str, version: str) -> dict[str, Any]:
    contest = contest_get(kode=contest_kode)
    tps = Tps.objects.select_related("desa", "desa__kecamatan").filter(kode=tps_kode).first()
    if tps is None or not tps_kode.startswith(contest.kode_wilayah):
        raise NotFoundOrOutOfScope("TPS tidak ditemukan.")
    form = CHasil.objects.filter(tps=tps, contest=contest).select_related("counted").first()
    counted = form.counted if form else None
    orders = list(
        ResultSupersession.objects.filter(tps=tps, contest_kode__in=[contest.kode, ""]).order_by(
            "ordered_at"
        )
    )
    is_gone = any(o.resolved_at is None for o in orders)
    entries = list(
        Entry.objects.filter(tps_kode=tps_kode, form__contest=contest)
        .select_related("compared_with", "keberatan")
        .order_by("entered_at", "pk")
    )
    history = []
    for e in entries:
        history.append(
            {
                "id": e.pk,
                "jenis": e.kind,
                "tingkat": e.level,
                "hasil": e.result,
                "waktu": e.entered_at.isoformat(),
                "alasan": e.reason,
                "foto_sha256": e.photo_sha256,
                "dihitung": counted is not None and e.pk == counted.pk,
                "temuan": [f.get("message", "") for f in e.findings if isinstance(f, dict)],
                "beda": [
                    {"angka": d.name, "sebelum": d.a, "sesudah": d.b} for d in entry_comparison(e)
                ]
                if e.kind == Entry.Kind.KOREKSI
                else [],
            }
        )
    numbers = _numbers_out(_numbers(counted)) if counted else None
    objections = Keberatan.objects.filter(contest=contest, area_code=tps_kode)
    return {
        "skema": SCHEMA_TPS,
        "kontestasi": _contest_out(contest),
        "tps": {
            "kode": tps.kode,
            "nama": tps.nama,
            "alamat": tps.alamat,
            "desa": {"kode": tps.desa_id, "nama": tps.desa.nama},
            "kecamatan": {"kode": tps.desa.kecamatan_id, "nama": tps.desa.kecamatan.nama},
        },
        "status": STATUS_TPS,
        "status_formulir": form.status if form else CHasil.Status.BELUM,
        "terverifikasi": counted is not None,
        "diganti": is_gone,
        "perintah_ulang": [
            {
                "jenis": o.kind,
                "alasan": o.reason,
                "diperintahkan": o.ordered_at.isoformat(),
                "selesai": o.resolved_at.isoformat() if o.resolved_at else None,
            }
            for o in orders
        ],
        "angka": numbers,
        "angka_formulir": dict(counted.angka) if counted else None,
        "foto_sha256": counted.photo_sha256 if counted else None,
        "partisipasi": _turnout(numbers) if numbers else None,
        "foto": [_photo_out(p) for p in Photo.objects.filter(tps=tps, contest=contest)],
        "riwayat": history,
        "keberatan": [
            {
                "jenis": k.jenis,
                "isi": k.isi,
                "jawaban": k.jawaban,
                "dibuat": k.dibuat_at.isoformat(),
            }
            for k in objections
        ],
        "per": clock.now().isoformat(),
        "versi_data": version,
    }


def photo_get(*, actor: Any, photo_id: int) -> Photo:
    """A form photo: public evidence (signed forms are posted at the TPS)."""
    del actor
    p = Photo.objects.filter(pk=photo_id).first()
    if p is None:
        raise NotFoundOrOutOfScope("Foto tidak ditemukan.")
    return p


# ---------------------------------------------------------------------------------------------
# Comparison: TPS entry vs. plenary result


def comparison(*, actor: Any, contest_kode: str) -> dict[str, Any]:
    """Every correction made at a plenary (or later) with its reason; per kecamatan the sum of
    the TPS-level numbers next to the current (plenary) total."""
    del actor
    version = data_version()
    return cached(f"banding:{contest_kode}", version, lambda: _comparison_build(contest_kode))


def _comparison_build(contest_kode: str) -> dict[str, Any]:
    contest = contest_get(kode=contest_kode)
    kab = regency_code()
    corrections = list(
        Entry.objects.filter(
            form__contest=contest, kind=Entry.Kind.KOREKSI, result=Entry.Result.DITETAPKAN
        )
        .select_related("compared_with", "keberatan")
        .order_by("tps_kode", "entered_at", "pk")
    )
    items = []
    delta: dict[str, dict[str, int]] = {}
    for e in corrections:
        diffs = entry_comparison(e)
        items.append(
            {
                "tps": e.tps_kode,
                "tingkat": e.level,
                "waktu": e.entered_at.isoformat(),
                "alasan": e.reason,
                "keberatan": e.keberatan.isi if e.keberatan else "",
                "beda": [{"angka": d.name, "sebelum": d.a, "sesudah": d.b} for d in diffs],
            }
        )
        kec = delta.setdefault(e.tps_kode[:6], {})
        for d in diffs:
            kec[d.name] = kec.get(d.name, 0) + (d.b or 0) - (d.a or 0)
    kecs = list(
        Kecamatan.objects.filter(kabupaten_id=kab).order_by("kode").values_list("kode", "nama")
    )
    t = totals(contest=contest, area_codes=[k for k, _ in kecs])
    rows = []
    for kode, nama in kecs:
        now_votes = {str(k): v for k, v in t[kode]["suara"].items()}
        change = delta.get(kode, {})
        tps_votes = {k: v - change.get(f"suara_{k}", 0) for k, v in now_votes.items()}
        pleno = Pleno.objects.filter(contest=contest, area_code=kode).first()
        rows.append(
            {
                "kode": kode,
                "nama": nama,
                "suara_tps": tps_votes,
                "suara_rekap": now_votes,
                "pleno_terkunci": bool(pleno and pleno.status == Pleno.Status.TERKUNCI),
                "selisih": {k: now_votes[k] - tps_votes[k] for k in now_votes},
            }
        )
    return {"kontestasi": _contest_out(contest), "koreksi": items, "kecamatan": rows}
