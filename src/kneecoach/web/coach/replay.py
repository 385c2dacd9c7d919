"""The engine's replay of a diary, remembered per process, and the observers told of each new one.

``replay`` runs ``engine.advise_resuming`` (or reuses the last replay when its inputs are equal);
``refresh`` also saves what it said (``repository.save_decisions`` / ``save_calendar``) and tells
``DIARY_OBSERVERS`` (the clinic's flags) when the diary changed or a new day came.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kneecoach.catalog.loader import default_catalog
from kneecoach.catalog.schema import Catalog
from kneecoach.programme import engine, values
from kneecoach.programme.engine import Advice, Checkpoint
from kneecoach.programme.validation import MAX_HORIZON_DAYS
from kneecoach.web.coach import models
from kneecoach.web.coach.repository import (
    CalendarRows,
    DecisionRow,
    DecisionRows,
    calendar_items,
    decision_row,
    domain_profile,
    read_diary,
    save_calendar,
    save_decisions,
    unique_decisions,
)

PLAN_HORIZON_DAYS = 28


@dataclass(frozen=True, slots=True)
class Replayed:
    """One replay with the exact inputs it was computed from, and the rows it saves as."""

    profile: values.Profile
    diary: values.Diary
    catalog: Catalog
    today: dt.date
    advice: Advice
    decisions: DecisionRows
    calendar: CalendarRows
    digest: str
    checkpoints: tuple[Checkpoint, ...] = ()
    worded: Mapping[int, tuple[values.Decision, DecisionRow]] = field(default_factory=dict)

    def answers(
        self, profile: values.Profile, diary: values.Diary, catalog: Catalog, today: dt.date
    ) -> bool:
        """Whether this replay is the one those inputs give (the engine is a pure function)."""
        return (
            self.catalog is catalog
            and self.today == today
            and self.profile == profile
            and self.diary == diary
        )


class ReplayMemo:
    """The last replay per profile, in this process: a page view whose inputs (profile fields,
    the whole diary as read in this request, the catalogue object, the day) are equal to the
    last replay's reuses its advice instead of replaying.

    Keyed by the inputs themselves, compared in full, not by a version number: nothing has to
    remember to bump anything, a write by the other gunicorn worker changes what this request
    reads and so misses, and a stale dose cannot be served. Bounded (least recently used out).
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[int, Replayed] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: int) -> Replayed | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: int, entry: Replayed) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


REPLAYS = ReplayMemo(size=256)


def replay(
    profile: models.Profile,
    today: dt.date,
    catalog: Catalog | None = None,
    *,
    remember: bool = True,
) -> Replayed:
    """The engine's advice for ``today`` from this profile's diary as read now (reused when the
    inputs equal the last replay's), with the decision and calendar rows it is saved as.
    ``remember=False`` (a look at another day) leaves the memo with today's replay.

    When the inputs differ (a set logged), the engine resumes from the last replay's checkpoint
    at the start of the first changed day (``engine.advise_resuming``: a set logged today replays
    today only), and the rows of decisions that replay carried over are not worded again."""
    catalog = catalog or default_catalog()
    domain, diary = domain_profile(profile), read_diary(profile)
    last = REPLAYS.get(profile.pk)
    if last is not None and last.answers(domain, diary, catalog, today):
        return last
    advice, checkpoints = engine.advise_resuming(
        domain,
        catalog,
        diary,
        today,
        horizon_days=PLAN_HORIZON_DAYS,
        checkpoints=last.checkpoints if last is not None else (),
    )
    worded = _DecisionWording(last.worded if last is not None else {})
    decisions = worded.rows(advice.decisions)
    planned = [p for p in advice.next_sessions if p.date >= today]
    items: dict[values.Prescription, dict[str, Any]] = {}  # 28 days, about 7 distinct items
    calendar: CalendarRows = {
        p.date: (p.kind, p.focus or "", calendar_items(p, items)) for p in planned
    }
    digest = (
        last.digest
        if last is not None
        and last.today == today
        and last.decisions == decisions
        and last.calendar == calendar
        else _advice_digest(today, decisions, calendar)
    )
    replayed = Replayed(
        profile=domain,
        diary=diary,
        catalog=catalog,
        today=today,
        advice=advice,
        decisions=decisions,
        calendar=calendar,
        digest=digest,
        checkpoints=checkpoints,
        worded=worded.known,
    )
    if remember:
        REPLAYS.put(profile.pk, replayed)
    return replayed


class _DecisionWording:
    """Each decision's saved row (its reasons worded in English and Bokmål), reused for the
    very decision objects a resumed replay carried over from the last one (matched by identity,
    the object itself kept beside its row, so a reused ``id`` cannot match)."""

    def __init__(self, previous: Mapping[int, tuple[values.Decision, DecisionRow]]) -> None:
        self.previous = previous
        self.known: dict[int, tuple[values.Decision, DecisionRow]] = {}

    def rows(self, decisions: Iterable[values.Decision]) -> DecisionRows:
        rows: DecisionRows = {}
        for d in unique_decisions(decisions):
            hit = self.previous.get(id(d))
            row = hit[1] if hit is not None and hit[0] is d else decision_row(d)
            self.known[id(d)] = (d, row)
            rows[(d.date, d.exercise or "")] = row
        return rows


def advise(profile: models.Profile, today: dt.date, catalog: Catalog | None = None) -> Advice:
    return replay(profile, today, catalog).advice


def refresh(profile: models.Profile, today: dt.date, catalog: Catalog | None = None) -> Advice:
    """Replay the diary and save what the engine said: its decisions and the calendar ahead.

    Decisions are replaced wholesale (the replay is deterministic, so this is idempotent); the
    calendar is updated from today on, keeping each day's UID (today's own plan stays once its
    session has begun); past days keep what was planned, which is what adherence is measured
    against, and days since the start that no replay saved are planned as they stood then. The
    profile keeps a digest of what was last saved; when the replay says the same again (most
    page views, most sets logged mid-session) nothing is read back or written.
    """
    last = REPLAYS.get(profile.pk)
    replayed = replay(profile, today, catalog)
    if replayed.digest != profile.advice_digest:
        save_decisions(profile, replayed.decisions)
        begun = any(s.date == today for s in replayed.diary.sessions)
        save_calendar(profile, replayed.calendar, keep=today if begun else None)
        plan_unsaved_past_days(profile, replayed)
        profile.advice_digest = replayed.digest
        profile.save(update_fields=["advice_digest"])
    if replayed is not last:  # a diary that changed, or a new day: tell the observers
        notify_diary_observers(profile, replayed.diary, replayed.advice, today)
    return replayed.advice


def plan_unsaved_past_days(profile: models.Profile, replayed: Replayed) -> None:
    """Save the plan of each day since the start date that no replay saved, as the programme
    planned it when that day began (``engine.plan_as_it_stood``). The calendar is saved from the
    day of each replay on, ``PLAN_HORIZON_DAYS`` ahead, so two things leave past days unsaved: a
    start date before the first visit (back-dated at onboarding, or onboarded again with an
    earlier start), and an absence longer than the horizon. Past days are what adherence is
    measured against, so they must be there. One indexed read of the saved days when nothing
    is missing; days already saved are never rewritten."""
    start, today = profile.start_date, replayed.today
    saved = set(profile.scheduled.filter(day__range=(start, today)).values_list("day", flat=True))
    items: dict[values.Prescription, dict[str, Any]] = {}
    for first, last in _unsaved_runs(start, today, saved):
        day = first
        while day <= last:
            days = min((last - day).days + 1, MAX_HORIZON_DAYS)
            planned = engine.plan_as_it_stood(
                replayed.profile, replayed.catalog, replayed.diary, day, days
            )
            calendar: CalendarRows = {
                p.date: (p.kind, p.focus or "", calendar_items(p, items))
                for p in planned
                if p.date not in saved and p.date <= last
            }
            save_calendar(profile, calendar)
            day += dt.timedelta(days=days)


def _unsaved_runs(
    start: dt.date, end: dt.date, saved: set[dt.date]
) -> list[tuple[dt.date, dt.date]]:
    """The runs of consecutive days from ``start`` to ``end`` not in ``saved`` (first, last)."""
    runs: list[tuple[dt.date, dt.date]] = []
    day = start
    while day <= end:
        if day in saved:
            day += dt.timedelta(days=1)
            continue
        first = day
        while day + dt.timedelta(days=1) <= end and day + dt.timedelta(days=1) not in saved:
            day += dt.timedelta(days=1)
        runs.append((first, day))
        day += dt.timedelta(days=1)
    return runs


def advice_for(
    profile: models.Profile,
    day: dt.date,
    today_: dt.date | None,
    catalog: Catalog | None = None,
) -> Advice:
    """The engine's advice as it stands on ``day``, saved (decisions, the calendar ahead) only
    when ``day`` is today, the clock read at the edge (None: ``day`` is today). Looking at
    another day is a read: its replay would replace the saved decisions with that day's."""
    if today_ is None or day == today_:
        return refresh(profile, day, catalog)
    return replay(profile, day, catalog, remember=False).advice


DiaryObserver = Callable[[models.Profile, values.Diary, Advice | None, dt.date], None]
DIARY_OBSERVERS: list[DiaryObserver] = []
"""Called after a fresh replay (the diary changed, or a new day came) with the advice, and
after a screening that locks the programme with advice None. The clinic app stores its flags
there (``web/clinic/flagging.py``); an observer must be cheap when it has nothing to do."""


def notify_diary_observers(
    profile: models.Profile, diary: values.Diary, advice: Advice | None, today: dt.date
) -> None:
    for observer in DIARY_OBSERVERS:
        observer(profile, diary, advice, today)


def _advice_digest(today: dt.date, decisions: DecisionRows, calendar: CalendarRows) -> str:
    """What ``refresh`` saves, as a digest: the decision rows, the calendar from ``today``."""
    data = [
        today.isoformat(),
        sorted([day.isoformat(), exercise, *row] for (day, exercise), row in decisions.items()),
        sorted([day.isoformat(), *row] for day, row in calendar.items()),
    ]
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()
