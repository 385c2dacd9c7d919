"""What the clinic's HTML pages show besides the use cases' values: the overview's sort and
filter choices in words, the change form's starting values, and a patient's chart as SVG.

The JSON twins return the use cases' values alone; these are the pages' own choices.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from kneecoach.errors import NotFound
from kneecoach.web.clinic.schemas import PatientPage
from kneecoach.web.clinic.usecases.access import User
from kneecoach.web.clinic.usecases.flags import flag_kind_names
from kneecoach.web.clinic.usecases.patient import patient_progress
from kneecoach.web.insights import services as insights

CHARTS = ("pain", "volume", "sides")
"""The patient's charts a clinician sees (the patient's own Progress page also has adherence)."""


def sort_labels() -> list[tuple[str, str]]:
    return [
        ("attention", _("Needs attention")),
        ("name", _("Name")),
        ("last_session", _("Last session")),
        ("pain", _("Latest pain")),
    ]


def filter_labels() -> list[tuple[str, str]]:
    return [
        ("", _("All patients")),
        ("flagged", _("Any unseen flag")),
        *flag_kind_names().items(),
    ]


def change_initial(page: PatientPage) -> dict[str, Any]:
    """The change form starts at the current dose of the first exercise that has one."""
    first = next((c for c in page.exercises if c.current is not None), None)
    if first is None or first.current is None:
        return {}
    dose = first.current
    return {
        "exercise": first.slug,
        "level": dose.level,
        "sets": dose.sets,
        "amount": dose.reps or dose.seconds,
        "load": dose.load or "",
    }


def patient_chart_svg(user: User, patient_id: int, name: str, today: dt.date, language: str) -> str:
    """One of the patient's progress charts as SVG (the same charts as their Progress page);
    ``NotFound`` for another chart, someone else's patient or no progress yet."""
    if name not in CHARTS:
        raise NotFound("no such chart", field="chart")
    view = patient_progress(user, patient_id, today, language)
    if view is None:
        raise NotFound("no progress yet", field="chart")
    return insights.render_svg(insights.build_chart(name, view, []))
