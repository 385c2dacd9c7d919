"""The camera coach's values: what its use cases take (a logged set's key, an upload) and what
they answer (a check as its page and ``GET /api/video-checks/{id}`` show it)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel


class VideoFaultOut(BaseModel):
    """A form fault the camera saw, in the catalogue's words and the coach's measurement."""

    id: str
    rep: int | None
    start_s: float
    end_s: float
    title: str
    fix: str
    detail: str


class RepOut(BaseModel):
    number: int
    start_s: float
    end_s: float
    peak: float
    range: float
    up_s: float
    hold_s: float
    down_s: float


class VideoCheckView(BaseModel):
    """One video check as its page and ``GET /api/video-checks/{id}`` show it."""

    id: uuid.UUID
    day: dt.date
    exercise: str
    exercise_name: str
    set_number: int
    side: str | None
    status: str
    status_label: str
    unit: str
    logged: int | None
    counted: int | None
    confirmed: bool
    error_code: str | None
    error: str | None
    measure: str | None
    measure_unit: str | None
    measure_digits: int  # decimals the measure is shown with (an angle to the degree)
    reps: list[RepOut]
    rep_phases: bool  # the reps have a hold or a way back (a step has neither)
    faults: list[VideoFaultOut]
    notes: list[str]
    view: str | None
    video_kept: bool
    created_at: dt.datetime
    finished_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class SetKey:
    """A logged set as the person knows it: day, exercise, set number, side (None: both legs)."""

    day: dt.date
    exercise: str
    set_number: int
    side: str | None


@dataclass(frozen=True, slots=True)
class Upload:
    """An uploaded file: its name, size, first bytes and a way to read all of it. ``file``: the
    Django file itself, when there is one (a large upload is then moved, not copied)."""

    name: str
    size: int
    head: bytes
    chunks: Callable[[], Iterable[bytes]]
    file: Any = None


SetKeyTuple = tuple[str, int, str | None]  # exercise, set number, side (None: both legs)
