"""Progress / hold / regress for one exercise after one logged session and its morning check-in.

The decision order is docs/evidence.md#decision-order (first match wins): stop and refer (red flags,
handled by the engine with ``screening``), relief (flare, handled by the engine because it pauses
the whole programme), regress, hold, progress. Progression is the capped walk of ``dosing.Ladder``:
one rung at a time, so never two variables at once, at most one step per exercise per week, and
only after two consecutive eligible sessions at the current dose (the "2-for-2" rule, ACSM 2009 /
NSCA; docs/evidence.md#progression). A regression answers one breach once, and a gap of a week
resets the run of sessions (docs/evidence.md#one-step-per-breach, #gap).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from kneecoach.catalog.schema import Exercise, Localized
from kneecoach.programme import pain as pain_rules
from kneecoach.programme.dosing import Ladder
from kneecoach.programme.reasons import SIDE_WORDS, Reason, Words
from kneecoach.programme.values import (
    ClinicianOverride,
    Decision,
    DecisionKind,
    Dose,
    MorningCheckin,
    SetLog,
    Side,
)

ELIGIBLE_SESSIONS_TO_PROGRESS = 2
"""Two consecutive sessions within the pain rules at the same dose (2-for-2 rule)."""
PROGRESS_INTERVAL = timedelta(days=7)
"""At most one progression step per exercise per week (docs/evidence.md#progression [S])."""
TREND_REGRESS_INTERVAL = timedelta(days=7)
"""A rising weekly trend lowers an exercise at most once a week (else one trend would cascade)."""
EFFORT_AT_TARGET = 6
"""Effort (0-10) at or above which the set is already "hard": hold (Melbourne My Knee Exercise,
target effort 5-6/10 early on; docs/evidence.md#progression)."""
RUN_RESET_GAP = timedelta(days=7)
"""Sessions before a gap of 7 days or more do not count towards "two sessions in a row within the
rules" (docs/evidence.md#gap [S]): a week off is not evidence the dose is still easy."""
LONG_GAP = timedelta(days=14)
"""After 14 days or more without an exercise, it restarts one step lower [S] (deconditioning;
docs/evidence.md#gap; a regression is the ladder in reverse)."""
ONE_DAY = timedelta(days=1)
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
    name: Localized | Reason
    max_pain: int
    completed: bool
    shortfall: tuple[Reason, ...]
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
    raised_since: date | None = None
    trend: tuple[float, float] | None = None
    progression_pause: Reason | None = None


def required_sides(exercise: Exercise, dose: Dose) -> tuple[Side | None, ...]:
    """Unilateral and per-side exercises are logged per leg; the rest once per set."""
    if exercise.unilateral or dose.per_side:
        return ("left", "right")
    return (None,)


def exercise_evidence(
    exercise: Exercise,
    dose: Dose,
    sets: Sequence[SetLog],
    performed: Localized | Reason | None = None,
) -> ExerciseEvidence:
    """Summarise the logged sets of one exercise against the prescribed dose.

    The dose is complete when every prescribed set reached the prescribed reps or seconds on
    every side it is done on (a set logged without a side counts for both sides); a set counted in
    the other unit (reps on a day of holds) shows nothing about the dose. ``performed``
    names what the person did (a variant or a substitute, ``planning.performed_name``); the
    reasons use it, so they name the exercise the person knows.
    """
    best: dict[tuple[int, Side | None], int] = {}
    timed = dose.seconds is not None
    max_pain = 0
    max_effort: int | None = None
    flagged = False
    for logged in sets:
        key = (logged.set_number, logged.side)
        amount = _amount_in_unit(logged, timed)
        if best.get(key, -1) < amount:
            best[key] = amount
        if logged.pain > max_pain:
            max_pain = logged.pain
        if logged.effort is not None and (max_effort is None or logged.effort > max_effort):
            max_effort = logged.effort
        flagged = flagged or logged.technique_flag
    sides = required_sides(exercise, dose)
    target = dose.amount
    unit = Reason("unit_reps" if dose.reps is not None else "unit_seconds")
    missing: list[Reason] = []
    surplus = 10**6
    for set_number in range(1, dose.sets + 1):
        either = best.get((set_number, None), 0)
        for side in sides:
            done = best.get((set_number, side), 0)
            if done < either:  # a set logged without a side counts for both
                done = either
            if done < target:
                missing.append(_shortfall(set_number, side, done, target, unit))
            if set_number == dose.sets:
                surplus = min(surplus, done - target)
    return ExerciseEvidence(
        exercise=exercise.slug,
        name=performed if performed is not None else exercise.name,
        max_pain=max_pain,
        completed=not missing,
        shortfall=(*missing[:3], Reason("more")) if len(missing) > 3 else tuple(missing),
        technique_flag=flagged,
        last_set_surplus=surplus if surplus != 10**6 else 0,
        max_effort=max_effort,
    )


def _amount_in_unit(logged: SetLog, timed: bool) -> int:
    """The set's seconds for a timed dose, its reps otherwise; 0 when it counted the other."""
    amount = logged.seconds if timed else logged.reps
    return amount if amount is not None else 0


def _shortfall(number: int, side: Side | None, done: int, target: int, unit: Reason) -> Reason:
    if side is None:
        return Reason("shortfall_set", number=number, done=done, target=target, unit=unit)
    where = SIDE_WORDS[side]
    return Reason("shortfall_side", number=number, side=where, done=done, target=target, unit=unit)


def regress_reasons_for_exercise(evidence: ExerciseEvidence) -> list[Reason]:
    """Pain during the exercise of 6-7/10: above the 5/10 limit (Silbernagel 2007; La Trobe My
    Knee Cap; docs/evidence.md#pain-during). 8+ is a flare, handled before this."""
    if pain_rules.pain_during_within_limit(evidence.max_pain):
        return []
    return [
        Reason(
            "pain_during_above",
            exercise=evidence.name,
            pain=evidence.max_pain,
            limit=pain_rules.ACCEPTABLE_MAX,
        )
    ]


def regress_reasons_for_session(
    context: SessionContext, *, lasting_counts: bool = True
) -> list[Reason]:
    """Session-level signals that the whole session was too much (docs/evidence.md#regress):
    pain an hour after above 5/10, next-morning pain above the person's normal, swelling or
    stiffness on two mornings in a row (unless ``lasting_counts`` is False: that breach was
    answered already, ``breach_already_answered``). The rising weekly trend is separate
    (``trend_reason``) because it is capped at once a week."""
    reasons: list[Reason] = []
    after = context.pain_after
    if after is not None and not pain_rules.pain_after_settled(after):
        reasons.append(Reason("pain_after_above", pain=after, limit=pain_rules.AFTER_MAX))
    morning = context.morning
    if morning is not None and not pain_rules.next_morning_not_worse(
        context.reference, morning.pain
    ):
        if context.reference is not None:
            reasons.append(
                Reason(
                    "morning_above_usual",
                    date=morning.date,
                    pain=morning.pain,
                    reference=context.reference,
                )
            )
        else:
            reasons.append(
                Reason(
                    "morning_above_safe",
                    date=morning.date,
                    pain=morning.pain,
                    safe=pain_rules.SAFE_MAX,
                )
            )
    if lasting_counts:
        reasons.extend(Reason(f"{what}_two_mornings") for what in context.raised)
    return reasons


def breach_already_answered(evidence_since: date | None, last_reduction: date | None) -> bool:
    """A regression answers a breach once (docs/evidence.md#one-step-per-breach [S]): lasting
    swelling or stiffness whose first morning came no later than the day the dose was last
    lowered is the breach that lowering answered, seen again before a session at the lower dose
    could show anything. It does not step down a second time."""
    return (
        evidence_since is not None
        and last_reduction is not None
        and evidence_since <= last_reduction
    )


def gap_resets_run(last_done: date | None, session_date: date) -> bool:
    """Sessions before a gap of 7 days or more do not count towards two sessions in a row within
    the rules (docs/evidence.md#gap [S])."""
    return last_done is not None and session_date - last_done >= RUN_RESET_GAP


def trend_reason(context: SessionContext) -> Reason | None:
    """Week-on-week rise of mean morning pain (Silbernagel 2007; docs/evidence.md#trend), as a
    reason, if rising."""
    if context.trend is None:
        return None
    this_week, last_week = context.trend
    return Reason("weekly_trend", this_week=float(this_week), last_week=float(last_week))


def ineligible_reasons(evidence: ExerciseEvidence, context: SessionContext) -> list[Reason]:
    """Why a session within the pain rules still does not count towards progression
    (docs/evidence.md#hold): dose not completed, effort already at target without the
    2-for-2 surplus, technique flagged, no pain score from about an hour after the session, or
    no morning check-in to show the night settled. A missing score is evidence of nothing: the
    session neither counts towards a step up nor triggers a regression (conservative rule for
    missing data, docs/programme.md)."""
    reasons: list[Reason] = []
    if not evidence.completed:
        reasons.append(
            Reason("dose_not_done", exercise=evidence.name, shortfall=evidence.shortfall)
        )
    easy = evidence.last_set_surplus >= SURPLUS_FOR_2_FOR_2
    if evidence.max_effort is not None and evidence.max_effort >= EFFORT_AT_TARGET and not easy:
        reasons.append(
            Reason("effort_at_target", effort=evidence.max_effort, target=EFFORT_AT_TARGET)
        )
    if evidence.technique_flag:
        reasons.append(Reason("technique_flagged", exercise=evidence.name))
    if context.pain_after is None:
        reasons.append(Reason("no_pain_after", date=context.session_date))
    if context.morning is None:
        reasons.append(Reason("no_checkin", date=context.session_date))
    return reasons


def describe_step(exercise: Exercise, before: Dose, after: Dose) -> Reason:
    """Plain words for one ladder step: which single variable changed (a new variant is named,
    so a step from the top of one variant to the bottom of the next does not read as a drop)."""
    if after.level != before.level:
        variant = exercise.variant(after.level)
        name = variant.name if variant is not None else exercise.name
        key = "step_easier" if after.level < before.level else "step_harder"
        return Reason(key, variant=name, dose=after)
    if after.sets != before.sets:
        return Reason("step_sets", before=before.sets, after=after.sets)
    key = "step_reps" if before.reps is not None else "step_seconds"
    return Reason(key, before=before.amount, after=after.amount)


def decide_exercise(
    exercise: Exercise,
    ladder: Ladder,
    state: ExerciseState,
    evidence: ExerciseEvidence,
    context: SessionContext,
) -> tuple[ExerciseState, Decision]:
    """Regress, hold or progress one exercise (docs/evidence.md#decision-order), in that order."""
    day = context.decided_on
    dose = state.dose
    done = ExerciseState(
        dose, state.streak, state.last_progress, state.last_reduction, context.session_date
    )
    answered = bool(context.raised) and breach_already_answered(
        context.raised_since, state.last_reduction
    )
    regress = regress_reasons_for_exercise(evidence) + regress_reasons_for_session(
        context, lasting_counts=not answered
    )
    trend = trend_reason(context)
    recently_reduced = (
        state.last_reduction is not None and day - state.last_reduction < TREND_REGRESS_INTERVAL
    )
    if trend is not None and (regress or not recently_reduced):
        regress.append(trend)
    if regress:
        lower = ladder.step_down(dose)
        if lower == dose:
            regress.append(Reason("already_easiest", exercise=evidence.name))
        else:
            regress.append(Reason("next_time", step=describe_step(exercise, dose, lower)))
        new_state = ExerciseState(lower, 0, state.last_progress, day, context.session_date)
        return new_state, _decision(day, exercise, "regress", regress, dose, lower)
    holds = ineligible_reasons(evidence, context)
    if answered:
        holds.extend(
            Reason(
                "lasting_already_lowered", what=Reason(f"{what}_word"), date=state.last_reduction
            )
            for what in context.raised
        )
    if trend is not None and state.last_reduction is not None:
        holds.append(Reason("trend_already_lowered", trend=trend, date=state.last_reduction))
    if holds:
        held = ExerciseState(dose, 0, state.last_progress, state.last_reduction, done.last_done)
        return held, _decision(day, exercise, "hold", holds, dose, dose)
    gap = gap_resets_run(state.last_done, context.session_date)
    streak = (0 if gap else state.streak) + 1
    within = Reason(
        "within_rules",
        exercise=evidence.name,
        pain=evidence.max_pain,
        limit=pain_rules.ACCEPTABLE_MAX,
    )
    higher = ladder.step_up(dose)
    gates = _progress_gates(evidence.name, higher, state, streak, day, context)
    if gap and gates and state.last_done is not None:
        days = (context.session_date - state.last_done).days
        gates.insert(0, Reason("gap_resets_run", days=days, date=state.last_done))
    if gates:
        counted = ExerciseState(
            dose, streak, state.last_progress, state.last_reduction, done.last_done
        )
        return counted, _decision(day, exercise, "hold", [within, *gates], dose, dose)
    assert higher is not None  # noqa: S101 - _progress_gates checked the top of the ladder
    reasons = [
        within,
        Reason("sessions_in_a_row", streak=streak, dose=dose),
        Reason("next_time", step=describe_step(exercise, dose, higher)),
    ]
    new_state = ExerciseState(higher, 0, day, state.last_reduction, context.session_date)
    return new_state, _decision(day, exercise, "progress", reasons, dose, higher)


def _progress_gates(
    name: Localized | Reason,
    higher: Dose | None,
    state: ExerciseState,
    streak: int,
    day: date,
    context: SessionContext,
) -> list[Reason]:
    """The guards a progression must pass: 2 sessions in a row, one step a week, the top of the
    ladder (``higher``: the rung above, None at the top), and no screening pause. ``name``: what
    the person performed."""
    gates: list[Reason] = []
    if streak < ELIGIBLE_SESSIONS_TO_PROGRESS:
        gates.append(Reason("one_more_needed", streak=streak, needed=ELIGIBLE_SESSIONS_TO_PROGRESS))
    if state.last_progress is not None and day - state.last_progress < PROGRESS_INTERVAL:
        gates.append(Reason("one_step_a_week", exercise=name, date=state.last_progress))
    if higher is None:
        gates.append(Reason("top_of_ladder", exercise=name))
    if context.progression_pause is not None:
        gates.append(context.progression_pause)
    return gates


def _decision(
    day: date,
    exercise: Exercise,
    kind: DecisionKind,
    reasons: Sequence[Reason],
    before: Dose,
    after: Dose,
) -> Decision:
    return Decision(day, exercise.slug, kind, tuple(reasons), before, after)


def decision_is_due(session_date: date, day: date, *, checkin: bool, session: bool) -> bool:
    """A session is decided once its next-morning check-in is in (``checkin`` on the morning
    after), or once a later day (or a new ``session``) shows it will not come; on the morning
    after, without a check-in yet, the decision waits (docs/evidence.md#next-morning: the
    morning is evidence, so it is waited for)."""
    morning_after = session_date + ONE_DAY
    if day > morning_after:
        return True
    return day == morning_after and (checkin or session)


def is_long_gap(last_done: date | None, day: date) -> bool:
    """14 days or more since the exercise was last done (docs/evidence.md#gap [S]); never done
    is no gap (it starts at its starting dose)."""
    return last_done is not None and day - last_done >= LONG_GAP


def long_gap_rule(
    ladder: Ladder, state: ExerciseState, day: date, performed: Localized | Reason
) -> tuple[ExerciseState, Decision] | None:
    """After 14+ days without an exercise, it restarts one step lower: no silent return to a dose
    the body is no longer used to (docs/evidence.md#gap [S]). ``performed``: what the person last
    did. None when the gap is shorter (or the exercise was never done)."""
    if state.last_done is None or not is_long_gap(state.last_done, day):
        return None
    lower = ladder.step_down(state.dose)
    reason = Reason(
        "long_gap", days=(day - state.last_done).days, exercise=performed, date=state.last_done
    )
    restarted = ExerciseState(lower, 0, state.last_progress, day, day)
    return restarted, Decision(day, ladder.exercise, "regress", (reason,), state.dose, lower)


def override_rule(
    exercise: Exercise, state: ExerciseState, override: ClinicianOverride, day: date
) -> tuple[ExerciseState, Decision]:
    """A clinician's dose is taken as is (docs/clinic.md: the override is in the diary, so the
    replay stays the one truth), done per side as the catalogue says, and the run of sessions
    starts again at it. The reasons name the variant when the dose is one, and carry the
    clinician's note. ``exercise`` is the one the dose is for (a swap's replacement)."""
    assert override.dose is not None  # noqa: S101 - the walk calls it only with a dose
    dose = replace(override.dose, per_side=exercise.dose.per_side)
    variant = exercise.variant(dose.level)
    reasons: list[Reason | str] = [
        Reason("clinician_set", exercise=exercise.name, dose=dose)
        if variant is None
        else Reason(
            "clinician_set_variant", exercise=exercise.name, dose=dose, variant=variant.name
        )
    ]
    if override.note and override.kind == "dose":
        reasons.append(Reason("clinician_note", note=override.note))
    changed = ExerciseState(dose, 0, state.last_progress, state.last_reduction, state.last_done)
    return changed, Decision(day, exercise.slug, "override", tuple(reasons), state.dose, dose)


A_CLINICIAN = Words("your clinician", "behandleren din")
"""Who an override is from when the diary does not say (an override read from a file)."""


def _author(override: ClinicianOverride) -> str | Words:
    return override.clinician or A_CLINICIAN


def _with_note(reason: Reason, override: ClinicianOverride) -> tuple[Reason, ...]:
    if override.note:
        return (reason, Reason("clinician_note", note=override.note))
    return (reason,)


def swap_decision_rule(
    out: Exercise, into: Exercise, override: ClinicianOverride, day: date
) -> Decision:
    """A clinician swapped ``out`` for ``into``: the decision says so, by whom, with the note
    (docs/clinic.md, "Programme edits")."""
    reason = Reason(
        "clinician_swapped",
        exercise=out.name,
        replacement=into.name,
        clinician=_author(override),
    )
    return Decision(day, out.slug, "override", _with_note(reason, override))


def add_decision_rule(exercise: Exercise, override: ClinicianOverride, day: date) -> Decision:
    """A clinician added ``exercise`` to every session: the decision says so, by whom, with the
    note (docs/clinic.md, "Programme edits")."""
    reason = Reason("clinician_added", exercise=exercise.name, clinician=_author(override))
    return Decision(day, exercise.slug, "override", _with_note(reason, override))


def pause_rule(override: ClinicianOverride, day: date) -> Decision:
    """A clinician paused the whole programme: no sessions are planned and none is missed until
    they resume it; the decision names them and their reason (docs/clinic.md)."""
    reason = Reason("clinician_paused", clinician=_author(override), date=day)
    return Decision(day, None, "override", _with_note(reason, override))


def resume_rule(override: ClinicianOverride, day: date) -> Decision:
    """A clinician resumed the programme: the plan carries on from the sessions logged (no
    cramming of the paused days), by the usual rules (docs/clinic.md)."""
    reason = Reason("clinician_resumed", clinician=_author(override), date=day)
    return Decision(day, None, "override", _with_note(reason, override))
