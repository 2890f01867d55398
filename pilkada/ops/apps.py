from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: backup and restore with integrity checks."""

    name = "pilkada.ops"
    label = "ops"
    verbose_name = "Operasi"
