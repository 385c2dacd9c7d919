"""Cross-checks of a diary against its profile and the catalogue.

The values check their own ranges (``values``); this module checks what needs context, and names
the field by its JSON path (``diary.sessions[3].sets[0].exercise``), the same path
``programme.diary_json`` uses for schema errors, so a bad input gets one clear message wherever
it comes from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from kneecoach.catalog.schema import Catalog, DoseUnit, Exercise
from kneecoach.errors import InvalidInput
from kneecoach.programme.dosing import dose_in_range
from kneecoach.programme.limits import EARLIEST_DATE, LATEST_DATE, PAIN_MAX, PAIN_MIN
from kneecoach.programme.screening import validate_answers
from kneecoach.programme.values import SIDES, Diary, Profile, SetLog

MAX_HORIZON_DAYS = 366
"""The engine plans up to a year ahead (the dates it works in: ``limits.EARLIEST_DATE`` to
``limits.LATEST_DATE``)."""
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


def check_set(
    logged: SetLog, units: Mapping[str, frozenset[DoseUnit]], catalog: Catalog, field: str
) -> None:
    """The exercise exists, and the set counts what the exercise or one of its versions counts
    (reps or seconds: a clamshell hold is logged in seconds, a clamshell in reps). ``units``:
    slug -> ``Exercise.dose_units``, built once per diary (``set_units``)."""
    allowed = units.get(logged.exercise)
    if allowed is None:
        known = ", ".join(catalog.slugs)
        raise InvalidInput(
            f"unknown exercise {logged.exercise!r} (known: {known})", field=f"{field}.exercise"
        )
    try:
        check_measure(logged.exercise, allowed, logged.reps, logged.seconds)
    except InvalidInput as error:
        raise InvalidInput(error.message, field=f"{field}.{error.field}") from None


def check_set_fits_exercise(
    exercise: Exercise, side: str | None, reps: int | None, seconds: int | None
) -> None:
    """A set as the exercise is done: one-leg work (``unilateral`` or a per-side dose) names
    its side, work with both legs together names none (or ``both``), and it counts what the
    exercise counts (``check_measure``). The one check of a logged set against its exercise
    for the page, the API and the CLI (the coach's ``log_set`` / ``log_session``); raises
    ``InvalidInput`` naming ``side``, ``reps`` or ``seconds``."""
    if exercise.unilateral or exercise.dose.per_side:
        if side not in SIDES:
            raise InvalidInput(
                f"{exercise.slug} is done one leg at a time: give the side (left or right)",
                field="side",
            )
    elif side not in (None, "both"):
        raise InvalidInput(
            f"{exercise.slug} is done with both legs together: leave the side out", field="side"
        )
    check_measure(exercise.slug, exercise.dose_units, reps, seconds)


def check_measure(
    slug: str, units: frozenset[DoseUnit], reps: int | None, seconds: int | None
) -> None:
    """ "Timed means seconds": a set counts what the exercise or one of its versions counts
    (``Exercise.dose_units``: a clamshell in reps, its hold version in seconds), and one of the
    two is given. The one wording of the rule, for a logged set and an imported diary."""
    if "reps" not in units and reps is not None:
        raise InvalidInput(f"{slug} is timed: give seconds, not reps", field="reps")
    if "seconds" not in units and seconds is not None:
        raise InvalidInput(f"{slug} is counted in reps, not seconds", field="seconds")
    if reps is None and seconds is None:
        field = "seconds" if "reps" not in units else "reps"
        raise InvalidInput(f"give the {field} done in this set", field=field)


def check_range(value: int | None, field: str, low: int, high: int) -> None:
    """``value`` (when given) lies in ``low``-``high``; the domain's words for it."""
    if value is not None and not low <= value <= high:
        raise InvalidInput(f"must be from {low} to {high}, got {value}", field=field)


def check_pain(value: int | None, field: str) -> None:
    """A pain rating (when given) on the 0-10 scale; the words ``values`` uses."""
    if value is not None and not PAIN_MIN <= value <= PAIN_MAX:
        raise InvalidInput(
            f"pain must be a whole number from {PAIN_MIN} to {PAIN_MAX}, got {value}", field=field
        )


def set_units(catalog: Catalog) -> dict[str, frozenset[DoseUnit]]:
    """Each exercise's units a set may be logged in: its own and its versions' (the version done
    that day decides which; ``Exercise.dose_for``)."""
    return {exercise.slug: exercise.dose_units for exercise in catalog.exercises}


def check_length(text: str | None, field: str, most: int) -> None:
    """``text`` (when given) is at most ``most`` characters long."""
    if text is not None and len(text) > most:
        raise InvalidInput(f"use at most {most} characters", field=field)


def check_choice(value: object, field: str, choices: Iterable[object]) -> None:
    """``value`` is one of ``choices``."""
    allowed = tuple(choices)
    if value not in allowed:
        words = ", ".join(str(c) for c in allowed)
        raise InvalidInput(f"must be one of {words}, got {value!r}", field=field)


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
    units = set_units(catalog)
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
            check_set(logged, units, catalog, f"{where}.sets[{j}]")
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
