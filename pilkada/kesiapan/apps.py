from django.apps import AppConfig


class KesiapanConfig(AppConfig):
    """Readiness ("kesiapan") per kecamatan, desa and TPS, from what every domain holds."""

    name = "pilkada.kesiapan"
    label = "kesiapan"
    verbose_name = "Kesiapan"
