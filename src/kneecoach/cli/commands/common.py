"""What several database commands share: the clinic's changes shown under ``today`` and
``explain``."""

from __future__ import annotations

from rich.console import Console

from kneecoach.cli import render, startup
from kneecoach.web.clinic import services as clinic
from kneecoach.web.coach import services as coach


def print_clinic_changes(out: Console, user: str | None) -> None:
    """What the person's clinicians changed or said, with author and date (the clinic app)."""
    changes = startup.in_transaction(lambda: clinic.my_changes(coach.resolve_user(user)))
    render.clinic_changes(out, changes)
