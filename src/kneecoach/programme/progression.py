"""Progress / hold / regress for one exercise after one logged session and its morning check-in.

The decision order is clinical-rules.md 1.4 (first match wins): stop and refer (red flags,
handled by the engine with ``screening``), relief (flare, handled by the engine because it pauses
the whole programme), regress, hold, progress. Progression is the capped walk of ``dosing.Ladder``:
one rung at a time, so never two variables at once, at most one step per exercise per week, and
only after two consecutive eligible sessions at the current dose (the "2-for-2" rule, ACSM 2009 /
NSCA [V2]; clinical-rules.md 2.3).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from kneecoach.catalog.schema import Exercise
from kneecoach.programme import pain as pain_rules
from kneecoach.programme.dosing import Ladder
from kneecoach.programme.values import Decision, DecisionKind, Dose, MorningCheckin, SetLog, Side

ELIGIBLE_SESSIONS_TO_PROGRESS = 2
"""Two consecutive sessions within the pain rules at the same dose (2-for-2 rule)."""
PROGRESS_INTERVAL = timedelta(days=7)
"""At most one progression step per exercise per week (clinical-rules.md 1.4 guards [S])."""
TREND_REGRESS_INTERVAL = timedelta(days=7)
"""A rising weekly trend lowers an exercise at most once a week (else one trend would cascade)."""
EFFORT_AT_TARGET = 6
"""Effort (0-10) at or above which the set is already "hard": hold (Melbourne My Knee Exercise,
target effort 5-6/10 early on; clinical-rules.md 1.4 step 4)."""
SURPLUS_FOR_2_FOR_2 = 2
"""Reps over target on the last set that show the dose has become easy (2-for-2 rule)."""


@dataclass(frozen=True, slots=True)
class ExerciseState:
    """One exercise's place in the replay: its dose and the evidence gathered at that dose."""

    dose: Dose
    streak: int = 0
    last_progress: date | None = None
    last_reduction: date | None = None
    last_done: date | None = None


@dataclass(frozen=True, slots=True)
class ExerciseEvidence:
    """What one session shows about one exercise."""

    exercise: str
    name: str
    max_pain: int
    completed: bool
    shortfall: str
    technique_flag: bool
    last_set_surplus: int
    max_effort: int | None


@dataclass(frozen=True, slots=True)
class SessionContext:
    """The session-level evidence shared by all its exercises.

    ``reference``: the pain the next morning is compared with (pain before the session, else the
    baseline). ``raised``: "swelling" / "stiffness" on two mornings in a row. ``trend``: this and
    last week's mean morning pain, when the trend is rising. ``progression_pause``: why progression
    is paused (a "soon" screening result), if it is.
    """

    session_date: date
    decided_on: date
    pain_before: int | None
    pain_after: int | None
    reference: int | None
    morning: MorningCheckin | None
    raised: tuple[str, ...] = ()
    trend: tuple[float, float] | None = None
    progression_pause: str | None = None


def required_sides(exercise: Exercise, dose: Dose) -> tuple[Side | None, ...]:
    """Unilateral and per-side exercises are logged per leg; the rest once per set."""
    if exercise.unilateral or dose.per_side:
        return ("left", "right")
    return (None,)


def exercise_evidence(exercise: Exercise, dose: Dose, sets: Sequence[SetLog]) -> ExerciseEvidence:
    """Summarise the logged sets of one exercise against the prescribed dose.

    The dose is complete when every prescribed set reached the prescribed reps or seconds on
    every side it is done on (a set logged without a side counts for both sides).
    """
    best: dict[tuple[int, Side | None], int] = {}
    max_pain = 0
    max_effort: int | None = None
    flagged = False
    for logged in sets:
        key = (logged.set_number, logged.side)
        amount = logged.amount
        if best.get(key, -1) < amount:
            best[key] = amount
        if logged.pain > max_pain:
            max_pain = logged.pain
        if logged.effort is not None and (max_effort is None or logged.effort > max_effort):
            max_effort = logged.effort
        flagged = flagged or logged.technique_flag
    sides = required_sides(exercise, dose)
    target = dose.amount
    missing: list[str] = []
    surplus = 10**6
    for set_number in range(1, dose.sets + 1):
        either = best.get((set_number, None), 0)
        for side in sides:
            done = max(best.get((set_number, side), 0), either)
            if done < target:
                where = f" ({side})" if side else ""
                missing.append(f"set {set_number}{where}: {done} of {target} {dose.unit}")
            if set_number == dose.sets:
                surplus = min(surplus, done - target)
    return ExerciseEvidence(
        exercise=exercise.slug,
        name=exercise.name.en,
        max_pain=max_pain,
        completed=not missing,
        shortfall="; ".join(missing[:3]) + ("; ..." if len(missing) > 3 else ""),
        technique_flag=flagged,
        last_set_surplus=surplus if surplus != 10**6 else 0,
        max_effort=max_effort,
    )


def regress_reasons_for_exercise(evidence: ExerciseEvidence) -> list[str]:
    """Pain during the exercise of 6-7/10: above the 5/10 limit (Silbernagel 2007; La Trobe My
    Knee Cap; clinical-rules.md 1.4 step 3). 8+ is a flare, handled before this."""
    if pain_rules.pain_during_within_limit(evidence.max_pain):
        return []
    return [
        f"pain during {evidence.name} was {evidence.max_pain}/10, above the "
        f"{pain_rules.ACCEPTABLE_MAX}/10 limit"
    ]


def regress_reasons_for_session(context: SessionContext) -> list[str]:
    """Session-level signals that the whole session was too much (clinical-rules.md 1.4 step 3):
    pain an hour after not back near its level before, next-morning pain above the reference,
    swelling or stiffness on two mornings in a row. The rising weekly trend is separate
    (``trend_reason``) because it is capped at once a week."""
    reasons: list[str] = []
    if context.pain_after is not None and not pain_rules.pain_after_settled(
        context.pain_before, context.pain_after
    ):
        if context.pain_before is None:
            reasons.append(
                f"pain after the session was {context.pain_after}/10, above "
                f"{pain_rules.ACCEPTABLE_MAX}/10"
            )
        else:
            reasons.append(
                f"pain after the session was {context.pain_after}/10, more than "
                f"{pain_rules.AFTER_RISE_MAX} points above the {context.pain_before}/10 before it"
            )
    morning = context.morning
    if morning is not None and not pain_rules.next_morning_not_worse(
        context.reference, morning.pain
    ):
        compared = (
            f"the {context.reference}/10 before the session"
            if context.reference is not None
            else f"the safe zone (up to {pain_rules.SAFE_MAX}/10)"
        )
        reasons.append(
            f"morning pain on {morning.date.isoformat()} was {morning.pain}/10, above {compared}: "
            "the night did not settle"
        )
    reasons.extend(f"{what} on two mornings in a row" for what in context.raised)
    return reasons


def trend_reason(context: SessionContext) -> str | None:
    """Week-on-week rise of mean morning pain (Silbernagel 2007), as a reason, if rising."""
    if context.trend is None:
        return None
    this_week, last_week = context.trend
    return (
        f"mean morning pain this week was {this_week:.1f}/10, up from {last_week:.1f}/10 last week"
    )


def ineligible_reasons(evidence: ExerciseEvidence, context: SessionContext) -> list[str]:
    """Why a session within the pain rules still does not count towards progression
    (clinical-rules.md 1.4 step 4): dose not completed, effort already at target without the
    2-for-2 surplus, technique flagged, no pain score from about an hour after the session, or
    no morning check-in to show the night settled. A missing score is evidence of nothing: the
    session neither counts towards a step up nor triggers a regression (conservative rule for
    missing data, docs/programme.md)."""
    reasons: list[str] = []
    if not evidence.completed:
        reasons.append(f"the full dose of {evidence.name} was not done ({evidence.shortfall})")
    easy = evidence.last_set_surplus >= SURPLUS_FOR_2_FOR_2
    if evidence.max_effort is not None and evidence.max_effort >= EFFORT_AT_TARGET and not easy:
        reasons.append(
            f"effort was {evidence.max_effort}/10, already at the target "
            f"({EFFORT_AT_TARGET}/10 or more)"
        )
    if evidence.technique_flag:
        reasons.append(f"technique on {evidence.name} was flagged")
    if context.pain_after is None:
        reasons.append(
            f"no pain score from about an hour after the session on "
            f"{context.session_date.isoformat()}, so there is no evidence that the knee settled"
        )
    if context.morning is None:
        reasons.append(
            f"no morning check-in after the session on {context.session_date.isoformat()}, so "
            "there is no evidence that the night settled"
        )
    return reasons


def describe_step(exercise: Exercise, before: Dose, after: Dose) -> str:
    """Plain words for one ladder step: which single variable changed."""
    if after.level != before.level:
        variant = exercise.variant(after.level)
        name = variant.name.en if variant is not None else exercise.name.en
        easier = after.level < before.level
        return f"{'easier' if easier else 'harder'} version: {name}, {after.describe()}"
    if after.sets != before.sets:
        return f"sets {before.sets} -> {after.sets}"
    return f"{before.unit} {before.amount} -> {after.amount}"


def decide_exercise(
    exercise: Exercise,
    ladder: Ladder,
    state: ExerciseState,
    evidence: ExerciseEvidence,
    context: SessionContext,
) -> tuple[ExerciseState, Decision]:
    """Regress, hold or progress one exercise (clinical-rules.md 1.4 steps 3-5), in that order."""
    day = context.decided_on
    dose = state.dose
    done = ExerciseState(
        dose, state.streak, state.last_progress, state.last_reduction, context.session_date
    )
    regress = regress_reasons_for_exercise(evidence) + regress_reasons_for_session(context)
    trend = trend_reason(context)
    recently_reduced = (
        state.last_reduction is not None and day - state.last_reduction < TREND_REGRESS_INTERVAL
    )
    if trend is not None and (regress or not recently_reduced):
        regress.append(trend)
    if regress:
        lower = ladder.step_down(dose)
        if lower == dose:
            regress.append(f"{exercise.name.en} is already at the easiest step")
        else:
            regress.append(f"next time: {describe_step(exercise, dose, lower)}")
        new_state = ExerciseState(lower, 0, state.last_progress, day, context.session_date)
        return new_state, _decision(day, exercise, "regress", regress, dose, lower)
    holds = ineligible_reasons(evidence, context)
    if trend is not None:
        holds.append(f"{trend}; the dose was already lowered on {state.last_reduction}, so hold")
    if holds:
        held = ExerciseState(dose, 0, state.last_progress, state.last_reduction, done.last_done)
        return held, _decision(day, exercise, "hold", holds, dose, dose)
    streak = state.streak + 1
    within = (
        f"pain during {evidence.name} was {evidence.max_pain}/10 (limit "
        f"{pain_rules.ACCEPTABLE_MAX}/10), the full dose was done and the night settled"
    )
    gates = _progress_gates(exercise, ladder, state, streak, day, context)
    if gates:
        counted = ExerciseState(
            dose, streak, state.last_progress, state.last_reduction, done.last_done
        )
        return counted, _decision(day, exercise, "hold", [within, *gates], dose, dose)
    higher = ladder.step_up(dose)
    assert higher is not None  # noqa: S101 - _progress_gates checked the top of the ladder
    reasons = [
        within,
        f"{streak} sessions in a row within the rules at {dose.describe()}",
        f"next time: {describe_step(exercise, dose, higher)}",
    ]
    new_state = ExerciseState(higher, 0, day, state.last_reduction, context.session_date)
    return new_state, _decision(day, exercise, "progress", reasons, dose, higher)


def _progress_gates(
    exercise: Exercise,
    ladder: Ladder,
    state: ExerciseState,
    streak: int,
    day: date,
    context: SessionContext,
) -> list[str]:
    """The guards a progression must pass: 2 sessions in a row, one step a week, the top of the
    ladder, and no screening pause."""
    gates: list[str] = []
    if streak < ELIGIBLE_SESSIONS_TO_PROGRESS:
        gates.append(
            f"{streak} of {ELIGIBLE_SESSIONS_TO_PROGRESS} sessions in a row within the rules at "
            "this dose; one more is needed before a step up"
        )
    if state.last_progress is not None and day - state.last_progress < PROGRESS_INTERVAL:
        gates.append(
            f"{exercise.name.en} went up on {state.last_progress.isoformat()}; at most one step "
            "a week"
        )
    if ladder.step_up(state.dose) is None:
        gates.append(f"{exercise.name.en} is at the top of its ladder")
    if context.progression_pause is not None:
        gates.append(context.progression_pause)
    return gates


def _decision(
    day: date,
    exercise: Exercise,
    kind: DecisionKind,
    reasons: Sequence[str],
    before: Dose,
    after: Dose,
) -> Decision:
    return Decision(day, exercise.slug, kind, tuple(reasons), before, after)
