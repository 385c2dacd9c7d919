"""The inputs of the coach's use cases: one model each, for the page, the API and the CLI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


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
