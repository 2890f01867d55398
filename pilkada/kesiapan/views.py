from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pilkada.kesiapan.selectors import (
    COLUMNS,
    DOMAIN_COLUMNS,
    readiness_by_kecamatan,
    readiness_totals,
)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    rows = readiness_by_kecamatan(actor=request.user)
    return render(
        request,
        "kesiapan/overview.html",
        {
            "rows": rows,
            "total": readiness_totals(rows),
            "columns": COLUMNS + [(key, label, "", "") for key, label in DOMAIN_COLUMNS],
        },
    )
