from django.urls import path

from pilkada.voters import views

app_name = "voters"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("cek-dpt/", views.cek, name="cek"),
    path("impor/", views.imports, name="imports"),
    path("impor/<int:batch_id>/", views.import_detail, name="import"),
    path("impor/<int:batch_id>/laporan.csv", views.import_report, name="import_report"),
    path("impor/<int:batch_id>/putus/", views.import_decide, name="import_decide"),
    path("ganda/", views.duplicates, name="duplicates"),
    path("ekspor/", views.exports, name="exports"),
    path("tps/<str:kode>/", views.tps_voters, name="tps"),
    path("tps/<str:kode>/pengumuman/", views.distribution, name="distribution"),
    path("tps/<str:kode>/daftar.<str:fmt>", views.tps_voters_file, name="tps_file"),
]
