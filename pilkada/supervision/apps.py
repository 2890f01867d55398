from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    """Bawaslu reports and findings on a statutory clock. See issue #7."""

    name = "pilkada.supervision"
    label = "supervision"
    verbose_name = "Pengawasan"
