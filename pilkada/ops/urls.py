from django.urls import path

from pilkada.ops import metrics

app_name = "ops"
urlpatterns = [
    path("metrics", metrics.metrics, name="metrics"),
]
