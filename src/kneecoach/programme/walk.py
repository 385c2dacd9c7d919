"""One replayed day: the step of the fold ``engine.Replay`` runs over a diary.

``replay_day(inputs, state, day)`` takes the walk's state at the start of ``day`` (``WalkState``,
a frozen value) and returns the state at its end with the decisions made on it, by calling the
named rules in the order of docs/evidence.md#decision-order (first match wins): screenings
(stop and refer, ``screening``), the morning check-in (flare and relief, ``relief``), the
decision on the previous session (regress, hold, progress; ``progression``), clinicians'
overrides, then the day's session. Nothing here decides a dose itself; the steps only thread the
state through the rules.

``WalkInputs`` is what the walk reads, derived once per replay from the profile, the catalogue
and the diary up to today (never carried in a checkpoint: it would be stale after a change).
``WalkState`` is all the walk carries from one day to the next (a checkpoint holds one).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from kneecoach.programme import pain as pain_rules
from kneecoach.programme.planning import (
    add_rule,
    swap_rule,
)
from kneecoach.programme.progression import (
    ExerciseState,
    SessionContext,
    add_decision_rule,
    decide_exercise,
    decision_is_due,
    exercise_evidence,
    is_long_gap,
    long_gap_rule,
    override_rule,
    pause_rule,
    resume_rule,
    swap_decision_rule,
)
from kneecoach.programme.reasons import Reason
from kneecoach.programme.relief import (
    morning_flare_reasons,
    relief_decision,
    relief_reference_rule,
    relief_review_rule,
    relief_settling_rule,
    restart_lower_rule,
    resume_decision,
    session_flare_reasons,
)
from kneecoach.programme.scheduling import planned_focus_rule
from kneecoach.programme.screening import (
    progression_pause_rule,
    referral_rule,
    screen_red_flags,
)
from kneecoach.programme.sides import SideCounts, counted_session
from kneecoach.programme.values import (
    ClinicianOverride,
    Decision,
    MorningCheckin,
    ScreeningRecord,
    SessionFocus,
    SessionLog,
)
from kneecoach.programme.walk_state import (
    ONE_DAY,
    Step,
    WalkInputs,
    WalkState,
    closed,
    opened,
    sets_by_exercise,
)


def replay_day(inputs: WalkInputs, state: WalkState, day: date) -> Step:
    """The walk's state at the end of ``day``, from the state at its start, and the decisions
    made on it, in the decision order (docs/evidence.md#decision-order)."""
    made: list[Decision] = []
    if state.mode == "relief" and state.relief_start is not None and state.paused is None:
        state = _extend(made, review_step(state, day))
    for record in inputs.screenings.get(day, ()):
        state = _extend(made, screening_step(state, day, record))
    checkin = inputs.checkins.get(day)
    if checkin is not None:
        state = _extend(made, morning_step(inputs, state, day, checkin))
    session = inputs.sessions.get(day)
    pending = state.pending
    if pending is not None and decision_is_due(
        pending.date, day, checkin=checkin is not None, session=session is not None
    ):
        state = _extend(made, decide_session_step(inputs, state, pending, day))
    for override in inputs.overrides.get(day, ()):
        state = _extend(made, override_step(inputs, state, day, override))
    if session is not None:
        state = _extend(made, session_step(inputs, state, day, session))
    return state, tuple(made)


def end_of_walk(inputs: WalkInputs, state: WalkState) -> Step:
    """Today, after its events: an exercise not done for 14+ days restarts lower today
    (``progression.long_gap_rule``); a session logged today has checked its own exercises."""
    if inputs.today in inputs.sessions:
        return state, ()
    return long_gap_step(inputs, state, inputs.today)


def _extend(made: list[Decision], step: Step) -> WalkState:
    state, decisions = step
    made.extend(decisions)
    return state


# --- the steps ------------------------------------------------------------------------------------


def review_step(state: WalkState, day: date) -> Step:
    """A relief period not settled in time pauses for a clinician's review
    (``relief.relief_review_rule``)."""
    assert state.relief_start is not None  # noqa: S101 - replay_day checks
    decision = relief_review_rule(state.relief_start, day)
    if decision is None:
        return state, ()
    return state._replace(mode="paused_for_review"), (decision,)


def screening_step(state: WalkState, day: date, record: ScreeningRecord) -> Step:
    """Red flags stop and refer first (docs/evidence.md#screening): a locking result locks the
    programme (an off period starts, a pending session is dropped), a later one that does not
    lock ends the lock; ``screening.referral_rule`` and ``progression_pause_rule`` decide."""
    result = screen_red_flags(record.answers)
    refer = referral_rule(day, result)
    made = (refer,) if refer is not None else ()
    if result.locked:
        halted = state.locked or state.paused is not None
        off = state.off_periods if halted else (*state.off_periods, (day, None))
        locked = state._replace(
            screening=result,
            screened_on=day,
            locked=True,
            pending=None,
            off_periods=off,
        )
        return locked, made
    return state._replace(
        screening=result,
        screened_on=day,
        locked=False,
        off_periods=(
            closed(state.off_periods, day)
            if state.locked and state.paused is None
            else state.off_periods
        ),
        progression_pause=progression_pause_rule(day, result),
    ), made


def morning_step(inputs: WalkInputs, state: WalkState, day: date, checkin: MorningCheckin) -> Step:
    """In training a flare in the check-in starts relief (``relief.morning_flare_reasons``);
    in relief (or paused for review) settled mornings end it (``relief.relief_settling_rule``).
    Nothing while locked or paused."""
    if state.halted:
        return state, ()
    if state.mode == "training":
        previous = inputs.checkin_before(day)
        reasons = morning_flare_reasons(day, checkin, previous, inputs.usual_pain(day))
        if not reasons:
            return state, ()
        reference = inputs.baseline(day)
        if reference is None and state.pending is not None:
            reference = state.pending.pain_before
        return start_relief(state, day, reasons, reference)
    streak, settled = relief_settling_rule(state.settled_streak, state.relief_reference, checkin)
    if settled is None:
        return state._replace(settled_streak=streak), ()
    return resume(inputs, state, day, settled)


def start_relief(
    state: WalkState, day: date, reasons: Sequence[Reason], reference: int | None
) -> Step:
    """A relief period starts (``relief.relief_decision``): loaded work pauses, the pending
    session is not decided, an off period opens."""
    waits_for = relief_reference_rule(reference)
    relieved = state._replace(
        mode="relief",
        pending=None,
        relief_start=day,
        relief_reference=waits_for,
        settled_streak=0,
        off_periods=(*state.off_periods, (day, None)),
    )
    return relieved, (relief_decision(day, reasons, waits_for),)


def resume(
    inputs: WalkInputs,
    state: WalkState,
    day: date,
    reason: Reason,
    *,
    except_exercise: str | None = None,
) -> Step:
    """Training resumes, every exercise (but the one a clinician just set) one step lower
    (``relief.restart_lower_rule``); the off period closes."""
    made = [resume_decision(day, reason)]
    states = dict(state.states)
    for slug, exercise_state in state.states.items():
        if slug == except_exercise:
            continue
        performed = inputs.performed(slug, exercise_state.dose.level)
        states[slug], decision = restart_lower_rule(
            inputs.exercises[slug], inputs.ladders[slug], exercise_state, day, performed
        )
        made.append(decision)
    resumed = state._replace(
        states=states,
        mode="training",
        relief_start=None,
        settled_streak=0,
        off_periods=closed(state.off_periods, day) if state.paused is None else state.off_periods,
    )
    return resumed, tuple(made)


def decide_session_step(
    inputs: WalkInputs, state: WalkState, session: SessionLog, day: date
) -> Step:
    """Regress, hold or progress each exercise of the pending ``session``
    (``progression.decide_exercise``) on the evidence of its sets, the hour after and the next
    morning (``session_context``)."""
    context = session_context(inputs, state, session, day)
    states = dict(state.states)
    made: list[Decision] = []
    for slug, sets in sets_by_exercise(session.sets).items():
        exercise_state = states[slug]
        exercise = inputs.exercises[slug]
        performed = inputs.performed(slug, exercise_state.dose.level)
        evidence = exercise_evidence(exercise, exercise_state.dose, sets, performed)
        states[slug], decision = decide_exercise(
            exercise, inputs.ladders[slug], exercise_state, evidence, context
        )
        made.append(decision)
    return state._replace(states=states, pending=None), tuple(made)


def session_context(
    inputs: WalkInputs, state: WalkState, session: SessionLog, day: date
) -> SessionContext:
    """The session-level evidence (``progression.SessionContext``): the next morning against
    the person's normal (``pain.next_morning_reference``), swelling or stiffness two mornings in
    a row (``pain.raised_two_mornings``), the weekly trend, a screening's pause."""
    morning = inputs.checkins.get(session.date + ONE_DAY)
    prior = inputs.checkin_before(morning.date) if morning is not None else None
    raised: tuple[str, ...] = ()
    if morning is not None and prior is not None and morning.date - prior.date == ONE_DAY:
        raised = pain_rules.raised_two_mornings(morning, prior)
    reference = pain_rules.next_morning_reference(
        inputs.usual_pain(session.date + ONE_DAY), session.pain_before
    )
    return SessionContext(
        session_date=session.date,
        decided_on=day,
        pain_before=session.pain_before,
        pain_after=session.pain_after,
        reference=reference,
        morning=morning,
        raised=raised,
        raised_since=prior.date if raised and prior is not None else None,
        trend=inputs.weekly_trend(day),
        progression_pause=state.progression_pause,
    )


def override_step(
    inputs: WalkInputs, state: WalkState, day: date, override: ClinicianOverride
) -> Step:
    """A clinician's override, by its kind: a pause or a resume of the whole programme
    (``pause_step``, ``resume_step``), else a change to the programme's exercises
    (``change_step``)."""
    if override.kind == "pause":
        return pause_step(state, day, override)
    if override.kind == "resume":
        return resume_step(inputs, state, day, override)
    return change_step(inputs, state, day, override)


def change_step(
    inputs: WalkInputs, state: WalkState, day: date, override: ClinicianOverride
) -> Step:
    """A clinician's dose is taken as is (``progression.override_rule``); a swap or an
    addition changes which exercises the sessions hold (``planning.swap_rule``,
    ``planning.add_rule``). Each also ends a relief period or a pause for review and lifts a
    "soon" progression pause (a clinician has seen the person)."""
    made: tuple[Decision, ...] = ()
    dosed = override.dosed_exercise
    if state.mode != "training":
        reviewed = Reason("clinician_reviewed", date=day)
        state, made = resume(inputs, state, day, reviewed, except_exercise=dosed)
    if override.kind == "swap":
        assert override.replacement is not None  # noqa: S101 - ClinicianOverride checks
        swapped, added = swap_rule(state.swapped, state.added, override.exercise, dosed)
        out, into = inputs.exercises[override.exercise], inputs.exercises[dosed]
        made = (*made, swap_decision_rule(out, into, override, day))
        state = state._replace(swapped=swapped, added=added)
    elif override.kind == "add":
        swapped, added = add_rule(state.swapped, state.added, dosed)
        made = (*made, add_decision_rule(inputs.exercises[dosed], override, day))
        state = state._replace(swapped=swapped, added=added)
    if override.dose is None:
        return state._replace(progression_pause=None), made
    exercise = inputs.exercises[dosed]
    changed, decision = override_rule(exercise, state.states[dosed], override, day)
    overridden = state._replace(states={**state.states, dosed: changed}, progression_pause=None)
    return overridden, (*made, decision)


def pause_step(state: WalkState, day: date, override: ClinicianOverride) -> Step:
    """A clinician pauses the programme (``progression.pause_rule``): the session waiting for
    its morning is not decided, an off period opens (no missed days while paused), and
    nothing is planned until a resume."""
    paused = state._replace(
        paused=override, pending=None, off_periods=opened(state.off_periods, day)
    )
    return paused, (pause_rule(override, day),)


def resume_step(
    inputs: WalkInputs, state: WalkState, day: date, override: ClinicianOverride
) -> Step:
    """A clinician resumes the programme (``progression.resume_rule``): the off period closes
    (unless a screening still locks it), a relief period in progress ends as with any
    clinician's change (``resume``), and the plan carries on from the sessions logged. A resume
    of a programme not paused changes nothing."""
    if state.paused is None:
        return state, ()
    made: tuple[Decision, ...] = (resume_rule(override, day),)
    state = state._replace(paused=None)
    if state.locked:
        return state, made
    if state.mode != "training":
        reviewed = Reason("clinician_reviewed", date=day)
        state, resumed = resume(inputs, state, day, reviewed)
        return state, (*made, *resumed)
    return state._replace(off_periods=closed(state.off_periods, day)), made


def session_step(inputs: WalkInputs, state: WalkState, day: date, session: SessionLog) -> Step:
    """A logged session: its day's focus as planned when the day started
    (``scheduling.planned_focus_rule``, not what its sets happen to cover); a flare in it starts
    relief (``relief.session_flare_reasons``); in training its exercises are checked for a long
    gap and it waits for the next morning to be decided."""
    focus = planned_focus_rule(
        inputs.profile, day, training_days=state.training_days, last_focus=state.last_focus
    )
    foci = {**state.session_foci, day: focus}
    training_days = (*state.training_days, day)
    sides = counted_session(state.side_sessions, session)
    if state.halted or state.mode != "training":
        return _logged(state, foci, training_days, focus, sides), ()
    flare = session_flare_reasons(day, session, inputs.names)
    if flare:
        logged = _logged(state, foci, training_days, focus, sides)
        before = session.pain_before
        reference = before if before is not None else inputs.baseline(day)
        return start_relief(logged, day, flare, reference)
    exercises = {set_log.exercise for set_log in session.sets}
    states, made = gap_restarts(inputs, state.states, day, exercises)
    pending = state._replace(
        states=states,
        pending=session,
        session_foci=foci,
        training_days=training_days,
        last_focus=focus,
        side_sessions=sides,
    )
    return pending, made


def _logged(
    state: WalkState,
    foci: Mapping[date, SessionFocus],
    training_days: tuple[date, ...],
    focus: SessionFocus,
    sides: SideCounts,
) -> WalkState:
    return state._replace(
        session_foci=foci, training_days=training_days, last_focus=focus, side_sessions=sides
    )


def long_gap_step(inputs: WalkInputs, state: WalkState, day: date) -> Step:
    """Every exercise not done for 14+ days restarts one step lower
    (``progression.long_gap_rule``); only in training."""
    if state.halted or state.mode != "training":
        return state, ()
    states, made = gap_restarts(inputs, state.states, day, state.states)
    return (state._replace(states=states), made) if made else (state, ())


def gap_restarts(
    inputs: WalkInputs, states: Mapping[str, ExerciseState], day: date, exercises: Iterable[str]
) -> tuple[Mapping[str, ExerciseState], tuple[Decision, ...]]:
    """``states`` after ``progression.long_gap_rule`` on ``exercises`` (in slug order), and
    its decisions; ``states`` itself when no gap is long."""
    changed: dict[str, ExerciseState] = {}
    made: list[Decision] = []
    for slug in sorted(exercises):
        exercise_state = states[slug]
        if not is_long_gap(exercise_state.last_done, day):
            continue  # no need to work out what the person performed
        performed = inputs.performed(slug, exercise_state.dose.level)
        restarted = long_gap_rule(inputs.ladders[slug], exercise_state, day, performed)
        if restarted is not None:
            changed[slug], decision = restarted
            made.append(decision)
    return ({**states, **changed} if changed else states), tuple(made)


# --- small helpers --------------------------------------------------------------------------------
