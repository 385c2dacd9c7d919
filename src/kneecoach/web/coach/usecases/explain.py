"""Why a day's doses are what they are: each exercise's story and the decisions behind it."""

from __future__ import annotations

import datetime as dt

from kneecoach.catalog.loader import default_catalog
from kneecoach.programme.reasons import reason_texts
from kneecoach.programme.values import LOCKED_LEVELS
from kneecoach.programme.wording import sentences
from kneecoach.web.coach.replay import advice_for
from kneecoach.web.coach.repository import User, load_profile
from kneecoach.web.coach.schemas import ExerciseExplanation, ExplainView, dose_view
from kneecoach.web.coach.usecases.checks import (
    check_day_shown,
    page_language,
    require_unlocked,
)
from kneecoach.web.coach.usecases.onboarding import latest_screening
from kneecoach.web.coach.usecases.presenting import decision_view, exercise_name, plan_item


def explain(
    user: User, day: dt.date, language: str | None = None, *, today_: dt.date | None = None
) -> ExplainView:
    """Why ``day``'s doses are what they are: each exercise's dose and the decisions behind it.

    ``language`` ("en" or "nb"): reasons and names in the page's language; None: the profile's.
    ``today_``: the clock's day (None: ``day`` is today); the replay is saved only for today."""
    profile = load_profile(user)
    check_day_shown(profile.start_date, day, today_)
    language = page_language(profile, language)
    if profile.screening_status in LOCKED_LEVELS:
        return ExplainView(
            day=day,
            state="locked",
            doses=(),
            decisions=(),
            advice=(),
            screening=latest_screening(user),
        )
    require_unlocked(profile)
    advice = advice_for(profile, day, today_)
    catalog = default_catalog()
    prescriptions = [e.prescription for e in advice.explanations.values()]
    doses = tuple(dose_view(p.dose) for p in prescriptions)
    return ExplainView(
        day=day,
        state=advice.state,
        doses=doses,
        decisions=tuple(decision_view(d, language) for d in advice.decisions),
        advice=sentences(reason_texts(advice.notes, language)),
        screening=latest_screening(user),
        exercises=tuple(
            ExerciseExplanation(
                exercise=slug,
                name=exercise_name(catalog, slug, language),
                lines=e.lines(language),
            )
            for slug, e in advice.explanations.items()
        ),
        items=tuple(
            plan_item(catalog, p.exercise, p.performed_as, dose, language, p.substitute_for)
            for p, dose in zip(prescriptions, doses, strict=True)
        ),
    )
