"""The patient app's public interface: what other apps and the forms call. Nothing is defined
here; the page values and the Today page's decisions live in ``patient.pages``."""

from __future__ import annotations

from kneecoach.web.patient.pages import (
    START_DAYS_AHEAD,
    START_DAYS_BACK,
    equipment_options,
    local_today,
)

__all__ = [
    "START_DAYS_AHEAD",
    "START_DAYS_BACK",
    "equipment_options",
    "local_today",
]
