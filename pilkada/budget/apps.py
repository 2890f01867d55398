from django.apps import AppConfig


class BudgetConfig(AppConfig):
    """Grant (NPHD) tranches and honoraria confirmed by those paid. See issue #6."""

    name = "pilkada.budget"
    label = "budget"
    verbose_name = "Anggaran dan honorarium"
