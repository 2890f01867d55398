from django.urls import path

from pilkada.budget import views

app_name = "budget"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("wilayah/<str:kode>/", views.area_people, name="area"),
    path("wilayah/<str:kode>/formulir.pdf", views.area_form_pdf, name="area_form"),
    path("tahap/<int:pk>/transfer/", views.tranche_transfer, name="tranche_transfer"),
    path("alokasi/<int:pk>/realisasi/", views.allocation_spend, name="allocation_spend"),
    path("alokasi/<int:pk>/pengembalian/", views.allocation_return, name="allocation_return"),
    path("laporan/<str:kind>.<str:fmt>", views.report, name="report"),
]
