from django.apps import AppConfig


class RecapConfig(AppConfig):
    """Tiered recapitulation desa -> kecamatan -> kabupaten. See issue #4."""

    name = "pilkada.recap"
    label = "recap"
    verbose_name = "Rekapitulasi"
