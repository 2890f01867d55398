"""Web pages for C.Hasil: list, form (with live checks via htmx), history, photo, corrections,
objections, CSV import, anomalies and the printable PDF."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import actor_area, can_see, require_change, require_see
from pilkada.core.exceptions import NotFoundOrOutOfScope, ValidationFailed
from pilkada.counting.forms import (
    CHasilForm,
    CorrectionForm,
    ImportForm,
    JawabanForm,
    KeberatanForm,
)
from pilkada.counting.importer import parse_csv
from pilkada.counting.models import CHasil, Photo
from pilkada.counting.pdf import render_pdf
from pilkada.counting.selectors import (
    anomaly_flags,
    contest_get,
    contests_for_area,
    entry_comparison,
    form_entries,
    form_get,
    form_photos,
    keberatan_list,
)
from pilkada.counting.services import (
    entries_import,
    entry_correct,
    entry_submit_with_photo,
    form_context,
    keberatan_answer,
    keberatan_create,
    locked_levels,
    photo_add,
)
from pilkada.counting.validators import LABELS, Form, check_form
from pilkada.pemilihan.models import Contest
from pilkada.tps.models import Tps
from pilkada.tps.selectors import tps_get, tps_list


def _pairs(contest: Contest) -> list[tuple[int, str]]:
    return [
        (p.nomor_urut, f"{p.nomor_urut:02d} {p.calon} – {p.wakil}")
        for p in contest.pairs.order_by("nomor_urut")
    ]


def _area(request: HttpRequest) -> str:
    return actor_area(request.user) or ""


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Forms in the actor's area with their status, one contest at a time."""
    area = _area(request)
    contests = contests_for_area(area_code=area or "18")
    if not contests:
        return render(request, "counting/index.html", {"contests": [], "page": None})
    kode = request.GET.get("kontestasi") or contests[0].kode
    contest = next((c for c in contests if c.kode == kode), contests[0])
    status = request.GET.get("status", "")
    qs = tps_list(actor=request.user, kecamatan=request.GET.get("kecamatan") or None)
    forms = {
        f.tps_id: f
        for f in CHasil.objects.filter(contest=contest, tps__kode__startswith=area).only(
            "tps_id", "status", "counted_id"
        )
    }
    if status:
        codes = [c for c, f in forms.items() if f.status == status]
        qs = (
            qs.filter(kode__in=codes)
            if status != CHasil.Status.BELUM
            else qs.exclude(
                kode__in=[c for c, f in forms.items() if f.status != CHasil.Status.BELUM]
            )
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [(t, forms.get(t.kode)) for t in page]
    counts: dict[str, int] = {}
    for f in forms.values():
        counts[f.status] = counts.get(f.status, 0) + 1
    return render(
        request,
        "counting/index.html",
        {
            "contests": contests,
            "contest": contest,
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": CHasil.Status.choices,
            "counts": counts,
            "can_import": can_see(request.user, area or "18", Perm.COUNTING_IMPORT),
        },
    )


@login_required
def detail(request: HttpRequest, tps: str, kontestasi: str) -> HttpResponse:
    """Status, counted numbers, photos and every version of one form."""
    t = tps_get(actor=request.user, kode=tps)
    require_see(request.user, tps, Perm.COUNTING_VIEW)
    contest = contest_get(kode=kontestasi)
    form = form_get(actor=request.user, tps_kode=tps, contest_kode=kontestasi)
    entries = form_entries(actor=request.user, tps_kode=tps, contest_kode=kontestasi)
    latest = entries[-1] if entries else None
    return render(
        request,
        "counting/detail.html",
        {
            "tps": t,
            "contest": contest,
            "form": form,
            "entries": list(reversed(entries)),
            "latest": latest,
            "comparison": entry_comparison(latest) if latest else [],
            "photos": form_photos(actor=request.user, tps_kode=tps, contest_kode=kontestasi),
            "keberatan": keberatan_list(actor=request.user, area_code=tps, contest_kode=kontestasi),
            "labels": LABELS,
            "pairs": _pairs(contest),
            "locked": locked_levels(contest, tps),
            "can_enter": can_see(request.user, tps, Perm.COUNTING_ENTER),
            "can_correct": can_see(request.user, tps, Perm.COUNTING_CORRECT),
            "can_object": can_see(request.user, tps, Perm.COUNTING_OBJECTION),
            "keberatan_form": KeberatanForm(),
            "jawaban_form": JawabanForm(),
        },
    )


def _findings_for(contest: Contest, tps: Tps, form: CHasilForm, data: Any) -> list[Any]:
    angka, suara = form.numbers(
        {k: (v if str(v).strip().lstrip("-").isdigit() else 0) for k, v in data.items()}
    )
    return check_form(Form(angka=angka, suara=suara), form_context(contest, tps))


def _entry_context(t: Tps, contest: Contest, form: CHasilForm, mode: str) -> dict[str, Any]:
    return {
        "tps": t,
        "contest": contest,
        "form": form,
        "grid_pemilih": form.grid("pemilih"),
        "grid_pengguna": form.grid("pengguna"),
        "findings": [],
        "mode": mode,
    }


@login_required
@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, tps: str, kontestasi: str) -> HttpResponse:
    """The paper form on screen; the checks run while typing (htmx) and again on save."""
    t = tps_get(actor=request.user, kode=tps)
    require_change(request.user, tps, Perm.COUNTING_ENTER)
    contest = contest_get(kode=kontestasi)
    pairs = _pairs(contest)
    status = 200
    if request.method == "POST":
        form = CHasilForm(request.POST, request.FILES, pairs=pairs)
        if form.is_valid():
            try:
                upload = form.cleaned_data.get("foto")
                angka, suara = form.numbers()
                out = entry_submit_with_photo(
                    actor=request.user,
                    tps_kode=tps,
                    contest_kode=kontestasi,
                    angka=angka,
                    suara=suara,
                    photo=upload.read() if upload else None,
                )
            except ValidationFailed as exc:
                for field, reason in exc.errors:
                    form.add_error(None, f"{field}: {reason}")
            else:
                messages.success(
                    request,
                    _("Entri disimpan: %(hasil)s.") % {"hasil": out.entry.get_result_display()},
                )
                return redirect("counting:detail", tps=tps, kontestasi=kontestasi)
        status = 400
    else:
        form = CHasilForm(pairs=pairs)
    return render(
        request,
        "counting/entry.html",
        _entry_context(t, contest, form, "entri"),
        status=status,
    )


@login_required
@require_POST
def check(request: HttpRequest, tps: str, kontestasi: str) -> HttpResponse:
    """htmx: the findings for the numbers typed so far (nothing is stored)."""
    t = tps_get(actor=request.user, kode=tps)
    require_see(request.user, tps, Perm.COUNTING_VIEW)
    contest = contest_get(kode=kontestasi)
    form = CHasilForm(pairs=_pairs(contest))
    findings = _findings_for(contest, t, form, request.POST)
    return render(request, "counting/_findings.html", {"findings": findings})


@login_required
@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, tps: str, kontestasi: str) -> HttpResponse:
    """A plenary correction: new numbers with reason and the objection record."""
    t = tps_get(actor=request.user, kode=tps)
    require_change(request.user, tps, Perm.COUNTING_CORRECT)
    contest = contest_get(kode=kontestasi)
    pairs = _pairs(contest)
    current = form_get(actor=request.user, tps_kode=tps, contest_kode=kontestasi)
    status = 200
    if request.method == "POST":
        form = CHasilForm(request.POST, request.FILES, pairs=pairs)
        cform = CorrectionForm(request.POST)
        if form.is_valid() and cform.is_valid():
            try:
                with transaction.atomic():
                    sha = ""
                    upload = form.cleaned_data.get("foto")
                    if upload:
                        sha = photo_add(
                            actor=request.user,
                            tps_kode=tps,
                            contest_kode=kontestasi,
                            content=upload.read(),
                        ).sha256
                    angka, suara = form.numbers()
                    entry_correct(
                        actor=request.user,
                        tps_kode=tps,
                        contest_kode=kontestasi,
                        angka=angka,
                        suara=suara,
                        reason=cform.cleaned_data["alasan"],
                        keberatan_id=cform.cleaned_data.get("keberatan_id"),
                        kejadian=cform.cleaned_data.get("kejadian") or "",
                        photo_sha256=sha,
                    )
            except ValidationFailed as exc:
                for field, reason in exc.errors:
                    cform.add_error(None, f"{field}: {reason}")
            else:
                messages.success(request, _("Koreksi disimpan sebagai versi baru."))
                return redirect("counting:detail", tps=tps, kontestasi=kontestasi)
        status = 400
    else:
        initial: dict[str, Any] = {}
        if current and current.counted:
            initial = dict(current.counted.angka)
            initial.update({f"suara_{k}": v for k, v in current.counted.suara.items()})
        form = CHasilForm(initial=initial, pairs=pairs)
        cform = CorrectionForm()
    return render(
        request,
        "counting/entry.html",
        {**_entry_context(t, contest, form, "koreksi"), "cform": cform},
        status=status,
    )


@login_required
def photo(request: HttpRequest, photo_id: int) -> FileResponse:
    p = Photo.objects.filter(pk=photo_id).first()
    if p is None or not can_see(request.user, p.tps_id, Perm.COUNTING_VIEW):
        raise NotFoundOrOutOfScope("Foto tidak ditemukan.")
    return FileResponse(p.file.open("rb"), content_type=p.content_type)


@login_required
@require_POST
def keberatan_new(request: HttpRequest, kontestasi: str, wilayah: str) -> HttpResponse:
    """Record a witness objection at a TPS (13-digit code) or a plenary (kecamatan, kabupaten or
    province)."""
    form = KeberatanForm(request.POST)
    if form.is_valid():
        keberatan_create(
            actor=request.user,
            contest_kode=kontestasi,
            area_code=wilayah,
            saksi=form.cleaned_data["saksi"],
            isi=form.cleaned_data["isi"],
            jenis=form.cleaned_data["jenis"],
            pasangan_nomor=form.cleaned_data.get("pasangan_nomor"),
        )
        messages.success(request, _("Keberatan dicatat."))
    else:
        messages.error(request, _("Saksi dan isi keberatan wajib diisi."))
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("counting:index")


@login_required
@require_POST
def keberatan_reply(request: HttpRequest, keberatan_id: int) -> HttpResponse:
    form = JawabanForm(request.POST)
    if form.is_valid():
        keberatan_answer(
            actor=request.user, keberatan_id=keberatan_id, jawaban=form.cleaned_data["jawaban"]
        )
        messages.success(request, _("Jawaban dicatat."))
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("counting:index")


@login_required
@require_http_methods(["GET", "POST"])
def import_csv(request: HttpRequest) -> HttpResponse:
    """Bulk entry for PPS/PPK from a CSV file (layout in docs/counting.md)."""
    area = _area(request)
    require_change(request.user, area or "18", Perm.COUNTING_IMPORT)
    contests = [(c.kode, str(c)) for c in contests_for_area(area_code=area or "18")]
    result = None
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, contests=contests)
        if form.is_valid():
            try:
                contest = contest_get(kode=form.cleaned_data["kontestasi"])
                rows = parse_csv(form.cleaned_data["berkas"].read(), contest=contest)
                result = entries_import(actor=request.user, rows=rows, area_code=area, source="csv")
            except ValidationFailed as exc:
                for where, reason in exc.errors[:50]:
                    form.add_error(None, f"{where}: {reason}")
                status = 400
        else:
            status = 400
    else:
        form = ImportForm(contests=contests)
    return render(request, "counting/import.html", {"form": form, "result": result}, status=status)


@login_required
def anomali(request: HttpRequest, kontestasi: str) -> HttpResponse:
    area = request.GET.get("wilayah") or _area(request) or "18"
    require_see(request.user, area, Perm.COUNTING_VIEW)
    contest = contest_get(kode=kontestasi)
    flags = anomaly_flags(actor=request.user, contest=contest, area_code=area)
    return render(
        request, "counting/anomali.html", {"contest": contest, "flags": flags, "area": area}
    )


@login_required
def pdf(request: HttpRequest, tps: str, kontestasi: str) -> HttpResponse:
    """C.Hasil as entered (the counted version, or the latest entry), printable."""
    t = tps_get(actor=request.user, kode=tps)
    contest = contest_get(kode=kontestasi)
    entries = form_entries(actor=request.user, tps_kode=tps, contest_kode=kontestasi)
    form = form_get(actor=request.user, tps_kode=tps, contest_kode=kontestasi)
    shown = form.counted if form and form.counted else (entries[-1] if entries else None)
    body = render_pdf(
        "counting/c_hasil_pdf.html",
        {
            "tps": t,
            "contest": contest,
            "entry": shown,
            "form": form,
            "labels": LABELS,
            "pairs": _pairs(contest),
            "entries": entries,
        },
    )
    resp = HttpResponse(body, content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="c-hasil-{tps}-{kontestasi}.pdf"'
    return resp
