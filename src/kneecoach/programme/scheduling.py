"""Which days to train: the seed's frequency rules with the evidence's safeguards.

- Not used to training: every other day (the seed). This matches ACSM 2009's 2-3 days/week for
  novices and trial dosing of 2-3 sessions/week (Juhl et al. 2014; Husted et al. 2022;
  docs/evidence.md#every-other-day).
- Used to training: "3 days on, 1 day off" (the seed). No trial supports training the same
  muscles on 3 days in a row (docs/evidence.md#three-days-on-one-day-off), so consecutive
  training days alternate hip-focused and knee-focused exercises (the safeguard,
  docs/evidence.md#hip-and-knee-days), and the 24-hour pain rule
  governs every dose (``progression``).

Unavailable days (``Profile.weekdays``): a session due on one moves to the next available day.
Never two sessions on one day; for the untrained plan never two training days in a row (the
every-other-day gap is counted from the last session, so a moved session pushes the next one).
A trained run of training days is broken by an unavailable day, which counts as its day off.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from kneecoach.programme.values import Focus, Profile, SessionFocus

EVERY_OTHER_DAY = timedelta(days=2)
"""Untrained: the next session at least two days after the last (the seed: "every other day")."""
DAYS_ON = 3
"""Trained: at most three training days in a row, then a day off (the seed)."""
ONE_DAY = timedelta(days=1)

Day = tuple[date, SessionFocus | None]
"""A day of the schedule and its session focus; None is a rest day."""


def available(profile: Profile, day: date) -> bool:
    """The person said they can train on this weekday."""
    return day.weekday() in profile.weekdays


def alternate_hip_knee_focus(previous: SessionFocus | None) -> Focus:
    """Trained plan: each training day switches focus, hip after knee and knee after hip, so no
    muscle group is loaded on two days in a row (docs/evidence.md#hip-and-knee-days, a design
    default)."""
    return "knee" if previous == "hip" else "hip"


def every_other_day_rule(
    profile: Profile, first_day: date, days: int, last_training: date | None = None
) -> tuple[Day, ...]:
    """Untrained schedule: a full session every other day, moved to the next available day when
    the due day is unavailable (the seed; ACSM 2009; docs/evidence.md#every-other-day)."""
    schedule: list[Day] = []
    due = first_day if last_training is None else max(first_day, last_training + EVERY_OTHER_DAY)
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        if day >= due and available(profile, day):
            schedule.append((day, "full"))
            due = day + EVERY_OTHER_DAY
        else:
            schedule.append((day, None))
    return tuple(schedule)


def three_on_one_off_rule(
    profile: Profile,
    first_day: date,
    days: int,
    run_before: int = 0,
    last_focus: SessionFocus | None = None,
) -> tuple[Day, ...]:
    """Trained schedule: up to 3 training days in a row, then a day off (the seed), alternating
    hip- and knee-focused days (the evidence's safeguard). ``run_before``: training days in a row
    that end the day before ``first_day``; an unavailable day breaks the run."""
    schedule: list[Day] = []
    run = run_before
    focus = last_focus
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        if run < DAYS_ON and available(profile, day):
            focus = alternate_hip_knee_focus(focus)
            schedule.append((day, focus))
            run += 1
        else:
            schedule.append((day, None))
            run = 0
    return tuple(schedule)


def run_ending_before(day: date, training_days: Sequence[date]) -> int:
    """How many training days in a row end the day before ``day`` (0 if that day was rest)."""
    done = set(training_days)
    run = 0
    probe = day - ONE_DAY
    while probe in done and run < DAYS_ON:
        run += 1
        probe -= ONE_DAY
    return run


def schedule(
    profile: Profile,
    first_day: date,
    days: int,
    *,
    training_days: Sequence[date] = (),
    last_focus: SessionFocus | None = None,
) -> tuple[Day, ...]:
    """The schedule for ``days`` days from ``first_day``, continuing from the sessions actually
    logged before it (``training_days``, ``last_focus``): missed days are not made up, the plan
    simply carries on from the last session (no cramming)."""
    earlier = [d for d in training_days if d < first_day]
    if not profile.trained:
        return every_other_day_rule(profile, first_day, days, max(earlier, default=None))
    return three_on_one_off_rule(
        profile, first_day, days, run_ending_before(first_day, earlier), last_focus
    )


def planned_focus_rule(
    profile: Profile,
    day: date,
    *,
    training_days: Sequence[date] = (),
    last_focus: SessionFocus | None = None,
) -> SessionFocus:
    """A training day's focus is fixed when the day starts: the schedule's focus for ``day`` as
    it stood before anything was logged on it, so logging a set fills the day in and never
    changes which exercises it holds. A session on a rest day of the plan gets the focus the
    next training day would have had (full for the every-other-day plan, the next of hip and
    knee for the trained plan) (the seed's schedule; docs/evidence.md#hip-and-knee-days)."""
    planned = schedule(profile, day, 1, training_days=training_days, last_focus=last_focus)[0][1]
    if planned is not None:
        return planned
    if not profile.trained:
        return "full"
    return alternate_hip_knee_focus(last_focus)


def logged_on_a_rest_day(profile: Profile, day: date, training_days: Sequence[date]) -> bool:
    """A session logged on ``day`` fell on a rest day of the plan as it stood before it: a
    weekday the person did not choose, or a day the frequency rule keeps free (every other
    day, or the day off after three). The session still counts, and ``schedule`` carries on
    from it, so the days after it move; the person is told why (engine notes)."""
    return schedule(profile, day, 1, training_days=training_days)[0][1] is None
