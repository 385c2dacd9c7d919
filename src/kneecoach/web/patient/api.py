"""The patient pages' JSON twins: onboarding, today, sets, pain after, a stopped session,
check-ins, screening and settings. Each operation calls the use case its page calls and returns
the same value.

Bodies are checked by shape here (types, lengths) and by the domain's rules in the use case; a
refusal is a 4xx in the one error shape naming the field (``pain``, ``side``, ``start_date``...),
and the request's transaction is rolled back, so nothing is saved.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status
from pydantic import StrictBool, StrictInt

from kneecoach.programme import limits
from kneecoach.programme.diary_json import IsoDate
from kneecoach.web.api_shared import ErrorOut, Text, api_user
from kneecoach.web.coach import services as coach
from kneecoach.web.patient import pages as services
from kneecoach.web.requests import active_language as _language
from kneecoach.web.types import (
    Answer,
    Language,
    PainfulSide,
    SetSide,
    StopEvent,
    Units,
    Weekday,
)

router = Router(tags=["patient"])
ERRORS = {401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}

# The bounds of ``programme.limits``, declared in the schema so the OpenAPI document says them.
Pain = Annotated[StrictInt, Field(ge=limits.PAIN_MIN, le=limits.PAIN_MAX)]
Effort = Annotated[StrictInt, Field(ge=limits.EFFORT_MIN, le=limits.EFFORT_MAX)]
Weekdays = Annotated[list[Weekday], Field(min_length=1, description="0 = Monday")]
Answers = Annotated[
    dict[Text, Answer],
    Field(description="red-flag question id -> its answer (yes / no / not_sure; S5: when)"),
]


class OnboardingIn(Schema):
    answers: Answers
    trained: StrictBool
    start_date: IsoDate
    painful_side: PainfulSide = "both"
    equipment: list[Text] = Field(default_factory=list)
    weekdays: Weekdays = Field(default_factory=lambda: list(range(7)))
    baseline_pain: Pain | None = None
    language: Language = "en"
    time_zone: Text = Field(default="Europe/Oslo", max_length=limits.TIME_ZONE_MAX)


class SetIn(Schema):
    exercise: Text = Field(min_length=1, max_length=limits.EXERCISE_SLUG_MAX)
    set_number: StrictInt = Field(ge=limits.SET_NUMBER_MIN, le=limits.SETS_MAX)
    pain: Pain = Field(description="pain during the set, 0-10")
    side: SetSide | None = Field(
        default=None, description="left / right for one-leg work; leave out for both legs"
    )
    reps: StrictInt | None = Field(default=None, ge=0, le=limits.REPS_MAX)
    seconds: StrictInt | None = Field(default=None, ge=0, le=limits.SECONDS_MAX)
    load: Text | None = Field(default=None, max_length=limits.LOAD_MAX)
    effort: Effort | None = None
    note: Text = Field(default="", max_length=limits.SET_NOTE_MAX)
    replace: StrictBool = Field(
        default=False, description="correct a set already logged (else that is a 409)"
    )


class PainIn(Schema):
    # The bounds here too, not only in the domain's rule: that one names the field
    # ``pain_after`` (the CLI's option), and this client sent ``pain``.
    pain: Pain = Field(description="pain about an hour after the session, 0-10")


class StopIn(Schema):
    events: list[StopEvent] = Field(
        min_length=1,
        description="what made you stop at once: sharp_pain (sharp, sudden pain), pop (a pop or "
        "a snap in the knee), new_swelling, giving_way (the knee gave way)",
    )
    withdraw: StrictBool = Field(
        default=False, description="take these events back (reported by mistake)"
    )


class CheckinIn(Schema):
    date: IsoDate | None = Field(default=None, description="the morning; today when left out")
    pain: Pain
    swelling: StrictBool = False
    stiffness: StrictBool = False
    cannot_bear_weight: StrictBool = False
    replace: StrictBool = False
    before_session: StrictBool = Field(
        default=False,
        description="today's session is logged and this is about this morning, before it "
        "(its own check-in is tomorrow morning); without it such a check-in is a 422",
    )


class ScreeningIn(Schema):
    answers: Answers


class SettingsIn(Schema):
    trained: StrictBool
    painful_side: PainfulSide
    equipment: list[Text]
    weekdays: Weekdays
    language: Language
    units: Units


@router.get("/onboarding", response={200: services.OnboardingPage, 401: ErrorOut})
def onboarding(request: HttpRequest) -> services.OnboardingPage:
    """What the onboarding wizard asks, and whether you are onboarded."""
    return services.onboarding_page(api_user(request), _language())


@router.post("/onboarding", response={201: coach.OnboardResult, **ERRORS})
def onboard(request: HttpRequest, payload: OnboardingIn) -> Status[coach.OnboardResult]:
    """The whole wizard in one body: screening answers and profile. A red flag saves the advice
    and locks the programme (``screening.locked``)."""
    user = api_user(request)
    today = services.local_today(user)
    services.check_start_date(payload.start_date, today)
    data = coach.ProfileInput(
        trained=payload.trained,
        start_date=payload.start_date,
        painful_side=payload.painful_side,
        equipment=frozenset(payload.equipment),
        weekdays=frozenset(payload.weekdays),
        baseline_pain=payload.baseline_pain,
        language=payload.language,
        time_zone=payload.time_zone,
    )
    return Status(201, coach.onboard(user, data, payload.answers, today))


@router.get("/today", response={200: services.TodayPage, **ERRORS})
def today(request: HttpRequest) -> services.TodayPage:
    """Today's session (the Today page), or the screening advice when it is locked."""
    user = api_user(request)
    profile = coach.profile_record(user)  # read once for the day and the page
    day = services.local_today(user, profile)
    return services.today_page(user, day, day, _language(), profile=profile)


@router.get("/today/{day}", response={200: services.TodayPage, **ERRORS})
def today_on(request: HttpRequest, day: IsoDate) -> services.TodayPage:
    """A past day's session, as the Today page shows it (never a future day, never before the
    programme's start: 422 naming ``date``). A read: only today's view saves the refresh."""
    user = api_user(request)
    profile = coach.profile_record(user)  # read once for the day and the page
    today_ = services.local_today(user, profile)
    return services.today_page(user, day, today_, _language(), profile=profile)


@router.get("/sessions/{day}", response={200: coach.SessionView, **ERRORS})
def session(request: HttpRequest, day: IsoDate) -> coach.SessionView:
    """What was logged on ``day``: every set, pain before and after."""
    return coach.session_view(api_user(request), day)


@router.post("/sessions/{day}/sets", response={201: coach.SetView, **ERRORS})
def log_set(request: HttpRequest, day: IsoDate, payload: SetIn) -> Status[coach.SetView]:
    """Log one set. The same set number and side again is a 409 unless ``replace`` (a
    correction). The answer says what to do
    now about the set's pain: ``pain_response`` is ``carry_on``, ``ease_off`` (above 5/10: ease
    off or stop that exercise) or ``stop_session`` (8/10 or more: end the session), and
    ``pain_advice`` words it in the request's language."""
    user = api_user(request)
    fields = payload.dict()
    replace = fields.pop("replace")
    data = coach.SetInput(**fields)
    profile = coach.profile_record(user)  # read once for the day and the set
    today_ = services.local_today(user, profile)
    saved = coach.log_set(
        user,
        day,
        data,
        today_=today_,
        language=_language(),
        replace=replace,
        profile=profile,  # None before onboarding: log_set reads it and says NotFound
    )
    return Status(201, saved)


@router.delete(
    "/sessions/{day}/sets/{exercise}/{set_number}",
    response={200: list[coach.SetView], **ERRORS},
)
def delete_set(
    request: HttpRequest, day: IsoDate, exercise: Text, set_number: int, side: Text | None = None
) -> list[coach.SetView]:
    """Delete a set logged by mistake (``side``: left / right for one-leg exercises). The day's
    remaining sets come back."""
    user = api_user(request)
    today_ = services.local_today(user)
    return list(coach.delete_set(user, day, exercise, set_number, side, today_=today_))


@router.post("/sessions/{day}/pain-after", response={200: coach.SessionView, **ERRORS})
def pain_after(request: HttpRequest, day: IsoDate, payload: PainIn) -> coach.SessionView:
    """Pain about an hour after the session (0-10)."""
    user = api_user(request)
    return coach.record_pain_after(user, day, payload.pain, today_=services.local_today(user))


@router.post("/sessions/{day}/stop", response={200: coach.StopView, **ERRORS})
def report_stop(request: HttpRequest, day: IsoDate, payload: StopIn) -> coach.StopView:
    """You had to stop the session at once: sharp sudden pain, a pop, new swelling or the knee
    giving way (the stop rule). The events are added to the day's session (made if nothing is
    logged yet; one reported twice counts once), or taken back with ``withdraw``. The answer is
    the events now recorded and what the coach now advises (``advice``: the relief it started,
    in the request's language). A future day, or an unknown event, is a 422 naming the field."""
    user = api_user(request)
    data = coach.StopInput(frozenset(payload.events), withdraw=payload.withdraw)
    today_ = services.local_today(user)
    return coach.report_stop(user, day, data, today_=today_, language=_language())


@router.post("/checkins", response={201: coach.CheckinView, **ERRORS})
def checkin(request: HttpRequest, payload: CheckinIn) -> Status[coach.CheckinView]:
    """The next-morning check-in. A second one for the same morning is a 409 unless ``replace``;
    one today after today's session is a 422 naming ``before_session`` unless that is true."""
    user = api_user(request)
    today_ = services.local_today(user)
    view = coach.checkin(
        user,
        payload.date or today_,
        payload.pain,
        swelling=payload.swelling,
        stiffness=payload.stiffness,
        cannot_bear_weight=payload.cannot_bear_weight,
        replace=payload.replace,
        before_session=payload.before_session,
        today_=today_,
    )
    return Status(201, view)


@router.post("/screening", response={200: coach.ScreeningOutcome, **ERRORS})
def screening(request: HttpRequest, payload: ScreeningIn) -> coach.ScreeningOutcome:
    """Answer the red-flag questions again; urgent or emergency locks the programme."""
    user = api_user(request)
    return coach.rescreen(user, payload.answers, services.local_today(user))


@router.get("/settings", response={200: services.SettingsPage, **ERRORS})
def get_settings(request: HttpRequest) -> services.SettingsPage:
    return services.settings_page(api_user(request), _language())


@router.put("/settings", response={200: services.SettingsPage, **ERRORS})
def put_settings(request: HttpRequest, payload: SettingsIn) -> services.SettingsPage:
    """Profile, language and units; nothing is saved unless all are valid."""
    user = api_user(request)
    return services.save_settings(
        user,
        trained=payload.trained,
        painful_side=payload.painful_side,
        equipment=frozenset(payload.equipment),
        weekdays=frozenset(payload.weekdays),
        language=payload.language,
        units=payload.units,
        today_=services.local_today(user),
    )
