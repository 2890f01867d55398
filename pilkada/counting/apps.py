from django.apps import AppConfig


class CountingConfig(AppConfig):
    """C.Hasil forms per TPS with photo, checks and double entry. See issue #4."""

    name = "pilkada.counting"
    label = "counting"
    verbose_name = "Penghitungan suara"
