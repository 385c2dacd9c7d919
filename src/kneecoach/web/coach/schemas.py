"""The plain values the coach's use cases return, and the JSON shapes of doses and prescriptions.

Frozen dataclasses, never querysets or model instances, so a page and its JSON twin serialize the
same data. ``dose_json`` and ``prescription_json`` are the forms saved in the database's JSON
columns (decisions, the planned calendar); ``dose_view`` turns a dose into what is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kneecoach.programme import values
from kneecoach.programme.reasons import describe_dose_and_load

# --- plain values returned to callers -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScreeningChoice:
    value: str
    label: str


@dataclass(frozen=True, slots=True)
class ScreeningQuestion:
    """One screening question as the page, the API and the CLI ask it: its answers (yes / no /
    not sure, or for S5 when the knee was operated on) and whether it must be answered."""

    id: str
    text: str
    level: str
    choices: tuple[ScreeningChoice, ...] = ()
    required: bool = True


@dataclass(frozen=True, slots=True)
class ScreeningOutcome:
    """The red-flag screen's verdict. ``locked``: self-management is blocked."""

    level: str
    locked: bool
    positive: tuple[str, ...]
    reasons: tuple[str, ...]
    advice: str
    answered_on: dt.date


@dataclass(frozen=True, slots=True)
class ProfileView:
    username: str
    uuid: str
    trained: bool
    start_date: dt.date
    painful_side: str
    equipment: tuple[str, ...]
    weekdays: tuple[int, ...]
    baseline_pain: int | None
    language: str
    time_zone: str
    screening_status: str


@dataclass(frozen=True, slots=True)
class OnboardResult:
    profile: ProfileView
    screening: ScreeningOutcome


@dataclass(frozen=True, slots=True)
class SetView:
    day: dt.date
    exercise: str
    set_number: int
    side: str | None
    reps: int | None
    seconds: int | None
    load: str | None
    pain: int
    effort: int | None
    note: str
    pain_response: str = "carry_on"
    """carry_on, ease_off (pain above 5/10) or stop_session (8/10 or more): what to do now."""
    pain_advice: tuple[str, ...] = ()
    """When a set is logged: what to do now, in plain words (empty when all is well)."""


@dataclass(frozen=True, slots=True)
class DoseView:
    """A dose ready to show: ``text`` is e.g. ``3 x 10 reps each side``."""

    exercise: str
    level: int
    sets: int
    reps: int | None
    seconds: int | None
    per_side: bool
    load: str | None
    text: str

    def as_dose(self) -> values.Dose:
        """The dose this view shows, to word it again (in another language)."""
        return values.Dose(
            exercise=self.exercise,
            level=self.level,
            sets=self.sets,
            reps=self.reps,
            seconds=self.seconds,
            per_side=self.per_side,
            load=self.load,
        )


@dataclass(frozen=True, slots=True)
class SessionItem:
    """One exercise of a day's session, with what has been logged of it so far."""

    exercise: str
    name: str
    performed_as: str
    performed_as_name: str
    focus: str
    dose: DoseView
    rest_seconds: int
    sides: tuple[str, ...]
    cues: tuple[str, ...]
    substitute_for: str | None
    missing_equipment: tuple[str, ...]
    logged: tuple[SetView, ...] = ()
    substitute_for_name: str | None = None
    """The display name of ``substitute_for`` (the missing equipment) in the view's language, so
    the card and ``kneecoach today`` can say why a substitute is done; None for the exercise
    itself or a ladder variant (done because of the person's level, not their equipment)."""
    in_place_of_name: str | None = None
    """For a substitute, what it is done in place of, in the view's language: the exercise, or
    the version of it a clinician set ("Wall squat with a pause"), which needs what is not at
    hand (``presenting.in_place_of_name``); None otherwise."""
    missing_equipment_names: tuple[str, ...] = ()
    """``missing_equipment``'s display names in the view's language (the card's and the
    terminal's "done without")."""


@dataclass(frozen=True, slots=True)
class DecisionView:
    day: dt.date
    exercise: str | None
    kind: str
    reasons: tuple[str, ...]
    before: DoseView | None
    after: DoseView | None
    name: str | None = None
    """The version the person does, named as the plan names it ("Slow side steps without a
    band (in place of Side steps with a band)"); None where only the exercise is known."""


@dataclass(frozen=True, slots=True)
class LoggedExercise:
    """The sets logged on a day of one exercise its plan no longer prescribes."""

    exercise: str
    name: str
    unit: str
    """``reps`` or ``seconds``: what the sets were counted in."""
    sets: tuple[SetView, ...]


@dataclass(frozen=True, slots=True)
class TodayView:
    """Today's session (or why there is none): what the Today page and ``kneecoach today`` show."""

    day: dt.date
    kind: str
    focus: str | None
    state: str
    items: tuple[SessionItem, ...]
    advice: tuple[str, ...]
    decisions: tuple[DecisionView, ...]
    pain_after: int | None
    checkin_due: dt.date | None
    next_training_day: dt.date | None
    stop_events: tuple[str, ...] = ()
    """What made the person stop the day's session, as reported (``report_stop``)."""
    stop_advice: tuple[str, ...] = ()
    """With ``stop_events``: what the engine says about the stop (``StopView.advice``)."""
    relief_advice: tuple[str, ...] = ()
    """On a relief day: the engine's comfort measures (``presenting.relief_advice``), in the
    view's language, which the Today page's relief card shows."""
    logged_off_plan: tuple[LoggedExercise, ...] = ()
    """The day's sets of exercises not among ``items``: a session the stop rule ended (a set at
    8/10 turns the day into relief, which prescribes nothing), kept so that each set can still
    be corrected or deleted."""


@dataclass(frozen=True, slots=True)
class StopView:
    """A stopped session as reported (``report_stop``): the events now recorded for ``day``
    and what the engine now advises, in plain words: the relief it started (why, until when,
    the comfort measures); empty once every event is withdrawn."""

    day: dt.date
    events: tuple[str, ...]
    state: str
    """The programme's state after the report (``relief`` once the stop rule fired)."""
    advice: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SessionView:
    day: dt.date
    pain_before: int | None
    pain_after: int | None
    sets: tuple[SetView, ...]


@dataclass(frozen=True, slots=True)
class CheckinView:
    day: dt.date
    pain: int
    swelling: bool
    stiffness: bool
    cannot_bear_weight: bool


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One exercise of a planned day, as Today would show it: the programme's exercise
    (``exercise``, the slug ``log`` takes, and ``name``), what to actually do (``performed_as``:
    the exercise, a ladder variant or a substitute for missing equipment, and its name), and the
    dose. ``label`` names what to do with the exercise it stands for when they differ: "Slow side
    steps without a band (in place of Side steps with a band)"; else the exercise's name."""

    exercise: str
    name: str
    performed_as: str
    performed_as_name: str
    label: str
    dose: DoseView
    dose_text: str
    """The dose in the same language as the names ("2 x 10 repetisjoner på hver side"), as the
    calendar and the handout word it; ``dose.text`` stays the English the JSON always held."""
    substitute_for: str | None = None
    """The equipment slug a substitute stands in for (not at hand), as ``SessionItem`` has it;
    None for the exercise itself, a ladder variant, or a day saved before the plan kept it."""
    substitute_for_name: str | None = None
    """``substitute_for``'s catalogue name in the names' language ("Loop band for the ankles"),
    so the plan says why a substitute is done as Today does."""
    in_place_of_name: str | None = None
    """For a substitute, what it is done in place of (``SessionItem.in_place_of_name``): the
    exercise, or the version of it a clinician set; None otherwise."""


@dataclass(frozen=True, slots=True)
class PlanDay:
    """One calendar day. ``uid`` stays the same across re-plans and exports."""

    day: dt.date
    uid: str
    kind: str
    focus: str | None
    items: tuple[PlanItem, ...]
    logged: bool
    sets_prescribed: int = 0
    """The sets the day's plan prescribes (each set on each side)."""
    sets_done: int = 0
    """Of those, the sets logged."""
    done: bool = False
    """A logged session with every prescribed set logged and nothing that stopped it
    (``outcomes.session_done_rule``); a logged day not done is partly done."""


@dataclass(frozen=True, slots=True)
class PlanView:
    state: str
    days: tuple[PlanDay, ...]


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    day: dt.date
    value: float


@dataclass(frozen=True, slots=True)
class WeekSessions:
    """One week of the saved plan since the start (``monday``): its training days up to today
    (today once logged), and the days with a session logged outside relief periods."""

    monday: dt.date
    planned: int
    done: int


@dataclass(frozen=True, slots=True)
class ExerciseSeries:
    """Per exercise and side: total reps (or seconds) per session and the highest pain."""

    exercise: str
    name: str
    unit: str
    volume: Mapping[str, tuple[SeriesPoint, ...]]
    pain: tuple[SeriesPoint, ...]
    side_pain: Mapping[str, tuple[SeriesPoint, ...]] = field(default_factory=dict)
    """The highest pain per session on each side (the keys of ``volume``)."""


@dataclass(frozen=True, slots=True)
class ProgressView:
    exercises: tuple[ExerciseSeries, ...]
    pain_during: tuple[SeriesPoint, ...]
    pain_after: tuple[SeriesPoint, ...]
    pain_morning: tuple[SeriesPoint, ...]
    planned_sessions: int
    done_sessions: int
    adherence: float | None
    """The share of the prescribed sets done (``sets_done`` of ``sets_prescribed``)."""
    weaker_side: str | None
    weaker_side_reasons: tuple[str, ...]
    decisions: tuple[DecisionView, ...]
    sets_prescribed: int = 0
    """The sets prescribed on the planned training days so far (today once begun)."""
    sets_done: int = 0
    """Of those, the sets logged; extra sets and sets on unplanned days do not count."""
    weeks: tuple[WeekSessions, ...] = ()
    """Sessions planned and done per week, the saved plan's days that ``planned_sessions`` and
    ``done_sessions`` add up (done capped at planned there)."""


@dataclass(frozen=True, slots=True)
class ExplainView:
    day: dt.date
    state: str
    doses: tuple[DoseView, ...]
    decisions: tuple[DecisionView, ...]
    advice: tuple[str, ...]
    screening: ScreeningOutcome | None = None
    exercises: tuple[ExerciseExplanation, ...] = field(default=())
    items: tuple[PlanItem, ...] = ()
    """Each dose's prescription (``doses``' order), named as the plan names it: the version
    done (the exercise, a ladder variant or a substitute) and the equipment not at hand."""


@dataclass(frozen=True, slots=True)
class ExerciseExplanation:
    """One exercise's story: its start dose and rule, each decision since, what it takes next."""

    exercise: str
    name: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProgrammeSnapshot:
    """A person's programme as domain values, for the exports (calendar, handout, FHIR):
    profile, diary up to ``today``, and each exercise's dose today (none while screening
    blocks self-management)."""

    profile_uuid: str
    language: str
    profile: values.Profile
    diary: values.Diary
    doses: tuple[values.Dose, ...]
    prescriptions: tuple[values.Prescription, ...] = ()
    """Today's prescription of each exercise (``doses``' exercises, in their order): what to
    actually do (``performed_as``) as well as the dose."""


# --- doses and prescriptions as saved and as shown ------------------------------------------------


def dose_json(dose: values.Dose | None) -> dict[str, Any] | None:
    if dose is None:
        return None
    # Stored beside its exercise column, so the slug is not repeated in the JSON.
    return {key: value for key, value in dose.as_dict().items() if key != "exercise"}


def prescription_json(p: values.Prescription) -> dict[str, Any]:
    return {
        "exercise": p.exercise,
        "performed_as": p.performed_as,
        "focus": p.focus,
        "rest_seconds": p.rest_seconds,
        "sides": list(p.sides),
        "substitute_for": p.substitute_for,
        "missing_equipment": list(p.missing_equipment),
        "dose": dose_json(p.dose),
    }


def dose_view(dose: values.Dose) -> DoseView:
    return DoseView(
        exercise=dose.exercise,
        level=dose.level,
        sets=dose.sets,
        reps=dose.reps,
        seconds=dose.seconds,
        per_side=dose.per_side,
        load=dose.load,
        text=describe_dose_and_load(dose),
    )


def dose_view_json(exercise: str, data: Mapping[str, Any] | None) -> DoseView | None:
    if not data:
        return None
    return dose_view(values.Dose(exercise=exercise, **data))


def dose_or_none(exercise: str, data: Mapping[str, Any] | None) -> values.Dose | None:
    return values.Dose(exercise=exercise, **data) if data else None
