from django.urls import path

from pilkada.recap import views

app_name = "recap"
urlpatterns = [
    path("<str:kontestasi>/", views.view, name="view"),
    path("<str:kontestasi>/<str:wilayah>/", views.area, name="area"),
    path("<str:kontestasi>/<str:wilayah>/pleno/ajukan/", views.propose, name="propose"),
    path("<str:kontestasi>/<str:wilayah>/pleno/setujui/", views.approve, name="approve"),
    path("<str:kontestasi>/<str:wilayah>/pdf/", views.pdf, name="pdf"),
]
