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
from kneecoach.programme import pain, values
from kneecoach.programme.reasons import describe_dose_and_load
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


def _version(page: Any, slug: str) -> Any:
    """The version ``slug`` as ``page`` lists it (a ladder variant or a substitute); None for
    the exercise itself."""
    versions = (*page.regressions, *page.progressions, *page.substitutes)
    return next((version for version in versions if version.slug == slug), None)


def _done(p: values.Prescription, page: Any, language: str) -> dict[str, Any]:
    """What a person does in place of ``p``'s exercise, for its page on paper: the version as
    the exercise page lists it (its "how", equipment and own cues), its own still figure, and
    whether the exercise's page (starting position, steps, cues, faults) describes it too
    (``Exercise.steps_hold_for``). Where it does not, the exercise's cues go with the version
    when it has none of its own (``Exercise.cues_for``). No version for the exercise itself."""
    version = _version(page, p.performed_as)
    if version is None:
        return {"version": None, "steps_hold": True, "figure": None}
    exercise = default_catalog().require(p.exercise)
    steps_hold = exercise.steps_hold_for(p.performed_as)
    if not version.cues and not steps_hold:
        version = version.model_copy(update={"cues": list(exercise.cues.get(language))})
    if steps_hold:  # the exercise's page, with its figure (the version's: drawn as it is)
        return {"version": version, "steps_hold": True, "figure": None}
    still = pdf.svg_data_uri(render_svg_frame(exercise, 0.5, language, version=p.performed_as))
    figure = {"slug": version.slug, "name": version.name, "illustration_url": still}
    return {"version": version, "steps_hold": False, "figure": {**figure, "still_url": still}}


def handout_pdf(user: User, today: dt.date, language: str | None = None) -> bytes:
    """The person's programme on paper: today's dose of each exercise with its page from the
    library, the schedule, the pain rules in plain words and a logging sheet to fill in. Each
    exercise is named as what to actually do (a variant, or a substitute for equipment the
    person lacks) beside the exercise it stands for, as the calendar names it, and its page
    shows how to do that: a person without a cable machine is not given the cable machine's
    steps. The exercise's own page follows only where its steps describe the version too."""
    snapshot = coach.programme_snapshot(user, today)
    if not snapshot.doses:
        raise ScreeningBlocked(
            "no programme to print while the red-flag screening pauses self-management",
            field="screening",
        )
    language = language or snapshot.language
    catalog = default_catalog()
    exercises = []
    for p in snapshot.prescriptions:
        page = _exercise_page(p.exercise, language)
        exercises.append(
            {
                "page": page,
                # what to do, as Today says it: a variant, or a substitute for missing equipment
                "label": coach.performed_label(
                    catalog, p.exercise, p.performed_as, language, p.dose.level
                ),
                # a substitute is done in place of the version a clinician set, if one is
                "in_place_of": coach.in_place_of_name(
                    catalog, p.exercise, p.dose.level, p.substitute_for, language
                ),
                # the equipment not at hand, as Today names it: the prescription's, which is
                # not always the one the substitute's catalogue entry stands in for
                "not_at_hand": (
                    catalog.equipment_name(p.substitute_for, language) if p.substitute_for else None
                ),
                "performed": (
                    coach.exercise_name(catalog, p.performed_as, language)
                    if p.performed_as != p.exercise
                    else None
                ),
                **_done(p, page, language),
                "dose": describe_dose_and_load(p.dose, language),
                "sets": range(1, p.dose.sets + 1),
                "sided": p.dose.per_side or catalog.require(p.exercise).unilateral,
            }
        )
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
