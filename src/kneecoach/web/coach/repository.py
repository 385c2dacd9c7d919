"""The diary and the saved advice, to and from the ORM: no rules here.

``read_diary`` reads a person's whole diary as the engine's values (four queries, compiled once
per process); ``save_decisions`` and ``save_calendar`` write what a replay said, for display,
audit and stable calendar UIDs; ``decision_row`` and ``calendar_items`` are the rows they write.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from kneecoach.errors import NotFound
from kneecoach.programme import values
from kneecoach.web.coach import models
from kneecoach.web.coach.schemas import dose_json, prescription_json
from kneecoach.web.compiled import CompiledRead, joined_columns, joined_instance

User = AbstractBaseUser
"""Whoever asks: the project's user model (``AUTH_USER_MODEL``), typed by its abstract base."""


def _profile_read(user_id: int) -> QuerySet[Any]:
    """The profile of a user with its user joined, as ``select_related("user")`` reads it."""
    columns = joined_columns(models.Profile, "user")
    return models.Profile.objects.filter(user_id=user_id).order_by("pk").values_list(*columns)[:1]


PROFILE_READ = CompiledRead(_profile_read, int)


def read_profile(user: User) -> models.Profile | None:
    """The person's saved profile (with its user joined), or None before onboarding: one query,
    compiled once per process. The instances are Django's own (``Model.from_db``), equal to
    ``Profile.objects.select_related("user").get(user_id=...)``'s."""
    if user.pk is None:  # not saved, or anonymous: no profile
        return None
    row = PROFILE_READ.first(user.pk)
    if row is None:
        return None
    return joined_instance(models.Profile, "user", PROFILE_READ.database(), row)


def load_profile(user: User) -> models.Profile:
    """The person's saved profile (with its user joined), or ``NotFound`` before onboarding."""
    profile = read_profile(user)
    if profile is None:
        raise NotFound("no profile yet; complete onboarding first", field="user")
    return profile


def domain_profile(profile: models.Profile) -> values.Profile:
    return values.Profile(
        trained=profile.trained,
        start_date=profile.start_date,
        equipment=frozenset(profile.equipment),
        painful_side=profile.painful_side,  # type: ignore[arg-type]  # DB constraint
        weekdays=frozenset(profile.weekdays),
        baseline_pain=profile.baseline_pain,
    )


# --- the diary as the engine sees it --------------------------------------------------------------


def _session_log(session: tuple[Any, ...], sets: list[values.SetLog]) -> values.SessionLog:
    _, day, pain_after, pain_before, stop_events_json = session
    return values.SessionLog(
        date=day,
        sets=tuple(sets),
        pain_after=pain_after,  # None until reported: the engine's rule
        pain_before=pain_before,
        stop_events=frozenset(json.loads(stop_events_json)),
    )


STOP_EVENTS_JSON = Cast("stop_events", TextField())
"""A session's stop events as the JSON text stored, decoded once per session in ``read_diary``:
the sessions read repeats each session's columns on every one of its set rows (a left join), and
the JSON field's converter decoded them on each row, ~150 decodes per read of a short diary."""


SESSION_AND_SET_COLUMNS = (
    "pk",
    "day",
    "pain_after",
    "pain_before",
    "stop_events_json",
    "sets__exercise",
    "sets__set_number",
    "sets__pain",
    "sets__side",
    "sets__reps",
    "sets__seconds",
    "sets__load",
    "sets__effort",
    "sets__technique_flag",
)
SetRow = tuple[Any, ...]


class _SetLogs:
    """The engine's value for each set row read, shared while the row is unchanged: every
    replayed request reads the whole diary, and building (and validating) a thousand equal
    values again was most of the read. Values are immutable, so sharing one is safe; bounded."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: dict[SetRow, values.SetLog] = {}

    def get(self, row: SetRow) -> values.SetLog:
        known = self._values.get(row)
        if known is not None:
            return known
        exercise, number, pain, side, reps, seconds, load, effort, flag = row
        made = values.SetLog(
            exercise=exercise,
            set_number=number,
            pain=pain,
            side=None if side == models.Side.BOTH else side,
            reps=reps,
            seconds=seconds,
            load=load or None,
            effort=effort,
            technique_flag=flag,
        )
        if len(self._values) >= self._size:
            self._values.clear()
        self._values[row] = made
        return made


_SET_LOGS = _SetLogs(size=200_000)


def diary_reads(until: dt.date | None) -> dict[str, Callable[[int], QuerySet[Any]]]:
    """The diary's four reads as ``values_list`` queries for a profile id (none for overrides'
    clinicians: their user name is joined in)."""
    username = f"created_by__{get_user_model().USERNAME_FIELD}"

    def dated(qs: QuerySet[Any], field_name: str) -> QuerySet[Any]:
        return qs if until is None else qs.filter(**{f"{field_name}__lte": until})

    return {
        # Each session's sets in the unique index's order (exercise, set, side): the order the
        # engine has always seen them in.
        "sessions": lambda pk: (
            dated(models.LoggedSession.objects.filter(profile_id=pk), "day")
            .annotate(stop_events_json=STOP_EVENTS_JSON)
            .order_by("day", "pk", "sets__exercise", "sets__set_number", "sets__side")
            .values_list(*SESSION_AND_SET_COLUMNS)
        ),
        "checkins": lambda pk: (
            dated(models.MorningCheckin.objects.filter(profile_id=pk), "day")
            .order_by("day")
            .values_list("day", "pain", "swelling", "stiffness", "cannot_bear_weight")
        ),
        "overrides": lambda pk: (
            models.ClinicianOverride.objects.filter(profile_id=pk)
            .order_by("starts_on", "id")
            .values_list("starts_on", "exercise", "dose", "note", username, "kind", "replacement")
        ),
        "screenings": lambda pk: (
            models.ScreeningRecord.objects.filter(profile_id=pk)
            .order_by("answered_on", "id")
            .values_list("answered_on", "answers")
        ),
    }


# Each query's SQL compiled once per process, thread and database, run again with the profile's
# id (compiling, not running, was about half the cost of each of these small queries).
DIARY_READS = {name: CompiledRead(build, int) for name, build in diary_reads(None).items()}


def _override(
    starts_on: dt.date,
    exercise: str,
    dose: dict[str, Any] | None,
    note: str,
    clinician: str | None,
    kind: values.OverrideKind,
    replacement: str,
) -> values.ClinicianOverride:
    """One override row as the engine's value; a swap's dose is its replacement's."""
    dosed = replacement if kind == "swap" else exercise
    return values.ClinicianOverride(
        date=starts_on,
        exercise=exercise,
        dose=None if dose is None else values.Dose(exercise=dosed, **dose),
        note=note,
        clinician=clinician,
        kind=kind,
        replacement=replacement or None,
    )


def read_diary(profile: models.Profile, *, until: dt.date | None = None) -> values.Diary:
    """The whole diary as the engine's values: four queries (sessions with their sets in one,
    a left join), as plain rows, not model instances, compiled once per process for the whole
    diary (every page view and every logged set reads it)."""
    rows: dict[str, list[tuple[Any, ...]]]
    if until is None:
        rows = {name: read.rows(profile.pk) for name, read in DIARY_READS.items()}
    else:
        rows = {name: list(build(profile.pk)) for name, build in diary_reads(until).items()}
    sessions: list[values.SessionLog] = []
    current: tuple[Any, ...] | None = None
    sets: list[values.SetLog] = []
    for pk, day, pain_after, pain_before, stop_events, *set_row in rows["sessions"]:
        if current is None or current[0] != pk:
            if current is not None:
                sessions.append(_session_log(current, sets))
            current, sets = (pk, day, pain_after, pain_before, stop_events), []
        if set_row[0] is not None:  # a session without sets has one row of NULLs
            sets.append(_SET_LOGS.get(tuple(set_row)))
    if current is not None:
        sessions.append(_session_log(current, sets))
    checkins = tuple(
        values.MorningCheckin(
            date=day, pain=pain, swelling=swelling, stiffness=stiff, cannot_bear_weight=unable
        )
        for day, pain, swelling, stiff, unable in rows["checkins"]
    )
    overrides = tuple(_override(*row) for row in rows["overrides"])
    screenings = tuple(
        values.ScreeningRecord(date=day, answers=dict(answers))
        for day, answers in rows["screenings"]
    )
    return values.Diary(
        sessions=tuple(sessions), checkins=checkins, overrides=overrides, screenings=screenings
    )


# --- what a replay saves: decisions and the calendar ahead ----------------------------------------


DecisionRows = dict[tuple[dt.date, str], tuple[Any, ...]]
CalendarRows = dict[dt.date, tuple[str, str, list[dict[str, Any]]]]
DecisionRow = tuple[Any, ...]


def decision_row(d: values.Decision) -> DecisionRow:
    return (
        d.kind,
        list(d.reason_texts("en")),
        list(d.reason_texts("nb")),
        dose_json(d.before),
        dose_json(d.after),
    )


def save_decisions(profile: models.Profile, decisions: DecisionRows) -> None:
    """Make the saved decisions equal the replay's: delete the stale, add the new, fix changed.
    The reasons are kept in both languages (``reasons`` English, ``reasons_nb`` Bokmål), so a
    page reads them in its own language without a replay."""
    wanted = dict(decisions)
    stale, changed = [], []
    columns = ("kind", "reasons", "reasons_nb", "dose_before", "dose_after")
    rows = profile.decisions.values_list("pk", "day", "exercise", *columns)
    for pk, day, exercise, *saved in rows:
        target = wanted.pop((day, exercise), None)
        if target is None:
            stale.append(pk)
        elif tuple(saved) != target:
            changed.append(models.Decision(pk=pk, **dict(zip(columns, target, strict=True))))
    if stale:
        models.Decision.objects.filter(pk__in=stale).delete()
    models.Decision.objects.bulk_update(changed, list(columns))
    models.Decision.objects.bulk_create(
        [
            models.Decision(
                profile=profile,
                day=day,
                exercise=exercise,
                kind=kind,
                reasons=reasons,
                reasons_nb=reasons_nb,
                dose_before=before,
                dose_after=after,
            )
            for (day, exercise), (kind, reasons, reasons_nb, before, after) in wanted.items()
        ]
    )


def unique_decisions(decisions: Iterable[values.Decision]) -> list[values.Decision]:
    """The last decision per (day, exercise): the one that stands."""
    last: dict[tuple[dt.date, str], values.Decision] = {}
    for decision in decisions:
        last[(decision.date, decision.exercise or "")] = decision
    return list(last.values())


def calendar_items(
    p: values.PlannedSession, known: dict[values.Prescription, dict[str, Any]]
) -> list[dict[str, Any]]:
    """The day's items as saved; each distinct prescription is put in JSON form once."""
    out = []
    for x in p.prescriptions:
        item = known.get(x)
        if item is None:
            item = known[x] = prescription_json(x)
        out.append(item)
    return out


def save_calendar(
    profile: models.Profile, calendar: CalendarRows, *, keep: dt.date | None = None
) -> None:
    """Write the days whose plan changed (one read, at most one bulk write of each kind).
    ``keep``: a day whose saved plan stays as it is (today once its session has begun: the
    day's plan was fixed when it started, and its sets are counted against it)."""
    if not calendar:
        return
    saved = {
        day: (pk, row)
        for pk, day, *row in profile.scheduled.filter(
            day__range=(min(calendar), max(calendar))
        ).values_list("pk", "day", "kind", "focus", "items")
    }
    changed, new = [], []
    for day, (kind, focus, items) in calendar.items():
        if day not in saved:
            new.append(
                models.ScheduledSession(
                    profile=profile,
                    day=day,
                    uid=profile.event_uid(day),
                    kind=kind,
                    focus=focus,
                    items=items,
                )
            )
        elif day != keep and tuple(saved[day][1]) != (kind, focus, items):
            pk = saved[day][0]
            changed.append(models.ScheduledSession(pk=pk, kind=kind, focus=focus, items=items))
    models.ScheduledSession.objects.bulk_create(new)
    models.ScheduledSession.objects.bulk_update(changed, ["kind", "focus", "items"])
