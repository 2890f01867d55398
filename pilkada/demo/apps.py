from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The Lampung Timur demo: real public reference data plus synthetic people."""

    name = "pilkada.demo"
    label = "demo"
    verbose_name = "Demo"
