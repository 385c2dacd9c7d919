"""Settings, errors and the result of analysing one video (pydantic, JSON-ready)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kneecoach.errors import InvalidInput
from kneecoach.motion.messages import Message

Side = Literal["left", "right", "both"]
View = Literal["side", "front"]


class CameraRefusal(InvalidInput):
    """A refusal worded by the camera coach: ``detail`` words it in the reader's language, the
    message is its English text."""

    def __init__(self, detail: Message, *, field: str | None) -> None:
        super().__init__(detail.text, field=field)
        self.detail = detail


class VideoError(CameraRefusal):
    """The video cannot be analysed (not a video, corrupt, too long or large, nobody in view)."""

    code = "video_invalid"

    def __init__(self, detail: Message, *, field: str | None = "video") -> None:
        super().__init__(detail, field=field)


class WrongExercise(CameraRefusal):
    """The movement in the video does not match the exercise it was filed under."""

    code = "wrong_exercise"

    def __init__(self, detail: Message, *, field: str | None = "exercise") -> None:
        super().__init__(detail, field=field)


class AnalysisSettings(BaseModel):
    """Limits and tuning of one analysis; the web job and the CLI pass their own."""

    model_config = ConfigDict(frozen=True)

    max_bytes: int = Field(default=500 * 1024 * 1024, gt=0)
    max_seconds: float = Field(default=300.0, gt=0)
    analysis_fps: float = Field(default=15.0, gt=0, description="frames/s fed to the pose model")
    max_side: int = Field(default=640, ge=160, description="frames are shrunk to this long side")
    min_person_fraction: float = Field(default=0.5, ge=0, le=1)
    people_check_every_s: float = Field(default=2.0, gt=0)
    model_complexity: int = Field(default=1, ge=1, le=1)  # only the full model ships


class Rep(BaseModel):
    """One repetition (or one step, for the stepping exercises)."""

    number: int
    start_s: float
    peak_s: float
    end_s: float
    peak: float = Field(description="the measure at the rep's peak, in `Analysis.unit`")
    range: float = Field(description="peak minus the rep's starting value")
    up_s: float
    hold_s: float
    down_s: float
    knee_flexion: float | None = Field(default=None, description="knee flexion at the peak, deg")


class FaultEvent(BaseModel):
    """A form fault seen during ``start_s``..``end_s`` (and the rep it belongs to, if any)."""

    id: str
    rep: int | None
    start_s: float
    end_s: float
    value: float
    message: Message = Field(description="the coach's measurement and what to change")


class Analysis(BaseModel):
    """What the camera coach saw in one video."""

    exercise: str
    side: Side
    side_detected: Side
    view: View
    measure: str = Field(description="what each rep's peak and range measure")
    unit: str
    rep_count: int
    reps: list[Rep]
    active_s: float = Field(description="first rep start to last rep end, seconds")
    duration_s: float
    fps: float
    frames: int
    frames_analysed: int
    person_fraction: float
    faults: list[FaultEvent]
    notes: list[Message] = Field(default_factory=list)
