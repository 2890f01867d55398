from django.apps import AppConfig


class WilayahConfig(AppConfig):
    name = "pilkada.wilayah"
    label = "wilayah"
    verbose_name = "Wilayah"
