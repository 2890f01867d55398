from django.urls import path

from pilkada.counting import views

app_name = "counting"
urlpatterns = [
    path("", views.index, name="index"),
    path("impor/", views.import_csv, name="import"),
    path("foto/<int:photo_id>/", views.photo, name="photo"),
    path("anomali/<str:kontestasi>/", views.anomali, name="anomali"),
    path("keberatan/<int:keberatan_id>/jawab/", views.keberatan_reply, name="keberatan_reply"),
    path("keberatan/<str:kontestasi>/<str:wilayah>/", views.keberatan_new, name="keberatan_new"),
    path("<str:tps>/<str:kontestasi>/", views.detail, name="detail"),
    path("<str:tps>/<str:kontestasi>/entri/", views.entry, name="entry"),
    path("<str:tps>/<str:kontestasi>/periksa/", views.check, name="check"),
    path("<str:tps>/<str:kontestasi>/koreksi/", views.correct, name="correct"),
    path("<str:tps>/<str:kontestasi>/pdf/", views.pdf, name="pdf"),
]
