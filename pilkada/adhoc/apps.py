from django.apps import AppConfig


class AdhocConfig(AppConfig):
    name = "pilkada.adhoc"
    label = "adhoc"
    verbose_name = "Badan ad hoc (PPK, PPS, KPPS, Panwascam, PKD, PTPS)"
