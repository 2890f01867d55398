from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pilkada.accounts.roles import Perm
from pilkada.accounts.scoping import can_see, require_change
from pilkada.audit.selectors import audit_entries_for
from pilkada.core.exceptions import ValidationFailed
from pilkada.tps.forms import TpsEditForm
from pilkada.tps.panels import panels_for
from pilkada.tps.selectors import tps_get, tps_list
from pilkada.tps.services import EDITABLE, tps_update
from pilkada.wilayah.selectors import desa_list, kecamatan_list


@login_required
def tps_list_view(request: HttpRequest) -> HttpResponse:
    kecamatan = request.GET.get("kecamatan") or None
    desa = request.GET.get("desa") or None
    qs = tps_list(actor=request.user, kecamatan=kecamatan, desa=desa)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "tps/list.html",
        {
            "page": page,
            "kecamatan_options": kecamatan_list(actor=request.user),
            "desa_options": desa_list(actor=request.user, kecamatan=kecamatan) if kecamatan else [],
            "kecamatan": kecamatan or "",
            "desa": desa or "",
        },
    )


@login_required
def tps_detail_view(request: HttpRequest, kode: str) -> HttpResponse:
    tps = tps_get(actor=request.user, kode=kode)
    return render(
        request,
        "tps/detail.html",
        {
            "tps": tps,
            "can_edit": can_see(request.user, kode, Perm.TPS_EDIT),
            "history": audit_entries_for(object_type="tps.tps", object_id=kode)[:20],
            # Sections of apps above tps (supervision cases, ...), see tps/panels.py.
            "panels": panels_for(actor=request.user, tps=tps),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def tps_edit_view(request: HttpRequest, kode: str) -> HttpResponse:
    if request.method == "POST":
        # A write outside the actor's area or role is refused outright (403).
        require_change(request.user, kode, Perm.TPS_EDIT)
        form = TpsEditForm(request.POST)
        if form.is_valid():
            try:
                tps_update(
                    actor=request.user, kode=kode, **{k: form.cleaned_data[k] for k in EDITABLE}
                )
            except ValidationFailed as exc:
                for field, reason in exc.errors:
                    form.add_error(field if field in form.fields else None, reason)
            else:
                messages.success(request, _("Perubahan TPS disimpan."))
                return redirect("tps:detail", kode=kode)
        tps = tps_get(actor=request.user, kode=kode)
        return render(request, "tps/edit.html", {"tps": tps, "form": form}, status=400)
    tps = tps_get(actor=request.user, kode=kode)  # 404 outside the area
    require_change(request.user, kode, Perm.TPS_EDIT)  # 403 for a role that only reads
    form = TpsEditForm(initial={k: getattr(tps, k) for k in EDITABLE})
    return render(request, "tps/edit.html", {"tps": tps, "form": form})
