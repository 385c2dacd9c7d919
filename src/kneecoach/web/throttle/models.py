"""One row per action, address and window: how many attempts were made in it."""

from __future__ import annotations

from django.db import models


class AttemptWindow(models.Model):
    scope = models.CharField(max_length=40, help_text="The action counted, e.g. signup")
    key = models.CharField(max_length=64, help_text="The client's address (IPv6: its /64)")
    started_at = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "started_at"], name="throttle_one_row_per_window"
            )
        ]
        indexes = [models.Index(fields=["scope", "started_at"], name="throttle_scope_started")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} {self.started_at:%Y-%m-%d %H:%M}: {self.count}"
