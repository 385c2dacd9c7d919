"""The diary's JSON: the ``advise`` request read into the engine's values (docs/programme.md).

The answer's JSON form is ``advice.advice_to_json`` (``Advice.to_dict``); ``advise_json`` is the
round trip, JSON in and JSON out, that the CLI's ``advise`` command calls.

Input is validated with pydantic (strict types: a pain of ``"5"`` or ``true`` is refused, dates are
``YYYY-MM-DD`` strings) and every problem becomes one ``InvalidInput`` whose ``field`` is the JSON
path, e.g. ``diary.sessions[3].sets[0].pain``. The checks that need the catalogue and the profile
(unknown exercise, a log before the start date) come from ``programme.validation`` with the same
paths.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from kneecoach.catalog.schema import Catalog
from kneecoach.errors import InvalidInput
from kneecoach.programme import limits
from kneecoach.programme.engine import advise
from kneecoach.programme.values import (
    AnyAnswer,
    ClinicianOverride,
    Diary,
    Dose,
    MorningCheckin,
    OverrideKind,
    PainfulSide,
    Profile,
    ScreeningRecord,
    SessionLog,
    SetLog,
    Side,
    StopEvent,
)

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAY_NAMES: tuple[Weekday, ...] = get_args(Weekday)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> object:
    """Dates are ``YYYY-MM-DD`` strings (or date objects from Python callers), nothing else."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a real date") from None
    raise ValueError(f"dates are written YYYY-MM-DD, got {value!r}")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Pain = Annotated[int, Field(ge=limits.PAIN_MIN, le=limits.PAIN_MAX)]
Effort = Annotated[int, Field(ge=limits.EFFORT_MIN, le=limits.EFFORT_MAX)]
Reps = Annotated[int, Field(ge=0, le=limits.REPS_MAX)]
Seconds = Annotated[int, Field(ge=0, le=limits.SECONDS_MAX)]
SetCount = Annotated[int, Field(ge=limits.SET_NUMBER_MIN, le=limits.SETS_MAX)]


class _In(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)


class ProfileIn(_In):
    trained: bool
    start_date: IsoDate
    equipment: list[str] = Field(default_factory=list)
    painful_side: PainfulSide = "both"
    weekdays: list[Weekday] = Field(default_factory=lambda: list(WEEKDAY_NAMES), min_length=1)
    baseline_pain: Pain | None = None


class SetIn(_In):
    exercise: str
    set: SetCount
    pain: Pain
    side: Side | None = None
    reps: Reps | None = None
    seconds: Seconds | None = None
    load: str | None = None
    effort: Effort | None = None
    technique_flag: bool = False

    @model_validator(mode="after")
    def _one_measure(self) -> SetIn:
        if (self.reps is None) == (self.seconds is None):
            raise ValueError("give exactly one of reps or seconds")
        return self


class SessionIn(_In):
    date: IsoDate
    pain_after: Pain | None = None
    pain_before: Pain | None = None
    stop_events: list[StopEvent] = Field(default_factory=list)
    sets: list[SetIn] = Field(default_factory=list)


class CheckinIn(_In):
    date: IsoDate
    pain: Pain
    swelling: bool = False
    stiffness: bool = False
    cannot_bear_weight: bool = False


class OverrideIn(_In):
    """A clinician's override: a dose change (the default ``kind``), a swap (``exercise`` out,
    ``replacement`` in), an addition, a pause or a resume (no exercise). A dose (``sets`` and
    reps or seconds) is required for a dose change and optional for a swap or an addition."""

    date: IsoDate
    kind: OverrideKind = "dose"
    exercise: str = ""
    replacement: str | None = None
    level: Annotated[int, Field(ge=-limits.LEVEL_MAX, le=limits.LEVEL_MAX)] = 0
    sets: Annotated[int, Field(ge=1, le=limits.SETS_MAX)] | None = None
    reps: Annotated[int, Field(ge=1, le=limits.REPS_MAX)] | None = None
    seconds: Annotated[int, Field(ge=1, le=limits.SECONDS_MAX)] | None = None
    load: str | None = None
    note: str = ""
    clinician: str | None = None

    @model_validator(mode="after")
    def _one_measure(self) -> OverrideIn:
        if self.sets is None and self.kind != "dose":
            return self
        if (self.reps is None) == (self.seconds is None):
            raise ValueError("give exactly one of reps or seconds")
        return self


class ScreeningIn(_In):
    date: IsoDate
    answers: dict[str, AnyAnswer]
    """Question id -> answer; which answers a question takes is checked by
    ``screening.validate_answers`` (S5 takes when the knee was operated on)."""


class DiaryIn(_In):
    sessions: list[SessionIn] = Field(default_factory=list)
    checkins: list[CheckinIn] = Field(default_factory=list)
    overrides: list[OverrideIn] = Field(default_factory=list)
    screenings: list[ScreeningIn] = Field(default_factory=list)


class AdviseRequest(_In):
    """The ``advise`` input: a profile, a diary, today's date and how far ahead to plan."""

    today: IsoDate
    profile: ProfileIn
    diary: DiaryIn = Field(default_factory=DiaryIn)
    horizon_days: Annotated[int, Field(ge=0, le=366)] = 14


def json_path(loc: Sequence[int | str]) -> str:
    """``("diary", "sessions", 3, "sets", 0, "pain")`` -> ``diary.sessions[3].sets[0].pain``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path


def _first_error(error: ValidationError) -> InvalidInput:
    first = error.errors(include_url=False)[0]
    message = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "json_invalid":
        return InvalidInput(f"not valid JSON: {first.get('ctx', {}).get('error', message)}")
    return InvalidInput(message, field=json_path(first["loc"]) or None)


EXPORT_FORMAT = "kneecoach-export"
"""The ``format`` key of a person's JSON export (exports/json.py)."""


def request_from_export(document: Mapping[str, Any]) -> dict[str, Any]:
    """An ``advise`` request from a person's JSON export: its profile and diary.

    The export also carries who it belongs to and the decisions already made (``advise``
    makes its own), and writes a clinician's override with its dose as one object, where the
    request has the dose's fields beside the date; ``today`` and ``horizon_days`` are kept
    if the caller added them.
    """
    request = {
        key: document[key]
        for key in ("today", "horizon_days", "profile", "diary")
        if key in document
    }
    diary = request.get("diary")
    if isinstance(diary, Mapping) and isinstance(diary.get("overrides"), list):
        request["diary"] = {**diary, "overrides": [_flat_override(o) for o in diary["overrides"]]}
    return request


def _flat_override(override: Any) -> Any:
    """``{date, exercise, dose: {level, sets, ...}, note, clinician}`` -> the request's shape."""
    if isinstance(override, Mapping) and "dose" in override and override["dose"] is None:
        return {key: value for key, value in override.items() if key != "dose"}  # no dose
    if not isinstance(override, Mapping) or not isinstance(override.get("dose"), Mapping):
        return override  # left for validation to name what is wrong
    dose = {
        key: value
        for key, value in override["dose"].items()
        if key in ("level", "sets", "reps", "seconds", "load") and value is not None
    }
    rest = {key: value for key, value in override.items() if key != "dose"}
    return {**rest, **dose}


def parse_advise_request(data: str | bytes | Mapping[str, Any]) -> AdviseRequest:
    """Validate an ``advise`` request given as JSON text or as already-parsed JSON.

    A person's export (``"format": "kneecoach-export"``) is read as its profile and diary
    (``request_from_export``).
    """
    try:
        if isinstance(data, str | bytes):
            text = data
            try:
                data = json.loads(text)
            except ValueError:
                return AdviseRequest.model_validate_json(text)  # raises, saying where it breaks
        if isinstance(data, Mapping) and data.get("format") == EXPORT_FORMAT:
            data = request_from_export(data)
        return AdviseRequest.model_validate(data)
    except ValidationError as error:
        raise _first_error(error) from None


def _with_path(path: str, build: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return build(*args, **kwargs)
    except InvalidInput as error:
        field = f"{path}.{error.field}" if error.field else path
        raise InvalidInput(error.message, field=field) from None


def _override(path: str, o: OverrideIn) -> ClinicianOverride:
    """One override of the request as the engine's value; its dose (when it has one) is for
    the swap's replacement, else for the exercise."""
    dose = None
    if o.sets is not None:
        dose = _with_path(
            path,
            Dose,
            exercise=o.replacement if o.kind == "swap" and o.replacement else o.exercise,
            level=o.level,
            sets=o.sets,
            reps=o.reps,
            seconds=o.seconds,
            per_side=False,
            load=o.load,
        )
    override: ClinicianOverride = _with_path(
        path,
        ClinicianOverride,
        date=o.date,
        exercise=o.exercise,
        dose=dose,
        note=o.note,
        clinician=o.clinician,
        kind=o.kind,
        replacement=o.replacement,
    )
    return override


def request_to_values(request: AdviseRequest) -> tuple[Profile, Diary, date, int]:
    """The engine's values from a validated request."""
    p = request.profile
    profile: Profile = _with_path(
        "profile",
        Profile,
        trained=p.trained,
        start_date=p.start_date,
        equipment=frozenset(p.equipment),
        painful_side=p.painful_side,
        weekdays=frozenset(WEEKDAY_NAMES.index(day) for day in p.weekdays),
        baseline_pain=p.baseline_pain,
    )
    sessions = tuple(
        SessionLog(
            date=s.date,
            sets=tuple(
                _with_path(
                    f"diary.sessions[{i}].sets[{j}]",
                    SetLog,
                    exercise=x.exercise,
                    set_number=x.set,
                    pain=x.pain,
                    side=x.side,
                    reps=x.reps,
                    seconds=x.seconds,
                    load=x.load,
                    effort=x.effort,
                    technique_flag=x.technique_flag,
                )
                for j, x in enumerate(s.sets)
            ),
            pain_after=s.pain_after,
            pain_before=s.pain_before,
            stop_events=frozenset(s.stop_events),
        )
        for i, s in enumerate(request.diary.sessions)
    )
    checkins = tuple(
        MorningCheckin(c.date, c.pain, c.swelling, c.stiffness, c.cannot_bear_weight)
        for c in request.diary.checkins
    )
    overrides = tuple(
        _override(f"diary.overrides[{i}]", o) for i, o in enumerate(request.diary.overrides)
    )
    screenings = tuple(ScreeningRecord(r.date, dict(r.answers)) for r in request.diary.screenings)
    diary = Diary(sessions, checkins, overrides, screenings)
    return profile, diary, request.today, request.horizon_days


def advise_json(data: str | bytes | Mapping[str, Any], catalog: Catalog) -> dict[str, Any]:
    """JSON in (docs/programme.md) -> JSON out: the CLI's ``advise`` command and the API."""
    profile, diary, today, horizon = request_to_values(parse_advise_request(data))
    return advise(profile, catalog, diary, today, horizon_days=horizon).to_dict()
