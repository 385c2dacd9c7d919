"""The sharing app's values: the export formats, a file to download, and the state of the
person's calendar feed as its Settings page and ``GET /api/calendar-feed`` show it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

ExportFormat = Literal["ics", "pdf", "fhir", "csv", "json"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("ics", "pdf", "fhir", "csv", "json")


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
