from django.apps import AppConfig


class TpsConfig(AppConfig):
    name = "pilkada.tps"
    label = "tps"
    verbose_name = "TPS"
