"""Public results pages (no login): totals, progress, drill-down, TPS with photo, map,
comparison, open data. Every response carries an ETag from the data version."""

import json
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from pilkada.core.exceptions import NotFoundOrOutOfScope
from pilkada.results import opendata, svgmap
from pilkada.results.selectors import (
    area_results,
    cached,
    comparison,
    data_version,
    photo_get,
    public_contests,
    regency_code,
    tps_results,
)
from pilkada.wilayah.models import Desa, Kecamatan

CACHE_CONTROL = "public, max-age=15"


def _etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    return f"{data_version()}-{get_language() or 'id'}"


def _public(resp: HttpResponse) -> HttpResponse:
    resp["Cache-Control"] = CACHE_CONTROL
    resp["Vary"] = "Accept-Language, Cookie"
    return resp


def _shown(data: dict[str, Any]) -> dict[str, Any]:
    """The cached result (open data, in Indonesian) with the contest's name and the empty box in
    the reader's language; the cached dict itself is left as it is."""
    names = {c.kode: str(c) for c in public_contests()}
    k = data["kontestasi"]
    pairs = [{**p, "calon": _("Kotak kosong")} if p["nomor"] == 0 else p for p in k["pasangan"]]
    return {**data, "kontestasi": {**k, "nama": names.get(k["kode"], k["nama"]), "pasangan": pairs}}


def _bars(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Bars of the votes per pair (SVG widths in percent of the largest)."""
    names = {str(p["nomor"]): p for p in data["kontestasi"]["pasangan"]}
    votes = data["jumlah"]["suara"]
    sah = data["jumlah"]["suara_sah"] or 0
    top = max(votes.values(), default=0) or 1
    return [
        {
            "nomor": k,
            "nama": f"{names[k]['calon']} – {names[k]['wakil']}".strip(" –") if k in names else k,
            "suara": v,
            "persen": round(100 * v / sah, 2) if sah else 0,
            "w": round(100 * v / top, 1),
            "fill": svgmap.pair_colour(int(k)),
        }
        for k, v in votes.items()
    ]


def _progress(p: dict[str, int]) -> dict[str, Any]:
    total = p["tps_total"] or 1
    return {
        **p,
        "w_masuk": round(100 * p["tps_masuk"] / total, 1),
        "w_verif": round(100 * p["tps_terverifikasi"] / total, 1),
    }


@require_safe
@condition(etag_func=_etag)
def home(request: HttpRequest) -> HttpResponse:
    contests = public_contests()
    if not contests:
        raise NotFoundOrOutOfScope("Belum ada kontestasi.")
    kab = regency_code()
    cards = []
    for c in contests:
        data = _shown(area_results(actor=request.user, contest_kode=c.kode, area_code=kab))
        cards.append({"d": data, "bars": _bars(data), "progress": _progress(data["progres"])})
    return _public(render(request, "results/home.html", {"cards": cards}))


@require_safe
@condition(etag_func=_etag)
def area(request: HttpRequest, kontestasi: str, wilayah: str = "") -> HttpResponse:
    code = wilayah or regency_code()
    data = _shown(area_results(actor=request.user, contest_kode=kontestasi, area_code=code))
    return _public(
        render(
            request,
            "results/area.html",
            {
                "d": data,
                "bars": _bars(data),
                "progress": _progress(data["progres"]),
                "pairs": data["kontestasi"]["pasangan"],
                "json_url": reverse("results:area_json", args=[kontestasi, code]),
                "csv_url": reverse("results:area_csv", args=[kontestasi, code]),
            },
        )
    )


@require_safe
@condition(etag_func=_etag)
def tps(request: HttpRequest, kontestasi: str, kode: str) -> HttpResponse:
    data = _shown(tps_results(actor=request.user, contest_kode=kontestasi, tps_kode=kode))
    pairs = {str(p["nomor"]): p for p in data["kontestasi"]["pasangan"]}
    rows = [
        {"nomor": k, "pair": pairs.get(k), "suara": v}
        for k, v in (data["angka"] or {}).get("suara", {}).items()
    ]
    return _public(render(request, "results/tps.html", {"d": data, "rows": rows}))


@require_safe
def photo(request: HttpRequest, photo_id: int) -> FileResponse:
    p = photo_get(actor=request.user, photo_id=photo_id)
    resp = FileResponse(p.file.open("rb"), content_type=p.content_type)
    resp["Cache-Control"] = "public, max-age=31536000, immutable"  # never replaced (counting)
    resp["ETag"] = f'"{p.sha256}"'
    return resp


def _json(data: Any) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    resp = HttpResponse(body, content_type="application/json; charset=utf-8")
    resp["Access-Control-Allow-Origin"] = "*"
    return _public(resp)


def _csv(body: str, name: str) -> HttpResponse:
    resp = HttpResponse(body, content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'inline; filename="{name}"'
    resp["Access-Control-Allow-Origin"] = "*"
    return _public(resp)


def _data_etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    return data_version()


@require_safe
@condition(etag_func=_data_etag)
def area_json(request: HttpRequest, kontestasi: str, wilayah: str) -> HttpResponse:
    """The open-data JSON; the serialised body itself is cached per data version."""

    def body() -> bytes:
        if len(wilayah) == 13:
            d = tps_results(actor=request.user, contest_kode=kontestasi, tps_kode=wilayah)
        else:
            d = area_results(actor=request.user, contest_kode=kontestasi, area_code=wilayah)
        return json.dumps(d, ensure_ascii=False, separators=(",", ":")).encode()

    resp = HttpResponse(
        cached(f"json:{kontestasi}:{wilayah}", data_version(), body),
        content_type="application/json; charset=utf-8",
    )
    resp["Access-Control-Allow-Origin"] = "*"
    return _public(resp)


@require_safe
@condition(etag_func=_data_etag)
def area_csv(request: HttpRequest, kontestasi: str, wilayah: str) -> HttpResponse:
    name = f"hasil-{kontestasi}-{wilayah}.csv"
    if len(wilayah) == 13:
        d = tps_results(actor=request.user, contest_kode=kontestasi, tps_kode=wilayah)
        return _csv(opendata.tps_csv(d), name)
    d = area_results(actor=request.user, contest_kode=kontestasi, area_code=wilayah)
    return _csv(opendata.area_csv(d), name)


@require_safe
@condition(etag_func=_data_etag)
def bulk(request: HttpRequest) -> HttpResponse:
    resp = HttpResponse(opendata.bulk_zip(actor=request.user), content_type="application/zip")
    resp["Content-Disposition"] = 'attachment; filename="hasil-pilkada.zip"'
    return _public(resp)


@require_safe
def schema(request: HttpRequest, nama: str) -> HttpResponse:
    if nama not in ("wilayah-1", "tps-1", "lengkap-1"):
        raise NotFoundOrOutOfScope("Skema tidak ditemukan.")
    return _json(opendata.schema(nama))


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    kab = regency_code()
    return _public(
        render(request, "results/data.html", {"contests": public_contests(), "kab": kab})
    )


@require_safe
@condition(etag_func=_etag)
def peta(request: HttpRequest, kontestasi: str, wilayah: str = "") -> HttpResponse:
    code = wilayah or regency_code()
    if len(code) not in (4, 6):
        raise NotFoundOrOutOfScope("Peta tersedia untuk kabupaten dan kecamatan.")
    data = area_results(actor=request.user, contest_kode=kontestasi, area_code=code)
    mode = "partisipasi" if request.GET.get("warna") == "partisipasi" else "unggul"
    model: Any = Kecamatan if len(code) == 4 else Desa
    parent = "kabupaten_id" if len(code) == 4 else "kecamatan_id"
    shapes_by_code = dict(model.objects.filter(**{parent: code}).values_list("kode", "batas"))
    shapes = []
    for row in data["baris"]:
        geom = shapes_by_code.get(row["kode"])
        if not geom:
            continue
        fill = (
            svgmap.turnout_colour(row["partisipasi"])
            if mode == "partisipasi"
            else svgmap.pair_colour(row["unggul"])
        )
        label = row["nama"]
        if row["partisipasi"] is not None:
            label += f" · {row['partisipasi']:.1f} %"
        shapes.append(
            svgmap.Shape(
                kode=row["kode"],
                nama=row["nama"],
                geometry=geom,
                fill=fill,
                href=reverse("results:area", args=[kontestasi, row["kode"]]),
                label=label,
            )
        )
    legend = [
        {"fill": svgmap.pair_colour(int(p["nomor"])), "nama": f"{p['nomor']}. {p['calon']}"}
        for p in data["kontestasi"]["pasangan"]
    ]
    return _public(
        render(
            request,
            "results/peta.html",
            {"d": data, "map": svgmap.render(shapes), "mode": mode, "legend": legend},
        )
    )


@require_safe
@condition(etag_func=_etag)
def banding(request: HttpRequest, kontestasi: str) -> HttpResponse:
    data = comparison(actor=request.user, contest_kode=kontestasi)
    return _public(render(request, "results/banding.html", {"d": data}))
