"""JSON twins of sharing: the calendar feed's state, the downloads, the person's FHIR bundle.

``GET /api/fhir/me`` is the read-only FHIR API for a person's own apps (``application/fhir+json``,
an R4 Bundle); a clinician gets the same bundle at ``GET /api/clinic/patients/{id}/download/fhir``
(``clinic/api.py``, ``services.export_for_clinician``).
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Schema
from ninja.responses import Status

from kneecoach.web.api_shared import ErrorOut, api_user
from kneecoach.web.requests import active_language as _language
from kneecoach.web.requests import local_today
from kneecoach.web.sharing import services
from kneecoach.web.sharing.services import ExportFormat

router = Router(tags=["calendar, exports, FHIR"])
ERRORS = {401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class FeedOut(Schema):
    active: bool
    url: str | None
    created_at: dt.datetime | None
    last_fetched_at: dt.datetime | None


def _feed_out(request: HttpRequest, feed: services.FeedView) -> FeedOut:
    return FeedOut(
        active=feed.active,
        url=request.build_absolute_uri(feed.path) if feed.path else None,
        created_at=feed.created_at,
        last_fetched_at=feed.last_fetched_at,
    )


@router.get("/calendar-feed", response={200: FeedOut, **ERRORS})
def calendar_feed(request: HttpRequest) -> FeedOut:
    """The person's subscribable calendar address (``url`` is null when there is none)."""
    return _feed_out(request, services.feed_status(api_user(request)))


@router.post("/calendar-feed", response={201: FeedOut, **ERRORS})
def calendar_feed_create(request: HttpRequest) -> Status[FeedOut]:
    """A new calendar address; the previous one stops working."""
    feed = services.create_feed(api_user(request), timezone.now())
    return Status(201, _feed_out(request, feed))


@router.delete("/calendar-feed", response={200: FeedOut, **ERRORS})
def calendar_feed_revoke(request: HttpRequest) -> FeedOut:
    """Stop the calendar address (a calendar app subscribed to it then gets 404)."""
    return _feed_out(request, services.revoke_feed(api_user(request), timezone.now()))


@router.get("/export/{format}", response={200: None, **ERRORS})
def export(request: HttpRequest, format: ExportFormat) -> HttpResponse:
    """The person's data as a file: ``ics``, ``pdf``, ``fhir``, ``csv`` or ``json``."""
    user = api_user(request)
    result = services.export(user, format, local_today(user), timezone.now(), _language())
    response = HttpResponse(result.data, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response


@router.get("/fhir/me", response={200: None, **ERRORS})
def fhir_me(request: HttpRequest) -> HttpResponse:
    """The person's HL7 FHIR R4 Bundle (Patient, CarePlan, Goals, pain Observations,
    QuestionnaireResponses and their scores), read-only."""
    user = api_user(request)
    data = services.fhir_bundle(user, local_today(user), timezone.now())
    return HttpResponse(data, content_type="application/fhir+json")
