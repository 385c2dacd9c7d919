"""The sharing app's public interface: the calendar feed, the handouts, the downloads and the
FHIR bundle, as the CLI (``kneecoach export``), the pages, the JSON API and a clinic's pages call
them. Nothing is defined here; each name is re-exported from the module that owns it:

- ``usecases/``: ``feed`` (the calendar feed and its iCalendar), ``handouts`` (PDFs),
  ``downloads`` (one format of the person's data, the FHIR bundle);
- ``schemas``: the values they return (``Download``, ``FeedView``) and the export formats.

The rules the use cases keep are in ``sharing/usecases/__init__.py``.
"""

from __future__ import annotations

from kneecoach.web.sharing.schemas import (
    CLINIC_FORMATS,
    EXPORT_FORMATS,
    ClinicFormat,
    Download,
    ExportFormat,
    FeedView,
)
from kneecoach.web.sharing.usecases.downloads import (
    CONTENT_TYPES,
    EXTENSIONS,
    export,
    export_for_clinician,
    export_for_profile,
    fhir_bundle,
    fhir_bundle_for_profile,
)
from kneecoach.web.sharing.usecases.feed import (
    FEED_PAST_DAYS,
    User,
    calendar,
    calendar_for_token,
    create_feed,
    feed_status,
    revoke_feed,
)
from kneecoach.web.sharing.usecases.handouts import (
    LOGGING_SHEET_SESSIONS,
    exercise_handout_pdf,
    handout_pdf,
)

__all__ = [
    "CLINIC_FORMATS",
    "CONTENT_TYPES",
    "EXPORT_FORMATS",
    "EXTENSIONS",
    "FEED_PAST_DAYS",
    "LOGGING_SHEET_SESSIONS",
    "ClinicFormat",
    "Download",
    "ExportFormat",
    "FeedView",
    "User",
    "calendar",
    "calendar_for_token",
    "create_feed",
    "exercise_handout_pdf",
    "export",
    "export_for_clinician",
    "export_for_profile",
    "feed_status",
    "fhir_bundle",
    "fhir_bundle_for_profile",
    "handout_pdf",
    "revoke_feed",
]
