"""Today: a day's session (today's, or a past day filled in later), logging and deleting sets,
what made the session stop, pain after the session and the morning check-in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kneecoach.catalog.illustration import render_svg_cached
from kneecoach.catalog.loader import default_catalog
from kneecoach.errors import Conflict, InvalidInput, KneecoachError
from kneecoach.web.coach import services as coach
from kneecoach.web.coach.models import Profile
from kneecoach.web.navigation import day_url
from kneecoach.web.patient import pages
from kneecoach.web.patient.forms import (
    CheckinForm,
    DeleteSetForm,
    PainAfterForm,
    SetForm,
    StopForm,
    set_field_messages,
    show_error,
)
from kneecoach.web.patient.views.cards import logged_rows, render_cards, set_row
from kneecoach.web.patient.views.common import onboarding_first, rolled_back
from kneecoach.web.requests import active_language as _language
from kneecoach.web.requests import request_user as _user


def _render_today(
    request: HttpRequest,
    day: dt.date,
    *,
    set_form: SetForm | None = None,
    pain_form: PainAfterForm | None = None,
    checkin_form: CheckinForm | None = None,
    stop_form: StopForm | None = None,
    status: int = 200,
    today_: dt.date | None = None,
    profile: Profile | None = None,
) -> HttpResponse:
    """``profile``: the person's profile as this request already read it (None: read it)."""
    user = _user(request)
    today_ = today_ or pages.local_today(user, profile)
    page = pages.today_page(user, day, today_, _language(), profile=profile)
    catalog = default_catalog()
    equipment = {o.value: o.name for o in pages.equipment_options(_language())}
    checks = {(c.exercise, c.set_number, c.side): c for c in page.video_checks}
    cards = []
    current = pages.current_exercise(page.session.items if page.session else ())
    for item in page.session.items if page.session else ():
        exercise = catalog.get(item.exercise)
        refused = None
        if set_form is not None and set_form.data.get("exercise") == item.exercise:
            refused, set_form = set_form, None
        cards.append(
            {
                "item": item,
                "svg": render_svg_cached(exercise, _language(), item.performed_as)
                if exercise
                else "",
                "missing": [equipment.get(slug, slug) for slug in item.missing_equipment],
                "logged_rows": logged_rows(page, item, checks),
                "refused": refused,
                "open": item.exercise == current or refused is not None,
            }
        )
    render_cards(request, page, cards)
    context = {
        "page": page,
        "cards": cards,
        # A refused set of an exercise that is not on this day's cards: its errors go on top.
        "orphan_errors": [m for ms in set_form.errors.values() for m in ms] if set_form else [],
        "show_checkin": bool(page.session and page.session.checkin_due and page.is_today)
        or (checkin_form is not None and checkin_form.is_bound),
        "pain_form": pain_form
        or PainAfterForm(initial={"pain": page.session and page.session.pain_after}),
        "checkin_form": checkin_form or CheckinForm(),
        **_stop_context(page, stop_form),
        "logged_any": _logged_any(page.session),
        "logged_off_plan": _logged_off_plan(page.session),
        "log_set_url": reverse("log_set", args=[page.day]),
        "delete_set_url": reverse("delete_set", args=[page.day]),
        "pain_choices": tuple(range(11)),
        "progress": pages.session_progress(page.session.items if page.session else ()),
        **pages.session_notes(page.session),
        "day_url": day_url(page.day, page.is_today),
    }
    return render(request, "patient/today.html", context, status=status)


def _logged_any(session: coach.TodayView | None) -> bool:
    """Whether any set is logged on the day, on its cards or off its plan."""
    if session is None:
        return False
    return bool(session.logged_off_plan) or any(item.logged for item in session.items)


def _logged_off_plan(session: coach.TodayView | None) -> list[dict[str, Any]]:
    """The sets of exercises the day no longer prescribes (a session the stop rule ended), with
    what their "Change" and "Delete" forms need (``_set_actions.html``, as on a card)."""
    return [
        {
            "item": {"exercise": logged.exercise},
            "card": {"unit": logged.unit},
            "name": logged.name,
            "rows": [set_row(s, timed=logged.unit == "seconds") for s in logged.sets],
        }
        for logged in (session.logged_off_plan if session else ())
    ]


def _stop_context(page: pages.TodayPage, stop_form: StopForm | None) -> dict[str, Any]:
    """The "I had to stop" section: shown on a day with exercises, or with a stop reported
    (to take one back), or with its form refused."""
    session = page.session
    recorded = set(session.stop_events) if session else set()
    named = coach.stop_event_words(_language())  # the form's words, the engine's
    return {
        "show_stop": bool(session and (session.items or session.logged_off_plan or recorded))
        or stop_form is not None,
        "stop_form": stop_form or StopForm(language=_language()),
        "stop_recorded": [(value, name) for value, name in named if value in recorded],
        "stop_advice": pages.stop_advice_shown(session),
    }


@require_GET
@login_required
def today(request: HttpRequest) -> HttpResponse:
    """Today's session; JSON twin ``GET /api/today``. The profile is read once, here, for the
    onboarding check, the person's day and the page."""
    profile = coach.profile_record(_user(request))
    if not pages.onboarded(profile):  # onboarding_first, with the profile read
        return redirect("onboarding_required")
    today_ = pages.local_today(_user(request), profile)
    return _render_today(request, today_, today_=today_, profile=profile)


@require_GET
@login_required
def today_day(request: HttpRequest, day: dt.date) -> HttpResponse:
    """A past day's session, to fill in one not logged at the time (``/api/today/{day}``).
    Viewing it saves nothing; a day outside the window is the error page, 422."""
    profile = coach.profile_record(_user(request))
    if not pages.onboarded(profile):  # onboarding_first, with the profile read
        return redirect("onboarding_required")
    return _render_today(request, day, profile=profile)


@require_POST
@login_required
def log_set(request: HttpRequest, day: dt.date) -> HttpResponse:
    """Log one set; without JavaScript the form posts here and comes back to the card."""
    if (response := onboarding_first(request)) is not None:
        return response
    user = _user(request)
    form = SetForm(request.POST, auto_id=f"id_{request.POST.get('exercise', 'set')}_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            logged = coach.log_set(
                user,
                day,
                coach.SetInput(
                    exercise=data["exercise"],
                    set_number=data["set_number"],
                    pain=data["pain"],
                    side=data["side"] or None,
                    reps=data["reps"],
                    seconds=data["seconds"],
                    load=data["load"] or None,
                    note=data["note"],
                ),
                today_=pages.local_today(user),
                language=_language(),
                replace=data["replace"],
            )
        except KneecoachError as error:
            if isinstance(error, Conflict):
                # the same set again: ask, with the posted values kept, before replacing it
                form.add_error(None, _already_logged_question(data))
                form.conflict = True  # type: ignore[attr-defined]
            else:
                _show_set_error(form, error)
            return rolled_back(_render_today(request, day, set_form=form, status=error.status))
        messages.success(request, _set_logged_message(logged))
        if logged.pain_advice:
            # the answer to the pain, at once; at the stop limit the page that follows is the
            # relief day, which gives the relief advice itself
            messages.error(request, logged.pain_advice[0], extra_tags="pain-alert")
        anchor = "main" if logged.pain_advice else f"ex-{logged.exercise}"
        return redirect(day_url(day, day == pages.local_today(user)) + f"#{anchor}")
    return _render_today(request, day, set_form=form, status=422)


def _show_set_error(form: SetForm, error: KneecoachError) -> None:
    """A refused set's error beside its field. A number left out where the exercise counts it
    (the domain's "give the reps done in this set", in English) is said as the form says a
    refused number, in the page's language and with the range (``set_field_messages``)."""
    field = (error.field or "").rsplit(".", 1)[-1]
    messages = set_field_messages()
    if isinstance(error, InvalidInput) and field in messages and not form.data.get(field):
        form.add_error(field, messages[field])
        return
    show_error(form, error)


def _already_logged_question(data: Mapping[str, Any]) -> str:
    side = {"left": _("left"), "right": _("right")}.get(data.get("side") or "", "")
    if side:
        return _("Set %(number)s (%(side)s) is logged already. Replace it with these numbers?") % {
            "number": data["set_number"],
            "side": side,
        }
    return _("Set %(number)s is logged already. Replace it with these numbers?") % {
        "number": data["set_number"]
    }


@require_POST
@login_required
def delete_set(request: HttpRequest, day: dt.date) -> HttpResponse:
    """Delete a set logged by mistake; JSON twin ``DELETE /api/sessions/{day}/sets/...``."""
    if (response := onboarding_first(request)) is not None:
        return response
    user = _user(request)
    form = DeleteSetForm(request.POST)
    back = day_url(day, day == pages.local_today(user))
    if not form.is_valid():
        messages.error(request, _("That set could not be found; nothing was deleted."))
        return redirect(back)
    data = form.cleaned_data
    try:
        coach.delete_set(
            user,
            day,
            data["exercise"],
            data["set_number"],
            data["side"] or None,
            today_=pages.local_today(user),
        )
    except KneecoachError:  # refused before anything was written
        messages.error(request, _("That set could not be found; nothing was deleted."))
        return redirect(back)
    messages.success(request, _("Set %(number)s deleted.") % {"number": data["set_number"]})
    return redirect(back + f"#ex-{data['exercise']}")


def _set_logged_message(logged: coach.SetView) -> str:
    side = {"left": _("left"), "right": _("right")}.get(logged.side or "", "")
    if side:
        return _("Set %(number)s (%(side)s) logged.") % {"number": logged.set_number, "side": side}
    return _("Set %(number)s logged.") % {"number": logged.set_number}


@require_POST
@login_required
def pain_after(request: HttpRequest, day: dt.date) -> HttpResponse:
    if (response := onboarding_first(request)) is not None:
        return response
    user = _user(request)
    form = PainAfterForm(request.POST)
    if form.is_valid():
        try:
            coach.record_pain_after(
                user, day, form.cleaned_data["pain"], today_=pages.local_today(user)
            )
        except KneecoachError as error:
            show_error(form, error)
            return rolled_back(_render_today(request, day, pain_form=form, status=error.status))
        messages.success(request, _("Pain after the session saved. See you tomorrow morning."))
        return redirect(day_url(day, day == pages.local_today(user)))
    return _render_today(request, day, pain_form=form, status=422)


@require_POST
@login_required
def report_stop(request: HttpRequest, day: dt.date) -> HttpResponse:
    """ "I had to stop": what made the session stop at once (sharp pain, a pop, new swelling,
    the knee giving way), or one taken back (``withdraw``); JSON twin
    ``POST /api/sessions/{day}/stop``. The day's page that follows shows the coach's advice."""
    if (response := onboarding_first(request)) is not None:
        return response
    user = _user(request)
    form = StopForm(request.POST, language=_language())
    if form.is_valid():
        withdraw = form.cleaned_data["withdraw"]
        try:
            coach.report_stop(
                user,
                day,
                coach.StopInput(frozenset(form.cleaned_data["events"]), withdraw=withdraw),
                today_=pages.local_today(user),
                language=_language(),
            )
        except KneecoachError as error:
            show_error(form, error)
            return rolled_back(_render_today(request, day, stop_form=form, status=error.status))
        if withdraw:
            messages.success(request, _("Taken back. Your plan is updated."))
        else:
            messages.success(request, _("Thank you for telling the coach. See what to do now."))
        return redirect(day_url(day, day == pages.local_today(user)) + "#stopped")
    return _render_today(request, day, stop_form=form, status=422)


@require_POST
@login_required
def checkin(request: HttpRequest) -> HttpResponse:
    """This morning's check-in (pain, swelling, stiffness, weight bearing); JSON twin
    ``POST /api/checkins``."""
    if (response := onboarding_first(request)) is not None:
        return response
    user = _user(request)
    today_ = pages.local_today(user)
    form = CheckinForm(request.POST)
    if form.is_valid():
        try:
            coach.checkin(
                user,
                today_,
                form.cleaned_data["pain"],
                swelling=form.cleaned_data["swelling"],
                stiffness=form.cleaned_data["stiffness"],
                cannot_bear_weight=form.cleaned_data["cannot_bear_weight"],
                before_session=form.cleaned_data.get("before_session", False),
                today_=today_,
            )
        except KneecoachError as error:
            if error.field == "before_session":  # asked in the page's words
                form.offer_before_session()
                form.add_error("before_session", _checkin_after_the_session_words())
            else:
                show_error(form, error)
            return rolled_back(
                _render_today(request, today_, checkin_form=form, status=error.status)
            )
        messages.success(request, _("Thank you: this morning's check-in is saved."))
        if form.cleaned_data["cannot_bear_weight"]:
            advice = _("If you cannot bear weight after a fall or twist, see a clinician today.")
            messages.error(request, advice)
        return redirect("today")
    return _render_today(request, today_, checkin_form=form, status=422)


def _checkin_after_the_session_words() -> str:
    """The page's words for ``coach.checkin``'s refusal of a check-in after today's session."""
    return _(
        "Today's session is logged, so its check-in is tomorrow morning. Tick the box if this "
        "one is about this morning, before the session; for pain now, give the pain after the "
        "session."
    )
