"""Page preferences that are not part of the training profile (the engine never reads them)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Units(models.TextChoices):
    METRIC = "metric", _("Metric (kg, cm)")
    IMPERIAL = "imperial", _("Imperial (lb, in)")


class Preferences(models.Model):
    """How a person wants loads shown and suggested; one row per user, made on first save."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="patient_preferences"
    )
    units = models.CharField(max_length=8, choices=Units.choices, default=Units.METRIC)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(units__in=Units.values), name="preferences_units"),
        ]

    def __str__(self) -> str:
        return f"preferences of {self.user}"
