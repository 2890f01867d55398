from django.urls import path

from pilkada.kesiapan import views

app_name = "kesiapan"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("tps/<str:kode>/", views.tps, name="tps"),
    path("tps/<str:kode>/bimtek/", views.bimtek, name="bimtek"),
    path("<str:kode>/ringkasan.pdf", views.kecamatan_pdf, name="pdf"),
    path("<str:kode>/", views.area, name="area"),
]
