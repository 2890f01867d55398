from django.urls import path

from pilkada.web import health, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("tahapan/", views.tahapan, name="tahapan"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
