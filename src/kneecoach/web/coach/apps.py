from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate

from kneecoach.web import write_generation


class CoachConfig(AppConfig):
    """Patients' profiles, programmes, sessions, logged sets, check-ins and decisions."""

    name = "kneecoach.web.coach"
    label = "coach"
    verbose_name = "Knee coach"

    def ready(self) -> None:
        # Once per migrate (the signal is sent per app; this app's, after every app's tables).
        post_migrate.connect(watch_writes, sender=self, dispatch_uid="kneecoach.write_generation")


def watch_writes(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """After every migrate, on SQLite: the write generation's triggers on every table
    (``kneecoach.web.write_generation``), which the terminal's ``today`` memo trusts."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        write_generation.install(cursor)
