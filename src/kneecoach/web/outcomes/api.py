"""JSON twins of the outcome pages: the forms, filling one in, the schedule and the scores."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import StrictInt

from kneecoach.web.api_shared import ErrorOut, Text, api_user
from kneecoach.web.outcomes import services
from kneecoach.web.requests import active_language as _language
from kneecoach.web.requests import local_today

router = Router(tags=["questionnaires"])
ERRORS = {401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class ResponseIn(Schema):
    """``answers``: item id -> coded answer (KOOS 0-4, NPRS 0-10, PGIC a word such as
    ``much_improved``); leave an item out, or send null, to skip it. ``date``: today if left
    out."""

    answers: dict[Text, StrictInt | Text | None]
    date: dt.date | None = None


@router.get("/questionnaires", response={200: list[services.FormView], **ERRORS})
def questionnaires(request: HttpRequest) -> list[services.FormView]:
    """Every questionnaire with its items and answer options, in the request's language."""
    api_user(request)
    return list(services.list_questionnaires(_language()))


@router.get("/questionnaires/{qid}", response={200: services.FormView, **ERRORS})
def questionnaire(request: HttpRequest, qid: Text) -> services.FormView:
    api_user(request)
    return services.questionnaire_form(qid, _language())


@router.post("/questionnaires/{qid}/responses", response={201: services.ResponseView, **ERRORS})
def fill(request: HttpRequest, qid: Text, payload: ResponseIn) -> Status[services.ResponseView]:
    """Save a filled questionnaire; the answer, scored by its guide, comes back."""
    user = api_user(request)
    today = local_today(user)
    view = services.fill(
        user, qid, payload.answers, payload.date or today, today_=today, language=_language()
    )
    return Status(201, view)


@router.get("/outcomes", response={200: services.OutcomesView, **ERRORS})
def outcomes(request: HttpRequest) -> services.OutcomesView:
    """The schedule, what is due now, every response scored, and each scale over time with its
    minimal important change: what the Questionnaires page shows."""
    user = api_user(request)
    return services.outcomes(user, local_today(user), _language())
