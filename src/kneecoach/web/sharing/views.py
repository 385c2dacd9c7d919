"""Pages and files of sharing: the calendar feed (public, by token), its Settings page, the
downloads and the library's printable handouts. Thin: one use case each; a ``KneecoachError``
becomes the error page (``KneecoachErrorMiddleware``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kneecoach.errors import NotFound
from kneecoach.web.requests import active_language as _language
from kneecoach.web.requests import local_today
from kneecoach.web.requests import request_user as _user
from kneecoach.web.sharing import services
from kneecoach.web.sharing.pages import calendar_page


def _file(download: services.Download, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(download.data, content_type=download.content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{download.filename}"'
    return response


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscribable feed: no log-in (calendar apps cannot), the token is the key. Unknown
    and revoked tokens are the same plain 404."""
    try:
        data = services.calendar_for_token(token, timezone.now())
    except NotFound:
        raise Http404("no such calendar") from None
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kneecoach.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """Settings › Calendar: the feed's URL to copy, a new URL, or none; JSON twin
    ``GET /api/calendar-feed``."""
    page = calendar_page(services.feed_status(_user(request)), request.build_absolute_uri)
    context = {"feed": page.feed, "url": page.url, "webcal": page.webcal}
    return render(request, "sharing/calendar.html", context)


@require_POST
@login_required
def calendar_create(request: HttpRequest) -> HttpResponse:
    services.create_feed(_user(request), timezone.now())
    messages.success(request, _("Your calendar has a new address. Any old address has stopped."))
    return redirect("calendar_settings")


@require_POST
@login_required
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    services.revoke_feed(_user(request), timezone.now())
    messages.success(request, _("The calendar address has stopped working."))
    return redirect("calendar_settings")


@require_GET
@login_required
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    """My data as a file: ``ics``, ``pdf``, ``fhir``, ``csv`` or ``json`` (``kneecoach export``)."""
    user = _user(request)
    result = services.export(user, fmt, local_today(user), timezone.now(), _language())
    return _file(result, inline=fmt == "pdf")


@require_GET
def exercise_handout(request: HttpRequest, slug: str) -> HttpResponse:
    """One exercise of the library as a printable PDF (public, like the library)."""
    data = services.exercise_handout_pdf(slug, _language())
    return _file(services.Download(data, "application/pdf", f"{slug}.pdf"), inline=True)
