from django.urls import path

from pilkada.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("tahapan/", views.tahapan, name="tahapan"),
]
