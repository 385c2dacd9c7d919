"""The guards every use case shares: the screening lock, the days a person may look at, known
exercises, the page's language.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext

from kneecoach.catalog.schema import Catalog, Exercise
from kneecoach.errors import InvalidInput, ScreeningBlocked
from kneecoach.programme.values import LOCKED_LEVELS
from kneecoach.web.coach import models
from kneecoach.web.coach.replay import PLAN_HORIZON_DAYS

DAYS_AHEAD_SHOWN = PLAN_HORIZON_DAYS
"""How far past today a day can be looked at (the CLI's ``--date``): the saved calendar's end."""


def require_unlocked(profile: models.Profile) -> None:
    if profile.screening_status in LOCKED_LEVELS:
        record = profile.screenings.first()
        advice = record.advice if record else "see a clinician before exercising"
        raise ScreeningBlocked(
            f"self-management is paused by the red-flag screening: {advice}", field="screening"
        )
    if profile.screening_status == models.ScreeningStatus.PENDING:
        raise ScreeningBlocked(
            "answer the red-flag questions first (`kneecoach init`)", field="screening"
        )


def check_day_shown(start: dt.date, day: dt.date, today_: dt.date | None) -> None:
    """The window of days a person can look at: from the programme's start date to
    ``DAYS_AHEAD_SHOWN`` days after today (``today_``, the clock; None: ``day`` is today).
    Today itself is always in it, even before a programme that starts later. A day before the
    start has nothing to show or log; a day past the saved calendar has no plan yet. Raises
    ``InvalidInput`` naming ``date``; the engine's own guard (``validation.check_dates``) still
    refuses dates it cannot compute with, whoever calls it."""
    if today_ is None or day == today_:
        return
    if day < start:
        raise InvalidInput(
            gettext("%(day)s is before your programme's start date %(start)s")
            % {"day": day.isoformat(), "start": start.isoformat()},
            field="date",
        )
    if (day - today_).days > DAYS_AHEAD_SHOWN:
        raise InvalidInput(
            gettext("%(day)s is more than %(days)s days ahead; the plan does not reach that far")
            % {"day": day.isoformat(), "days": DAYS_AHEAD_SHOWN},
            field="date",
        )


def require_exercise(catalog: Catalog, slug: str) -> Exercise:
    exercise = catalog.get(slug)
    if exercise is None:
        raise InvalidInput(
            f"unknown exercise {slug!r}; known exercises: {', '.join(catalog.slugs)}",
            field="exercise",
        )
    return exercise


def page_language(profile: models.Profile, language: str | None) -> str:
    """The page's language when it is one of ours, else the profile's."""
    return language if language in models.Language.values else profile.language
