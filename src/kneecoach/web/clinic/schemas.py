"""The clinic's values: what its use cases return (and the one input, a programme change).

Pages, the JSON API and the CLI show these same pydantic values (the JSON-twin pattern of
``accounts.schemas``).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, StrictInt

from kneecoach.programme import limits
from kneecoach.web.coach import services as coach
from kneecoach.web.outcomes import services as outcome_services
from kneecoach.web.types import Text


class ClinicianInfo(BaseModel):
    username: str
    role: str


class InvitationView(BaseModel):
    code: str
    token: str
    url: str
    clinic: str
    expires_at: dt.datetime


class InvitationPreview(BaseModel):
    """What a person sees before accepting: who will see their data."""

    clinic: str
    clinicians: list[ClinicianInfo]
    current_clinic: str | None
    code: str


class ConsentView(BaseModel):
    """The person's link to a clinic (None: no clinic sees their data)."""

    clinic: str
    since: dt.datetime
    clinicians: list[ClinicianInfo]


class FlagView(BaseModel):
    kind: str
    since: dt.date
    text: str
    evidence_url: str
    seen: bool


class PatientRow(BaseModel):
    id: int
    name: str
    last_session: dt.date | None
    latest_pain: int | None
    state: str
    flags: list[FlagView]
    url: str


class OverviewPage(BaseModel):
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


class NoteView(BaseModel):
    id: int
    author: str
    text: str
    created_at: dt.datetime


class ChangeView(BaseModel):
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
    swapped for Wall squat from 7 Dec"); empty for a message."""


class ScreeningView(BaseModel):
    answered_on: dt.date
    result: str
    positive: list[str]
    answers: dict[str, str]


class SessionRow(BaseModel):
    day: dt.date
    sets: int
    highest_pain: int | None
    pain_after: int | None


class CheckinRow(BaseModel):
    day: dt.date
    pain: int
    swelling: bool
    stiffness: bool


class ExerciseChoice(BaseModel):
    slug: str
    name: str
    levels: list[tuple[int, str]]
    timed: bool
    seconds_levels: list[int] = []
    """The levels whose version counts seconds (a hold), where the exercise counts reps."""
    current: coach.DoseView | None


class PatientPage(BaseModel):
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


class ChangeInput(BaseModel):
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
    starts_on: dt.date | None = None


class PreviewDay(BaseModel):
    day: dt.date
    now: str | None
    proposed: str | None


class PreviewView(BaseModel):
    kind: ChangeKind = "dose"
    exercise: str
    exercise_name: str
    dose: str
    summary: str = ""
    """The change in words (as ``ChangeView.summary``)."""
    days: list[PreviewDay]
    decisions: list[coach.DecisionView]


class AuditRow(BaseModel):
    at: dt.datetime
    actor: str
    patient: str
    action: str
    detail: str


class TeamMember(BaseModel):
    id: int
    username: str
    role: str
    active: bool
