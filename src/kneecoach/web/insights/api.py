"""JSON twins of Plan, Progress (with each chart's numbers) and the Exercise library.

Each operation calls the function its page calls and returns the same value. The exercise
endpoints are public (``auth=None``), like the library pages.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema

from kneecoach.web.api_shared import ErrorOut, Text, api_user
from kneecoach.web.insights import pages as services
from kneecoach.web.requests import active_language as _language

router = Router(tags=["plan, progress, exercises"])
ERRORS = {401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class MonthQuery(Schema):
    month: Text | None = None


@router.get("/plan", response={200: services.PlanPage, **ERRORS})
def plan(request: HttpRequest, query: Query[MonthQuery]) -> services.PlanPage:
    """A month of the plan (``?month=YYYY-MM``; this month when left out), as the Plan page
    shows it. A malformed or out-of-range month is a 422 naming ``month``."""
    user = api_user(request)
    return services.plan_page(user, services.local_today(user), query.month, _language())


@router.get("/progress", response={200: services.ProgressPage, **ERRORS})
def progress(request: HttpRequest) -> services.ProgressPage:
    """The engine's series, adherence, weaker side and decisions, and every chart's numbers."""
    user = api_user(request)
    return services.progress_page(user, services.local_today(user), _language())


@router.get("/progress/charts/{name}", response={200: services.ChartData, **ERRORS})
def chart(request: HttpRequest, name: Text) -> services.ChartData:
    """What one chart draws: ``charts.CHART_NAMES`` (the volume and the sides each by unit)."""
    user = api_user(request)
    return services.chart(user, services.local_today(user), name, _language())


@router.get("/exercises", response={200: services.LibraryPage}, auth=None)
def exercises(request: HttpRequest) -> services.LibraryPage:
    """Every exercise of the catalogue, in programme order (public)."""
    return services.library_page(_language())


@router.get("/exercises/{slug}", response={200: services.ExercisePage, 404: ErrorOut}, auth=None)
def exercise(request: HttpRequest, slug: Text) -> services.ExercisePage:
    """One exercise: instructions, cues, faults with fixes, ladders, substitutes (public)."""
    return services.exercise_page(slug, _language())
