from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import actor_area, can_see, has_perm
from pilkada.budget.reports import KINDS, report_sheets
from pilkada.budget.selectors import (
    grant_list,
    grant_view,
    honor_cuts,
    honor_summary,
    members_without_rate,
    people_of,
    reconciliation,
)
from pilkada.budget.services import (
    grant_return_record,
    grant_transfer_record,
    payouts_confirm_area,
    payouts_record_area,
    realisation_record,
)
from pilkada.core import clock
from pilkada.core.exceptions import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from pilkada.core.tabular import Sheet, bar_chart_svg, pdf_bytes, xlsx_bytes
from pilkada.wilayah.models import Desa, Kecamatan


def _names() -> dict[str, str]:
    out = dict(Kecamatan.objects.values_list("kode", "nama"))
    out.update(Desa.objects.values_list("kode", "nama"))
    return out


@login_required
def overview(request: HttpRequest, status: int = 200) -> HttpResponse:
    """Grant, reconciliation, suspected cuts and honoraria in the actor's area."""
    user = request.user
    area = actor_area(user) or ""
    grants = [grant_view(actor=user, grant=g) for g in grant_list(actor=user)]
    group = 6 if len(area) <= 4 else (10 if len(area) <= 6 else 13)
    summary = honor_summary(actor=user, group_len=group)
    names = _names()
    disbursement = [
        (a.allocation.penerima_nama, a.transferred, a.allocation.jumlah)
        for g in grants
        for a in g.allocations
    ]
    confirmed = [(names.get(s.kode, s.kode), s.confirmed, s.people) for s in summary]
    return render(
        request,
        "budget/overview.html",
        {
            "grants": grants,
            "rec": reconciliation(actor=user),
            "cuts": honor_cuts(actor=user),
            "summary": summary,
            "names": names,
            "group": group,
            "without_rate": members_without_rate(actor=user),
            "chart_grant": mark_safe(bar_chart_svg(disbursement)) if disbursement else "",
            "chart_confirmed": mark_safe(bar_chart_svg(confirmed[:40])) if confirmed else "",
            "kinds": KINDS,
            "can_view_people": has_perm(user, Perm.HONOR_VIEW),
            "my_area": area if len(area) >= 10 and has_perm(user, Perm.HONOR_VIEW) else "",
            "can_confirm": has_perm(user, Perm.HONOR_CONFIRM),
            "can_transfer": has_perm(user, Perm.GRANT_MANAGE),
            "can_report": has_perm(user, Perm.GRANT_REPORT),
            "today": clock.local_today(),
        },
        status=status,
    )


def _grant_post(request: HttpRequest, record: Any) -> HttpResponse:
    """Run one grant service from a small form on the overview; errors re-render it (400)."""
    if request.method != "POST":
        return redirect("budget:overview")
    try:
        tanggal = date.fromisoformat(request.POST.get("tanggal", ""))
    except ValueError:
        messages.error(request, _("Tanggal tidak sah (format TTTT-BB-HH)."))
        return overview(request, status=400)
    try:
        record(tanggal)
    except ValidationFailed as exc:
        messages.error(request, str(exc))
        return overview(request, status=400)
    messages.success(request, _("Dicatat."))
    return redirect("budget:overview")


@login_required
@require_http_methods(["POST"])
def tranche_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    return _grant_post(
        request,
        lambda tanggal: grant_transfer_record(
            actor=request.user,
            tranche_id=pk,
            jumlah=request.POST.get("jumlah", ""),
            tanggal=tanggal,
            referensi=request.POST.get("referensi", "")[:120],
        ),
    )


@login_required
@require_http_methods(["POST"])
def allocation_spend(request: HttpRequest, pk: int) -> HttpResponse:
    return _grant_post(
        request,
        lambda tanggal: realisation_record(
            actor=request.user,
            allocation_id=pk,
            akun=request.POST.get("akun", "")[:40],
            uraian=request.POST.get("uraian", "")[:200],
            jumlah=request.POST.get("jumlah", ""),
            tanggal=tanggal,
        ),
    )


@login_required
@require_http_methods(["POST"])
def allocation_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _grant_post(
        request,
        lambda tanggal: grant_return_record(
            actor=request.user,
            allocation_id=pk,
            jumlah=request.POST.get("jumlah", ""),
            tanggal=tanggal,
            referensi=request.POST.get("referensi", "")[:120],
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def area_people(request: HttpRequest, kode: str) -> HttpResponse:
    """The people of a desa or TPS with what they are owed, were paid and confirm receiving.

    The kepala desa (his desa) and the KPPS (its TPS) fill in the amounts actually received.
    """
    user = request.user
    people = people_of(actor=user, area=kode)  # 404 outside the area
    can_confirm = can_see(user, kode, Perm.HONOR_CONFIRM)
    can_pay = can_see(user, kode, Perm.HONOR_PAY)
    errors: list[tuple[str, str]] = []
    values: dict[str, str] = {}
    status = 200
    if request.method == "POST" and request.POST.get("aksi") == "bayar":
        if not can_pay:
            raise PermissionDenied(_("Anda tidak berwenang mencatat pembayaran di sini."))
        sheet: dict[int, tuple[object, object]] = {}
        for p in people:
            paid = request.POST.get(f"bayar-{p.member_id}", "").strip()
            if paid and p.dibayar is None:
                sheet[p.member_id] = (paid, request.POST.get(f"pajak-{p.member_id}", "0") or "0")
        try:
            if not sheet:
                raise ValidationFailed(_("Isi setidaknya satu jumlah dibayarkan."), [])
            payouts_record_area(actor=user, area_code=kode, rows=sheet)
        except ValidationFailed as exc:
            messages.error(request, str(exc))
            status = 400
        else:
            messages.success(request, _("Pembayaran dicatat."))
            return redirect("budget:area", kode=kode)
    elif request.method == "POST":
        if not can_confirm:
            raise PermissionDenied(_("Anda tidak berwenang mengonfirmasi penerimaan di sini."))
        received: dict[int, object] = {}
        for p in people:
            raw = request.POST.get(f"diterima-{p.member_id}", "").strip()
            values[str(p.member_id)] = raw
            if raw:
                received[p.member_id] = raw
        try:
            if not received:
                raise ValidationFailed(_("Isi setidaknya satu jumlah diterima."), [])
            payouts_confirm_area(actor=user, area_code=kode, received=received)
        except ValidationFailed as exc:
            errors = exc.errors or [("", str(exc))]
            messages.error(request, str(exc))
            status = 400
        else:
            messages.success(request, _("Konfirmasi penerimaan disimpan."))
            return redirect("budget:area", kode=kode)
    names = _names()
    return render(
        request,
        "budget/area.html",
        {
            "kode": kode,
            "nama": names.get(kode[:10], "") if len(kode) >= 10 else names.get(kode, ""),
            "people": people,
            "cuts": honor_cuts(actor=user, area=kode),
            "rec": reconciliation(actor=user, area=kode),
            "can_confirm": can_confirm,
            "can_pay": can_pay,
            "errors": dict(errors),
            "values": values,
        },
        status=status,
    )


@login_required
def report(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in KINDS or fmt not in ("xlsx", "pdf"):
        raise NotFoundOrOutOfScope(_("Laporan tidak ditemukan."))
    sheets = report_sheets(request.user, kind)
    title = f"Laporan anggaran per {kind}"
    if fmt == "xlsx":
        body = xlsx_bytes(sheets)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = pdf_bytes(title, sheets)
        ctype = "application/pdf"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="anggaran-{kind}.{fmt}"'
    return response


@login_required
def area_form_pdf(request: HttpRequest, kode: str) -> HttpResponse:
    """A printable form for the kepala desa (or the KPPS): fill in what each person received."""
    people = people_of(actor=request.user, area=kode)
    rows: list[list[str | int]] = [
        [
            p.unit_code,
            p.body,
            p.position,
            p.nama_samar,
            p.bruto,
            p.pajak if p.pajak is not None else "",
            p.dibayar,
            "",
            "",
        ]
        for p in people
        if p.dibayar is not None
    ]
    sheet = Sheet(
        f"Wilayah {kode}",
        ["Unit", "Badan", "Jabatan", "Nama", "Hak", "Pajak", "Dibayarkan", "Diterima", "Paraf"],
        rows,
        [
            "Isi kolom Diterima dengan jumlah yang benar-benar diterima setiap orang, lalu "
            "masukkan di /anggaran/wilayah/" + kode + "/ atau serahkan ke KPU.",
            "Kepala desa: ______________________   tanggal: ____________",
        ],
    )
    body = pdf_bytes(f"Formulir konfirmasi honorarium {kode}", [sheet])
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="konfirmasi-honor-{kode}.pdf"'
    return response
