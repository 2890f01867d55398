from django.apps import AppConfig


class LogisticsConfig(AppConfig):
    """Ballots and equipment from the KPU warehouse to every TPS. See issue #6."""

    name = "pilkada.logistics"
    label = "logistics"
    verbose_name = "Logistik"
