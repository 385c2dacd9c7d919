"""Per-side tracking: which leg is weaker, with the evidence counted (the seed)."""

from __future__ import annotations

from datetime import timedelta

from kneecoach.programme.sides import weaker_in_exercise, weaker_in_session, weaker_side_rule
from kneecoach.programme.values import SessionLog

from .fixtures import MONDAY, full_session, sets_for


def one_leg_session(
    day_offset: int, *, left_amount: int | None = None, left_pain: int | None = None
) -> SessionLog:
    sets = sets_for("clamshell", left_amount=left_amount, left_pain=left_pain) + sets_for(
        "vmo-lift", left_amount=left_amount, left_pain=left_pain
    )
    return SessionLog(MONDAY + timedelta(days=day_offset), sets, pain_after=2)


def test_weaker_in_exercise_by_reps_or_pain() -> None:
    assert weaker_in_exercise({"left": 20, "right": 30}, {"left": 2, "right": 2}) == "left"
    assert weaker_in_exercise({"left": 30, "right": 30}, {"left": 2, "right": 4}) == "right"
    assert weaker_in_exercise({"left": 29, "right": 30}, {"left": 3, "right": 2}) is None
    # contradictory evidence (fewer reps left, more pain right) is no verdict
    assert weaker_in_exercise({"left": 20, "right": 30}, {"left": 1, "right": 4}) is None


def test_weaker_in_session_ignores_sessions_without_one_leg_work() -> None:
    only_bridge = full_session(MONDAY, slugs=("glute-bridge",))
    assert weaker_in_session(only_bridge) is False
    assert weaker_in_session(one_leg_session(0, left_amount=5)) == "left"
    assert weaker_in_session(one_leg_session(0)) is None


def test_weaker_side_rule_not_called_on_one_session() -> None:
    report = weaker_side_rule([one_leg_session(0, left_amount=5)])
    assert report.weaker is None
    assert report.left_weaker_sessions == 1
    assert "not enough evidence" in report.reasons[1]


def test_weaker_side_rule_after_three_consistent_sessions() -> None:
    sessions = [one_leg_session(2 * k, left_pain=5) for k in range(3)]
    report = weaker_side_rule(sessions)
    assert report.weaker == "left"
    assert report.left_weaker_sessions == 3 and report.sessions == 3


def test_weaker_side_rule_needs_twice_the_other_side() -> None:
    sessions = [one_leg_session(2 * k, left_pain=5) for k in range(3)]
    sessions += [one_leg_session(10 + 2 * k, left_amount=30) for k in range(2)]  # right short
    report = weaker_side_rule(sessions)
    assert (report.left_weaker_sessions, report.right_weaker_sessions) == (3, 2)
    assert report.weaker is None


def test_one_session_with_one_leg_work_is_said_as_one() -> None:
    """ "of 1 sessions with one-leg work, the left leg was weaker in 1, the right in 0" read as a
    count gone wrong; one session is said as one, in both languages."""
    one = weaker_side_rule([one_leg_session(0, left_amount=5)]).reasons[0]
    assert str(one).startswith(
        "in the one session with one-leg work so far, the left leg was weaker"
    )
    assert one.text("nb").startswith("i den ene økta med ettbeinsøvelser så langt var venstre bein")
    even = weaker_side_rule([one_leg_session(0)]).reasons[0]
    assert "the two legs were even" in str(even)
    two = weaker_side_rule([one_leg_session(0, left_amount=5), one_leg_session(2)]).reasons[0]
    assert str(two).startswith("of 2 sessions with one-leg work, the left leg was weaker in 1")
