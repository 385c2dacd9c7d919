"""The inputs of the coach's use cases: one model each, for the page, the API and the CLI.

Each model checks itself on construction against the bounds in ``programme.limits`` (one
function per model, ``validate_*``), raising the domain's ``InvalidInput`` naming the field: the
CLI, which builds these models from its options, prints that as its one line of error, and the
page's forms and the API's schemas declare the same bounds so they refuse the same values first.
What needs the catalogue (the exercise, its sides, reps or seconds; the equipment) is checked by
the use case (``programme.validation.check_set_fits_exercise``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kneecoach.errors import InvalidInput
from kneecoach.programme import limits
from kneecoach.programme.validation import check_choice, check_length, check_pain, check_range
from kneecoach.programme.values import PAINFUL_SIDES, SIDES, STOP_EVENTS

SET_SIDES = (*SIDES, "both")
"""A set's side: one leg, or ``both`` (the same as leaving it out) for work with both legs."""


@dataclass(frozen=True, slots=True)
class ProfileInput:
    """What onboarding asks for (besides the screening answers)."""

    trained: bool
    start_date: dt.date
    painful_side: str = "both"
    equipment: frozenset[str] = frozenset()
    weekdays: frozenset[int] = frozenset(range(7))
    baseline_pain: int | None = None
    language: str = "en"
    time_zone: str = "Europe/Oslo"

    def __post_init__(self) -> None:
        validate_profile_input(self)


def validate_profile_input(data: ProfileInput) -> None:
    """The profile's bounds; the equipment and the time zone are checked by the use case."""
    check_choice(data.painful_side, "painful_side", PAINFUL_SIDES)
    if not data.weekdays:
        raise InvalidInput("choose at least one day of the week", field="weekdays")
    for day in sorted(data.weekdays):
        check_range(day, "weekdays", limits.WEEKDAY_MIN, limits.WEEKDAY_MAX)
    check_pain(data.baseline_pain, "baseline_pain")
    check_choice(data.language, "language", limits.LANGUAGES)
    check_length(data.time_zone, "time_zone", limits.TIME_ZONE_MAX)


@dataclass(frozen=True, slots=True)
class SetInput:
    """One set as a person reports it. ``side`` None: both legs together."""

    exercise: str
    set_number: int
    pain: int
    side: str | None = None
    reps: int | None = None
    seconds: int | None = None
    load: str | None = None
    effort: int | None = None
    technique_flag: bool = False
    note: str = ""

    def __post_init__(self) -> None:
        validate_set_input(self)


def validate_set_input(data: SetInput) -> None:
    """A set's bounds, field by field in the order a person fills them in."""
    if not data.exercise:
        raise InvalidInput("name the exercise", field="exercise")
    check_length(data.exercise, "exercise", limits.EXERCISE_SLUG_MAX)
    check_range(data.set_number, "set_number", limits.SET_NUMBER_MIN, limits.SETS_MAX)
    if data.side is not None:
        check_choice(data.side, "side", SET_SIDES)
    check_range(data.reps, "reps", 0, limits.REPS_MAX)
    check_range(data.seconds, "seconds", 0, limits.SECONDS_MAX)
    check_length(data.load, "load", limits.LOAD_MAX)
    check_pain(data.pain, "pain")
    check_range(data.effort, "effort", limits.EFFORT_MIN, limits.EFFORT_MAX)
    check_length(data.note, "note", limits.SET_NOTE_MAX)


@dataclass(frozen=True, slots=True)
class StopInput:
    """What made a person stop a session at once (the in-session stop rule,
    docs/evidence.md#stop-rule): one or more of ``STOP_EVENTS`` (sharp sudden pain, a pop, new
    swelling, the knee giving way). ``withdraw``: take these events back (reported by mistake)
    instead of adding them."""

    events: frozenset[str]
    withdraw: bool = False

    def __post_init__(self) -> None:
        validate_stop_input(self)


def validate_stop_input(data: StopInput) -> None:
    """At least one event, each one the stop rule knows."""
    if not data.events:
        raise InvalidInput(
            f"name what happened: one or more of {', '.join(STOP_EVENTS)}", field="events"
        )
    for event in sorted(data.events):
        check_choice(event, "events", STOP_EVENTS)
