"""Kesiapan pages: kabupaten → kecamatan → desa → TPS, the map and the camat's one-page PDF."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import actor_area, can_see, require_change
from pilkada.adhoc.services import training_record
from pilkada.core import clock
from pilkada.core.exceptions import NotFoundOrOutOfScope, ValidationFailed
from pilkada.core.tabular import Sheet, pdf_bytes
from pilkada.kesiapan.selectors import (
    COLUMNS,
    DOMAIN_COLUMNS,
    ITEMS,
    AreaReadiness,
    AreaSummary,
    State,
    area_name,
    area_summary,
    grant_readiness,
    province_kabupaten,
    readiness_by_kecamatan,
    readiness_totals,
    tps_readiness_get,
)
from pilkada.results import svgmap
from pilkada.wilayah.models import Desa, Kecamatan
from pilkada.wilayah.selectors import kabupaten_get_default

# Each traffic light also carries a symbol and words: never colour alone.
STATE_TEXT = {
    State.OK: ("✓", gettext_lazy("siap")),
    State.WARN: ("!", gettext_lazy("siap, perlu perhatian")),
    State.GAP: ("✗", gettext_lazy("belum siap")),
    State.NA: ("–", gettext_lazy("tidak berlaku")),
}


def _root(request: HttpRequest) -> str:
    area = actor_area(request.user)
    if area is None:
        raise NotFoundOrOutOfScope(_("Data tidak ditemukan."))
    if area == "":
        kab = kabupaten_get_default()
        return kab.kode if kab else ""
    return area


def share_colour(ready: int, total: int) -> str:
    """Red (0 %) through amber to green (100 %) by share of TPS ready; grey without TPS."""
    if total == 0:
        return svgmap.PALETTE[0]
    t = ready / total
    if t < 0.5:
        a, c, u = (192, 57, 43), (214, 137, 16), t / 0.5
    else:
        a, c, u = (214, 137, 16), (46, 139, 87), (t - 0.5) / 0.5
    r, g, b = (round(x + (y - x) * u) for x, y in zip(a, c, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def _map(summary: AreaSummary) -> dict[str, Any] | None:
    code = summary.area.kode
    if len(code) not in (4, 6):
        return None
    model: Any = Kecamatan if len(code) == 4 else Desa
    parent = "kabupaten_id" if len(code) == 4 else "kecamatan_id"
    geoms = dict(
        model.objects.filter(
            **{parent: code, "kode__in": [c.kode for c in summary.children]}
        ).values_list("kode", "batas")
    )
    shapes = [
        svgmap.Shape(
            kode=c.kode,
            nama=c.nama,
            geometry=geoms[c.kode],
            fill=share_colour(c.tps_ready, c.tps),
            href=reverse("kesiapan:area", args=[c.kode]),
            label=_("%(nama)s: %(a)s dari %(b)s TPS siap (%(p)s %%)")
            % {"nama": c.nama, "a": c.tps_ready, "b": c.tps, "p": c.percent},
        )
        for c in summary.children
        if geoms.get(c.kode)
    ]
    rendered = svgmap.render(shapes)
    return rendered if rendered["paths"] else None


def _crumbs(code: str, actor: Any = None) -> list[tuple[str, str]]:
    """The areas above `code`; the province only for a user who may see it (KPU Provinsi)."""
    out = []
    if len(code) > 2 and actor is not None and can_see(actor, code[:2], Perm.KESIAPAN_VIEW):
        out.append((code[:2], area_name(code[:2])))
    for n in (4, 6, 10):
        if len(code) > n:
            out.append((code[:n], area_name(code[:n])))
    return out


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    root = _root(request)
    return tps(request, root) if len(root) == 13 else area(request, root)


@login_required
def area(request: HttpRequest, kode: str) -> HttpResponse:
    if len(kode) == 13:
        return redirect("kesiapan:tps", kode=kode)
    if len(kode) not in (2, 4, 6, 10) or not kode.isdigit():
        raise NotFoundOrOutOfScope(_("Wilayah tidak ditemukan."))
    if len(kode) == 2:
        kabupaten = province_kabupaten(actor=request.user, area=kode)
        return render(
            request,
            "kesiapan/province.html",
            {
                "nama": area_name(kode),
                "rows": kabupaten,
                "tps": sum(r.tps for r in kabupaten),
                "dpt": sum(r.dpt for r in kabupaten),
            },
        )
    summary = area_summary(actor=request.user, area=kode)
    context: dict[str, Any] = {
        "s": summary,
        "items": ITEMS,
        "states": STATE_TEXT,
        "map": _map(summary),
        "crumbs": _crumbs(kode, request.user),
        "level": len(kode),
        "now": clock.local_now(),
    }
    if len(kode) == 4:
        rows = readiness_by_kecamatan(actor=request.user, area=kode)
        context.update(
            {
                "grants": grant_readiness(actor=request.user),
                "roster_rows": rows,
                "roster_total": readiness_totals(rows),
                "columns": COLUMNS + [(k, label, "", "") for k, label in DOMAIN_COLUMNS],
            }
        )
    return render(request, "kesiapan/area.html", context)


# Where each item is fixed: (URL name, argument from the TPS row).
ITEM_LINKS: dict[str, tuple[str, str]] = {
    "kpps": ("tps:detail", "kode"),
    "bimtek": ("tps:detail", "kode"),
    "dpt": ("voters:distribution", "kode"),
    "undangan": ("voters:distribution", "kode"),
    "logistik": ("logistics:shipments", ""),
    "honor": ("budget:area", "desa_kode"),
    "rawan": ("supervision:rawan_edit", "kode"),
    "kasus": ("supervision:tps_cases", "kode"),
    "buka": ("supervision:checklist", "kode"),
    "masuk": ("counting:index", ""),
    "verif": ("counting:index", ""),
}


def _item_link(key: str, row: Any) -> str:
    name, arg = ITEM_LINKS[key]
    return reverse(name, args=[getattr(row, arg)] if arg else [])


@login_required
@require_POST
def bimtek(request: HttpRequest, kode: str) -> HttpResponse:
    """PPS/PPK/KPU: the KPPS and Linmas of this TPS attended bimtek on the given date."""
    tps_readiness_get(actor=request.user, kode=kode)  # 404 outside the area
    require_change(request.user, kode, Perm.ADHOC_EDIT_KPU)  # 403 before reading the form
    try:
        day = date.fromisoformat(request.POST.get("tanggal", "").strip())
    except ValueError:
        messages.error(request, _("Tanggal bimtek tidak terbaca (pakai format TTTT-BB-HH)."))
    else:
        try:
            n = training_record(actor=request.user, unit_codes=[kode], tanggal=day)
        except ValidationFailed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Bimtek tercatat untuk %(n)s anggota.") % {"n": n})
    return redirect("kesiapan:tps", kode=kode)


@login_required
def tps(request: HttpRequest, kode: str) -> HttpResponse:
    row = tps_readiness_get(actor=request.user, kode=kode)
    return render(
        request,
        "kesiapan/tps.html",
        {
            "row": row,
            "items": [(i, row.checks[i.key], _item_link(i.key, row)) for i in ITEMS],
            "states": STATE_TEXT,
            "crumbs": _crumbs(kode, request.user),
            "now": clock.local_now(),
            "can_train": can_see(request.user, kode, Perm.ADHOC_EDIT_KPU),
            "today": clock.local_today(),
        },
    )


def summary_sheets(summary: AreaSummary) -> list[Sheet]:
    """The one-page summary of a kecamatan: per desa, TPS ready per item; the TPS not ready."""
    headers = [_("Desa"), _("TPS"), _("Siap")] + [str(i.short) for i in ITEMS]

    def line(a: AreaReadiness) -> list[str | int]:
        cells: list[str | int] = [a.nama, a.tps, a.tps_ready]
        for _key, ready, applies, _state in a.cells():
            cells.append(f"{ready}/{applies}" if applies else "–")
        return cells

    rows = [line(c) for c in summary.children] + [line(summary.area)]
    rows[-1][0] = _("Jumlah")
    missing: dict[str, int] = {}
    for r in summary.rows:
        for key in r.missing:
            missing[key] = missing.get(key, 0) + 1
    labels = {i.key: str(i.label) for i in ITEMS}
    notes = [
        _("Keterangan kolom: ") + "; ".join(f"{i.short} = {i.label}" for i in ITEMS),
        _("Angka: TPS siap / TPS yang dinilai. Keadaan per %(t)s.")
        % {"t": formats.date_format(clock.local_now(), "j F Y H:i")},
    ]
    if missing:
        notes.append(
            _("Paling banyak belum siap: ")
            + "; ".join(
                f"{labels[k]} ({n} TPS)"
                for k, n in sorted(missing.items(), key=lambda p: -p[1])[:4]
            )
        )
    return [Sheet(_("Kesiapan per desa"), headers, rows, notes)]


@login_required
def kecamatan_pdf(request: HttpRequest, kode: str) -> HttpResponse:
    if len(kode) != 6 or not kode.isdigit():
        raise NotFoundOrOutOfScope(_("Kecamatan tidak ditemukan."))
    summary = area_summary(actor=request.user, area=kode)
    title = _("Kesiapan Pilkada Kecamatan %(nama)s") % {"nama": summary.area.nama}
    data = pdf_bytes(title, summary_sheets(summary))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kesiapan-{kode}.pdf"'
    return response
