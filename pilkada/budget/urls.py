from django.urls import path

from pilkada.budget import views

app_name = "budget"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("wilayah/<str:kode>/", views.area_people, name="area"),
    path("wilayah/<str:kode>/formulir.pdf", views.area_form_pdf, name="area_form"),
    path("laporan/<str:kind>.<str:fmt>", views.report, name="report"),
]
