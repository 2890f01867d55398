from django.urls import path

from pilkada.tps import views

app_name = "tps"
urlpatterns = [
    path("", views.tps_list_view, name="list"),
    path("<str:kode>/", views.tps_detail_view, name="detail"),
    path("<str:kode>/ubah/", views.tps_edit_view, name="edit"),
]
