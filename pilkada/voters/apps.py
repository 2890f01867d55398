from django.apps import AppConfig


class VotersConfig(AppConfig):
    """Voter roll (DPT, DPTb, DPK): import, validation, duplicates, Cek DPT. See issue #3."""

    name = "pilkada.voters"
    label = "voters"
    verbose_name = "Daftar pemilih"
