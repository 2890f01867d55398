"""Pages: the public report form, and the staff pages of cases, findings and TPS rawan."""

import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.forms import Form
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from pilkada.accounts.models import User
from pilkada.accounts.roles import Perm, Role
from pilkada.accounts.scoping import actor_area, can_see, has_perm, require_change, require_see
from pilkada.core import clock
from pilkada.core.exceptions import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from pilkada.supervision import exports, intake
from pilkada.supervision.checklist import QUESTIONS
from pilkada.supervision.forms import (
    AssignForm,
    ChecklistForm,
    EvidenceForm,
    FindingForm,
    GakkumduForm,
    LinkForm,
    RawanForm,
    ReportForm,
    StepForm,
)
from pilkada.supervision.models import ChecklistAnswer, Evidence
from pilkada.supervision.rawan import LEVEL_LABELS, VARIABLES
from pilkada.supervision.selectors import (
    can_handle,
    can_see_reporter,
    case_deadlines,
    case_get,
    case_list,
    case_rows,
    case_step_options,
    cases_for_tps,
    dashboard,
    duplicate_candidates,
    rawan_for_tps,
    rawan_list,
)
from pilkada.supervision.services import (
    TRANSITION_SERVICES,
    NewReport,
    UploadedEvidence,
    case_assign,
    case_evidence_add,
    case_extend,
    case_gakkumdu_record,
    case_link,
    case_reporter_reveal,
    checklist_submit,
    finding_create,
    rawan_record,
    report_receive,
)
from pilkada.supervision.workflow import CATEGORY_LABELS, DESTINATION_LABELS, STATUS_LABELS
from pilkada.tps.selectors import tps_get
from pilkada.wilayah.selectors import kecamatan_list

log = logging.getLogger(__name__)


def _need(request: HttpRequest, perm: Perm) -> None:
    if not has_perm(request.user, perm):
        raise PermissionDenied(_("Halaman ini bukan untuk peran Anda."))


def _files(form: Form) -> list[UploadedEvidence]:
    return [UploadedEvidence(f.name, f.read()) for f in form.cleaned_data.get("bukti") or []]


def _form_errors(form: Form, exc: ValidationFailed) -> None:
    for field, reason in exc.errors:
        key = {"diketahui_pada": "diketahui_pada", "tps": "tps_nomor"}.get(field, field)
        form.add_error(key if key in form.fields else None, f"{field}: {reason}")


# ---------------------------------------------------------------- public intake


@never_cache
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    """The public report form: no login, works on a phone, guarded against floods."""
    if request.method == "POST":
        refusal = intake.check_submission(request)
        if refusal == intake.Refusal.HONEYPOT:
            # Answer like a success so the bot learns nothing; nothing is stored.
            log.info("supervision intake refused: honeypot")
            return redirect("supervision:report_thanks")
        if refusal is not None:
            log.info("supervision intake refused: %s", refusal)
            form = ReportForm(request.POST, request.FILES)
            msg = (
                _("Terlalu banyak laporan dari perangkat ini. Coba lagi dalam satu jam.")
                if refusal == intake.Refusal.RATE
                else _("Formulir kedaluwarsa atau terkirim terlalu cepat. Periksa lalu kirim lagi.")
            )
            return render(
                request,
                "supervision/report_form.html",
                {"form": form, "token": intake.issue_token(), "refusal": msg},
                status=429 if refusal == intake.Refusal.RATE else 400,
            )
        form = ReportForm(request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            try:
                case = report_receive(
                    report=NewReport(
                        nama=d["nama"],
                        alamat=d["alamat"],
                        kontak=d["kontak"],
                        kategori=d["kategori"],
                        desa_kode=d["desa"],
                        tps_nomor=d["tps_nomor"],
                        tempat=d["tempat"],
                        terlapor=d["terlapor"],
                        peristiwa_pada=d["peristiwa_pada"],
                        diketahui_pada=d["diketahui_pada"],
                        uraian=d["uraian"],
                        saksi=d["saksi"],
                    ),
                    files=_files(form),
                )
            except ValidationFailed as exc:
                _form_errors(form, exc)
            else:
                request.session["supervision_receipt"] = [case.nomor, case.terlambat]
                return redirect("supervision:report_thanks")
        return render(
            request,
            "supervision/report_form.html",
            {"form": form, "token": intake.issue_token()},
            status=400,
        )
    return render(
        request,
        "supervision/report_form.html",
        {"form": ReportForm(), "token": intake.issue_token()},
    )


@never_cache
def report_thanks(request: HttpRequest) -> HttpResponse:
    receipt = request.session.pop("supervision_receipt", None)
    return render(
        request,
        "supervision/report_thanks.html",
        {"nomor": receipt[0] if receipt else "", "terlambat": bool(receipt and receipt[1])},
    )


# ---------------------------------------------------------------- staff pages


@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    _need(request, Perm.SUPERVISION_VIEW)
    return render(
        request,
        "supervision/dashboard.html",
        {
            "d": dashboard(actor=request.user),
            "category_labels": CATEGORY_LABELS,
            "status_labels": STATUS_LABELS,
            "can_find": has_perm(request.user, Perm.SUPERVISION_FIND),
            "can_export": has_perm(request.user, Perm.SUPERVISION_EXPORT),
        },
    )


@login_required
def case_list_view(request: HttpRequest) -> HttpResponse:
    _need(request, Perm.SUPERVISION_VIEW)
    f = {k: request.GET.get(k) or None for k in ("kategori", "status", "kecamatan", "jenis")}
    qs = case_list(actor=request.user, **f)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/case_list.html",
        {
            "page": page,
            "rows": case_rows(list(page.object_list)),
            "f": {k: v or "" for k, v in f.items()},
            "category_labels": CATEGORY_LABELS,
            "status_labels": STATUS_LABELS,
            "kecamatan_options": kecamatan_list(actor=request.user),
        },
    )


def _officer_candidates(case_area: str) -> Any:
    q = Q()
    for n in (4, 6):
        q |= Q(area_code=case_area[:n])
    return User.objects.filter(q, is_active=True, role__in=[Role.BAWASLU, Role.PANWASCAM]).order_by(
        "username"
    )


@never_cache
@login_required
def case_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get(actor=request.user, pk=pk)
    handler = can_handle(request.user, case)
    reporter = None
    if can_see_reporter(request.user, case):
        reporter = case_reporter_reveal(actor=request.user, case=case)
    return render(
        request,
        "supervision/case_detail.html",
        {
            "case": case,
            "deadlines": case_deadlines(case),
            "steps": case.steps.select_related("actor"),
            "options": case_step_options(actor=request.user, case=case) if handler else [],
            "step_form": StepForm(),
            "handler": handler,
            "reporter": reporter,
            "is_officer": can_see_reporter(request.user, case),
            "officers": case.petugas.order_by("username"),
            "assign_form": AssignForm(
                candidates=_officer_candidates(case.area_code),
                initial={"petugas": list(case.petugas.all())},
            )
            if handler
            else None,
            "candidates": duplicate_candidates(actor=request.user, case=case) if handler else [],
            "duplicates": case.duplicates.all(),
            "evidence": case.evidence.all(),
            "evidence_form": EvidenceForm() if handler else None,
            "gakkumdu_form": GakkumduForm() if handler and case.tujuan == "gakkumdu" else None,
            "category_labels": CATEGORY_LABELS,
            "status_labels": STATUS_LABELS,
            "destination_labels": DESTINATION_LABELS,
            "today": clock.local_today(),
        },
    )


def _back(pk: int) -> HttpResponse:
    return redirect("supervision:case_detail", pk=pk)


def _report(request: HttpRequest, exc: ValidationFailed) -> None:
    messages.error(request, str(exc))


@login_required
@require_POST
def case_step_view(request: HttpRequest, pk: int, transition: str) -> HttpResponse:
    case = case_get(actor=request.user, pk=pk)
    service = TRANSITION_SERVICES.get(transition)
    if service is None:
        raise NotFoundOrOutOfScope(_("Langkah tidak dikenal."))
    form = StepForm(request.POST)
    form.is_valid()
    d = form.cleaned_data
    kwargs: dict[str, Any] = {"keputusan": d.get("keputusan", ""), "dokumen": d.get("dokumen", "")}
    if transition == "teruskan":
        kwargs["perintah_ulang"] = d.get("perintah_ulang", "")
    try:
        service(actor=request.user, case_id=case.pk, **kwargs)
    except ValidationFailed as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Langkah dicatat."))
    return _back(case.pk)


@login_required
@require_POST
def case_extend_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get(actor=request.user, pk=pk)
    try:
        case_extend(
            actor=request.user,
            case_id=case.pk,
            keputusan=request.POST.get("keputusan", ""),
            dokumen=request.POST.get("dokumen", ""),
        )
    except ValidationFailed as exc:
        _report(request, exc)
    return _back(case.pk)


@login_required
@require_POST
def case_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get(actor=request.user, pk=pk)
    require_change(request.user, case.area_code, Perm.SUPERVISION_HANDLE)
    form = AssignForm(request.POST, candidates=_officer_candidates(case.area_code))
    if form.is_valid():
        try:
            case_assign(
                actor=request.user, case_id=case.pk, officers=list(form.cleaned_data["petugas"])
            )
        except ValidationFailed as exc:
            _report(request, exc)
    else:
        messages.error(request, _("Pilih paling sedikit satu petugas."))
    return _back(case.pk)


@login_required
@require_POST
def case_link_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get(actor=request.user, pk=pk)
    require_change(request.user, case.area_code, Perm.SUPERVISION_HANDLE)
    form = LinkForm(request.POST)
    if form.is_valid():
        primary = case_get(actor=request.user, pk=form.cleaned_data["kasus_utama"])
        try:
            case_link(
                actor=request.user,
                case_id=case.pk,
                primary_id=primary.pk,
                keputusan=form.cleaned_data["keputusan"],
            )
        except ValidationFailed as exc:
            _report(request, exc)
    else:
        messages.error(request, _("Alasan penggabungan wajib diisi."))
    return _back(case.pk)


@login_required
@require_POST
def case_gakkumdu_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get(actor=request.user, pk=pk)
    require_change(request.user, case.area_code, Perm.SUPERVISION_HANDLE)
    form = GakkumduForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            case_gakkumdu_record(
                actor=request.user,
                case_id=case.pk,
                event=d["tahap"],
                tanggal=d["tanggal"],
                keputusan=d["keputusan"],
                dokumen=d["dokumen"],
            )
        except ValidationFailed as exc:
            _report(request, exc)
    else:
        messages.error(request, _("Tahap dan tanggal wajib diisi."))
    return _back(case.pk)


@login_required
@require_POST
def case_evidence_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get(actor=request.user, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    form.is_valid()
    try:
        case_evidence_add(actor=request.user, case_id=case.pk, files=_files(form))
    except ValidationFailed as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Bukti ditambahkan."))
    return _back(case.pk)


@never_cache
@login_required
def evidence_view(request: HttpRequest, pk: int, ev: int) -> FileResponse:
    """Evidence files: for those who handle the case (they may show people or places)."""
    case = case_get(actor=request.user, pk=pk)
    if not can_handle(request.user, case):
        raise PermissionDenied(_("Bukti hanya untuk petugas penanganan."))
    item = Evidence.objects.filter(case=case, pk=ev).first()
    if item is None:
        raise NotFoundOrOutOfScope(_("Bukti tidak ditemukan."))
    return FileResponse(
        item.berkas.open("rb"),
        content_type=item.content_type,
        as_attachment=True,
        filename=item.berkas.name.rsplit("/", 1)[-1],
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding_new(request: HttpRequest) -> HttpResponse:
    _need(request, Perm.SUPERVISION_FIND)
    area = actor_area(request.user) or ""
    form = FindingForm(request.POST or None, request.FILES or None, area=area)
    if request.method == "GET" and len(area) == 13:
        form.initial.update({"desa": area[:10], "tps_nomor": int(area[10:])})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        code = d["desa"] + (f"{d['tps_nomor']:03d}" if d["tps_nomor"] else "")
        if not can_see(request.user, code, Perm.SUPERVISION_FIND):
            form.add_error(None, _("Tempat kejadian di luar wilayah pengawasan Anda."))
        else:
            try:
                case = finding_create(
                    actor=request.user,
                    kategori=d["kategori"],
                    area_code=code,
                    terlapor=d["terlapor"],
                    peristiwa_pada=d["peristiwa_pada"],
                    diketahui_pada=d["diketahui_pada"],
                    uraian=d["uraian"],
                    tempat=d["tempat"],
                    saksi=d["saksi"],
                    files=_files(form),
                )
            except ValidationFailed as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Temuan %(n)s dicatat.") % {"n": case.nomor})
                return redirect("supervision:case_detail", pk=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "supervision/finding_form.html", {"form": form}, status=status)


@login_required
def tps_cases_view(request: HttpRequest, kode: str) -> HttpResponse:
    """The cases about one TPS (linked from the TPS page)."""
    tps = tps_get(actor=request.user, kode=kode)
    _need(request, Perm.SUPERVISION_VIEW)
    return render(
        request,
        "supervision/tps_cases.html",
        {
            "tps": tps,
            "rows": case_rows(cases_for_tps(actor=request.user, tps_kode=kode)),
            "category_labels": CATEGORY_LABELS,
            "status_labels": STATUS_LABELS,
        },
    )


@login_required
def rawan_list_view(request: HttpRequest) -> HttpResponse:
    _need(request, Perm.SUPERVISION_VIEW)
    kecamatan = request.GET.get("kecamatan") or None
    rows = rawan_list(actor=request.user, kecamatan=kecamatan)
    return render(
        request,
        "supervision/rawan_list.html",
        {
            "rows": rows,
            "variables": VARIABLES,
            "level_labels": LEVEL_LABELS,
            "kecamatan": kecamatan or "",
            "kecamatan_options": kecamatan_list(actor=request.user),
            "can_find": has_perm(request.user, Perm.SUPERVISION_FIND),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rawan_edit_view(request: HttpRequest, kode: str) -> HttpResponse:
    tps = tps_get(actor=request.user, kode=kode)
    require_see(request.user, kode, Perm.SUPERVISION_VIEW)
    current = rawan_for_tps(actor=request.user, tps_kode=kode)
    if request.method == "POST":
        require_change(request.user, kode, Perm.SUPERVISION_FIND)
        form = RawanForm(request.POST)
        if form.is_valid():
            rawan_record(actor=request.user, tps_kode=kode, present=dict(form.cleaned_data))
            messages.success(request, _("Indikator TPS rawan disimpan."))
            return redirect("supervision:rawan_list")
    else:
        form = RawanForm(initial={k: v.ada for k, v in current.items()})
    return render(
        request,
        "supervision/rawan_edit.html",
        {
            "tps": tps,
            "form": form,
            "variables": VARIABLES,
            "can_edit": can_see(request.user, kode, Perm.SUPERVISION_FIND),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def checklist_view(request: HttpRequest, kode: str) -> HttpResponse:
    tps = tps_get(actor=request.user, kode=kode)
    require_change(request.user, kode, Perm.SUPERVISION_FIND)
    existing = {a.pertanyaan: a for a in ChecklistAnswer.objects.filter(tps_id=kode)}
    if request.method == "POST":
        form = ChecklistForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            created = checklist_submit(
                actor=request.user,
                tps_kode=kode,
                answers={q.code: d[q.code] for q in QUESTIONS},
                catatan={q.code: d[f"{q.code}__catatan"] for q in QUESTIONS},
            )
            messages.success(
                request,
                _("Daftar periksa disimpan; %(n)d temuan baru.") % {"n": len(created)},
            )
            return redirect(reverse("supervision:checklist", args=[kode]))
    else:
        initial: dict[str, Any] = {}
        for code, a in existing.items():
            initial[code] = "ya" if a.jawaban else "tidak"
            initial[f"{code}__catatan"] = a.catatan
        form = ChecklistForm(initial=initial)
    rows = [(form[q.code], form[f"{q.code}__catatan"], existing.get(q.code)) for q in QUESTIONS]
    return render(request, "supervision/checklist.html", {"tps": tps, "form": form, "rows": rows})


@never_cache
@login_required
def export_view(request: HttpRequest, fmt: str) -> HttpResponse:
    """Bawaslu's recapitulation of cases (XLSX or PDF); never contains reporter identity."""
    _need(request, Perm.SUPERVISION_EXPORT)
    if fmt not in ("xlsx", "pdf"):
        raise NotFoundOrOutOfScope(_("Format tidak dikenal."))
    content, ctype, name = exports.export_cases(actor=request.user, fmt=fmt)
    response = HttpResponse(content, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
