from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import actor_area, can_see
from pilkada.core.exceptions import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from pilkada.core.tabular import bar_chart_svg, pdf_bytes, xlsx_bytes
from pilkada.logistics.reports import KINDS, report_sheets
from pilkada.logistics.selectors import (
    item_list,
    logistics_flags,
    progress_by_kecamatan,
    shipment_get,
    shipment_list,
    tps_logistics,
)
from pilkada.logistics.services import ReceiptPhoto, shipment_dispatch, shipment_receive
from pilkada.wilayah.models import Kecamatan


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    status = tps_logistics(actor=user)
    names = dict(Kecamatan.objects.values_list("kode", "nama"))
    progress = progress_by_kecamatan(actor=user)
    chart = [(names.get(p.kode, p.kode), p.lengkap, p.tps) for p in progress]
    return render(
        request,
        "logistics/overview.html",
        {
            "progress": progress,
            "names": names,
            "chart": mark_safe(bar_chart_svg(chart)) if chart else "",
            "flags": logistics_flags(actor=user),
            "incomplete": [s for s in status if not s.lengkap][:200],
            "n_incomplete": sum(1 for s in status if not s.lengkap),
            "n_tps": len(status),
            "items": {i.kode: i for i in item_list()},
            "kinds": KINDS,
        },
    )


@login_required
def shipments(request: HttpRequest) -> HttpResponse:
    qs = shipment_list(actor=request.user, pending=request.GET.get("status") == "dikirim")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "logistics/shipments.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def shipment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    shipment = shipment_get(actor=user, pk=pk)
    lines = list(shipment.lines.all())
    can_receive = shipment.status == "dikirim" and can_see(
        user, shipment.to_code, Perm.LOGISTICS_RECEIVE
    )
    status = 200
    values: dict[str, Any] = {}
    if request.method == "POST":
        if not can_receive:
            raise PermissionDenied(_("Anda tidak berwenang mencatat penerimaan ini."))
        received = {
            ln.item_id: (
                request.POST.get(f"terima-{ln.item_id}", "").strip(),
                request.POST.get(f"rusak-{ln.item_id}", "0").strip() or "0",
            )
            for ln in lines
        }
        values = dict(received.items())
        upload = request.FILES.get("foto")
        photo = ReceiptPhoto(upload.name or "tanda-terima", upload.read()) if upload else None
        try:
            shipment_receive(actor=user, shipment_id=pk, received=received, photo=photo)
        except ValidationFailed as exc:
            messages.error(request, str(exc))
            status = 400
        else:
            messages.success(request, _("Penerimaan logistik disimpan."))
            return redirect("logistics:shipment", pk=pk)
    return render(
        request,
        "logistics/shipment.html",
        {"s": shipment, "lines": lines, "can_receive": can_receive, "values": values},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def dispatch(request: HttpRequest) -> HttpResponse:
    """Send goods from the actor's node (PPK: kecamatan, PPS: desa; KPU: warehouse) onward."""
    user = request.user
    area = actor_area(user) or ""
    if not can_see(user, area, Perm.LOGISTICS_DISPATCH) or len(area) not in (4, 6, 10):
        raise PermissionDenied(_("Anda tidak berwenang mengirim logistik."))
    items = item_list()
    status = 200
    if request.method == "POST":
        to_code = request.POST.get("ke", "").strip()
        quantities = {
            i.kode: request.POST.get(f"qty-{i.kode}", "").strip()
            for i in items
            if request.POST.get(f"qty-{i.kode}", "").strip()
        }
        try:
            s = shipment_dispatch(
                actor=user,
                from_code=area,
                to_code=to_code,
                quantities=quantities,
                nomor_ba=request.POST.get("nomor_ba", "")[:80],
            )
        except ValidationFailed as exc:
            messages.error(request, str(exc))
            status = 400
        else:
            messages.success(request, _("Pengiriman dicatat."))
            return redirect("logistics:shipment", pk=s.pk)
    return render(request, "logistics/dispatch.html", {"items": items, "area": area}, status=status)


@login_required
def report(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in KINDS or fmt not in ("xlsx", "pdf"):
        raise NotFoundOrOutOfScope(_("Laporan tidak ditemukan."))
    sheets = report_sheets(request.user, kind)
    if fmt == "xlsx":
        body = xlsx_bytes(sheets)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = pdf_bytes(f"Laporan logistik per {kind}", sheets)
        ctype = "application/pdf"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="logistik-{kind}.{fmt}"'
    return response


@login_required
def receipt_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored photo of the signed receipt, for those who may see the shipment."""
    shipment = shipment_get(actor=request.user, pk=pk)
    if not shipment.receipt_photo:
        raise NotFoundOrOutOfScope(_("Foto tanda terima tidak ada."))
    ext = shipment.receipt_photo.name.rsplit(".", 1)[-1]
    ctype = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}.get(
        ext, "application/pdf"
    )
    with shipment.receipt_photo.open("rb") as fh:
        response = HttpResponse(fh.read(), content_type=ctype)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="tanda-terima-{pk}.{ext}"'
    return response
