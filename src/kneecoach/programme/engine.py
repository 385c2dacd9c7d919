"""The one entry point: ``advise(profile, catalog, diary, today)``.

It replays the diary day by day from the start date, so the current doses, the state and every
decision are a pure function of (profile, catalogue, diary, today): nothing is stored between
calls and the same input always gives the same advice. The replay is a fold: ``Replay.run``
visits only the days that have events (plus today) and passes the walk's state from one day to
the next through ``walk.replay_day``, which calls the named rules (``screening``, ``relief``,
``progression``, ``pain``, ``scheduling``) in the decision order of
docs/evidence.md#decision-order; it does a bounded amount of work per event, so it is linear in
the size of the diary. This module then words the answer (``Advice``): the doses, the plan
ahead, adherence, notes and each dose's explanation.

A checkpoint is the fold's state at the start of a day; ``advise_resuming`` starts from the
latest one that still holds (a set logged today replays today only).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from kneecoach.catalog.schema import Catalog, Exercise
from kneecoach.programme import pain as pain_rules
from kneecoach.programme.advice import Advice, Explanation
from kneecoach.programme.dosing import Ladder
from kneecoach.programme.outcomes import Adherence, adherence_rule
from kneecoach.programme.planning import prescribe, session_exercises_rule
from kneecoach.programme.progression import (
    A_CLINICIAN,
    ELIGIBLE_SESSIONS_TO_PROGRESS,
    describe_step,
)
from kneecoach.programme.reasons import Reason, Words
from kneecoach.programme.scheduling import logged_on_a_rest_day, schedule
from kneecoach.programme.screening import screening_advice
from kneecoach.programme.sides import side_verdict_rule
from kneecoach.programme.validation import check_inputs
from kneecoach.programme.values import (
    ClinicianOverride,
    Decision,
    Diary,
    PlannedSession,
    Prescription,
    Profile,
    SessionFocus,
)
from kneecoach.programme.walk import end_of_walk, replay_day
from kneecoach.programme.walk_state import (
    WalkInputs,
    WalkState,
    entries_before,
    initial_state,
    is_off,
    normalised,
)

__all__ = [
    "CHECKPOINTS_KEPT",
    "DEFAULT_HORIZON",
    "Advice",
    "Checkpoint",
    "Explanation",
    "Replay",
    "advise",
    "advise_resuming",
    "plan_as_it_stood",
    "plan_first_sessions",
]

ONE_DAY = timedelta(days=1)
DEFAULT_HORIZON = 14
CHECKPOINTS_KEPT = 3
"""How many of a replay's last visited days keep a checkpoint: today, and the event days just
before it (a set logged today, this morning's check-in, yesterday's forgotten session)."""


def advise(
    profile: Profile,
    catalog: Catalog,
    diary: Diary,
    today: date,
    *,
    horizon_days: int = DEFAULT_HORIZON,
) -> Advice:
    """Replay ``diary`` from ``profile.start_date`` to ``today`` and plan ``horizon_days`` ahead.

    Raises ``InvalidInput`` (naming the field, e.g. ``diary.sessions[3].sets[0].exercise``) for a
    diary that does not fit the profile or the catalogue.
    """
    return advise_resuming(profile, catalog, diary, today, horizon_days=horizon_days)[0]


@dataclass(frozen=True, slots=True, eq=False)
class Checkpoint:
    """The replay's state at the start of ``day``, before that day is replayed.

    The walk reads nothing dated on or after a day before it reaches that day, so this state is a
    pure function of the profile, the catalogue and the diary's entries dated before ``day``
    (``before``); it holds for any later replay whose inputs agree on those, whatever else
    changed from ``day`` on (``advise_resuming``). ``state`` and ``decisions`` are immutable
    values: the fold makes new ones and never changes these. ``ladders`` depend on the catalogue
    and the profile alone, which ``holds_for`` checks, so a resumed replay takes them as they
    are instead of building them again."""

    day: date
    profile: Profile
    catalog: Catalog
    before: Diary
    state: WalkState
    decisions: tuple[Decision, ...]
    ladders: Mapping[str, Ladder]

    def holds_for(self, profile: Profile, catalog: Catalog, diary: Diary, today: date) -> bool:
        """Whether replaying ``diary`` up to ``today`` passes through this very state."""
        return (
            self.day <= today
            and (self.catalog is catalog or self.catalog == catalog)
            and self.profile == profile
            and self.before == entries_before(diary, self.day)
        )


def advise_resuming(
    profile: Profile,
    catalog: Catalog,
    diary: Diary,
    today: date,
    *,
    horizon_days: int = DEFAULT_HORIZON,
    checkpoints: Sequence[Checkpoint] = (),
) -> tuple[Advice, tuple[Checkpoint, ...]]:
    """``advise``, resumed from the latest of ``checkpoints`` that still holds for these inputs
    (a set logged today replays today only, not the whole diary), with this replay's own
    checkpoints for the next call. The advice is equal to ``advise``'s (property-tested)."""
    check_inputs(profile, catalog, diary, today, horizon_days)
    usable = [c for c in checkpoints if c.holds_for(profile, catalog, diary, today)]
    resume = max(usable, key=lambda c: c.day, default=None)
    ladders = resume.ladders if resume is not None else None
    replay = Replay(profile, catalog, diary, today, ladders=ladders)
    kept = replay.run(resume)
    return replay.advice(horizon_days), kept


def plan_first_sessions(
    profile: Profile, catalog: Catalog, days: int = DEFAULT_HORIZON
) -> tuple[PlannedSession, ...]:
    """The first ``days`` days of a new profile's plan (starting doses, the seed's schedule)."""
    return advise(profile, catalog, Diary(), profile.start_date, horizon_days=days).next_sessions


def plan_as_it_stood(
    profile: Profile, catalog: Catalog, diary: Diary, first_day: date, days: int
) -> tuple[PlannedSession, ...]:
    """The plan for ``days`` days from ``first_day`` as the programme made it when
    ``first_day`` began: the replay of the diary's entries dated before it, planned ahead from
    there (a day is planned before anything is logged on it: ``planning.planned_focus_rule``,
    the seed's schedule). For days no saved plan covers: a start date before the first visit,
    whose days were planned by the programme's rules from the start all the same."""
    before = Diary(
        sessions=tuple(s for s in diary.sessions if s.date < first_day),
        checkins=tuple(c for c in diary.checkins if c.date < first_day),
        overrides=tuple(o for o in diary.overrides if o.date < first_day),
        screenings=tuple(r for r in diary.screenings if r.date < first_day),
    )
    return advise(profile, catalog, before, first_day, horizon_days=days).next_sessions


class Replay:
    """The fold over a diary's days, one per ``advise`` call: ``run`` folds ``walk.replay_day``
    over the visited days and keeps the final state and the decisions for ``advice``."""

    def __init__(
        self,
        profile: Profile,
        catalog: Catalog,
        diary: Diary,
        today: date,
        *,
        ladders: Mapping[str, Ladder] | None = None,
    ) -> None:
        self.inputs = WalkInputs.of(profile, catalog, diary, today, ladders=ladders)
        self.state = initial_state(self.inputs)
        self.decisions: tuple[Decision, ...] = ()

    def run(self, resume: Checkpoint | None = None) -> tuple[Checkpoint, ...]:
        """Fold the days with events (and today), from ``resume``'s day when given; returns the
        checkpoints taken at the start of the last ``CHECKPOINTS_KEPT`` days visited."""
        inputs = self.inputs
        state, decisions = self.state, list(self.decisions)
        first = inputs.profile.start_date
        if resume is not None:
            state, decisions = resume.state, list(resume.decisions)
            first = max(first, resume.day)
        visited = [day for day in inputs.days if day >= first]
        kept: list[Checkpoint] = []
        for index, day in enumerate(visited):
            if index >= len(visited) - CHECKPOINTS_KEPT:
                kept.append(self.checkpoint(day, state, tuple(decisions)))
            state, made = replay_day(inputs, state, day)
            decisions.extend(made)
        state, made = end_of_walk(inputs, state)
        decisions.extend(made)
        self.state, self.decisions = state, tuple(decisions)
        if resume is not None and len(kept) < CHECKPOINTS_KEPT:
            kept.insert(0, resume)  # still true: the days before it did not change
        return tuple(kept)

    def checkpoint(
        self, day: date, state: WalkState, decisions: tuple[Decision, ...]
    ) -> Checkpoint:
        """The fold's state at the start of ``day``, with the diary entries it was made from."""
        inputs = self.inputs
        before = Diary(
            sessions=tuple(s for s in inputs.sessions.values() if s.date < day),
            checkins=tuple(c for c in inputs.checkins.values() if c.date < day),
            overrides=tuple(o for d, items in inputs.overrides.items() if d < day for o in items),
            screenings=tuple(r for d, items in inputs.screenings.items() if d < day for r in items),
        )
        before = normalised(before)
        return Checkpoint(
            day, inputs.profile, inputs.catalog, before, state, decisions, inputs.ladders
        )

    def advice(self, horizon_days: int) -> Advice:
        return answer(self.inputs, self.state, self.decisions, horizon_days)


# --- the answer -----------------------------------------------------------------------------------


def answer(
    inputs: WalkInputs, state: WalkState, decisions: tuple[Decision, ...], horizon_days: int
) -> Advice:
    """The advice for today from the walk's final state: today's prescriptions (painful or
    weaker side first, ``sides.side_verdict_rule`` on the sessions the walk counted), the plan
    ahead, adherence, notes and why each dose is what it is."""
    sides = side_verdict_rule(state.side_sessions)
    ordered = tuple(sorted(inputs.catalog.exercises, key=lambda ex: ex.order))
    prescriptions = tuple(
        prescribe(ex, state.states[ex.slug].dose, inputs.profile, sides.weaker) for ex in ordered
    )
    by_slug = {p.exercise: p for p in prescriptions}
    return Advice(
        today=inputs.today,
        state=state.programme_state,
        screening=state.screening,
        screened_on=state.screened_on,
        prescriptions=prescriptions,
        decisions=decisions,
        next_sessions=next_sessions(inputs, state, horizon_days, by_slug),
        weaker_side=sides,
        adherence=adherence(inputs, state),
        notes=notes(inputs, state),
        explanations={
            ex.slug: explanation(inputs, state, decisions, ex, by_slug[ex.slug]) for ex in ordered
        },
        off_periods=state.off_periods,
    )


def next_sessions(
    inputs: WalkInputs,
    state: WalkState,
    horizon_days: int,
    by_slug: Mapping[str, Prescription],
) -> tuple[PlannedSession, ...]:
    """The plan ahead: nothing while locked or paused by a clinician, relief days during relief
    or a pause for review, else the schedule (``scheduling.schedule``) carried on from the
    sessions logged, each day's exercises by ``planning.session_exercises_rule``."""
    today = inputs.today
    if state.halted or horizon_days == 0:
        return ()
    if state.mode != "training":
        return tuple(
            PlannedSession(today + timedelta(days=k), "relief") for k in range(horizon_days)
        )
    days: list[tuple[date, SessionFocus | None]] = []
    first_day = today
    if today in inputs.sessions:
        # today's session has begun: its plan, fixed when the day started, stays whole, and
        # the schedule runs from tomorrow
        days.append((today, state.session_foci[today]))
        first_day = today + ONE_DAY
    days.extend(
        schedule(
            inputs.profile,
            first_day,
            horizon_days - len(days),
            training_days=state.training_days,
            last_focus=state.last_focus,
        )
    )
    planned: list[PlannedSession] = []
    for day, focus in days:
        if focus is None:
            planned.append(PlannedSession(day, "rest"))
            continue
        chosen = session_exercises_rule(inputs.catalog, focus, state.swapped, state.added)
        planned.append(
            PlannedSession(day, "training", focus, tuple(by_slug[slug] for slug in chosen))
        )
    return tuple(planned)


def adherence(inputs: WalkInputs, state: WalkState) -> Adherence:
    """Planned training days from the start to today (today only once logged), outside
    relief and locked periods, against the days with a logged session
    (``outcomes.adherence_rule``, docs/evidence.md#adherence)."""
    start = inputs.profile.start_date
    end = inputs.today if inputs.today in inputs.sessions else inputs.today - ONE_DAY
    if end < start:
        return adherence_rule(0, 0)
    off = state.off_periods
    plan = schedule(inputs.profile, start, (end - start).days + 1)
    planned = sum(1 for day, focus in plan if focus is not None and not is_off(day, off))
    logged = sum(1 for day in inputs.sessions if start <= day <= end and not is_off(day, off))
    return adherence_rule(planned, logged)


def notes(inputs: WalkInputs, state: WalkState) -> tuple[Reason, ...]:
    """What the person should know today: no screening yet, the screening's advice, the relief
    advice, a session logged on a rest day, a check-in the last session waits for."""
    found: list[Reason] = []
    if state.screening is None:
        found.append(Reason("note_no_screening"))
    elif state.screening.level != "clear":
        found.append(screening_advice(state.screening))
    if state.paused is not None and not state.locked:
        found.append(paused_note(state.paused))
    elif state.mode != "training" and not state.locked:
        found.append(Reason("flare_advice"))
    latest = max(state.training_days, default=None)
    if (
        latest is not None
        and state.mode == "training"
        and (inputs.today - latest).days <= 1
        and logged_on_a_rest_day(inputs.profile, latest, state.training_days)
    ):
        found.append(Reason("note_session_on_rest_day", date=latest))
    if state.pending is not None:
        found.append(
            Reason(
                "note_checkin_due", date=state.pending.date + ONE_DAY, session=state.pending.date
            )
        )
    return tuple(found)


def paused_note(pause: ClinicianOverride) -> Reason:
    """Today's note while a clinician has paused the programme: who, since when, and why."""
    return Reason(
        "note_paused",
        clinician=pause.clinician or A_CLINICIAN,
        date=pause.date,
        note=pause.note or "-",
    )


def explanation(
    inputs: WalkInputs,
    state: WalkState,
    decisions: tuple[Decision, ...],
    exercise: Exercise,
    prescription: Prescription,
) -> Explanation:
    """Why ``exercise`` has today's dose: its start, its decisions, what it takes to move on."""
    slug = exercise.slug
    exercise_state = state.states[slug]
    higher = inputs.ladders[slug].step_up(exercise_state.dose)
    to_progress: list[Reason] = []
    if state.locked:
        to_progress.append(Reason("explain_locked"))
    elif state.paused is not None:
        to_progress.append(paused_note(state.paused))
    elif state.mode != "training":
        to_progress.append(Reason("explain_relief"))
    elif higher is None:
        to_progress.append(Reason("explain_top"))
    else:
        needed = max(ELIGIBLE_SESSIONS_TO_PROGRESS - exercise_state.streak, 1)
        to_progress.append(
            Reason(
                "explain_next_step",
                step=describe_step(exercise, exercise_state.dose, higher),
                needed=needed,
                limit=pain_rules.ACCEPTABLE_MAX,
            )
        )
    if state.progression_pause and not state.locked:
        to_progress.append(state.progression_pause)
    return Explanation(
        exercise=slug,
        name=exercise.name.en,
        names=Words(exercise.name.en, exercise.name.nb),
        prescription=prescription,
        start=inputs.start_doses[slug],
        start_rule=Reason("start_trained" if inputs.profile.trained else "start_untrained"),
        decisions=tuple(d for d in decisions if d.exercise == slug),
        streak=exercise_state.streak,
        next_step=higher,
        to_progress=tuple(to_progress),
    )
