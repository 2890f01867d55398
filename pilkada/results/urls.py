from django.urls import path

from pilkada.results import views

app_name = "results"
urlpatterns = [
    path("", views.home, name="home"),
    path("data/", views.open_data, name="data"),
    path("unduh/hasil-pilkada.zip", views.bulk, name="bulk"),
    path("skema/<slug:nama>.json", views.schema, name="schema"),
    path("foto/<int:photo_id>/", views.photo, name="photo"),
    path("<slug:kontestasi>/", views.area, name="contest"),
    path("<slug:kontestasi>/banding/", views.banding, name="banding"),
    path("<slug:kontestasi>/peta/", views.peta, name="peta"),
    path("<slug:kontestasi>/peta/<str:wilayah>/", views.peta, name="peta_area"),
    path("<slug:kontestasi>/wilayah/<str:wilayah>/", views.area, name="area"),
    path("<slug:kontestasi>/tps/<str:kode>/", views.tps, name="tps"),
    path("<slug:kontestasi>/data/<str:wilayah>.json", views.area_json, name="area_json"),
    path("<slug:kontestasi>/data/<str:wilayah>.csv", views.area_csv, name="area_csv"),
]
