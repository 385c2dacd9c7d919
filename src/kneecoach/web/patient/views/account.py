"""Settings (the profile and the units) and the footer's language control."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kneecoach.errors import KneecoachError
from kneecoach.web.patient import pages
from kneecoach.web.patient.forms import (
    SettingsForm,
    show_error,
)
from kneecoach.web.patient.language import LANGUAGES, set_language_cookie
from kneecoach.web.patient.views.common import onboarding_first, rolled_back
from kneecoach.web.requests import active_language as _language
from kneecoach.web.requests import request_user as _user


def _settings_initial(page: pages.SettingsPage) -> dict[str, Any]:
    profile = page.profile
    return {
        "trained": "yes" if profile.trained else "no",
        "equipment": list(profile.equipment),
        "painful_side": profile.painful_side,
        "weekdays": [str(d) for d in profile.weekdays],
        "language": _language(),
        "units": page.units,
    }


@require_http_methods(["GET", "POST"])
@login_required
def settings(request: HttpRequest) -> HttpResponse:
    """Profile, language and units; JSON twin ``GET`` / ``PUT /api/settings``."""
    if (response := onboarding_first(request)) is not None:
        return response
    user = _user(request)
    page = pages.settings_page(user, _language())
    form = SettingsForm(
        request.POST if request.method == "POST" else None,
        initial=_settings_initial(page),
        language=_language(),
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                pages.save_settings(
                    user,
                    trained=data["trained"] == "yes",
                    painful_side=data["painful_side"],
                    equipment=frozenset(data["equipment"]),
                    weekdays=frozenset(int(d) for d in data["weekdays"]),
                    language=data["language"],
                    units=data["units"],
                    today_=pages.local_today(user),
                )
            except KneecoachError as error:
                show_error(form, error)
                context = {"page": page, "form": form}
                return rolled_back(
                    render(request, "patient/settings.html", context, status=error.status)
                )
            return _settings_saved(request, data["language"])
    context = {"page": page, "form": form}
    return render(request, "patient/settings.html", context, status=status)


def _settings_saved(request: HttpRequest, language: str) -> HttpResponse:
    """Apply the saved language now (cookie, as Django's language switcher does)."""
    translation.activate(language)
    messages.success(request, _("Settings saved."))
    response = redirect("settings")
    set_language_cookie(response, language)
    return response


@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """The footer's language buttons, the one language control: the cookie for everyone, and
    for a person with a profile the profile's language too, so the choice follows the account
    to the next sign-in (``language.ProfileLanguageMiddleware``)."""
    language = request.POST.get("language", "")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    if language not in LANGUAGES:
        return response
    if request.user.is_authenticated:
        pages.save_language(_user(request), language)
    set_language_cookie(response, language)
    return response
