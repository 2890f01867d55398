"""Abstract base model shared by every app."""

from django.db import models

from pilkada.core import clock


class TimestampedModel(models.Model):
    """Adds creation and last-change times (UTC, from the system clock)."""

    created_at = models.DateTimeField(default=clock.now, editable=False)
    updated_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        abstract = True
