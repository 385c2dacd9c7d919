"""The main navigation: only pages whose URL name is registered appear, so no link 404s.

The pages register their routes under these names; the nav follows without template edits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kneecoach.web.clinic.services import is_clinician

NAV_ITEMS: tuple[tuple[str, Promise], ...] = (
    ("today", _("Today")),
    ("plan", _("Plan")),
    ("progress", _("Progress")),
    ("library", _("Exercises")),
    ("settings", _("Settings")),
)


CLINICIAN_NAV_ITEMS: tuple[tuple[str, Promise], ...] = (
    ("clinic_overview", _("Patients")),
    ("clinic_invite", _("Invite a patient")),
    ("library", _("Exercises")),
)
"""A clinic's clinician has no programme of their own: their nav is the clinic's pages."""


@dataclass(frozen=True, slots=True)
class NavLink:
    url: str
    label: str
    current: bool


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def nav_links(path: str, items: tuple[tuple[str, Promise], ...] = NAV_ITEMS) -> list[NavLink]:
    links = []
    for name, label in items:
        url = _url(name)
        if url is not None:
            links.append(NavLink(url=url, label=str(label), current=path.startswith(url)))
    return links


def navigation(request: HttpRequest) -> dict[str, list[NavLink]]:
    """Template context processor: ``nav_links`` for signed-in people, empty otherwise.

    The error pages are rendered for requests refused before AuthenticationMiddleware ran (an
    unknown ``Host`` header): such a request has no ``user``, and its page no navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": []}
    if is_clinician(user):
        return {"nav_links": nav_links(request.path, CLINICIAN_NAV_ITEMS)}
    return {"nav_links": nav_links(request.path)}


def day_url(day: dt.date, is_today: bool) -> str:
    """The Today page for ``day``: /today/ itself on today, the dated page otherwise."""
    return reverse("today") if is_today else reverse("today_day", args=[day])
