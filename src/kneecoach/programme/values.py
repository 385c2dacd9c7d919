"""The small typed values of the programme engine.

Storage (Django models) and the CLI mirror these; the engine takes them as parameters and returns
them. They are frozen dataclasses with slots: cheap to build, hashable where it matters, and never
changed in place (the engine replays a diary into new values; it keeps no hidden state).

Stability promise: fields are added (with defaults), never renamed or removed. The string values of
the ``Literal`` types below are part of the JSON schema (docs/programme.md) and the database.

Cheap range checks live in ``__post_init__`` and raise ``InvalidInput`` naming the field, so a bad
value is refused wherever it is built; ``programme.diary_json`` adds the full JSON path
(``diary.sessions[3].sets[0].pain``) and the cross-checks (unknown exercise, log before the start).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, get_args

from kneecoach.errors import InvalidInput

# Dose is below the reasons (they word doses), so it lives in ``dose``; it is re-exported here
# with its limits as part of the vocabulary (``values.Dose``, ``values.MAX_REPS``)
from kneecoach.programme.dose import MAX_REPS as MAX_REPS
from kneecoach.programme.dose import MAX_SECONDS as MAX_SECONDS
from kneecoach.programme.dose import MAX_SETS as MAX_SETS
from kneecoach.programme.dose import Dose as Dose
from kneecoach.programme.dose import check_range
from kneecoach.programme.limits import (
    EFFORT_MAX,
    EFFORT_MIN,
    PAIN_MAX,
    PAIN_MIN,
    SET_NUMBER_MIN,
)
from kneecoach.programme.reasons import Text, reason_texts

# --- vocabularies ---------------------------------------------------------------------------------

Side = Literal["left", "right"]
"""One leg."""
PainfulSide = Literal["left", "right", "both"]
"""Where it hurts, as the person reports it at onboarding."""
Focus = Literal["hip", "knee"]
"""An exercise's main target (catalogue field ``focus``)."""
SessionFocus = Literal["hip", "knee", "full"]
"""A session's content: hip- or knee-focused (trained plan) or all exercises (untrained)."""
SessionKind = Literal["training", "rest", "relief"]
"""What a day of the plan is for."""
DecisionKind = Literal["progress", "hold", "regress", "relief", "resume", "refer", "override"]
"""What the engine decided. ``refer``: see a clinician; ``override``: a clinician set the dose."""
ProgrammeState = Literal["training", "relief", "paused_for_review", "locked", "paused"]
"""Where the programme stands: training; relief period; relief not settled -> clinician review
advised (loaded work stays paused); locked by red flags (urgent/emergency screening, or a recent
operation the surgical team has not cleared); paused by a clinician until they resume it."""
ScreeningLevel = Literal["clear", "soon", "surgical", "urgent", "emergency"]
"""Result of the red-flag questionnaire, mildest first. ``surgical``: a recent operation the
surgical team has not yet cleared for home exercise (locks the programme; docs/evidence.md
#recent-surgery)."""
LOCKED_LEVELS: tuple[ScreeningLevel, ...] = ("surgical", "urgent", "emergency")
"""The screening levels that lock the programme: self-management stops until a clinician (or
the surgical team) has seen the person (docs/evidence.md#screening). The one list: the engine
(``ScreeningResult.locked``) and the web layer's stored screening status read it."""
Answer = Literal["yes", "no", "not_sure"]
"""An answer to a screening question; ``not_sure`` counts as ``yes``
(docs/evidence.md#screening)."""
SurgeryAnswer = Literal["no", "over_6_months", "within_6_months", "not_sure"]
"""When this knee was last operated on (question S5); ``not_sure`` counts as recent."""
StopEvent = Literal["sharp_pain", "pop", "new_swelling", "giving_way"]
"""In-session events that stop the session at once (docs/evidence.md#stop-rule)."""

SIDES: tuple[Side, ...] = get_args(Side)
PAINFUL_SIDES: tuple[PainfulSide, ...] = get_args(PainfulSide)
ANSWERS: tuple[Answer, ...] = get_args(Answer)
SURGERY_ANSWERS: tuple[SurgeryAnswer, ...] = get_args(SurgeryAnswer)
AnyAnswer = Literal["yes", "no", "not_sure", "over_6_months", "within_6_months"]
"""Every answer any question takes (``screening.Question.choices`` says which one takes which)."""
ANY_ANSWER: tuple[AnyAnswer, ...] = get_args(AnyAnswer)
STOP_EVENTS: tuple[StopEvent, ...] = get_args(StopEvent)


def _check_pain(value: int | None, name: str) -> None:
    if value is not None and not PAIN_MIN <= value <= PAIN_MAX:
        raise InvalidInput(f"pain must be a whole number from 0 to 10, got {value}", field=name)


def _check_choice(value: object, name: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise InvalidInput(f"must be one of {', '.join(choices)}, got {value!r}", field=name)


# --- the person -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Profile:
    """What the plan is built from.

    ``weekdays``: days the person can train, Monday = 0 ... Sunday = 6 (default: every day).
    ``baseline_pain``: usual knee pain (0-10) at onboarding; when absent the engine uses the mean
    morning pain of the first week of check-ins (docs/evidence.md#next-morning).
    """

    trained: bool
    start_date: date
    equipment: frozenset[str] = frozenset()
    painful_side: PainfulSide = "both"
    weekdays: frozenset[int] = frozenset(range(7))
    baseline_pain: int | None = None

    def __post_init__(self) -> None:
        _check_choice(self.painful_side, "painful_side", PAINFUL_SIDES)
        if not self.weekdays:
            raise InvalidInput("choose at least one day of the week", field="weekdays")
        for day in self.weekdays:
            check_range(day, "weekdays", 0, 6)
        _check_pain(self.baseline_pain, "baseline_pain")


# --- what to do -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prescription:
    """A dose as it is to be done in a session.

    ``performed_as``: the slug to actually do (the exercise, a ladder variant, or a substitute).
    ``substitute_for``: the missing equipment slug when ``performed_as`` is a substitute.
    ``missing_equipment``: what is still missing (no substitute covers it); shown to the person.
    ``sides``: the order to work the legs for unilateral exercises (painful/weaker side first);
    empty for exercises done with both legs together.
    """

    dose: Dose
    focus: Focus
    performed_as: str
    rest_seconds: int = 60
    sides: tuple[Side, ...] = ()
    substitute_for: str | None = None
    missing_equipment: tuple[str, ...] = ()

    @property
    def exercise(self) -> str:
        return self.dose.exercise


@dataclass(frozen=True, slots=True)
class PlannedSession:
    """One day of the plan. Rest and relief days have no prescriptions and no focus."""

    date: date
    kind: SessionKind
    focus: SessionFocus | None = None
    prescriptions: tuple[Prescription, ...] = ()


# --- what happened --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SetLog:
    """One logged set. ``side`` is None for exercises done with both legs together.

    ``pain``: knee pain during the set (0-10). ``effort``: optional rating of perceived effort
    (0-10) of the set. ``technique_flag``: the person or the camera coach flagged poor technique.
    """

    exercise: str
    set_number: int
    pain: int
    side: Side | None = None
    reps: int | None = None
    seconds: int | None = None
    load: str | None = None
    effort: int | None = None
    technique_flag: bool = False

    def __post_init__(self) -> None:
        if (self.reps is None) == (self.seconds is None):
            raise InvalidInput("give exactly one of reps or seconds", field="reps")
        check_range(self.set_number, "set_number", SET_NUMBER_MIN, MAX_SETS)
        _check_pain(self.pain, "pain")
        check_range(self.reps, "reps", 0, MAX_REPS)
        check_range(self.seconds, "seconds", 0, MAX_SECONDS)
        check_range(self.effort, "effort", EFFORT_MIN, EFFORT_MAX)
        if self.side is not None:
            _check_choice(self.side, "side", SIDES)

    @property
    def amount(self) -> int:
        """Reps or seconds done in this set."""
        if self.reps is not None:
            return self.reps
        assert self.seconds is not None  # noqa: S101 - __post_init__ guarantees one of them
        return self.seconds


@dataclass(frozen=True, slots=True)
class SessionLog:
    """One logged training session.

    ``pain_after``: knee pain about an hour after the session (0-10), None until it is reported
    (docs/evidence.md#pain-after: the 60-minute pain is an input of the decision, and it comes in
    after the sets). The engine's rule for a missing value is conservative and explicit
    (``progression.ineligible_reasons``): the session cannot count towards a step up, since nothing
    shows the knee settled within the hour, and nothing is invented to regress on.
    ``pain_before`` optional.
    ``stop_events``: what stopped the session early, if anything (in-session stop rule).
    """

    date: date
    sets: tuple[SetLog, ...]
    pain_after: int | None = None
    pain_before: int | None = None
    stop_events: frozenset[StopEvent] = frozenset()

    def __post_init__(self) -> None:
        _check_pain(self.pain_after, "pain_after")
        _check_pain(self.pain_before, "pain_before")
        for event in self.stop_events:
            _check_choice(event, "stop_events", STOP_EVENTS)


@dataclass(frozen=True, slots=True)
class MorningCheckin:
    """The next-morning check: knee pain (0-10), swelling, stiffness, weight bearing."""

    date: date
    pain: int
    swelling: bool = False
    stiffness: bool = False
    cannot_bear_weight: bool = False

    def __post_init__(self) -> None:
        _check_pain(self.pain, "pain")


OverrideKind = Literal["dose", "swap", "add", "pause", "resume"]
"""What a clinician's override does: set one exercise's dose (or variant); swap an exercise
for another (``exercise`` out, ``replacement`` in its place); add an exercise to every
session; pause the whole programme; resume it."""
OVERRIDE_KINDS: tuple[OverrideKind, ...] = get_args(OverrideKind)


@dataclass(frozen=True, slots=True)
class ClinicianOverride:
    """A clinician's edit of the programme from ``date`` on; the replay respects it.

    ``kind`` "dose" (the default): ``exercise``'s ``dose``. "swap": ``exercise`` leaves the
    programme and ``replacement`` is done in its place (at ``dose`` when given, a dose of the
    replacement). "add": ``exercise`` joins every session (at ``dose`` when given). "pause" and
    "resume": the whole programme (no ``exercise``, no ``dose``); ``note`` says why.
    An override also ends a relief period or a pause for review (a clinician has seen the person).
    """

    date: date
    exercise: str = ""
    dose: Dose | None = None
    note: str = ""
    clinician: str | None = None
    kind: OverrideKind = "dose"
    replacement: str | None = None

    def __post_init__(self) -> None:
        _check_choice(self.kind, "kind", OVERRIDE_KINDS)
        if self.kind in ("pause", "resume"):
            if self.exercise or self.dose is not None or self.replacement is not None:
                raise InvalidInput(f"a {self.kind} names no exercise and no dose", field="exercise")
            return
        if not self.exercise:
            raise InvalidInput(f"a {self.kind} names an exercise", field="exercise")
        if self.kind == "swap":
            _check_swap(self.exercise, self.replacement)
        elif self.replacement is not None:
            raise InvalidInput(
                f"only a swap has a replacement, not a {self.kind}", field="replacement"
            )
        if self.kind == "dose" and self.dose is None:
            raise InvalidInput("a dose change needs a dose", field="dose")
        if self.dose is not None and self.dose.exercise != self.dosed_exercise:
            raise InvalidInput(
                f"dose is for {self.dose.exercise!r}, override is for {self.dosed_exercise!r}",
                field="dose.exercise",
            )

    @property
    def dosed_exercise(self) -> str:
        """The exercise the override's dose is for: the replacement of a swap, else the
        exercise."""
        return self.replacement if self.kind == "swap" and self.replacement else self.exercise


def _check_swap(exercise: str, replacement: str | None) -> None:
    if not replacement:
        raise InvalidInput("a swap names the exercise that takes the place", field="replacement")
    if replacement == exercise:
        raise InvalidInput("swap an exercise for another one", field="replacement")


@dataclass(frozen=True, slots=True)
class ScreeningRecord:
    """One completed red-flag questionnaire: question id (``E1``, ``U3``, ...) -> answer
    (yes / no / not_sure; S5 takes ``SurgeryAnswer``)."""

    date: date
    answers: Mapping[str, str] = field(hash=False)

    def __post_init__(self) -> None:
        for question, answer in self.answers.items():
            _check_choice(answer, f"answers.{question}", ANY_ANSWER)


@dataclass(frozen=True, slots=True)
class Diary:
    """Everything a person logged (any order; the engine sorts by date)."""

    sessions: tuple[SessionLog, ...] = ()
    checkins: tuple[MorningCheckin, ...] = ()
    overrides: tuple[ClinicianOverride, ...] = ()
    screenings: tuple[ScreeningRecord, ...] = ()


# --- what the engine says -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision of the replay, with plain-language reasons that cite the numbers.

    ``reasons``: ``programme.reasons.Reason`` values (or plain free text); ``str(reason)`` is
    English and ``reason_texts(language)`` gives the texts in English or Bokmål.

    ``exercise`` is None for whole-programme decisions (relief, resume, refer).
    ``before`` / ``after``: the exercise's dose either side of the decision (None when it does not
    apply).
    """

    date: date
    exercise: str | None
    kind: DecisionKind
    reasons: tuple[Text, ...]
    before: Dose | None = None
    after: Dose | None = None

    def reason_texts(self, language: str = "en") -> tuple[str, ...]:
        """The reasons in ``language`` ("en" or "nb"), worded on demand; plain strings (free
        text) stay as they are."""
        return reason_texts(self.reasons, language)


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    """The red-flag questionnaire's verdict.

    ``positive``: ids of the questions answered yes or not sure. ``locked``: self-management stops
    (surgical, urgent, emergency). ``progression_paused``: doses may not rise (soon and above).
    """

    level: ScreeningLevel
    positive: tuple[str, ...]
    reasons: tuple[Text, ...]
    advice: str
    advice_nb: str = ""

    @property
    def locked(self) -> bool:
        return self.level in LOCKED_LEVELS

    @property
    def progression_paused(self) -> bool:
        return self.level != "clear"
