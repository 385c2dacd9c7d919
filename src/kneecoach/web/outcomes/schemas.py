"""The outcomes app's values: what its use cases answer (a form to fill in, a scored response,
the schedule, each scale over time, the notice on Today). Frozen dataclasses, so a page and its
JSON twin (``api.py``) serialize the same thing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OptionView:
    value: int | str
    label: str


@dataclass(frozen=True, slots=True)
class ItemView:
    id: str
    text: str
    section: str
    options: tuple[OptionView, ...]


@dataclass(frozen=True, slots=True)
class FormView:
    id: str
    title: str
    intro: str
    official_wording: bool
    items: tuple[ItemView, ...]


@dataclass(frozen=True, slots=True)
class ScoreView:
    key: str
    name: str
    value: float | None


@dataclass(frozen=True, slots=True)
class ResponseView:
    id: str
    questionnaire: str
    title: str
    answered_on: dt.date
    answers: dict[str, int | str | None]
    scores: tuple[ScoreView, ...]


@dataclass(frozen=True, slots=True)
class DueView:
    week: int
    due_on: dt.date
    questionnaires: tuple[str, ...]
    done: tuple[str, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DueNotice:
    """What Today says when questionnaires are due: the window's week and day, the forms still
    missing (ids and titles in the reader's language), and the one to open first."""

    week: int
    due_on: dt.date
    missing: tuple[str, ...]
    titles: tuple[str, ...]
    first: str


@dataclass(frozen=True, slots=True)
class ScalePoint:
    day: dt.date
    value: float


@dataclass(frozen=True, slots=True)
class ScaleSeries:
    """One scale over time, with the minimal important change and whether it was reached."""

    questionnaire: str
    scale: str
    name: str
    low: float
    high: float
    higher_is_better: bool
    mic: float | None
    mic_source: str
    points: tuple[ScalePoint, ...]
    change: float | None
    important_improvement: bool
    important_worsening: bool


@dataclass(frozen=True, slots=True)
class OutcomesView:
    start_date: dt.date
    weeks: tuple[int, ...]
    knee_form: str
    due_now: DueView | None
    schedule: tuple[DueView, ...]
    responses: tuple[ResponseView, ...]
    series: tuple[ScaleSeries, ...]
