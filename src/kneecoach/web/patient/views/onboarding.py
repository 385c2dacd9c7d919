"""The onboarding wizard (screening, history, equipment, schedule; answers kept in the session
until the last step saves them all) and the re-screening."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kneecoach.errors import KneecoachError
from kneecoach.web.coach import services as coach
from kneecoach.web.patient import pages
from kneecoach.web.patient.forms import (
    EquipmentForm,
    HistoryForm,
    ScheduleForm,
    ScreeningForm,
    show_error,
)
from kneecoach.web.patient.views.common import onboarding_first, rolled_back
from kneecoach.web.requests import active_language as _language
from kneecoach.web.requests import request_user as _user

WIZARD = "kc_onboarding"
STEPS = ("screening", "history", "equipment", "schedule")


def _wizard(request: HttpRequest) -> dict[str, Any]:
    state = request.session.get(WIZARD)
    return state if isinstance(state, dict) else {}


def _save_wizard(request: HttpRequest, state: dict[str, Any]) -> None:
    request.session[WIZARD] = state


def _first_missing_step(state: dict[str, Any]) -> str:
    return next((step for step in STEPS if step not in state), STEPS[-1])


@require_GET
@login_required
def onboarding_start(request: HttpRequest) -> HttpResponse:
    """Where the home page sends a signed-in person: the wizard, or Today once onboarded."""
    if pages.is_onboarded(_user(request)):
        return redirect("today")
    return redirect("onboarding_step", step=_first_missing_step(_wizard(request)))


def _step_form(
    step: str, request: HttpRequest, state: dict[str, Any], data: Any = None
) -> forms.Form:
    language = _language()
    initial = state.get(step)
    if step == "screening":
        return ScreeningForm(data, initial=initial, language=language)
    if step == "history":
        return HistoryForm(data, initial=initial)
    if step == "equipment":
        return EquipmentForm(data, initial=initial, language=language)
    today = pages.local_today(_user(request))
    schedule_initial = initial or {"start_date": today, "weekdays": [str(d) for d in range(7)]}
    return ScheduleForm(data, initial=schedule_initial, today=today)


def _stored_verdict(request: HttpRequest, state: dict[str, Any]) -> coach.ScreeningOutcome | None:
    """The verdict on the screening answers kept in the session, or None when there are none.
    Answers the screening no longer takes (kept by an older version, or a question changed
    since) are dropped, so the screening step is asked again: a bad value in the session must
    never turn every page into an error until the person logs out."""
    if "screening" not in state:
        return None
    answers = state["screening"]
    try:
        if isinstance(answers, dict):
            return _screening_verdict(request, answers)
    except KneecoachError:
        pass  # dropped below: the step is asked again
    del state["screening"]
    _save_wizard(request, state)
    return None


def _screening_verdict(request: HttpRequest, answers: dict[str, str]) -> coach.ScreeningOutcome:
    today = pages.local_today(_user(request))
    return coach.screening_verdict(answers, today, _language())


@require_http_methods(["GET", "POST"])
@login_required
def onboarding_step(request: HttpRequest, step: str) -> HttpResponse:
    """One step of the wizard. Answers stay in the session until the last step saves them all."""
    user = _user(request)
    if step not in STEPS:
        return redirect("onboarding_required")
    if pages.is_onboarded(user):
        return redirect("today")
    state = _wizard(request)
    verdict = _stored_verdict(request, state)
    if verdict and verdict.locked and step != "screening":
        return redirect("onboarding_step", step="screening")
    missing = _first_missing_step(state)
    if STEPS.index(step) > STEPS.index(missing):
        return redirect("onboarding_step", step=missing)
    again = request.GET.get("again") == "1"
    if step == "screening" and verdict and verdict.locked and not again and request.method == "GET":
        return _render_step(request, step, None, verdict=verdict, stopped=True)

    form = _step_form(step, request, state, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if step == "screening":
            try:
                verdict = _screening_verdict(request, pages.answers_from(form.cleaned_data))
            except KneecoachError as error:
                show_error(form, error)
                return _render_step(request, step, form, verdict=None, status=error.status)
        state[step] = (
            pages.answers_from(form.cleaned_data)
            if step == "screening"
            else _jsonable(form.cleaned_data)
        )
        _save_wizard(request, state)
        if step == "screening" and verdict is not None and verdict.locked:
            return _render_step(request, step, None, verdict=verdict, stopped=True)
        if step != STEPS[-1]:
            return redirect("onboarding_step", step=STEPS[STEPS.index(step) + 1])
        return _finish_onboarding(request, state, form)
    status = 422 if request.method == "POST" else 200
    return _render_step(request, step, form, verdict=verdict, status=status)


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()}


def _render_step(
    request: HttpRequest,
    step: str,
    form: forms.Form | None,
    *,
    verdict: coach.ScreeningOutcome | None,
    stopped: bool = False,
    status: int = 200,
) -> HttpResponse:
    context = {
        "page": pages.onboarding_page(_user(request), _language()),
        "step": step,
        "step_number": STEPS.index(step) + 1,
        "step_count": len(STEPS),
        "form": form,
        "verdict": verdict,
        "stopped": stopped,
    }
    return render(request, "patient/onboarding.html", context, status=status)


def _finish_onboarding(
    request: HttpRequest, state: dict[str, Any], form: forms.Form
) -> HttpResponse:
    history, schedule = state["history"], state["schedule"]
    data = coach.ProfileInput(
        trained=history["trained"] == "yes",
        start_date=dt.date.fromisoformat(schedule["start_date"]),
        painful_side=schedule["painful_side"],
        equipment=frozenset(state["equipment"]["equipment"]),
        weekdays=frozenset(int(d) for d in schedule["weekdays"]),
        baseline_pain=history.get("baseline_pain"),
        language=_language(),
    )
    user = _user(request)
    try:
        coach.onboard(user, data, state["screening"], pages.local_today(user))
    except KneecoachError as error:
        show_error(form, error)
        verdict = _screening_verdict(request, state["screening"])
        return rolled_back(
            _render_step(request, "schedule", form, verdict=verdict, status=error.status)
        )
    del request.session[WIZARD]
    messages.success(request, _("Your programme is ready."))
    return redirect("today")


@require_http_methods(["GET", "POST"])
@login_required
def rescreen(request: HttpRequest) -> HttpResponse:
    """Answer the red-flag questions again; JSON twin ``POST /api/screening``."""
    if (response := onboarding_first(request)) is not None:
        return response
    user = _user(request)
    form = ScreeningForm(request.POST or None, language=_language())
    outcome, refused = None, False
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            outcome = coach.rescreen(
                user, pages.answers_from(form.cleaned_data), pages.local_today(user)
            )
            status = 200
        except KneecoachError as error:
            show_error(form, error)
            status, refused = error.status, True
    context = {
        "page": pages.onboarding_page(user, _language()),
        "form": form,
        "outcome": outcome,
    }
    response = render(request, "patient/rescreen.html", context, status=status)
    return rolled_back(response) if refused else response
