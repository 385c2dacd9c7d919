"""The walk's values: what it reads (``WalkInputs``, derived once per replay from the profile,
the catalogue and the diary up to today) and what it carries from one day to the next
(``WalkState``, a frozen value; a checkpoint holds one), with the small date helpers the steps
(``walk``) and the engine share.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType
from typing import NamedTuple, Protocol

from kneecoach.catalog.schema import Catalog, Exercise, Localized
from kneecoach.programme import pain as pain_rules
from kneecoach.programme.dosing import Ladder
from kneecoach.programme.planning import (
    Swaps,
    ladders_for,
    performed_name,
    starting_dose_rule,
)
from kneecoach.programme.progression import (
    ExerciseState,
)
from kneecoach.programme.reasons import Reason
from kneecoach.programme.sides import NO_SIDE_SESSIONS, SideCounts
from kneecoach.programme.values import (
    ClinicianOverride,
    Decision,
    Diary,
    Dose,
    MorningCheckin,
    Profile,
    ProgrammeState,
    ScreeningRecord,
    ScreeningResult,
    SessionFocus,
    SessionLog,
    SetLog,
)

ONE_DAY = timedelta(days=1)
WEEK = timedelta(days=7)

OffPeriods = tuple[tuple[date, date | None], ...]
"""Relief and locked periods, ``(start, end)``; the end is None while the period lasts."""


class _Dated(Protocol):
    @property
    def date(self) -> date: ...


def _by_date[T: _Dated](items: Iterable[T]) -> dict[date, tuple[T, ...]]:
    grouped: dict[date, list[T]] = {}
    for item in items:
        grouped.setdefault(item.date, []).append(item)
    return {day: tuple(found) for day, found in grouped.items()}


@dataclass(frozen=True, slots=True, eq=False)
class WalkInputs:
    """What the walk reads: the inputs and what is derived from them once per replay.

    ``performed_names`` memoises ``planning.performed_name`` (a pure function of the exercise,
    the level and the equipment); it is the one field filled in as the walk goes."""

    profile: Profile
    catalog: Catalog
    today: date
    exercises: Mapping[str, Exercise]
    names: Mapping[str, Localized]
    ladders: Mapping[str, Ladder]
    start_doses: Mapping[str, Dose]
    sessions: Mapping[date, SessionLog]
    checkins: Mapping[date, MorningCheckin]
    overrides: Mapping[date, tuple[ClinicianOverride, ...]]
    screenings: Mapping[date, tuple[ScreeningRecord, ...]]
    previous_checkin: Mapping[date, date]
    checkin_ordinals: Sequence[int]
    checkin_pains: Sequence[int]
    first_week: Sequence[MorningCheckin]
    settled_baseline: int | None
    days: Sequence[date]
    performed_names: dict[tuple[str, int], Localized | Reason] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        profile: Profile,
        catalog: Catalog,
        diary: Diary,
        today: date,
        *,
        ladders: Mapping[str, Ladder] | None = None,
    ) -> WalkInputs:
        """The inputs of a replay of ``diary`` up to ``today``; entries after it are ignored.
        ``ladders``: ``planning.ladders_for(catalog, profile)`` when already known (a checkpoint
        made with the same catalogue and profile carries them)."""
        if ladders is None:
            ladders = ladders_for(catalog, profile)
        sessions = {s.date: s for s in diary.sessions if s.date <= today}
        checkins = {c.date: c for c in diary.checkins if c.date <= today}
        overrides = _by_date(o for o in diary.overrides if o.date <= today)
        screenings = _by_date(r for r in diary.screenings if r.date <= today)
        ordered = [checkins[d] for d in sorted(checkins)]
        week_end = profile.start_date + WEEK
        first_week = [c for c in ordered if profile.start_date <= c.date < week_end]
        days = {*sessions, *checkins, *overrides, *screenings, today}
        return cls(
            profile=profile,
            catalog=catalog,
            today=today,
            exercises={ex.slug: ex for ex in catalog.exercises},
            names={ex.slug: ex.name for ex in catalog.exercises},
            ladders=ladders,
            start_doses={
                slug: starting_dose_rule(ladder, profile) for slug, ladder in ladders.items()
            },
            sessions=sessions,
            checkins=checkins,
            overrides=overrides,
            screenings=screenings,
            previous_checkin={
                later.date: earlier.date for earlier, later in itertools.pairwise(ordered)
            },
            checkin_ordinals=[c.date.toordinal() for c in ordered],
            checkin_pains=[c.pain for c in ordered],
            first_week=first_week,
            settled_baseline=pain_rules.baseline_from_checkins([c.pain for c in first_week]),
            days=sorted(days),
        )

    def baseline(self, day: date) -> int | None:
        """Usual pain: the profile's, else the mean of the first week's check-ins before ``day``
        (``pain.baseline_from_checkins``; docs/evidence.md#next-morning). Once the first week is
        over, that is all of them (``settled_baseline``)."""
        if self.profile.baseline_pain is not None:
            return self.profile.baseline_pain
        if day >= self.profile.start_date + WEEK:
            return self.settled_baseline
        return pain_rules.baseline_from_checkins([c.pain for c in self.first_week if c.date < day])

    def usual_pain(self, day: date) -> int | None:
        """The person's usual pain on ``day``: the baseline, else the mean of the check-ins in the
        7 days before it (``pain.usual_pain_level``; docs/evidence.md#next-morning)."""
        ordinal = day.toordinal()
        baseline = self.baseline(day)
        if baseline is not None:
            return baseline
        return pain_rules.usual_pain_level(None, self.pains_between(ordinal - 8, ordinal - 1))

    def weekly_trend(self, day: date) -> tuple[float, float] | None:
        """Mean morning pain in the 7 days up to ``day`` and the 7 before, when rising
        (``pain.weekly_trend_rising``). Binary search over the sorted check-ins keeps it
        O(log n) per decision."""
        ordinal = day.toordinal()
        this_week = self.pains_between(ordinal - 7, ordinal)
        last_week = self.pains_between(ordinal - 14, ordinal - 7)
        if pain_rules.weekly_trend_rising(this_week, last_week):
            return pain_rules.mean(this_week), pain_rules.mean(last_week)
        return None

    def pains_between(self, after: int, until: int) -> Sequence[int]:
        """Morning pains of the check-ins with ``after < date ordinal <= until``."""
        low = bisect_right(self.checkin_ordinals, after)
        high = bisect_right(self.checkin_ordinals, until)
        return self.checkin_pains[low:high]

    def checkin_before(self, day: date) -> MorningCheckin | None:
        """The check-in before the one on ``day``."""
        previous = self.previous_checkin.get(day)
        return self.checkins[previous] if previous is not None else None

    def performed(self, slug: str, level: int) -> Localized | Reason:
        """What the person did at ``level`` (``planning.performed_name``), worked out once per
        exercise and level: it depends only on the catalogue and the equipment."""
        key = (slug, level)
        name = self.performed_names.get(key)
        if name is None:
            name = performed_name(self.exercises[slug], level, self.profile.equipment)
            self.performed_names[key] = name
        return name


class WalkState(NamedTuple):
    """All the walk carries from one day to the next, an immutable value: each step makes a new
    one (``_replace``, cheaper than ``dataclasses.replace``: the walk makes a few hundred).
    ``pending``: the last session, waiting for its next-morning check-in before it is decided.
    ``session_foci``: each logged day's planned focus, fixed when the day started.
    ``relief_reference``: the morning pain relief waits for; ``settled_streak``: mornings in a
    row at it. ``side_sessions``: the sessions so far that showed a weaker side
    (``sides.counted_session``)."""

    states: Mapping[str, ExerciseState]
    mode: ProgrammeState = "training"
    locked: bool = False
    screening: ScreeningResult | None = None
    screened_on: date | None = None
    progression_pause: Reason | None = None
    pending: SessionLog | None = None
    relief_start: date | None = None
    relief_reference: int = pain_rules.SAFE_MAX
    settled_streak: int = 0
    off_periods: OffPeriods = ()
    training_days: tuple[date, ...] = ()
    last_focus: SessionFocus | None = None
    session_foci: Mapping[date, SessionFocus] = MappingProxyType({})
    side_sessions: SideCounts = NO_SIDE_SESSIONS
    swapped: Swaps = MappingProxyType({})
    added: frozenset[str] = frozenset()
    paused: ClinicianOverride | None = None

    @property
    def programme_state(self) -> ProgrammeState:
        if self.locked:
            return "locked"
        return "paused" if self.paused is not None else self.mode

    @property
    def halted(self) -> bool:
        """Locked by a screening or paused by a clinician: nothing is decided or planned."""
        return self.locked or self.paused is not None


Step = tuple[WalkState, tuple[Decision, ...]]
"""A step's new state and the decisions it made."""


def initial_state(inputs: WalkInputs) -> WalkState:
    """Before the first day: every exercise at its starting dose."""
    return WalkState({slug: ExerciseState(dose) for slug, dose in inputs.start_doses.items()})


def opened(periods: OffPeriods, day: date) -> OffPeriods:
    """``periods`` with one opened on ``day``, unless one is open already (a relief period,
    a lock and a clinician's pause may overlap: they make one off period)."""
    if periods and periods[-1][1] is None:
        return periods
    return (*periods, (day, None))


def closed(periods: OffPeriods, day: date) -> OffPeriods:
    """``periods`` with the open one, if any, ended on ``day``."""
    if periods and periods[-1][1] is None:
        return (*periods[:-1], (periods[-1][0], day))
    return periods


def is_off(day: date, periods: OffPeriods) -> bool:
    """Whether ``day`` falls in a relief or locked period."""
    return any(start <= day and (end is None or day < end) for start, end in periods)


def sets_by_exercise(sets: Iterable[SetLog]) -> dict[str, list[SetLog]]:
    """A session's sets grouped by exercise, in the order first logged."""
    grouped: dict[str, list[SetLog]] = {}
    for logged in sets:
        group = grouped.get(logged.exercise)
        if group is None:
            grouped[logged.exercise] = [logged]
        else:
            group.append(logged)
    return grouped


def entries_before(diary: Diary, day: date) -> Diary:
    """The diary's entries dated before ``day``, as the walk sees them (``normalised``)."""
    return normalised(
        Diary(
            sessions=tuple(s for s in diary.sessions if s.date < day),
            checkins=tuple(c for c in diary.checkins if c.date < day),
            overrides=tuple(o for o in diary.overrides if o.date < day),
            screenings=tuple(r for r in diary.screenings if r.date < day),
        )
    )


def normalised(diary: Diary) -> Diary:
    """What the walk reads of a diary: the last session and check-in per date (the walk keys
    them by date), overrides and screenings in their order within a date, all by date."""
    sessions = {s.date: s for s in diary.sessions}
    checkins = {c.date: c for c in diary.checkins}
    return Diary(
        sessions=tuple(sessions[d] for d in sorted(sessions)),
        checkins=tuple(checkins[d] for d in sorted(checkins)),
        overrides=tuple(sorted(diary.overrides, key=lambda o: o.date)),
        screenings=tuple(sorted(diary.screenings, key=lambda r: r.date)),
    )
