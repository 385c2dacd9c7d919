"""The sharing app's values: the export formats, a file to download, and the state of the
person's calendar feed as its Settings page and ``GET /api/calendar-feed`` show it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

ExportFormat = Literal["ics", "pdf", "fhir", "csv", "json"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("ics", "pdf", "fhir", "csv", "json")
ClinicFormat = Literal["pdf", "ics", "csv", "fhir"]
CLINIC_FORMATS: tuple[ClinicFormat, ...] = ("pdf", "ics", "csv", "fhir")
"""What a clinician downloads of a patient's. Not the person's JSON export: that is their whole
account (the clinic's private notes and audit included), theirs to take away, not a record."""


@dataclass(frozen=True, slots=True)
class Download:
    data: bytes
    content_type: str
    filename: str


@dataclass(frozen=True, slots=True)
class FeedView:
    """The person's calendar feed: its path (``/calendar/<token>.ics``) while it is live."""

    active: bool
    path: str | None
    created_at: dt.datetime | None
    last_fetched_at: dt.datetime | None
