from django.apps import AppConfig


class ResultsConfig(AppConfig):
    """Public results portal and open data. See issue #5."""

    name = "pilkada.results"
    label = "results"
    verbose_name = "Hasil (publik)"
