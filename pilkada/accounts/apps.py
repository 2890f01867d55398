from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pilkada.accounts"
    label = "accounts"
    verbose_name = "Akun dan peran"

    def ready(self) -> None:
        from pilkada.accounts import signals  # noqa: F401  (connects login/logout auditing)
