"""Template tags: the clinic's links for clinicians and the clinicians' changes on Today.

Tags rather than context processors, so other apps' templates opt in with one line and
pages that do not use them run no query.
"""

from __future__ import annotations

from typing import Any

from django import template

from kneecoach.programme.wording import paragraph
from kneecoach.web.clinic import services
from kneecoach.web.requests import active_language

register = template.Library()


@register.filter
def as_paragraph(texts: list[str] | tuple[str, ...]) -> str:
    """A decision's reasons on one line, as sentences (``wording.paragraph``)."""
    return paragraph(texts)


@register.inclusion_tag("clinic/_clinic_nav.html", takes_context=True)
def clinic_nav(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    clinician = services.clinician_of(user) if user.is_authenticated else None
    return {"is_admin": clinician is not None and clinician.role == "admin"}


@register.inclusion_tag("clinic/_patient_changes.html", takes_context=True)
def clinician_changes(context: dict[str, Any]) -> dict[str, Any]:
    """The latest changes and messages of the person's clinicians (Today)."""
    user = context["request"].user
    if not user.is_authenticated:
        return {"changes": []}
    return {"changes": services.my_changes(user, active_language())}


@register.simple_tag(takes_context=True)
def is_clinician(context: dict[str, Any]) -> bool:
    user = context["request"].user
    return bool(user.is_authenticated and services.clinician_of(user) is not None)
