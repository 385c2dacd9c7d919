"""What every patient page does alike: undo a refused request, send a person who is not
onboarded yet to the wizard."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from kneecoach.web.patient import pages
from kneecoach.web.requests import request_user as _user
from kneecoach.web.rollback import roll_back_request


def rolled_back(response: HttpResponse) -> HttpResponse:
    """A form shown again after a KneecoachError: undo whatever the request wrote."""
    roll_back_request()
    return response


def onboarding_first(request: HttpRequest) -> HttpResponse | None:
    """The redirect to onboarding for a person not onboarded yet; None: show the page."""
    if not pages.is_onboarded(_user(request)):
        return redirect("onboarding_required")
    return None
