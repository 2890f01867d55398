"""Pages of the voter roll: imports with progress, review queue, lists, statistics, exports, and
the public Cek DPT."""

import logging
import threading
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import actor_area, can_see, has_perm, require_change
from pilkada.audit.services import audit_log
from pilkada.core import clock
from pilkada.core.exceptions import NotFoundOrOutOfScope, PermissionDenied, ValidationFailed
from pilkada.tps.selectors import tps_get
from pilkada.voters import ratelimit
from pilkada.voters.exports import errors_csv, tps_list_pdf, tps_list_xlsx
from pilkada.voters.models import ImportBatch, Jenis, RollExport
from pilkada.voters.selectors import (
    AGE_BANDS,
    DISABILITY,
    cek_dpt,
    duplicate_get,
    duplicate_queue,
    export_list,
    import_errors,
    import_get,
    import_list,
    roll_by_tps,
    roll_stats,
    voter_list_tps,
)
from pilkada.voters.services import (
    dpt_posting_record,
    duplicate_decide,
    export_approve,
    export_produce,
    export_request,
    import_accept,
    import_discard,
    import_progress,
    import_run,
    import_start,
    invitation_record,
    voting_day,
)

log = logging.getLogger(__name__)
MAX_UPLOAD = 200 * 1024 * 1024


def _run_in_background(batch_id: int) -> None:
    """Run an import in a thread; its progress goes to the ImportBatch row (polled by htmx)."""

    def run() -> None:
        try:
            import_run(batch_id=batch_id)
        except Exception:
            # Never log the exception text: a parser message could quote a row.
            log.error("impor #%s gagal (kesalahan tak terduga)", batch_id)
            ImportBatch.objects.filter(pk=batch_id).update(
                status=ImportBatch.Status.GAGAL, pesan=_("Kesalahan sistem; hubungi admin.")
            )

    def in_thread() -> None:
        close_old_connections()
        try:
            run()
        finally:
            close_old_connections()

    if settings.PILKADA_IMPORT_BACKGROUND:
        threading.Thread(target=in_thread, name=f"impor-{batch_id}", daemon=True).start()
    else:
        run()


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    level = request.GET.get("tingkat", "kecamatan")
    if level not in ("kecamatan", "desa", "tps"):
        level = "kecamatan"
    parent = request.GET.get("induk", "")
    rows = roll_stats(actor=request.user, level=level, parent=parent)
    return render(
        request,
        "voters/overview.html",
        {
            "rows": rows,
            "level": level,
            "parent": parent,
            "bands": [b for b, _, _ in AGE_BANDS],
            "disabilities": list(DISABILITY.values()),
            "total": sum(r.total for r in rows),
            "can_import": has_perm(request.user, Perm.VOTERS_IMPORT),
            "can_review": has_perm(request.user, Perm.VOTERS_REVIEW),
            "can_export": has_perm(request.user, Perm.VOTERS_EXPORT),
        },
    )


@csrf_exempt
@login_required
@require_http_methods(["GET", "POST"])
def imports(request: HttpRequest) -> HttpResponse:
    # Uploads stay in memory (never a clear temporary file on disk); the spool is encrypted.
    request.upload_handlers = [MemoryFileUploadHandler(request)]
    return _imports(request)


@csrf_protect
def _imports(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.VOTERS_IMPORT):
        raise PermissionDenied(_("Anda tidak berwenang mengimpor daftar pemilih."))
    if request.method == "POST":
        area = actor_area(request.user) or ""
        require_change(request.user, area, Perm.VOTERS_IMPORT)
        upload = request.FILES.get("berkas")
        jenis = request.POST.get("jenis", Jenis.DPT)
        if upload is None or upload.size is None or upload.size > MAX_UPLOAD:
            messages.error(request, _("Pilih berkas CSV atau XLSX (maksimal 200 MB)."))
            return redirect("voters:imports")
        try:
            batch = import_start(
                actor=request.user,
                data=upload.read(),
                filename=upload.name or "dpt.csv",
                jenis=jenis,
                area_code=area,
            )
        except ValidationFailed as exc:
            messages.error(request, str(exc))
            return redirect("voters:imports")
        _run_in_background(batch.pk)
        return redirect("voters:import", batch_id=batch.pk)
    return render(
        request,
        "voters/imports.html",
        {"batches": import_list(actor=request.user)[:50], "jenis": Jenis.choices},
    )


@login_required
def import_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = import_get(actor=request.user, batch_id=batch_id)
    tahap, persen = import_progress(batch)
    context = {
        "batch": batch,
        "tahap": tahap,
        "persen": persen,
        "running": batch.status in (ImportBatch.Status.ANTRE, ImportBatch.Status.BERJALAN),
        "errors": import_errors(actor=request.user, batch_id=batch_id)[:100],
    }
    if request.headers.get("HX-Request"):
        return render(request, "voters/_progress.html", context)
    return render(request, "voters/import.html", context)


@login_required
def import_report(request: HttpRequest, batch_id: int) -> HttpResponse:
    data = errors_csv(import_errors(actor=request.user, batch_id=batch_id))
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="laporan-impor-{batch_id}.csv"'
    return response


@login_required
@require_POST
def import_decide(request: HttpRequest, batch_id: int) -> HttpResponse:
    import_get(actor=request.user, batch_id=batch_id)
    if request.POST.get("aksi") == "terima":
        import_accept(actor=request.user, batch_id=batch_id)
        messages.success(request, _("Baris yang sah dimuat; baris yang ditolak tetap tercatat."))
    else:
        import_discard(actor=request.user, batch_id=batch_id)
        messages.success(request, _("Impor dibatalkan; daftar pemilih tidak berubah."))
    return redirect("voters:import", batch_id=batch_id)


@login_required
@require_http_methods(["GET", "POST"])
def duplicates(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        pair_id = int(request.POST.get("pasangan", "0") or 0)
        duplicate_get(actor=request.user, pair_id=pair_id)
        keep = request.POST.get("disimpan")
        try:
            duplicate_decide(
                actor=request.user,
                pair_id=pair_id,
                keputusan=request.POST.get("keputusan", ""),
                disimpan_id=int(keep) if keep and keep.isdigit() else None,
            )
        except ValidationFailed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Keputusan disimpan."))
        return redirect("voters:duplicates")
    qs = duplicate_queue(actor=request.user).order_by("kind", "id")
    return render(
        request,
        "voters/duplicates.html",
        {"pairs": qs[:50], "open_count": qs.count(), "day": voting_day()},
    )


@login_required
def tps_voters(request: HttpRequest, kode: str) -> HttpResponse:
    tps = tps_get(actor=request.user, kode=kode)
    voters = voter_list_tps(actor=request.user, tps_kode=kode)
    return render(request, "voters/tps.html", {"tps": tps, "voters": voters, "day": voting_day()})


def _audit_list_download(request: HttpRequest, kode: str, fmt: str, count: int) -> None:
    from django.db import transaction

    with transaction.atomic():
        audit_log(
            actor=request.user,
            action="voters.list.downloaded",
            object_type="tps.tps",
            object_id=kode,
            area_code=kode,
            changes={"format": fmt, "baris": count},
        )


@login_required
def tps_voters_file(request: HttpRequest, kode: str, fmt: str) -> HttpResponse:
    if fmt not in ("pdf", "xlsx"):
        raise NotFoundOrOutOfScope(_("Format tidak dikenal."))
    tps = tps_get(actor=request.user, kode=kode)
    voters = voter_list_tps(actor=request.user, tps_kode=kode)
    title = f"DPT {tps.nama} Desa {tps.desa.nama}, Kec. {tps.desa.kecamatan.nama}"
    _audit_list_download(request, kode, fmt, len(voters))
    if fmt == "pdf":
        data = tps_list_pdf(title=title, subtitle=tps.alamat, voters=voters, day=voting_day())
        ctype = "application/pdf"
    else:
        data = tps_list_xlsx(title=title, voters=voters, day=voting_day())
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(data, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="dpt-{kode}.{fmt}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def exports(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.VOTERS_EXPORT):
        raise PermissionDenied(_("Anda tidak berwenang mengekspor daftar pemilih."))
    if request.method == "POST":
        aksi = request.POST.get("aksi", "")
        if aksi == "minta":
            export_request(
                actor=request.user,
                kind=request.POST.get("jenis", RollExport.Kind.SALINAN),
                alasan=request.POST.get("alasan", ""),
            )
            messages.success(request, _("Permintaan dicatat; menunggu persetujuan pengguna lain."))
        elif aksi in ("setujui", "tolak"):
            export_approve(
                actor=request.user,
                export_id=int(request.POST.get("ekspor", "0") or 0),
                setuju=aksi == "setujui",
            )
            messages.success(request, _("Keputusan disimpan."))
        elif aksi == "unduh":
            export, data = export_produce(
                actor=request.user, export_id=int(request.POST.get("ekspor", "0") or 0)
            )
            response = HttpResponse(data, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="dpt-ekspor-{export.penanda}.csv"'
            )
            return response
        return redirect("voters:exports")
    return render(
        request,
        "voters/exports.html",
        {"exports": export_list(actor=request.user)[:50], "kinds": RollExport.Kind.choices},
    )


def cek(request: HttpRequest) -> HttpResponse:
    """Public Cek DPT: exact NIK, masked name, rate-limited per client, no listing."""
    context: dict[str, object] = {"asked": False}
    status = 200
    nik = (request.POST.get("nik") or "").strip() if request.method == "POST" else ""
    if request.method == "POST":
        context["asked"] = True
        if not ratelimit.allow(request):
            context["limited"] = True
            status = 429
        elif len(nik) != 16 or not (nik.isascii() and nik.isdigit()):
            context["bad_format"] = True
        else:
            context["result"] = cek_dpt(nik=nik)
    response = render(request, "voters/cek.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def can_view_roll(request: HttpRequest, code: str) -> bool:
    return can_see(request.user, code, Perm.VOTERS_VIEW)


def _parse_day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationFailed(
            _("%(f)s: tanggal tidak terbaca (pakai format TTTT-BB-HH).") % {"f": field},
            [(field, _("tanggal tidak sah"))],
        ) from None


@login_required
@require_http_methods(["GET", "POST"])
def distribution(request: HttpRequest, kode: str) -> HttpResponse:
    """PPS/KPPS: record the DPT posted at the TPS and the C.Pemberitahuan handed out."""
    tps = tps_get(actor=request.user, kode=kode)
    if request.method == "POST":
        require_change(request.user, kode, Perm.VOTERS_DISTRIBUTE)  # 403 before reading the form
        try:
            if request.POST.get("aksi") == "umumkan":
                dpt_posting_record(
                    actor=request.user,
                    tps_kode=kode,
                    ditempel_pada=_parse_day(request.POST.get("tanggal", ""), _("tanggal")),
                )
            else:
                raw = request.POST.get("jumlah", "").strip().replace(".", "")
                if not raw.isdigit():
                    raise ValidationFailed(
                        _("Jumlah C.Pemberitahuan harus bilangan bulat, bukan %(v)s.")
                        % {"v": raw[:20] or "kosong"},
                        [("jumlah", _("bukan angka"))],
                    )
                invitation_record(
                    actor=request.user,
                    tps_kode=kode,
                    jumlah=int(raw),
                    tanggal=_parse_day(request.POST.get("tanggal", ""), _("tanggal")),
                )
        except ValidationFailed as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Tersimpan."))
        return redirect("voters:distribution", kode=kode)
    roll = roll_by_tps(actor=request.user, area=kode).get(kode)
    return render(
        request,
        "voters/distribution.html",
        {
            "tps": tps,
            "roll": roll,
            "today": clock.local_today(),
            "can_edit": can_see(request.user, kode, Perm.VOTERS_DISTRIBUTE),
        },
    )
