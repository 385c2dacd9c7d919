"""What a person writes in the diary: sets (logged, corrected, deleted), whole sessions, pain after
a session, the morning check-in. Each write replays the diary (``replay.refresh``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from kneecoach.catalog.loader import default_catalog
from kneecoach.catalog.schema import Catalog
from kneecoach.errors import Conflict, InvalidInput, NotFound
from kneecoach.programme import values
from kneecoach.programme.pain_words import pain_advice
from kneecoach.programme.values import LOCKED_LEVELS
from kneecoach.web.coach import models
from kneecoach.web.coach.inputs import SetInput
from kneecoach.web.coach.replay import refresh
from kneecoach.web.coach.repository import User, load_profile
from kneecoach.web.coach.schemas import CheckinView, SessionView, SetView
from kneecoach.web.coach.usecases.checks import require_exercise, require_unlocked
from kneecoach.web.coach.usecases.presenting import set_view


def _check_day(profile: models.Profile, day: dt.date, today_: dt.date, what: str) -> None:
    if day > today_:
        raise InvalidInput(f"cannot log {what} for a future date ({day})", field="date")
    if day < profile.start_date:
        raise InvalidInput(
            f"{day} is before the programme's start date {profile.start_date}", field="date"
        )


def _validated_set(catalog: Catalog, data: SetInput) -> values.SetLog:
    exercise = require_exercise(catalog, data.exercise)
    side = data.side
    if exercise.unilateral or exercise.dose.per_side:
        if side not in values.SIDES:
            raise InvalidInput(
                f"{exercise.slug} is done one leg at a time: give the side (left or right)",
                field="side",
            )
    elif side not in (None, "both"):
        raise InvalidInput(
            f"{exercise.slug} is done with both legs together: leave the side out", field="side"
        )
    # A version may count seconds (a hold) where the exercise counts reps.
    units = exercise.dose_units
    if "reps" not in units and data.reps is not None:
        raise InvalidInput(f"{exercise.slug} is timed: give seconds, not reps", field="reps")
    if "seconds" not in units and data.seconds is not None:
        raise InvalidInput(f"{exercise.slug} is counted in reps, not seconds", field="seconds")
    if data.reps is None and data.seconds is None:
        field_name = "seconds" if units == {"seconds"} else "reps"
        raise InvalidInput(f"give the {field_name} done in this set", field=field_name)
    return values.SetLog(
        exercise=exercise.slug,
        set_number=data.set_number,
        pain=data.pain,
        side=side if side in values.SIDES else None,
        reps=data.reps,
        seconds=data.seconds,
        load=data.load or None,
        effort=data.effort,
        technique_flag=data.technique_flag,
    )


def _session_for(profile: models.Profile, day: dt.date) -> models.LoggedSession:
    session, _ = models.LoggedSession.objects.get_or_create(profile=profile, day=day)
    return session


def log_set(
    user: User,
    day: dt.date,
    data: SetInput,
    *,
    today_: dt.date,
    language: str | None = None,
    replace: bool = False,
) -> SetView:
    """Save one set of ``day``'s session (created on the first set). The same set number and
    side logged again is a ``Conflict`` (asked, never silently overwritten); with ``replace``
    it corrects the earlier entry, which is never counted twice.

    The answer carries what to do now about the set's pain (``pain_response``, and
    ``pain_advice`` worded in ``language``, the profile's by default): ease off above 5/10,
    end the session at 8/10."""
    profile = load_profile(user)
    require_unlocked(profile)
    _check_day(profile, day, today_, "a set")
    checked = _validated_set(default_catalog(), data)
    already = _logged_set(profile, day, checked.exercise, checked.set_number, checked.side)
    if already is not None and not replace:
        raise Conflict(_already_logged(checked), field="set_number")
    _save_set(profile, day, checked, data.note)
    refresh(profile, today_)
    row = models.LoggedSet.objects.get(
        session__profile=profile,
        session__day=day,
        exercise=checked.exercise,
        set_number=checked.set_number,
        side=checked.side or models.Side.BOTH,
    )
    response, advice = pain_advice(row.pain, language or profile.language)
    return dataclasses.replace(set_view(day, row), pain_response=response, pain_advice=advice)


def _already_logged(s: values.SetLog) -> str:
    side = f" ({s.side})" if s.side else ""
    return (
        f"set {s.set_number}{side} of {s.exercise} is already logged; "
        "send it again with replace to correct it"
    )


def _logged_set(
    profile: models.Profile, day: dt.date, exercise: str, set_number: int, side: str | None
) -> models.LoggedSet | None:
    return models.LoggedSet.objects.filter(
        session__profile=profile,
        session__day=day,
        exercise=exercise,
        set_number=set_number,
        side=side or models.Side.BOTH,
    ).first()


def delete_set(
    user: User,
    day: dt.date,
    exercise: str,
    set_number: int,
    side: str | None,
    *,
    today_: dt.date,
) -> tuple[SetView, ...]:
    """Delete one logged set (a set logged by mistake); the day's remaining sets come back. A
    session left without sets goes too, so an empty day never counts as a session done."""
    profile = load_profile(user)
    require_unlocked(profile)
    _check_day(profile, day, today_, "a set")
    row = _logged_set(profile, day, exercise, set_number, side if side != "both" else None)
    if row is None:
        where = f"set {set_number}" + (f" ({side})" if side and side != "both" else "")
        raise NotFound(f"{where} of {exercise} is not logged on {day}", field="set_number")
    session = row.session
    row.delete()
    if not session.sets.exists():
        session.delete()
    refresh(profile, today_)
    rows = models.LoggedSet.objects.filter(session__profile=profile, session__day=day)
    return tuple(set_view(day, r) for r in rows.order_by("exercise", "set_number", "side"))


def _save_set(profile: models.Profile, day: dt.date, s: values.SetLog, note: str) -> None:
    session = _session_for(profile, day)
    models.LoggedSet.objects.update_or_create(
        session=session,
        exercise=s.exercise,
        set_number=s.set_number,
        side=s.side or models.Side.BOTH,
        defaults={
            "reps": s.reps,
            "seconds": s.seconds,
            "load": s.load or "",
            "pain": s.pain,
            "effort": s.effort,
            "technique_flag": s.technique_flag,
            "note": note,
        },
    )


def log_session(
    user: User,
    day: dt.date,
    sets: Sequence[SetInput],
    *,
    pain_after: int | None = None,
    pain_before: int | None = None,
    today_: dt.date,
) -> SessionView:
    """Save a whole session at once; every set is validated before anything is written."""
    profile = load_profile(user)
    require_unlocked(profile)
    _check_day(profile, day, today_, "a session")
    catalog = default_catalog()
    checked = []
    for index, data in enumerate(sets):
        try:
            checked.append((_validated_set(catalog, data), data.note))
        except InvalidInput as error:
            raise InvalidInput(error.message, field=f"sets[{index}].{error.field}") from None
    values.SessionLog(date=day, sets=(), pain_after=pain_after, pain_before=pain_before)
    session = _session_for(profile, day)
    for s, note in checked:
        _save_set(profile, day, s, note)
    if pain_after is not None or pain_before is not None:
        session.pain_after = pain_after if pain_after is not None else session.pain_after
        session.pain_before = pain_before if pain_before is not None else session.pain_before
        session.save()
    refresh(profile, today_)
    return session_view(user, day)


def record_pain_after(user: User, day: dt.date, pain: int, *, today_: dt.date) -> SessionView:
    """Pain about an hour after ``day``'s session (0-10)."""
    profile = load_profile(user)
    _check_day(profile, day, today_, "pain after a session")
    values.SessionLog(date=day, sets=(), pain_after=pain)  # validates 0-10 naming pain_after
    session = profile.sessions.filter(day=day).first()
    if session is None:
        raise NotFound(f"no session logged on {day}; log a set first", field="date")
    session.pain_after = pain
    session.save(update_fields=["pain_after", "updated_at"])
    refresh(profile, today_)
    return session_view(user, day)


def session_view(user: User, day: dt.date) -> SessionView:
    profile = load_profile(user)
    session = profile.sessions.filter(day=day).first()
    if session is None:
        raise NotFound(f"no session logged on {day}", field="date")
    return SessionView(
        day=day,
        pain_before=session.pain_before,
        pain_after=session.pain_after,
        sets=tuple(set_view(day, row) for row in session.sets.order_by("exercise", "set_number")),
    )


def checkin(
    user: User,
    day: dt.date,
    pain: int,
    *,
    swelling: bool = False,
    stiffness: bool = False,
    cannot_bear_weight: bool = False,
    replace: bool = False,
    today_: dt.date,
) -> CheckinView:
    """The next-morning check. One per morning: a second one is a ``Conflict`` unless
    ``replace`` (a correction)."""
    profile = load_profile(user)
    _check_day(profile, day, today_, "a check-in")
    values.MorningCheckin(
        date=day,
        pain=pain,
        swelling=swelling,
        stiffness=stiffness,
        cannot_bear_weight=cannot_bear_weight,
    )
    fields = {
        "pain": pain,
        "swelling": swelling,
        "stiffness": stiffness,
        "cannot_bear_weight": cannot_bear_weight,
    }
    if not replace and profile.checkins.filter(day=day).exists():
        raise Conflict(
            f"a check-in for {day} is already saved; use replace to correct it", field="date"
        )
    models.MorningCheckin.objects.update_or_create(profile=profile, day=day, defaults=fields)
    if profile.screening_status not in LOCKED_LEVELS:
        refresh(profile, today_)
    return CheckinView(day, pain, swelling, stiffness, cannot_bear_weight)


def has_session(user: User, day: dt.date) -> bool:
    return models.LoggedSession.objects.filter(profile__user_id=user.pk, day=day).exists()
