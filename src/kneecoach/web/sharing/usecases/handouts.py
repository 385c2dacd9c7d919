"""The programme and the library's exercises on paper: HTML templates rendered in the
person's language and printed to PDF (``kneecoach.exports.pdf``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from kneecoach.catalog.illustration import render_svg_frame
from kneecoach.catalog.loader import default_catalog
from kneecoach.errors import ScreeningBlocked
from kneecoach.exports import pdf
from kneecoach.programme import pain
from kneecoach.programme.reasons import describe_dose
from kneecoach.web.coach import services as coach
from kneecoach.web.insights.services import exercise_page
from kneecoach.web.sharing.usecases.feed import User

LOGGING_SHEET_SESSIONS = 3


def _exercise_page(slug: str, language: str) -> Any:
    """The library page's data for ``slug`` with its figure inlined (a still frame: paper does
    not move). Asked for with the figure, not built with URLs and patched: no URL is reversed,
    so the terminal's PDF does not import the web's URL configuration and its API. Built in
    ``language``: the page words its focus and dose range with gettext, which outside a request
    (``kneecoach export``) would otherwise speak English on a Bokmål handout."""
    exercise = default_catalog().require(slug)
    figure = pdf.svg_data_uri(render_svg_frame(exercise, 0.5, language))
    with translation.override(language):
        return exercise_page(slug, language, figure=figure)


def _pain_rules() -> dict[str, int]:
    return {
        "safe_max": pain.SAFE_MAX,
        "acceptable_max": pain.ACCEPTABLE_MAX,
        "after_max": pain.AFTER_MAX,
        "flare_pain": pain.FLARE_PAIN,
    }


def _render_pdf(template: str, context: dict[str, Any], language: str) -> bytes:
    with translation.override(language):
        html = render_to_string(template, {**context, "language": language})
    return pdf.html_to_pdf(html)


def exercise_handout_pdf(slug: str, language: str) -> bytes:
    """One exercise of the library on paper: figure, dose range, steps, cues, faults, variants,
    and the pain rules."""
    page = _exercise_page(slug, language)
    context = {"page": page, "rules": _pain_rules()}
    return _render_pdf("sharing/exercise_handout.html", context, language)


def handout_pdf(user: User, today: dt.date, language: str | None = None) -> bytes:
    """The person's programme on paper: today's dose of each exercise with its page from the
    library, the schedule, the pain rules in plain words and a logging sheet to fill in. Each
    exercise is named as what to actually do (a variant, or a substitute for equipment the
    person lacks) beside the exercise it stands for, as the calendar names it."""
    snapshot = coach.programme_snapshot(user, today)
    if not snapshot.doses:
        raise ScreeningBlocked(
            "no programme to print while the red-flag screening pauses self-management",
            field="screening",
        )
    language = language or snapshot.language
    catalog = default_catalog()
    exercises = [
        {
            "page": _exercise_page(p.exercise, language),
            # what to do, as Today says it: a variant, or a substitute for missing equipment
            "label": coach.performed_label(catalog, p.exercise, p.performed_as, language),
            "performed": (
                coach.exercise_name(catalog, p.performed_as, language)
                if p.performed_as != p.exercise
                else None
            ),
            "dose": describe_dose(p.dose, language) + (f" ({p.dose.load})" if p.dose.load else ""),
            "sets": range(1, p.dose.sets + 1),
            "sided": p.dose.per_side or catalog.require(p.exercise).unilateral,
        }
        for p in snapshot.prescriptions
    ]
    context = {
        "username": coach.get_profile(user).username,
        "today": today,
        "trained": snapshot.profile.trained,
        "weekdays": sorted(snapshot.profile.weekdays),
        "exercises": exercises,
        "rules": _pain_rules(),
        "sheets": range(LOGGING_SHEET_SESSIONS),
        "columns": range(1, max(dose.sets for dose in snapshot.doses) + 1),
    }
    return _render_pdf("sharing/handout.html", context, language)
