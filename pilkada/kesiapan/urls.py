from django.urls import path

from pilkada.kesiapan import views

app_name = "kesiapan"
urlpatterns = [path("", views.overview, name="overview")]
