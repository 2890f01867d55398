from django.apps import AppConfig


class PemilihanConfig(AppConfig):
    name = "pilkada.pemilihan"
    label = "pemilihan"
    verbose_name = "Pemilihan"
