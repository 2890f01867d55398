from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from config.api import api

admin.site.site_header = "pilkada: back office"
admin.site.site_title = "pilkada"
admin.site.index_title = "Administrasi"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("pilkada.web.urls")),
    # Prometheus scrape endpoint, token only (pilkada.ops.metrics).
    path("", include("pilkada.ops.urls")),
    path("akun/", include("pilkada.accounts.urls")),
    path("tps/", include("pilkada.tps.urls")),
    path("kesiapan/", include("pilkada.kesiapan.urls")),
    path("audit/", include("pilkada.audit.urls")),
    path("pengawasan/", include("pilkada.supervision.urls")),
    path("penghitungan/", include("pilkada.counting.urls")),
    path("rekap/", include("pilkada.recap.urls")),
    path("anggaran/", include("pilkada.budget.urls")),
    path("logistik/", include("pilkada.logistics.urls")),
    path("pemilih/", include("pilkada.voters.urls")),
    path("hasil/", include("pilkada.results.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
