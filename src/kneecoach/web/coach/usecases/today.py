"""The Today page's use case: a day's session with its doses, sides, rests and cues, what is
logged of it, and why.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from kneecoach.catalog.loader import default_catalog
from kneecoach.catalog.schema import Catalog
from kneecoach.programme import values
from kneecoach.programme.reasons import reason_texts
from kneecoach.programme.screening import rescreen_due_rule
from kneecoach.programme.wording import sentences
from kneecoach.web.coach import models
from kneecoach.web.coach.replay import advice_for
from kneecoach.web.coach.repository import STOP_EVENTS_JSON, User, load_profile
from kneecoach.web.coach.schemas import (
    LoggedExercise,
    SessionItem,
    SetView,
    TodayView,
    dose_view,
)
from kneecoach.web.coach.usecases.checks import check_day_shown, require_unlocked
from kneecoach.web.coach.usecases.presenting import (
    decision_view,
    exercise_name,
    in_place_of_name,
    relief_advice,
    set_view,
    stop_advice,
)
from kneecoach.web.compiled import CompiledRead, concrete_columns, instance


def today(
    user: User,
    day: dt.date,
    *,
    today_: dt.date | None = None,
    language: str | None = None,
    profile: models.Profile | None = None,
) -> TodayView:
    """The session for ``day`` (doses, sides, rests, cues), what is logged of it, and why.

    ``today_``: the clock's day, read at the edge (None: ``day`` is today). Only today's view
    saves the refresh; a view of another day is computed and saves nothing.
    ``language``: names and cues in the page's language rather than the profile's.
    ``profile``: the person's profile as this request already read it (``profile_record``);
    None reads it."""
    if profile is None:
        profile = load_profile(user)
    elif profile.user_id != user.pk:
        raise ValueError("the profile passed is another person's")
    check_day_shown(profile.start_date, day, today_)
    require_unlocked(profile)
    catalog = default_catalog()
    advice = advice_for(profile, day, today_, catalog)
    planned = next((p for p in advice.next_sessions if p.date == day), None)
    logged = _logged_sets(profile, day)
    language = language if language in models.Language.values else profile.language
    items = tuple(
        _session_item(catalog, p, logged.get(p.exercise, ()), language)
        for p in (planned.prescriptions if planned else ())
    )
    yesterday = day - dt.timedelta(days=1)
    sessions = {row[0]: row[1:] for row in _SESSIONS.rows(profile.pk, yesterday, day)}
    pain_after = {d: after for d, (after, _) in sessions.items()}
    stop_events = tuple(sorted(json.loads(sessions[day][1]))) if day in sessions else ()
    checkin_due = (
        day if yesterday in pain_after and _CHECKIN.first(profile.pk, day) is None else None
    )
    kind = planned.kind if planned else "rest"
    next_training = next(
        (p.date for p in advice.next_sessions if p.date > day and p.kind == "training"), None
    )
    return TodayView(
        day=day,
        kind=kind,
        focus=planned.focus if planned else None,
        state=advice.state,
        items=items,
        advice=sentences(reason_texts(advice.notes, language)),
        decisions=tuple(decision_view(d, language) for d in advice.decisions if d.date == day),
        pain_after=pain_after.get(day),
        checkin_due=checkin_due,
        next_training_day=next_training,
        stop_events=stop_events,
        stop_advice=stop_advice(advice, day, stop_events, language),
        relief_advice=(relief_advice(language),) if kind == "relief" else (),
        logged_off_plan=_logged_off_plan(catalog, items, logged, language),
    )


def _logged_off_plan(
    catalog: Catalog,
    items: Sequence[SessionItem],
    logged: dict[str, tuple[SetView, ...]],
    language: str,
) -> tuple[LoggedExercise, ...]:
    """The day's sets of exercises its plan does not prescribe (now): after a set at 8/10 the
    day is relief and prescribes nothing, but the sets logged stay the person's to correct."""
    planned = {item.exercise for item in items}
    return tuple(
        LoggedExercise(
            exercise=slug,
            name=exercise_name(catalog, slug, language),
            unit="seconds" if any(s.seconds is not None for s in sets) else "reps",
            sets=sets,
        )
        for slug, sets in logged.items()
        if slug not in planned
    )


def _session_item(
    catalog: Catalog, p: values.Prescription, logged: Sequence[SetView], language: str
) -> SessionItem:
    exercise = catalog.get(p.exercise)
    return SessionItem(
        exercise=p.exercise,
        name=exercise_name(catalog, p.exercise, language),
        performed_as=p.performed_as,
        performed_as_name=exercise_name(catalog, p.performed_as, language),
        focus=p.focus,
        dose=dose_view(p.dose),
        rest_seconds=p.rest_seconds,
        sides=tuple(p.sides),
        cues=exercise.cues_for(p.performed_as).get(language) if exercise else (),
        substitute_for=p.substitute_for,
        missing_equipment=tuple(p.missing_equipment),
        logged=tuple(logged),
        substitute_for_name=catalog.equipment_name(p.substitute_for, language)
        if p.substitute_for
        else None,
        in_place_of_name=in_place_of_name(
            catalog, p.exercise, p.dose.level, p.substitute_for, language
        ),
        missing_equipment_names=tuple(
            catalog.equipment_name(slug, language) for slug in p.missing_equipment
        ),
    )


# The day's own small reads, compiled once per process (web/compiled.py): the sets logged on the
# day, the day's and the day before's sessions (pain after; whether a check-in is due; what
# stopped the day's session), and whether the day's check-in is in.
_SET_COLUMNS = concrete_columns(models.LoggedSet)
_SETS = CompiledRead(
    lambda pk, day: (
        models.LoggedSet.objects.filter(session__profile_id=pk, session__day=day)
        .order_by("exercise", "set_number", "side")
        .values_list(*_SET_COLUMNS)
    ),
    int,
    dt.date,
)
_SESSIONS = CompiledRead(
    lambda pk, since, until: (
        models.LoggedSession.objects.filter(profile_id=pk, day__gte=since, day__lte=until)
        .annotate(stop_events_json=STOP_EVENTS_JSON)
        .values_list("day", "pain_after", "stop_events_json")
    ),
    int,
    dt.date,
    dt.date,
)
_CHECKIN = CompiledRead(
    lambda pk, day: models.MorningCheckin.objects.filter(profile_id=pk, day=day).values_list("pk")[
        :1
    ],
    int,
    dt.date,
)


_LAST_SCREENED = CompiledRead(
    lambda pk: (
        models.ScreeningRecord.objects.filter(profile_id=pk)
        .order_by("-answered_on", "-id")
        .values_list("answered_on")[:1]
    ),
    int,
)


def last_screened_on(profile: models.Profile) -> dt.date | None:
    """The day the safety questions were last answered (``latest_screening``'s), or None: for
    Today's weekly reminder, one small query compiled once per process."""
    row = _LAST_SCREENED.first(profile.pk)
    return row[0] if row else None


def rescreen_due(profile: models.Profile, today_: dt.date) -> dt.date | None:
    """Today's weekly reminder, on the web's Today page and the terminal's ``today``: the day
    the safety questions were last answered when they are due again
    (``screening.rescreen_due_rule``), else None. One small query (``last_screened_on``)."""
    answered_on = last_screened_on(profile)
    return answered_on if rescreen_due_rule(answered_on, today_) else None


def _logged_sets(profile: models.Profile, day: dt.date) -> dict[str, tuple[SetView, ...]]:
    by_exercise: dict[str, list[SetView]] = {}
    alias = _SETS.database()
    for fields in _SETS.rows(profile.pk, day):
        row = instance(models.LoggedSet, alias, fields)
        by_exercise.setdefault(row.exercise, []).append(set_view(day, row))
    return {slug: tuple(sets) for slug, sets in by_exercise.items()}
