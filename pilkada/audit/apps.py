from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "pilkada.audit"
    label = "audit"
    verbose_name = "Log audit"
