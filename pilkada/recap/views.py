"""Recapitulation pages: one level with drill-down, plenary lock (two people), D.Hasil PDF."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import actor_area, can_see, require_change
from pilkada.core import clock
from pilkada.core.exceptions import ValidationFailed
from pilkada.counting.forms import KeberatanForm
from pilkada.counting.pdf import render_pdf
from pilkada.counting.selectors import contest_get, keberatan_list
from pilkada.counting.services import pleno_approve, pleno_propose
from pilkada.recap.selectors import (
    PLENARY_LENGTHS,
    Recap,
    plenaries_below,
    pleno_issues,
    recap_get,
    recap_progress,
)


def _totals_snapshot(r: Recap) -> dict[str, object]:
    t = r.total
    return {
        "suara": {str(k): v for k, v in t["suara"].items()},
        **{k: t[k] for k in ("suara_sah", "suara_tidak_sah", "suara_total", "tps_count")},
        "baris": {row.kode: {str(k): v for k, v in row.numbers["suara"].items()} for row in r.rows},
    }


@login_required
def view(request: HttpRequest, kontestasi: str) -> HttpResponse:
    """The contest's recapitulation at the user's own level (its top for a wider area)."""
    contest = contest_get(kode=kontestasi)
    area = actor_area(request.user) or contest.kode_wilayah
    if len(area) == 13:
        area = area[:10]
    if len(area) < len(contest.kode_wilayah) and contest.kode_wilayah.startswith(area):
        # KPU Provinsi opening a regency race: its recapitulation ends at the kabupaten.
        area = contest.kode_wilayah
    return redirect("recap:area", kontestasi=kontestasi, wilayah=area)


@login_required
def area(request: HttpRequest, kontestasi: str, wilayah: str) -> HttpResponse:
    r = recap_get(actor=request.user, contest_kode=kontestasi, area_code=wilayah)
    # recap_get has refused the province level unless this is a governor race.
    lockable = len(wilayah) in PLENARY_LENGTHS
    return render(
        request,
        "recap/area.html",
        {
            "r": r,
            "progress": recap_progress(contest=r.contest, area_code=wilayah),
            "issues": pleno_issues(contest=r.contest, area_code=wilayah) if lockable else [],
            "below": plenaries_below(contest=r.contest, area_code=wilayah),
            "can_lock": lockable and can_see(request.user, wilayah, Perm.RECAP_LOCK),
            "can_object": lockable and can_see(request.user, wilayah, Perm.COUNTING_OBJECTION),
            "keberatan_form": KeberatanForm(),
            "keberatan": keberatan_list(
                actor=request.user, area_code=wilayah, contest_kode=kontestasi
            ).filter(area_code=wilayah),
            "today": clock.local_today(),
            "parent": {10: wilayah[:6], 6: wilayah[:4]}.get(len(wilayah), "")
            or (wilayah[:2] if len(wilayah) == 4 and len(r.contest.kode_wilayah) == 2 else ""),
        },
    )


@login_required
@require_POST
def propose(request: HttpRequest, kontestasi: str, wilayah: str) -> HttpResponse:
    # 403 before any other answer: the check reads codes only, so it tells nothing about what
    # exists (a KPU Kabupaten posting at its province, "18", is refused here, not "not found").
    require_change(request.user, wilayah, Perm.RECAP_LOCK)
    r = recap_get(actor=request.user, contest_kode=kontestasi, area_code=wilayah)
    issues = pleno_issues(contest=r.contest, area_code=wilayah)
    if issues:
        messages.error(request, " ".join(issues))
        return redirect("recap:area", kontestasi=kontestasi, wilayah=wilayah)
    try:
        pleno_propose(
            actor=request.user,
            contest_kode=kontestasi,
            area_code=wilayah,
            nomor_berita_acara=request.POST.get("nomor_berita_acara", ""),
            tempat=request.POST.get("tempat", ""),
            tanggal=date.fromisoformat(request.POST.get("tanggal") or str(clock.local_today())),
            hadir=request.POST.get("hadir", ""),
            catatan=request.POST.get("catatan", ""),
            totals=_totals_snapshot(r),
        )
    except (ValidationFailed, ValueError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Pleno diajukan; menunggu persetujuan orang kedua."))
    return redirect("recap:area", kontestasi=kontestasi, wilayah=wilayah)


@login_required
@require_POST
def approve(request: HttpRequest, kontestasi: str, wilayah: str) -> HttpResponse:
    require_change(request.user, wilayah, Perm.RECAP_LOCK)  # as in `propose`
    r = recap_get(actor=request.user, contest_kode=kontestasi, area_code=wilayah)
    if r.pleno is None:
        messages.error(request, _("Belum ada pleno yang diajukan."))
    else:
        try:
            pleno_approve(actor=request.user, pleno_id=r.pleno.pk, totals=_totals_snapshot(r))
        except ValidationFailed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Pleno ditetapkan; tingkat ini terkunci."))
    return redirect("recap:area", kontestasi=kontestasi, wilayah=wilayah)


@login_required
def pdf(request: HttpRequest, kontestasi: str, wilayah: str) -> HttpResponse:
    """D.Hasil Kecamatan / Kabupaten / Provinsi (or the desa summary) as a printable PDF."""
    r = recap_get(actor=request.user, contest_kode=kontestasi, area_code=wilayah)
    body = render_pdf("recap/d_hasil_pdf.html", {"r": r, "printed": clock.now()})
    resp = HttpResponse(body, content_type="application/pdf")
    resp["Content-Disposition"] = f'inline; filename="d-hasil-{wilayah}-{kontestasi}.pdf"'
    return resp
