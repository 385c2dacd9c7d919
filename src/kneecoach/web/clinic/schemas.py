"""The clinic's values: what its use cases return (and the one input, a programme change).

Pages, the JSON API and the CLI show these same pydantic values (the JSON-twin pattern of
``accounts.schemas``).

No ``from __future__ import annotations`` here, unlike the other modules: pydantic would
evaluate each annotation's string again when it makes the class (~1.3 ms of every Django start,
the terminal's included, for these 20 models); the types are the same either way.
"""

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from kneecoach.programme import limits
from kneecoach.web.coach import services as coach
from kneecoach.web.outcomes import services as outcome_services
from kneecoach.web.types import Text


class _Value(BaseModel):
    # Validators built at first use, not at import: every Django start imports this module
    # (the clinic's observer), and `kneecoach today` validates none of these (~15 ms of it).
    model_config = ConfigDict(defer_build=True)


class ClinicianInfo(_Value):
    username: str
    role: str


class InvitationView(_Value):
    code: str
    token: str
    url: str
    clinic: str
    expires_at: dt.datetime


class InvitationPreview(_Value):
    """What a person sees before accepting: who will see their data."""

    clinic: str
    clinicians: list[ClinicianInfo]
    current_clinic: str | None
    code: str


class ConsentView(_Value):
    """The person's link to a clinic (None: no clinic sees their data)."""

    clinic: str
    since: dt.datetime
    clinicians: list[ClinicianInfo]


class FlagView(_Value):
    kind: str
    since: dt.date
    text: str
    evidence_url: str
    seen: bool


class PatientRow(_Value):
    id: int
    name: str
    last_session: dt.date | None
    latest_pain: int | None
    state: str
    state_label: str
    """The programme's state in words (``usecases.patient.state_label``), in the active
    language: the overview shows it under the name when the programme is not plain training
    (paused by a clinician, locked by the screening...), which no flag says."""
    flags: list[FlagView]
    url: str


class OverviewPage(_Value):
    """One page of the overview. ``total`` is exact up to ``COUNT_CAP``; past it
    ``total_is_lower_bound`` is true ("1000+ patients") and ``pages`` counts the pages known,
    so counting never reads more than ``COUNT_CAP`` index entries. ``has_next``: another page
    follows."""

    clinic: str
    rows: list[PatientRow]
    page: int
    pages: int
    total: int
    total_is_lower_bound: bool
    has_next: bool
    sort: str
    flag: str
    query: str


class NoteView(_Value):
    id: int
    author: str
    text: str
    created_at: dt.datetime


class ChangeView(_Value):
    """A clinician's change as the patient and the clinic see it: author, date, what."""

    kind: Literal["dose", "swap", "add", "pause", "resume", "message"]
    author: str
    created_at: dt.datetime
    starts_on: dt.date | None
    exercise: str | None
    exercise_name: str | None
    dose: str | None
    text: str
    summary: str = ""
    """The change in words, in the page's language, author and date aside ("Clamshell
    swapped for Wall half-squat with a ball from 7 Dec"); empty for a message."""


class ScreeningView(_Value):
    answered_on: dt.date
    result: str
    positive: list[str]
    answers: dict[str, str]


class SessionRow(_Value):
    day: dt.date
    sets: int
    highest_pain: int | None
    pain_after: int | None


class CheckinRow(_Value):
    day: dt.date
    pain: int
    swelling: bool
    stiffness: bool


class ExerciseChoice(_Value):
    slug: str
    name: str
    levels: list[tuple[int, str]]
    timed: bool
    seconds_levels: list[int] = []
    """The levels whose version counts seconds (a hold), where the exercise counts reps."""
    current: coach.DoseView | None
    current_text: str | None = None
    """``current`` worded in the page's language (``current.text`` is always English)."""
    current_performed_as: str | None = None
    """The version the patient does at ``current`` (the exercise, a ladder variant or a
    substitute for equipment not at hand), as their plan has it (``PlanItem.performed_as``)."""
    current_performed_as_name: str | None = None
    """Its catalogue name in the page's language (``PlanItem.performed_as_name``)."""
    current_label: str | None = None
    """What the patient does, named beside this exercise when they differ, as their plan names
    it (``PlanItem.label``): "Clamshell hold (easier version of Clamshell)"."""
    current_substitute_for_name: str | None = None
    """For a substitute, the equipment not at hand it stands in for (``PlanItem``'s)."""
    current_in_place_of_name: str | None = None
    """For a substitute, what it is done in place of: the exercise, or the version of it the
    clinician set (``PlanItem.in_place_of_name``)."""


class PatientPage(_Value):
    id: int
    name: str
    clinic: str
    state: str
    state_label: str
    screening_status: str
    flags: list[FlagView]
    progress: coach.ProgressView | None
    doses: list[coach.DoseView]
    decisions: list[coach.DecisionView]
    sessions: list[SessionRow]
    checkins: list[CheckinRow]
    screenings: list[ScreeningView]
    notes: list[NoteView]
    changes: list[ChangeView]
    exercises: list[ExerciseChoice]
    outcomes: outcome_services.OutcomesView | None = None


ChangeKind = Literal["dose", "swap", "add", "pause", "resume"]
"""What a programme change does (``programme.values.OverrideKind``)."""


class ChangeInput(_Value):
    """A programme change from ``starts_on`` (today when left out). ``kind`` "dose" (the
    default): a dose or variant change for one exercise (``level``: 0 the exercise, -k an
    easier variant, +k a harder one). "swap": ``exercise`` out, ``replacement`` in its place
    (with a dose of the replacement when ``sets`` is given). "add": ``exercise`` joins every
    session (a dose when ``sets`` is given). "pause", "resume": the whole programme, no
    exercise; ``note`` says why."""

    kind: ChangeKind = "dose"
    exercise: Text = Field(default="", max_length=limits.EXERCISE_SLUG_MAX)
    replacement: Text | None = Field(default=None, max_length=limits.EXERCISE_SLUG_MAX)
    level: StrictInt = Field(default=0, ge=-limits.LEVEL_MAX, le=limits.LEVEL_MAX)
    sets: StrictInt | None = Field(default=None, ge=1, le=limits.SETS_MAX)
    reps: StrictInt | None = Field(default=None, ge=1, le=limits.REPS_MAX)
    seconds: StrictInt | None = Field(default=None, ge=1, le=limits.SECONDS_MAX)
    load: Text | None = Field(default=None, max_length=limits.LOAD_MAX)
    note: Text = Field(default="", max_length=limits.CLINIC_TEXT_MAX)
    starts_on: dt.date | None = Field(default=None, le=limits.LATEST_DATE)


def change_bounds(field: str) -> tuple[int, int]:
    """The lowest and highest number ``ChangeInput`` takes in ``field`` (sets, reps, seconds,
    level): the one place the change form's number inputs and messages read them from."""
    metadata = ChangeInput.model_fields[field].metadata
    low = next(m.ge for m in metadata if hasattr(m, "ge"))
    high = next(m.le for m in metadata if hasattr(m, "le"))
    return int(low), int(high)


class PreviewDay(_Value):
    day: dt.date
    now: str | None
    proposed: str | None


class PreviewView(_Value):
    kind: ChangeKind = "dose"
    exercise: str
    exercise_name: str
    dose: str
    summary: str = ""
    """The change in words (as ``ChangeView.summary``)."""
    days: list[PreviewDay]
    decisions: list[coach.DecisionView]


class AuditRow(_Value):
    at: dt.datetime
    actor: str
    patient: str
    action: str
    """The event's kind as stored (``viewed``, ``consent_given``...), for programs."""
    detail: str
    action_text: str = ""
    """The event in plain words in the active language ("gave consent"), for people."""
    detail_text: str = ""
    """``detail`` as people read it (a flag seen by its name, not its code)."""


class TeamMember(_Value):
    id: int
    username: str
    role: str
    active: bool
