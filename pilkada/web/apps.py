from django.apps import AppConfig


class WebConfig(AppConfig):
    """Site layout, home pages per role, error pages."""

    name = "pilkada.web"
    label = "web"
    verbose_name = "Web"
