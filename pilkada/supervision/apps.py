from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    """Bawaslu reports and findings on a statutory clock. See issue #7."""

    name = "pilkada.supervision"
    label = "supervision"
    verbose_name = "Pengawasan"

    def ready(self) -> None:
        from pilkada.supervision.panels import tps_panel
        from pilkada.tps.panels import register_panel

        register_panel(tps_panel)
