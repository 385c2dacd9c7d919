"""Site-wide views: the home page, the CSRF failure page, and KneecoachError on HTML pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from kneecoach.errors import KneecoachError
from kneecoach.web.clinic.services import is_clinician
from kneecoach.web.insights import services as insights
from kneecoach.web.requests import active_language

# Where a signed-in person lands, first registered name wins (the pages add these routes).
SIGNED_IN_HOME = ("today", "onboarding_required")
# The exercises drawn beside the home page's three steps ("How it works"), in their order.
HOW_IT_WORKS_FIGURES = ("vmo-lift", "clamshell", "wall-squat")


def home(request: HttpRequest) -> HttpResponse:
    """Anonymous: what kneecoach is, with sign-up and log-in. Signed in: their day."""
    if request.user.is_authenticated:
        if is_clinician(request.user):  # a clinic's clinician lands on their patients
            return redirect(reverse("clinic_overview"))
        for name in SIGNED_IN_HOME:
            try:
                return redirect(reverse(name))
            except NoReverseMatch:
                continue
    return render(request, "home.html", {"figures": _how_it_works_figures(active_language())})


def _how_it_works_figures(language: str) -> list[str]:
    """The home page's figure URLs, as every page writes them (``insights.figure_url``: they
    name the page's language, so their answer is cached as the same for everyone); none where
    the insights app's routes are not installed."""
    try:
        return [insights.figure_url(slug, language) for slug in HOW_IT_WORKS_FIGURES]
    except NoReverseMatch:
        return []


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A 403 that tells a person what to do, and a self-hoster what to check."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)


class KneecoachErrorMiddleware:
    """Shows a KneecoachError raised by an HTML view as an error page with its status.

    Forms catch the errors they can show beside a field; this is for the rest (a revoked
    token's id that is not the person's, say). The API has its own handler in api.py.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, KneecoachError):
            return None
        context = {"error": exception}
        return render(request, "error.html", context, status=exception.status)
