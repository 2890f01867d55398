from django.apps import AppConfig


class TahapanConfig(AppConfig):
    name = "pilkada.tahapan"
    label = "tahapan"
    verbose_name = "Tahapan dan jadwal"
