"""The seed's frequency rules with the evidence's safeguard (docs/evidence.md#hip-and-knee-days)."""

from __future__ import annotations

import itertools
from datetime import timedelta

from kneecoach.programme.scheduling import (
    alternate_hip_knee_focus,
    every_other_day_rule,
    logged_on_a_rest_day,
    run_ending_before,
    schedule,
    three_on_one_off_rule,
)

from .fixtures import MONDAY, profile


def training(days: tuple[tuple[object, object], ...]) -> list[int]:
    return [i for i, (_, focus) in enumerate(days) if focus is not None]


def test_every_other_day_rule_for_the_untrained() -> None:
    days = every_other_day_rule(profile(), MONDAY, 8)
    assert training(days) == [0, 2, 4, 6]
    assert all(focus in (None, "full") for _, focus in days)


def test_every_other_day_rule_moves_a_session_to_the_next_available_day() -> None:
    person = profile(weekdays=frozenset({0, 1, 3}))  # Mon, Tue, Thu
    days = every_other_day_rule(person, MONDAY, 14)
    trained = [MONDAY + timedelta(days=i) for i in training(days)]
    assert [d.weekday() for d in trained] == [0, 3, 0, 3]  # Wed moves to Thu, never Mon+Tue
    gaps = [(b - a).days for a, b in itertools.pairwise(trained)]
    assert min(gaps) >= 2


def test_every_other_day_rule_continues_from_the_last_session() -> None:
    days = every_other_day_rule(profile(), MONDAY, 3, last_training=MONDAY - timedelta(days=1))
    assert training(days) == [1]


def test_three_on_one_off_rule_for_the_trained() -> None:
    days = three_on_one_off_rule(profile(trained=True), MONDAY, 8)
    assert training(days) == [0, 1, 2, 4, 5, 6]
    assert [focus for _, focus in days] == ["hip", "knee", "hip", None, "knee", "hip", "knee", None]


def test_three_on_one_off_rule_unavailable_day_breaks_the_run() -> None:
    person = profile(trained=True, weekdays=frozenset({0, 1, 3, 4, 5}))  # no Wed, no Sun
    days = three_on_one_off_rule(person, MONDAY, 7)
    assert training(days) == [0, 1, 3, 4, 5]


def test_alternate_hip_knee_focus() -> None:
    assert alternate_hip_knee_focus(None) == "hip"
    assert alternate_hip_knee_focus("hip") == "knee"
    assert alternate_hip_knee_focus("knee") == "hip"
    assert alternate_hip_knee_focus("full") == "hip"


def test_run_ending_before_counts_consecutive_logged_days() -> None:
    logged = [MONDAY, MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)]
    assert run_ending_before(MONDAY + timedelta(days=3), logged) == 3
    assert run_ending_before(MONDAY + timedelta(days=4), logged) == 0


def test_schedule_after_three_logged_days_rests_first() -> None:
    logged = [MONDAY, MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)]
    days = schedule(
        profile(trained=True), MONDAY + timedelta(days=3), 3, training_days=logged,
        last_focus="hip",
    )  # fmt: skip
    assert [focus for _, focus in days] == [None, "knee", "hip"]


def test_schedule_missed_sessions_are_not_made_up() -> None:
    # last session 5 days ago: the plan trains today once, then every other day again
    days = schedule(profile(), MONDAY + timedelta(days=5), 5, training_days=[MONDAY])
    assert training(days) == [0, 2, 4]


def test_logged_on_a_rest_day_is_judged_against_the_plan_before_the_session() -> None:
    monday = MONDAY
    tuesday, wednesday = monday + timedelta(days=1), monday + timedelta(days=2)
    mon_wed_fri = profile(weekdays=frozenset({0, 2, 4}))
    assert logged_on_a_rest_day(mon_wed_fri, tuesday, [])  # not a chosen weekday
    assert not logged_on_a_rest_day(mon_wed_fri, monday, [])
    every_day = profile()
    assert logged_on_a_rest_day(every_day, tuesday, [monday])  # every other day
    assert not logged_on_a_rest_day(every_day, wednesday, [monday])
    trained = profile(trained=True)
    first_three = [monday + timedelta(days=k) for k in range(3)]
    assert logged_on_a_rest_day(trained, monday + timedelta(days=3), first_three)  # 3 on, 1 off
    assert not logged_on_a_rest_day(trained, monday + timedelta(days=2), first_three[:2])
