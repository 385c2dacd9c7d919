"""Plan, Progress and the Exercise library. Thin: one call to ``insights.services`` (which calls
the coach's use cases), then a template; the JSON twins in ``api.py`` return the same value.

Plan and Progress are the signed-in person's own (no object id in the URL: another person sees
their own plan, never someone else's). The library and the illustrations are public.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET

from kneecoach.catalog.illustration import render_svg_cached, render_svg_frame
from kneecoach.catalog.loader import default_catalog
from kneecoach.errors import InvalidInput
from kneecoach.web.caching import language_named_by_url
from kneecoach.web.coach import services as coach
from kneecoach.web.insights import charts, pages
from kneecoach.web.insights.charts import SVG_CSP
from kneecoach.web.requests import active_language as _language
from kneecoach.web.requests import request_user as _user

FIGURE_MAX_AGE = 3600
"""Seconds a cache may keep a figure whose URL names its language (a new drawing reaches people
within the hour)."""


def _onboarding(user: User) -> HttpResponse | None:
    """A person without a profile is sent to onboarding (when that page exists)."""
    if coach.has_profile(user):
        return None
    try:
        return redirect(reverse("onboarding_required"))
    except NoReverseMatch:
        return None


@require_GET
@login_required
def plan(request: HttpRequest) -> HttpResponse:
    """The calendar, a month at a time (``?month=2026-05``); its twin is ``GET /api/plan``."""
    user = _user(request)
    if (response := _onboarding(user)) is not None:
        return response
    today = pages.local_today(user)
    try:
        page = pages.plan_page(user, today, request.GET.get("month"), _language())
    except InvalidInput as error:
        context = {"error": error, "today_month": today.strftime("%Y-%m")}
        return render(request, "insights/plan_error.html", context, status=error.status)
    return render(request, "insights/plan.html", {"page": page})


@require_GET
@login_required
def progress(request: HttpRequest) -> HttpResponse:
    """Charts and the engine's decisions; its twin is ``GET /api/progress``."""
    user = _user(request)
    if (response := _onboarding(user)) is not None:
        return response
    page = pages.progress_page(user, pages.local_today(user), _language())
    return render(request, "insights/progress.html", {"page": page})


@require_GET
@login_required
@csp_override(SVG_CSP)
def chart_svg(request: HttpRequest, name: str) -> HttpResponse:
    """One progress chart as SVG (pygal); its numbers are ``GET /api/progress/charts/{name}``."""
    user = _user(request)
    data = pages.chart(user, pages.local_today(user), name, _language())
    return HttpResponse(charts.render_svg(data), content_type="image/svg+xml; charset=utf-8")


@require_GET
def library(request: HttpRequest) -> HttpResponse:
    """Every exercise (public); its twin is ``GET /api/exercises``."""
    return render(request, "insights/library.html", {"page": pages.library_page(_language())})


@require_GET
def exercise(request: HttpRequest, slug: str) -> HttpResponse:
    """One exercise (public); unknown slug -> 404. Its twin is ``GET /api/exercises/{slug}``."""
    page = pages.exercise_page(slug, _language())
    return render(request, "insights/exercise.html", {"page": page})


@require_GET
@csp_override(SVG_CSP)
def exercise_figure(request: HttpRequest, slug: str) -> HttpResponse:
    """The animated figure (SMIL) as an SVG image, its texts (title, description, notes) in
    ``?lang=`` (``en`` or ``nb``); ``?still=1``: the far position, unmoving (for people who ask
    for reduced motion).

    With ``lang`` the answer is the same for everyone who asks for that URL, so it is ``public``
    for an hour: a clinic's proxy and the browser keep it, and ``web/caching.py`` leaves it
    public for a signed-in person. The pages link to this form (``pages.figure_url``). Without
    ``lang`` (a link or bookmark from before the URL named it) the figure is drawn in the
    request's language (cookie, Accept-Language, the profile's), which the URL does not say: it
    is answered ``private, no-cache`` and varies on both, so no cache hands one person's
    language to another, nor to the same browser after a switch. With ``lang`` it varies on
    neither: the URL decides. Rendered, not redirected to
    the URL with ``lang``: the redirect would depend on the language just the same, and cost
    every old link a round trip."""
    exercise = default_catalog().require(slug)
    still = request.GET.get("still", "")
    if still not in ("", "0", "1"):
        raise InvalidInput("still must be 1 (a still picture) or left out", field="still")
    named = request.GET.get("lang")
    if named is not None and named not in pages.LANGUAGES:
        choices = ", ".join(pages.LANGUAGES)
        raise InvalidInput(f"lang must be one of {choices}, or left out", field="lang")
    language = named or _language()
    svg = (
        render_svg_frame(exercise, 0.5, language)
        if still == "1"
        else render_svg_cached(exercise, language)
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    if named is None:
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
    else:
        patch_cache_control(response, public=True, max_age=FIGURE_MAX_AGE)
        language_named_by_url(response)  # so no "Vary: Accept-Language" (web/caching.py)
        # LocaleMiddleware would name the request's language, which a shared cache then hands out.
        response["Content-Language"] = named
    return response
