"""Progress / hold / regress for one exercise (docs/evidence.md#decision-order)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from kneecoach.programme.dosing import build_ladder
from kneecoach.programme.progression import (
    ExerciseState,
    SessionContext,
    decide_exercise,
    exercise_evidence,
)
from kneecoach.programme.values import Decision, Dose, MorningCheckin

from .fixtures import CATALOG, MONDAY, sets_for

CLAM = CATALOG.require("clamshell")
LADDER = build_ladder(CLAM)
START = Dose("clamshell", 0, 2, reps=10, per_side=True)


def context(**changes: Any) -> SessionContext:
    """A session's context, with ``changes`` to any of its fields."""
    values: dict[str, Any] = {
        "session_date": MONDAY,
        "decided_on": MONDAY + timedelta(days=1),
        "pain_before": 2,
        "pain_after": 3,
        "reference": 2,
        "morning": MorningCheckin(MONDAY + timedelta(days=1), 2),
    }
    values.update(changes)
    return SessionContext(**values)


def decide(
    state: ExerciseState,
    *,
    pain: int = 2,
    ctx: SessionContext | None = None,
    amount: int | None = None,
    effort: int | None = None,
) -> tuple[ExerciseState, Decision]:
    sets = sets_for("clamshell", pain=pain, amount=amount, effort=effort)
    evidence = exercise_evidence(CLAM, state.dose, sets)
    return decide_exercise(CLAM, LADDER, state, evidence, ctx or context())


def test_exercise_evidence_completed_and_shortfall() -> None:
    done = exercise_evidence(CLAM, START, sets_for("clamshell", amount=10, sets=2))
    assert done.completed and done.last_set_surplus == 0
    short = exercise_evidence(CLAM, START, sets_for("clamshell", amount=10, sets=2, left_amount=7))
    assert not short.completed
    assert "set 1 (left): 7 of 10 reps" in short.shortfall


def test_two_for_two_rule_needs_two_eligible_sessions() -> None:
    state, first = decide(ExerciseState(START))
    assert first.kind == "hold" and state.streak == 1
    assert "one more is needed" in first.reasons[-1]
    state, second = decide(state, ctx=context(decided_on=MONDAY + timedelta(days=3)))
    assert second.kind == "progress"
    assert second.after == Dose("clamshell", 0, 2, reps=12, per_side=True)
    assert state.streak == 0 and state.last_progress == MONDAY + timedelta(days=3)
    assert "reps from 10 to 12" in second.reasons[-1]


def test_at_most_one_step_per_week() -> None:
    state = ExerciseState(START, streak=1, last_progress=MONDAY - timedelta(days=3))
    state, decision = decide(state)
    assert decision.kind == "hold"
    assert "at most one step a week" in " ".join(decision.reason_texts())
    assert state.streak == 2


def test_pain_during_6_regresses_with_the_numbers() -> None:
    state = ExerciseState(Dose("clamshell", 0, 2, reps=14, per_side=True), streak=1)
    state, decision = decide(state, pain=6)
    assert decision.kind == "regress"
    assert "pain during Clamshell was 6/10, above the 5/10 limit" in decision.reasons[0]
    assert decision.after == Dose("clamshell", 0, 2, reps=10, per_side=True)
    assert state.streak == 0


def test_pain_after_above_5_regresses_and_5_does_not() -> None:
    """Silbernagel 2007: pain after activity may reach 5/10 (a rise from 1 to 5 is allowed)."""
    _, decision = decide(ExerciseState(START), ctx=context(pain_after=6, pain_before=2))
    assert decision.kind == "regress"
    assert "pain after the session was 6/10, above 5/10" in decision.reasons[0]
    _, allowed = decide(ExerciseState(START), ctx=context(pain_after=5, pain_before=1))
    assert allowed.kind != "regress"


def test_night_that_did_not_settle_regresses() -> None:
    morning = MorningCheckin(MONDAY + timedelta(days=1), 4)
    _, decision = decide(ExerciseState(START, streak=1), ctx=context(morning=morning))
    assert decision.kind == "regress"
    assert "the night did not settle" in decision.reasons[0]


def test_stiffness_two_mornings_regresses() -> None:
    _, decision = decide(ExerciseState(START), ctx=context(raised=("stiffness",)))
    assert decision.kind == "regress"
    assert "stiffness on two mornings in a row" in decision.reasons


def test_rising_weekly_trend_regresses_once_a_week() -> None:
    ctx = context(trend=(4.0, 2.5))
    state, decision = decide(ExerciseState(START, streak=1), ctx=ctx)
    assert decision.kind == "regress" and "up from 2.5/10" in decision.reasons[0]
    _, again = decide(state, ctx=replace(ctx, decided_on=ctx.decided_on + timedelta(days=2)))
    assert again.kind == "hold"


def test_no_morning_checkin_holds_without_counting() -> None:
    state, decision = decide(ExerciseState(START, streak=1), ctx=context(morning=None))
    assert decision.kind == "hold" and state.streak == 0
    assert "no morning check-in" in decision.reasons[0]


def test_missing_pain_after_holds_without_counting_and_never_regresses() -> None:
    """Pain an hour after not reported yet: no evidence the knee settled, so no step up, and no
    invented number to regress on (values.SessionLog, conservative rule for missing data)."""
    ctx = context(pain_before=0, pain_after=None)
    state, decision = decide(ExerciseState(START, streak=1), pain=4, ctx=ctx)
    assert decision.kind == "hold" and state.streak == 0
    assert "no pain score from about an hour after the session" in decision.reasons[0]
    # a stand-in number (say the highest pain during, 7) would have regressed this session
    _, stood_in = decide(
        ExerciseState(START, streak=1), pain=4, ctx=context(pain_before=0, pain_after=7)
    )
    assert stood_in.kind == "regress"


def test_effort_at_target_holds_unless_two_reps_over() -> None:
    _state, decision = decide(ExerciseState(START, streak=1), effort=7, amount=10)
    assert decision.kind == "hold" and "effort was 7/10" in decision.reasons[0]
    _, decision = decide(ExerciseState(START, streak=1), effort=7, amount=12)
    assert decision.kind == "progress"


def test_incomplete_dose_holds() -> None:
    _, decision = decide(ExerciseState(START, streak=1), amount=8)
    assert decision.kind == "hold" and "was not done" in decision.reasons[0]


def test_screening_pause_blocks_progression() -> None:
    ctx = context(progression_pause="progression is paused: screening")
    _, decision = decide(ExerciseState(START, streak=1), ctx=ctx)
    assert decision.kind == "hold" and "progression is paused" in decision.reasons[-1]


def test_top_of_ladder_holds() -> None:
    _, decision = decide(ExerciseState(LADDER.top, streak=1))
    assert decision.kind == "hold" and "top of its ladder" in " ".join(decision.reason_texts())


def test_harder_variant_restarts_at_low_end() -> None:
    top_of_base = Dose("clamshell", 0, 3, reps=15, per_side=True)
    _, decision = decide(ExerciseState(top_of_base, streak=1))
    assert decision.kind == "progress"
    assert decision.after == Dose("clamshell", 1, 2, reps=10, per_side=True)
    assert "harder version" in decision.reasons[-1]


def test_regress_never_below_the_lowest_regression() -> None:
    state, decision = decide(ExerciseState(LADDER.bottom), pain=7)
    assert decision.kind == "regress" and state.dose == LADDER.bottom
    assert "already at the easiest step" in decision.reasons[-1]


def test_decision_dates_are_the_decision_day() -> None:
    _, decision = decide(ExerciseState(START))
    assert decision.date == date(2025, 3, 4)
