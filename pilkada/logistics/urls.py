from django.urls import path

from pilkada.logistics import views

app_name = "logistics"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("pengiriman/", views.shipments, name="shipments"),
    path("pengiriman/baru/", views.dispatch, name="dispatch"),
    path("pengiriman/<int:pk>/", views.shipment_detail, name="shipment"),
    path("pengiriman/<int:pk>/foto/", views.receipt_photo, name="receipt_photo"),
    path("laporan/<str:kind>.<str:fmt>", views.report, name="report"),
]
