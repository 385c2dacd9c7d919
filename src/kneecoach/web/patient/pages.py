"""The patient pages' values: each page and its JSON twin render one of these, built by one call.

The domain use cases live in ``kneecoach.web.coach.services`` (frozen dataclasses); a page value
bundles them with what only the page needs (the equipment list in the page's language, the
person's units) as a pydantic model, so the page and ``/api/...`` serialize the same thing.
The Today page's own decisions (which set comes next, what counts as done, which notes to say)
are here too, so its views only render.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from pydantic import BaseModel

from kneecoach.catalog.loader import default_catalog
from kneecoach.errors import InvalidInput, NotFound, ScreeningBlocked
from kneecoach.web.camera import services as camera
from kneecoach.web.coach import models as coach_models
from kneecoach.web.coach import services as coach
from kneecoach.web.coach.models import ScreeningStatus
from kneecoach.web.compiled import CompiledRead
from kneecoach.web.outcomes import services as outcomes
from kneecoach.web.patient.models import Preferences, Units
from kneecoach.web.requests import local_today as local_today  # pages.local_today: the views

User = AbstractBaseUser
LOCKED = coach.LOCKED_LEVELS
START_DAYS_BACK = 30
START_DAYS_AHEAD = 90


class Option(BaseModel):
    """A choice as a form shows it: the value sent and its name in the page's language."""

    value: str
    name: str


class OnboardingPage(BaseModel):
    """What onboarding asks (the red-flag questions, the equipment) and where the person is."""

    onboarded: bool
    questions: list[coach.ScreeningQuestion]
    answers: list[Option]
    equipment: list[Option]
    screening: coach.ScreeningOutcome | None


class VideoCheckBrief(BaseModel):
    """The newest camera check of one logged set (details: ``/api/video-checks/{id}``)."""

    id: uuid.UUID
    exercise: str
    set_number: int
    side: str | None
    status: str
    counted: int | None
    unit: str


class TodayPage(BaseModel):
    """A day's session for the Today page. ``locked``: the screening's advice instead."""

    day: dt.date
    is_today: bool
    locked: bool
    screening: coach.ScreeningOutcome | None
    session: coach.TodayView | None
    units: str
    video_checks: list[VideoCheckBrief] = []
    camera: bool = False
    questionnaire_due: outcomes.DueNotice | None = None
    rescreen_due: dt.date | None = None
    """Today's page only: the day the safety questions were last answered, when that is a week
    or more ago (they are asked again weekly)."""


class SettingsPage(BaseModel):
    profile: coach.ProfileView
    units: str
    equipment: list[Option]
    screening: coach.ScreeningOutcome | None


def _language(language: str) -> str:
    return language if language in ("en", "nb") else "en"


def equipment_options(language: str) -> list[Option]:
    lang = _language(language)
    return [Option(value=i.slug, name=i.name.get(lang)) for i in default_catalog().equipment]


def answer_options(language: str) -> list[Option]:
    names = {"en": ("Yes", "No", "Not sure"), "nb": ("Ja", "Nei", "Usikker")}[_language(language)]
    return [Option(value=v, name=n) for v, n in zip(("yes", "no", "not_sure"), names, strict=True)]


def onboarding_page(user: User, language: str) -> OnboardingPage:
    onboarded = coach.has_profile(user) and (
        coach.get_profile(user).screening_status != ScreeningStatus.PENDING
    )
    return OnboardingPage(
        onboarded=onboarded,
        questions=list(coach.screening_questions(_language(language))),
        answers=answer_options(language),
        equipment=equipment_options(language),
        screening=coach.latest_screening(user),
    )


def today_page(
    user: User,
    day: dt.date,
    today_: dt.date,
    language: str,
    *,
    profile: coach_models.Profile | None = None,
) -> TodayPage:
    """The Today page for ``day`` (today, or a past day being filled in; never the future).
    Only today's page saves the refresh; a past day's is computed and saves nothing.
    ``profile``: the person's profile as this request already read it (``coach.profile_record``;
    None: read it here), so the page's use cases read it once between them."""
    if day > today_:
        raise InvalidInput(f"{day} is in the future; open today's session instead", field="date")
    if profile is None:
        profile = coach.profile_record(user)
    units = get_units(user)
    if profile is None:
        raise NotFound("no profile yet; complete onboarding first", field="user")
    try:
        session = coach.today(
            user, day, today_=today_, language=_language(language), profile=profile
        )
    except ScreeningBlocked:
        if profile.screening_status not in LOCKED:
            raise
        screening = coach.latest_screening(user)
        return TodayPage(
            day=day,
            is_today=day == today_,
            locked=True,
            screening=screening,
            session=None,
            units=units,
        )
    return TodayPage(
        day=day,
        is_today=day == today_,
        locked=False,
        screening=None,
        session=session,
        units=units,
        video_checks=(_video_checks(user, day) if any(i.logged for i in session.items) else []),
        camera=camera.camera_available(),
        questionnaire_due=(
            outcomes.due_notice(user, today_, _language(language), profile=profile)
            if day == today_
            else None
        ),
        rescreen_due=coach.rescreen_due(profile, today_) if day == today_ else None,
    )


def _video_checks(user: User, day: dt.date) -> list[VideoCheckBrief]:
    return [
        VideoCheckBrief(
            id=check.uuid,
            exercise=exercise,
            set_number=number,
            side=side,
            status=camera.shown_status(check),
            counted=check.counted,
            unit=check.unit,
        )
        for (exercise, number, side), check in camera.latest_checks(user, day).items()
    ]


def settings_page(user: User, language: str) -> SettingsPage:
    return SettingsPage(
        profile=coach.get_profile(user),
        units=get_units(user),
        equipment=equipment_options(language),
        screening=coach.latest_screening(user),
    )


# Read on every Today page: compiled once per process.
_UNITS = CompiledRead(
    lambda user_id: (
        Preferences.objects.filter(user_id=user_id).order_by("pk").values_list("units")[:1]
    ),
    int,
)


def get_units(user: User) -> str:
    row = _UNITS.first(user.pk)
    return (row[0] if row else None) or Units.METRIC


def set_units(user: User, units: str) -> str:
    if units not in Units.values:
        raise InvalidInput(f"units must be one of {', '.join(Units.values)}", field="units")
    Preferences.objects.update_or_create(user_id=user.pk, defaults={"units": units})
    return units


def save_settings(
    user: User,
    *,
    trained: bool,
    painful_side: str,
    equipment: frozenset[str],
    weekdays: frozenset[int],
    language: str,
    units: str,
    today_: dt.date,
) -> SettingsPage:
    """Profile, language and units together: all checked before any is saved (an error in one
    leaves the others as they were; the request's transaction rolls back)."""
    if units not in Units.values:
        raise InvalidInput(f"units must be one of {', '.join(Units.values)}", field="units")
    coach.update_profile(
        user,
        trained=trained,
        painful_side=painful_side,
        equipment=equipment,
        weekdays=weekdays,
        language=language,
        today_=today_,
    )
    set_units(user, units)
    return settings_page(user, language)


def save_language(user: User, language: str) -> None:
    """The footer's language choice, kept on the profile (none yet before onboarding: the
    wizard saves the page's language with the profile)."""
    profile = coach.find_profile(user)
    if profile is None or profile.language == language:
        return
    coach.update_profile(
        user,
        trained=profile.trained,
        painful_side=profile.painful_side,
        equipment=frozenset(profile.equipment),
        weekdays=frozenset(profile.weekdays),
        language=language,
        today_=local_today(user),
    )


def check_start_date(start: dt.date, today_: dt.date) -> None:
    """A programme starts within a month back (to log sessions already done) or three ahead."""
    earliest = today_ - dt.timedelta(days=START_DAYS_BACK)
    latest = today_ + dt.timedelta(days=START_DAYS_AHEAD)
    if not earliest <= start <= latest:
        raise InvalidInput(
            f"choose a start date from {earliest.isoformat()} to {latest.isoformat()}",
            field="start_date",
        )


def answers_from(data: Mapping[str, str]) -> dict[str, str]:
    """The screening answers among posted data (question id -> answer), in question order; an
    optional question left blank (S5C) is left out, so it counts as not answered."""
    return {q.id: data[q.id] for q in coach.screening_questions() if data.get(q.id)}


# --- the Today page's decisions ------------------------------------------------------------------


def is_onboarded(user: User) -> bool:
    """Onboarded: a profile whose screening is answered (else the pages send to the wizard)."""
    return onboarded(coach.profile_record(user))


def onboarded(profile: coach_models.Profile | None) -> bool:
    """``is_onboarded`` of a profile this request already read."""
    return profile is not None and profile.screening_status != ScreeningStatus.PENDING


def next_set(item: coach.SessionItem) -> tuple[int, str | None]:
    """The first set (and side) of the dose not logged yet; past the dose, one more set."""
    sides: tuple[str | None, ...] = item.sides or (None,)
    done = {(s.set_number, s.side) for s in item.logged}
    for number in range(1, item.dose.sets + 1):
        for side in sides:
            if (number, side) not in done:
                return number, side
    return min(item.dose.sets + 1, 10), sides[0]


def set_initial(item: coach.SessionItem) -> dict[str, Any]:
    """What a card's set form starts with: the next set at the dose. Pain starts unchosen, so
    a set is never saved with the last set's pain by a tap on "Log this set"."""
    number, side = next_set(item)
    return {
        "exercise": item.exercise,
        "set_number": number,
        "side": side or "",
        "reps": item.dose.reps,
        "seconds": item.dose.seconds,
        "load": item.dose.load or "",
        "pain": None,
    }


def sets_to_do(item: coach.SessionItem) -> int:
    return item.dose.sets * max(1, len(item.sides))


def sets_done(item: coach.SessionItem) -> int:
    """The prescribed sets (number and side) logged; extra sets beyond the dose do not count."""
    sides: tuple[str | None, ...] = item.sides or (None,)
    wanted = {(n, side) for n in range(1, item.dose.sets + 1) for side in sides}
    return len(wanted & {(s.set_number, s.side) for s in item.logged})


def session_notes(session: coach.TodayView | None) -> dict[str, Any]:
    """The coach's notes and the reasons for today's doses, each sentence said once: a reason
    already among the notes is not repeated under the doses, and on a relief day the relief
    advice, which the page lists itself, is not repeated at all."""
    if session is None:
        return {"notes": [], "why": []}
    said = set(coach.relief_advice_sentences() if session.kind == "relief" else ())
    notes = [note for note in session.advice if note not in said]
    said |= set(notes) | set(session.stop_advice)  # the stop's own section says these
    why = []
    for decision in session.decisions:
        reasons = [reason for reason in decision.reasons if reason not in said]
        said |= set(reasons)
        if reasons:
            why.append(reasons)
    return {"notes": notes, "why": why}


def stop_advice_shown(session: coach.TodayView | None) -> list[str]:
    """The engine's advice after a stopped session, as the stop section lists it: on a relief day
    the relief card lists the comfort measures, so their sentence is not repeated."""
    if session is None:
        return []
    said = set(coach.relief_advice_sentences() if session.kind == "relief" else ())
    return [line for line in session.stop_advice if line not in said]


def session_progress(items: Sequence[coach.SessionItem]) -> dict[str, Any]:
    """How far the day's session is: exercises and sets done of those prescribed, the highest
    pain logged, and whether it is complete (for "3 of 7 done" and the closing summary)."""
    done = sum(1 for item in items if sets_done(item) >= sets_to_do(item))
    pains = [s.pain for item in items for s in item.logged]
    return {
        "done": done,
        "total": len(items),
        "sets_done": sum(sets_done(item) for item in items),
        "sets_total": sum(sets_to_do(item) for item in items),
        "max_pain": max(pains, default=None),
        "complete": bool(items) and done == len(items),
    }


def current_exercise(items: Sequence[coach.SessionItem]) -> str | None:
    """The exercise to do now (its card is open, the others fold): the first not done."""
    return next((i.exercise for i in items if sets_done(i) < sets_to_do(i)), None)
