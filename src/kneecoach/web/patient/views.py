"""The patient's pages: onboarding wizard, Today (with set logging, pain after, check-in),
Settings and the re-screening. Thin: a form, one use case, then a template or a redirect.

Every page renders a value from ``patient.services`` that its JSON twin (``patient.api``) returns.
Forms that show a KneecoachError beside a field render the page again and then call
``roll_back_request()`` (``_refused``), so the failed request saves nothing; rolling back first
would leave the transaction unusable for the queries that render the page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from typing import Any, Literal, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kneecoach.catalog.illustration import render_svg_cached
from kneecoach.catalog.loader import default_catalog
from kneecoach.errors import Conflict, KneecoachError
from kneecoach.web.coach import services as coach
from kneecoach.web.navigation import day_url
from kneecoach.web.patient import services
from kneecoach.web.patient.forms import (
    CheckinForm,
    DeleteSetForm,
    EquipmentForm,
    HistoryForm,
    PainAfterForm,
    ScheduleForm,
    ScreeningForm,
    SetForm,
    SettingsForm,
    plain_set_fields,
    show_error,
)
from kneecoach.web.requests import active_language as _language
from kneecoach.web.requests import request_user as _user
from kneecoach.web.rollback import roll_back_request

WIZARD = "kc_onboarding"
STEPS = ("screening", "history", "equipment", "schedule")



def _refused(response: HttpResponse) -> HttpResponse:
    """A form shown again after a KneecoachError: undo whatever the request wrote."""
    roll_back_request()
    return response



# --- onboarding -----------------------------------------------------------------------------------


def _wizard(request: HttpRequest) -> dict[str, Any]:
    state = request.session.get(WIZARD)
    return state if isinstance(state, dict) else {}


def _save_wizard(request: HttpRequest, state: dict[str, Any]) -> None:
    request.session[WIZARD] = state


def _first_missing_step(state: dict[str, Any]) -> str:
    return next((step for step in STEPS if step not in state), STEPS[-1])


def _onboarded(user: User) -> bool:
    profile = coach.find_profile(user)
    return profile is not None and profile.screening_status != "pending"


@require_GET
@login_required
def onboarding_start(request: HttpRequest) -> HttpResponse:
    """Where the home page sends a signed-in person: the wizard, or Today once onboarded."""
    if _onboarded(_user(request)):
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
    today = services.local_today(_user(request))
    schedule_initial = initial or {"start_date": today, "weekdays": [str(d) for d in range(7)]}
    return ScheduleForm(data, initial=schedule_initial, today=today)


def _screening_verdict(request: HttpRequest, answers: dict[str, str]) -> coach.ScreeningOutcome:
    today = services.local_today(_user(request))
    return coach.screening_verdict(answers, today, _language())


@require_http_methods(["GET", "POST"])
@login_required
def onboarding_step(request: HttpRequest, step: str) -> HttpResponse:
    """One step of the wizard. Answers stay in the session until the last step saves them all."""
    user = _user(request)
    if step not in STEPS:
        return redirect("onboarding_required")
    if _onboarded(user):
        return redirect("today")
    state = _wizard(request)
    verdict = _screening_verdict(request, state["screening"]) if "screening" in state else None
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
        state[step] = _jsonable(form.cleaned_data)
        _save_wizard(request, state)
        if step == "screening":
            verdict = _screening_verdict(request, state["screening"])
            if verdict.locked:
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
        "page": services.onboarding_page(_user(request), _language()),
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
        coach.onboard(user, data, state["screening"], services.local_today(user))
    except KneecoachError as error:
        show_error(form, error)
        verdict = _screening_verdict(request, state["screening"])
        return _refused(
            _render_step(request, "schedule", form, verdict=verdict, status=error.status)
        )
    del request.session[WIZARD]
    messages.success(request, _("Your programme is ready."))
    return redirect("today")


# --- today ----------------------------------------------------------------------------------------


def _today_or_onboarding(request: HttpRequest) -> HttpResponse | None:
    if not _onboarded(_user(request)):
        return redirect("onboarding_required")
    return None


def _next_set(item: coach.SessionItem) -> tuple[int, str | None]:
    """The first set (and side) of the dose not logged yet; past the dose, one more set."""
    sides: tuple[str | None, ...] = item.sides or (None,)
    done = {(s.set_number, s.side) for s in item.logged}
    for number in range(1, item.dose.sets + 1):
        for side in sides:
            if (number, side) not in done:
                return number, side
    return min(item.dose.sets + 1, 10), sides[0]


def _set_initial(item: coach.SessionItem) -> dict[str, Any]:
    """What a card's set form starts with: the next set at the dose. Pain starts unchosen, so
    a set is never saved with the last set's pain by a tap on "Log this set"."""
    number, side = _next_set(item)
    return {
        "exercise": item.exercise,
        "set_number": number,
        "side": side or "",
        "reps": item.dose.reps,
        "seconds": item.dose.seconds,
        "load": item.dose.load or "",
        "pain": None,
    }


def _sets_to_do(item: coach.SessionItem) -> int:
    return item.dose.sets * max(1, len(item.sides))


def _sets_done(item: coach.SessionItem) -> int:
    """The prescribed sets (number and side) logged; extra sets beyond the dose do not count."""
    sides: tuple[str | None, ...] = item.sides or (None,)
    wanted = {(n, side) for n in range(1, item.dose.sets + 1) for side in sides}
    return len(wanted & {(s.set_number, s.side) for s in item.logged})


def _set_card(item: coach.SessionItem, refused: SetForm | None) -> dict[str, Any]:
    """A card's set form as plain fields: the refused form (posted values and errors) when it
    was this card's, else the next set's initial values."""
    number, side = _next_set(item)
    unit = "seconds" if item.dose.seconds is not None else "reps"
    row = ["set_number", *(["side"] if item.sides else []), unit]
    auto_id = f"id_{item.exercise}_%s"
    values: Any = refused.data if refused is not None else _set_initial(item)
    errors: Any = refused.errors if refused is not None else {}
    return {
        "unit": unit,
        "hidden": plain_set_fields(["exercise"], values, errors, auto_id)[0],
        # The first ``row_size`` share a row; then the pain buttons, the load and the note.
        "fields": plain_set_fields([*row, "pain", "load", "note"], values, errors, auto_id),
        "row_size": len(row),
        "seconds_id": auto_id % "seconds",
        "top_errors": _errors_not_beside_a_field(errors, item),
        "conflict": getattr(refused, "conflict", False),
        "next_number": number,
        "next_side": side,
        "next_side_word": {"left": _("left"), "right": _("right")}.get(side or "", ""),
        "done": _sets_done(item) >= _sets_to_do(item),
    }


def _render_today(
    request: HttpRequest,
    day: dt.date,
    *,
    set_form: SetForm | None = None,
    pain_form: PainAfterForm | None = None,
    checkin_form: CheckinForm | None = None,
    status: int = 200,
    today_: dt.date | None = None,
) -> HttpResponse:
    user = _user(request)
    today_ = today_ or services.local_today(user)
    page = services.today_page(user, day, today_, _language())
    catalog = default_catalog()
    equipment = {o.value: o.name for o in services.equipment_options(_language())}
    checks = {(c.exercise, c.set_number, c.side): c for c in page.video_checks}
    cards = []
    current = None  # the exercise to do now: its card is open, the others fold
    for item in page.session.items if page.session else ():
        if current is None and _sets_done(item) < _sets_to_do(item):
            current = item.exercise
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
                "logged_rows": _logged_rows(page, item, checks),
                "refused": refused,
                "open": item.exercise == current or refused is not None,
            }
        )
    _render_cards(request, page, cards)
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
        "logged_any": any(item.logged for item in (page.session.items if page.session else ())),
        "progress": _progress(page.session.items if page.session else ()),
        **_notes(page.session),
        "day_url": day_url(page.day, page.is_today),
    }
    return render(request, "patient/today.html", context, status=status)


def _notes(session: coach.TodayView | None) -> dict[str, Any]:
    """The coach's notes and the reasons for today's doses, each sentence said once: a reason
    already among the notes is not repeated under the doses, and on a relief day the relief
    advice, which the page lists itself, is not repeated at all."""
    if session is None:
        return {"notes": [], "why": []}
    said = set(coach.relief_advice_sentences() if session.kind == "relief" else ())
    notes = [note for note in session.advice if note not in said]
    said |= set(notes)
    why = []
    for decision in session.decisions:
        reasons = [reason for reason in decision.reasons if reason not in said]
        said |= set(reasons)
        if reasons:
            why.append(reasons)
    return {"notes": notes, "why": why}


def _progress(items: Sequence[coach.SessionItem]) -> dict[str, Any]:
    """How far the day's session is: exercises and sets done of those prescribed, the highest
    pain logged, and whether it is complete (for "3 of 7 done" and the closing summary)."""
    done = sum(1 for item in items if _sets_done(item) >= _sets_to_do(item))
    pains = [s.pain for item in items for s in item.logged]
    return {
        "done": done,
        "total": len(items),
        "sets_done": sum(_sets_done(item) for item in items),
        "sets_total": sum(_sets_to_do(item) for item in items),
        "max_pain": max(pains, default=None),
        "complete": bool(items) and done == len(items),
    }


# The csrf_token a cached card is rendered with; each request puts its own token in its place.
CSRF_SLOT = "kneecoach-csrf-token-slot"


def _render_cards(
    request: HttpRequest, page: services.TodayPage, cards: list[dict[str, Any]]
) -> None:
    """Each card's HTML, reused from the cache when everything it shows is unchanged.

    The cards are most of the Today page's rendering time, and most requests show the same
    cards as the last one (a set logged changes one card). The cache key is the whole context
    a card is rendered from (the session item with its dose and logged sets, from which the set
    form's values follow; the video checks, the day, the language), so nothing has to be
    invalidated; a card showing a refused form is never cached. The CSRF token is the one
    per-request value: the card is rendered with a placeholder and the request's token goes in
    afterwards.
    """
    shared = {
        "day": page.day,
        "camera": page.camera,
        "log_set_url": reverse("log_set", args=[page.day]),
        "log_set_api": reverse("api:log_set", args=[page.day]),
        "delete_set_url": reverse("delete_set", args=[page.day]),
        "pain_choices": tuple(range(11)),
        "timer_words": _timer_words(),
        "language": _language(),
    }
    token = get_token(request)
    for card in cards:
        html = _card_html(card, shared)
        card["html"] = mark_safe(html.replace(CSRF_SLOT, token))  # noqa: S308 - our template


def _card_html(card: dict[str, Any], shared: dict[str, Any]) -> str:
    refused = card.pop("refused")
    if refused is not None:
        return _render_card(card, shared, refused)
    # The figure is keyed by its exercise and language (both in the key), not its 20 kB text.
    described = repr(sorted({**shared, **card, "svg": None}.items()))
    key = "today-card:" + hashlib.sha256(described.encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = _render_card(card, shared, None)
        cache.set(key, html, timeout=3600)
    return str(html)


def _render_card(card: dict[str, Any], shared: dict[str, Any], refused: SetForm | None) -> str:
    card.update(_set_card(card["item"], refused))
    context = {**shared, "card": card, "item": card["item"], "csrf_token": CSRF_SLOT}
    return render_to_string("patient/_exercise_card.html", context)


def _logged_rows(
    page: services.TodayPage,
    item: coach.SessionItem,
    checks: Mapping[tuple[str, int, str | None], services.VideoCheckBrief],
) -> list[dict[str, Any]]:
    """Each logged set with its newest camera check and where to attach a video of it."""
    rows = []
    for logged in item.logged:
        key = (item.exercise, logged.set_number, logged.side)
        attach = reverse(
            "attach_video",
            args=[page.day, item.exercise, logged.set_number, logged.side or "both"],
        )
        check = checks.get(key)
        check_url = reverse("video_check", args=[check.id]) if check else None
        rows.append(
            {
                "set": logged,
                "check": check,
                "check_url": check_url,
                "attach_url": attach,
                "key": f"{logged.set_number}-{logged.side or 'both'}",
                "amount": logged.seconds if item.dose.seconds is not None else logged.reps,
            }
        )
    return rows


def _timer_words() -> dict[str, str]:
    """The countdowns' wording (two per card), translated once per page."""
    return {
        "start": _("Start"),
        "pause": _("Pause"),
        "resume": _("Resume"),
        "started": _("Started:"),
        "paused": _("Paused at"),
        "left": _("seconds left"),
        "done": _("Time is up."),
        "reset": _("Reset"),
        "set_label": _("Timer for the set"),
        "rest_label": _("Rest timer"),
    }


def _errors_not_beside_a_field(
    errors: Mapping[str, Sequence[Any]], item: coach.SessionItem
) -> list[str]:
    """The messages for fields this card does not show (seconds on a reps exercise, the side
    of a two-legged one, the exercise itself) and for the form as a whole."""
    shown = {"set_number", "pain", "load", "note", "replace"}
    shown.add("seconds" if item.dose.seconds is not None else "reps")
    if item.sides:
        shown.add("side")
    return [str(m) for name, ms in errors.items() if name not in shown for m in ms]


@require_GET
@login_required
def today(request: HttpRequest) -> HttpResponse:
    """Today's session; JSON twin ``GET /api/today``."""
    if (response := _today_or_onboarding(request)) is not None:
        return response
    today_ = services.local_today(_user(request))
    return _render_today(request, today_, today_=today_)


@require_GET
@login_required
def today_day(request: HttpRequest, day: dt.date) -> HttpResponse:
    """A past day's session, to fill in one not logged at the time (``/api/today/{day}``).
    Viewing it saves nothing; a day outside the window is the error page, 422."""
    if (response := _today_or_onboarding(request)) is not None:
        return response
    return _render_today(request, day)


@require_POST
@login_required
def log_set(request: HttpRequest, day: dt.date) -> HttpResponse:
    """Log one set; without JavaScript the form posts here and comes back to the card."""
    if (response := _today_or_onboarding(request)) is not None:
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
                today_=services.local_today(user),
                language=_language(),
                replace=data["replace"],
            )
        except KneecoachError as error:
            if isinstance(error, Conflict):
                # the same set again: ask, with the posted values kept, before replacing it
                form.add_error(None, _already_logged_question(data))
                form.conflict = True  # type: ignore[attr-defined]
            else:
                show_error(form, error)
            return _refused(_render_today(request, day, set_form=form, status=error.status))
        messages.success(request, _set_logged_message(logged))
        if logged.pain_advice:
            # the answer to the pain, at once; at the stop limit the page that follows is the
            # relief day, which gives the relief advice itself
            messages.error(request, logged.pain_advice[0], extra_tags="pain-alert")
        anchor = "main" if logged.pain_advice else f"ex-{logged.exercise}"
        return redirect(day_url(day, day == services.local_today(user)) + f"#{anchor}")
    return _render_today(request, day, set_form=form, status=422)


def _already_logged_question(data: Mapping[str, Any]) -> str:
    side = {"left": _("left"), "right": _("right")}.get(data.get("side") or "", "")
    if side:
        return _(
            "Set %(number)s (%(side)s) is logged already. Replace it with these numbers?"
        ) % {"number": data["set_number"], "side": side}
    return _("Set %(number)s is logged already. Replace it with these numbers?") % {
        "number": data["set_number"]
    }


@require_POST
@login_required
def delete_set(request: HttpRequest, day: dt.date) -> HttpResponse:
    """Delete a set logged by mistake; JSON twin ``DELETE /api/sessions/{day}/sets/...``."""
    if (response := _today_or_onboarding(request)) is not None:
        return response
    user = _user(request)
    form = DeleteSetForm(request.POST)
    back = day_url(day, day == services.local_today(user))
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
            today_=services.local_today(user),
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
    if (response := _today_or_onboarding(request)) is not None:
        return response
    user = _user(request)
    form = PainAfterForm(request.POST)
    if form.is_valid():
        try:
            coach.record_pain_after(
                user, day, form.cleaned_data["pain"], today_=services.local_today(user)
            )
        except KneecoachError as error:
            show_error(form, error)
            return _refused(_render_today(request, day, pain_form=form, status=error.status))
        messages.success(request, _("Pain after the session saved. See you tomorrow morning."))
        return redirect(day_url(day, day == services.local_today(user)))
    return _render_today(request, day, pain_form=form, status=422)


@require_POST
@login_required
def checkin(request: HttpRequest) -> HttpResponse:
    """This morning's check-in (pain, swelling, stiffness, weight bearing); JSON twin
    ``POST /api/checkins``."""
    if (response := _today_or_onboarding(request)) is not None:
        return response
    user = _user(request)
    today_ = services.local_today(user)
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
                today_=today_,
            )
        except KneecoachError as error:
            show_error(form, error)
            return _refused(_render_today(request, today_, checkin_form=form, status=error.status))
        messages.success(request, _("Thank you: this morning's check-in is saved."))
        if form.cleaned_data["cannot_bear_weight"]:
            advice = _("If you cannot bear weight after a fall or twist, see a clinician today.")
            messages.error(request, advice)
        return redirect("today")
    return _render_today(request, today_, checkin_form=form, status=422)


# --- settings -------------------------------------------------------------------------------------


def _settings_initial(page: services.SettingsPage) -> dict[str, Any]:
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
    if (response := _today_or_onboarding(request)) is not None:
        return response
    user = _user(request)
    page = services.settings_page(user, _language())
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
                services.save_settings(
                    user,
                    trained=data["trained"] == "yes",
                    painful_side=data["painful_side"],
                    equipment=frozenset(data["equipment"]),
                    weekdays=frozenset(int(d) for d in data["weekdays"]),
                    language=data["language"],
                    units=data["units"],
                    today_=services.local_today(user),
                )
            except KneecoachError as error:
                show_error(form, error)
                context = {"page": page, "form": form}
                return _refused(
                    render(request, "patient/settings.html", context, status=error.status)
                )
            return _settings_saved(request, data["language"])
    context = {"page": page, "form": form}
    return render(request, "patient/settings.html", context, status=status)


def _settings_saved(request: HttpRequest, language: str) -> HttpResponse:
    """Apply the saved language now (cookie, as Django's language switcher does)."""
    from django.conf import settings as django_settings

    translation.activate(language)
    messages.success(request, _("Settings saved."))
    response = redirect("settings")
    response.set_cookie(
        django_settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=django_settings.LANGUAGE_COOKIE_AGE,
        path=django_settings.LANGUAGE_COOKIE_PATH,
        domain=django_settings.LANGUAGE_COOKIE_DOMAIN,
        secure=django_settings.LANGUAGE_COOKIE_SECURE,
        httponly=django_settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=cast(Literal["Lax", "Strict", "None"], django_settings.LANGUAGE_COOKIE_SAMESITE),
    )
    return response


@require_http_methods(["GET", "POST"])
@login_required
def rescreen(request: HttpRequest) -> HttpResponse:
    """Answer the red-flag questions again; JSON twin ``POST /api/screening``."""
    if (response := _today_or_onboarding(request)) is not None:
        return response
    user = _user(request)
    form = ScreeningForm(request.POST or None, language=_language())
    outcome, refused = None, False
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            outcome = coach.rescreen(
                user, services.answers_from(form.cleaned_data), services.local_today(user)
            )
            status = 200
        except KneecoachError as error:
            show_error(form, error)
            status, refused = error.status, True
    context = {
        "page": services.onboarding_page(user, _language()),
        "form": form,
        "outcome": outcome,
    }
    response = render(request, "patient/rescreen.html", context, status=status)
    return _refused(response) if refused else response
