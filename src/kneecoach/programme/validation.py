"""Cross-checks of a diary against its profile and the catalogue.

The values check their own ranges (``values``); this module checks what needs context, and names
the field by its JSON path (``diary.sessions[3].sets[0].exercise``), the same path ``programme.io``
uses for schema errors, so a bad input gets one clear message wherever it comes from.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from kneecoach.catalog.schema import Catalog
from kneecoach.errors import InvalidInput
from kneecoach.programme.dosing import dose_in_range
from kneecoach.programme.screening import validate_answers
from kneecoach.programme.values import Diary, Profile, SetLog

MAX_HORIZON_DAYS = 366
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(9000, 12, 31)
"""The calendar the engine works in. Its replay steps a day back from today and plans up to a
year ahead; far inside ``date``'s own limits (years 1-9999), this keeps every such step a real
date, so a mistyped year is refused by name instead of overflowing."""
MAX_PROGRAMME_DAYS = 3653
"""Ten years between the start date and today, either way: the replay and the adherence count
walk that span, so it is bounded (a seven-exercise programme runs for weeks to months)."""


def check_log_date(day: date, profile: Profile, field: str) -> None:
    """A log may not come before the programme's start date. (Entries after ``today`` are not
    errors: ``advise`` gives the advice as it stood on ``today`` and ignores them.)"""
    if day < profile.start_date:
        raise InvalidInput(
            f"{day.isoformat()} is before the programme's start date "
            f"{profile.start_date.isoformat()}",
            field=field,
        )


def check_dates(start: date, today: date) -> None:
    """``today`` and the start date lie in the engine's calendar and within
    ``MAX_PROGRAMME_DAYS`` of each other; raises ``InvalidInput`` naming ``today`` or
    ``profile.start_date``. Not a clinical rule: the guard that keeps date arithmetic exact."""
    for value, field in ((start, "profile.start_date"), (today, "today")):
        if not EARLIEST_DATE <= value <= LATEST_DATE:
            raise InvalidInput(
                f"{value.isoformat()} is outside the dates kneecoach works with "
                f"({EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()})",
                field=field,
            )
    if abs(today - start) > timedelta(days=MAX_PROGRAMME_DAYS):
        raise InvalidInput(
            f"{today.isoformat()} is more than {MAX_PROGRAMME_DAYS} days from the programme's "
            f"start date {start.isoformat()}",
            field="today",
        )


def check_set(logged: SetLog, timed: Mapping[str, bool], catalog: Catalog, field: str) -> None:
    """The exercise exists, and the set counts what the exercise counts (reps or seconds).
    ``timed``: slug -> whether the exercise is timed, built once per diary."""
    is_timed = timed.get(logged.exercise)
    if is_timed is None:
        known = ", ".join(catalog.slugs)
        raise InvalidInput(
            f"unknown exercise {logged.exercise!r} (known: {known})", field=f"{field}.exercise"
        )
    if is_timed and logged.seconds is None:
        raise InvalidInput(
            f"{logged.exercise} is timed: log seconds, not reps", field=f"{field}.reps"
        )
    if not is_timed and logged.reps is None:
        raise InvalidInput(
            f"{logged.exercise} counts reps: log reps, not seconds", field=f"{field}.seconds"
        )


def check_inputs(
    profile: Profile, catalog: Catalog, diary: Diary, today: date, horizon_days: int
) -> None:
    """Everything ``advise`` needs to trust its inputs; raises ``InvalidInput`` at the first
    problem, naming the field."""
    if not 0 <= horizon_days <= MAX_HORIZON_DAYS:
        raise InvalidInput(
            f"must be 0-{MAX_HORIZON_DAYS}, got {horizon_days}", field="horizon_days"
        )
    check_dates(profile.start_date, today)
    if not catalog.exercises:
        raise InvalidInput("the catalogue has no exercises", field="catalog")
    timed = {exercise.slug: exercise.dose.timed for exercise in catalog.exercises}
    seen: set[date] = set()
    for i, session in enumerate(diary.sessions):
        where = f"diary.sessions[{i}]"
        check_log_date(session.date, profile, f"{where}.date")
        if session.date in seen:
            raise InvalidInput(
                f"a session is already logged on {session.date.isoformat()}; one session a day",
                field=f"{where}.date",
            )
        seen.add(session.date)
        for j, logged in enumerate(session.sets):
            if timed.get(logged.exercise) is not (logged.seconds is not None):
                check_set(logged, timed, catalog, f"{where}.sets[{j}]")
    seen.clear()
    for i, checkin in enumerate(diary.checkins):
        where = f"diary.checkins[{i}].date"
        check_log_date(checkin.date, profile, where)
        if checkin.date in seen:
            raise InvalidInput(f"two check-ins on {checkin.date.isoformat()}", field=where)
        seen.add(checkin.date)
    for i, override in enumerate(diary.overrides):
        where = f"diary.overrides[{i}]"
        check_log_date(override.date, profile, f"{where}.date")
        if override.kind in ("pause", "resume"):
            continue
        for name in ("exercise", "replacement"):
            slug = getattr(override, name)
            if slug is not None and catalog.get(slug) is None:
                raise InvalidInput(f"unknown exercise {slug!r}", field=f"{where}.{name}")
        dosed = catalog.require(override.dosed_exercise)
        problem = None if override.dose is None else dose_in_range(dosed, override.dose)
        if problem is not None:
            raise InvalidInput(problem, field=f"{where}.dose")
    for i, record in enumerate(diary.screenings):
        where = f"diary.screenings[{i}]"
        try:
            validate_answers(record.answers)
        except InvalidInput as error:
            raise InvalidInput(error.message, field=f"{where}.answers.{error.field}") from None
