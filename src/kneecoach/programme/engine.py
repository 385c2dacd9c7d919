"""The one entry point: ``advise(profile, catalog, diary, today)``.

It replays the diary day by day from the start date, so the current doses, the state and every
decision are a pure function of (profile, catalogue, diary, today): nothing is stored between
calls and the same input always gives the same advice. The replay visits only the days that have
events (plus today), and does a bounded amount of work per event, so it is linear in the size of
the diary.

Order of a replayed day (docs/evidence.md#decision-order, first match wins): screenings (stop
and refer),
the morning check-in (relief / flare, or the end of a relief period), the decision on the previous
session (regress, hold, progress; ``progression``), clinicians' overrides, then the day's session.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Protocol

from kneecoach.catalog.schema import Catalog, Exercise, Localized
from kneecoach.errors import NotFound
from kneecoach.programme import pain as pain_rules
from kneecoach.programme.dosing import Ladder
from kneecoach.programme.outcomes import Adherence, adherence_rule
from kneecoach.programme.planning import (
    exercises_for_focus,
    ladders_for,
    performed_name,
    prescribe,
    starting_dose_rule,
)
from kneecoach.programme.progression import (
    ELIGIBLE_SESSIONS_TO_PROGRESS,
    ExerciseState,
    SessionContext,
    decide_exercise,
    describe_step,
    exercise_evidence,
)
from kneecoach.programme.reasons import KIND_WORDS, Reason, Words, describe_dose, reason_texts
from kneecoach.programme.scheduling import logged_on_a_rest_day, planned_focus_rule, schedule
from kneecoach.programme.screening import in_session_stop_rule, screen_red_flags
from kneecoach.programme.sides import SideReport, weaker_side_rule
from kneecoach.programme.validation import check_inputs
from kneecoach.programme.values import (
    ClinicianOverride,
    Decision,
    Diary,
    Dose,
    MorningCheckin,
    PlannedSession,
    Prescription,
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
LONG_GAP = timedelta(days=14)
"""After 14 days or more without an exercise, it restarts one step lower [S] (deconditioning;
docs/evidence.md#gap; a regression is the ladder in reverse)."""
RELIEF_REVIEW_AFTER = timedelta(days=14)
"""A relief period not settled within 14 days -> clinician review (docs/evidence.md#relief:
"if not settling within 1-2 weeks, advise review by a clinician")."""
SETTLED_CHECKINS = 2
"""Relief ends after 2 check-ins in a row back at the usual level (design default [S])."""
DEFAULT_HORIZON = 14


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why an exercise has today's dose: where it started, every decision since, and what it
    takes to move on. The CLI's ``explain`` prints ``lines()``."""

    exercise: str
    name: str
    prescription: Prescription
    start: Dose
    start_rule: Reason
    decisions: tuple[Decision, ...]
    streak: int
    next_step: Dose | None
    to_progress: tuple[Reason, ...]
    names: Words | None = None

    def lines(self, language: str = "en") -> tuple[str, ...]:
        """The story in ``language`` ("en" or "nb")."""
        name = self.names.get(language) if self.names is not None else self.name
        dose = describe_dose(self.prescription.dose, language)
        out = [
            Reason(
                "explain_dose",
                exercise=name,
                dose=dose,
                performed_as=self.prescription.performed_as,
            ).text(language),
            Reason(
                "explain_start", dose=describe_dose(self.start, language), rule=self.start_rule
            ).text(language),
        ]
        for decision in self.decisions:
            out.append(
                Reason(
                    "explain_decision",
                    date=decision.date,
                    kind=KIND_WORDS[decision.kind],
                    reasons="; ".join(decision.reason_texts(language)),
                ).text(language)
            )
        out.extend(reason_texts(self.to_progress, language))
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Advice:
    """Everything the engine says for one day."""

    today: date
    state: ProgrammeState
    screening: ScreeningResult | None
    screened_on: date | None
    prescriptions: tuple[Prescription, ...]
    decisions: tuple[Decision, ...]
    next_sessions: tuple[PlannedSession, ...]
    weaker_side: SideReport
    adherence: Adherence
    notes: tuple[Reason, ...]
    explanations: Mapping[str, Explanation] = field(hash=False)

    def explain(self, exercise: str) -> Explanation:
        """Why today's dose of ``exercise`` (a catalogue slug)."""
        try:
            return self.explanations[exercise]
        except KeyError:
            raise NotFound(f"no exercise {exercise!r} in the programme", field="exercise") from None

    def to_dict(self) -> dict[str, Any]:
        """The JSON-friendly form (``programme.io.advice_to_json`` documents the schema)."""
        from kneecoach.programme.io import advice_to_json

        return advice_to_json(self)


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


CHECKPOINTS_KEPT = 3
"""How many of a replay's last visited days keep a checkpoint: today, and the event days just
before it (a set logged today, this morning's check-in, yesterday's forgotten session)."""


@dataclass(frozen=True, slots=True, eq=False)
class Checkpoint:
    """The replay's state at the start of ``day``, before that day is replayed.

    The walk reads nothing dated on or after a day before it reaches that day, so this state is a
    pure function of the profile, the catalogue and the diary's entries dated before ``day``
    (``before``); it holds for any later replay whose inputs agree on those, whatever else
    changed from ``day`` on (``advise_resuming``)."""

    day: date
    profile: Profile
    catalog: Catalog
    before: Diary
    fields: Mapping[str, Any] = field(repr=False)

    def holds_for(self, profile: Profile, catalog: Catalog, diary: Diary, today: date) -> bool:
        """Whether replaying ``diary`` up to ``today`` passes through this very state."""
        return (
            self.day <= today
            and (self.catalog is catalog or self.catalog == catalog)
            and self.profile == profile
            and self.before == _entries_before(diary, self.day)
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
    replay = Replay(profile, catalog, diary, today)
    usable = [c for c in checkpoints if c.holds_for(profile, catalog, diary, today)]
    resume = max(usable, key=lambda c: c.day, default=None)
    kept = replay.run(resume)
    return replay.advice(horizon_days), kept


def plan_first_sessions(
    profile: Profile, catalog: Catalog, days: int = DEFAULT_HORIZON
) -> tuple[PlannedSession, ...]:
    """The first ``days`` days of a new profile's plan (starting doses, the seed's schedule)."""
    return advise(profile, catalog, Diary(), profile.start_date, horizon_days=days).next_sessions


class Replay:
    """The day-by-day walk over a diary. Internal: one instance per ``advise`` call."""

    def __init__(self, profile: Profile, catalog: Catalog, diary: Diary, today: date) -> None:
        self.profile = profile
        self.catalog = catalog
        self.today = today
        self.exercises = {ex.slug: ex for ex in catalog.exercises}
        self.ladders: dict[str, Ladder] = ladders_for(catalog, profile)
        self.start_doses = {
            slug: starting_dose_rule(ladder, profile) for slug, ladder in self.ladders.items()
        }
        self.states = {slug: ExerciseState(dose) for slug, dose in self.start_doses.items()}
        self.decisions: list[Decision] = []
        self.performed_names: dict[tuple[str, int], Localized | Reason] = {}
        self.settled_baseline: tuple[int | None] | None = None
        self.sessions = {s.date: s for s in diary.sessions if s.date <= today}
        self.checkins = {c.date: c for c in diary.checkins if c.date <= today}
        self.overrides = _by_date(o for o in diary.overrides if o.date <= today)
        self.screenings = _by_date(r for r in diary.screenings if r.date <= today)
        self.previous_checkin = _previous_of(self.checkins)
        ordered_checkins = sorted(self.checkins.values(), key=lambda c: c.date)
        self.checkin_ordinals = [c.date.toordinal() for c in ordered_checkins]
        self.checkin_pains = [c.pain for c in ordered_checkins]
        self.mode: ProgrammeState = "training"
        self.locked = False
        self.screening: ScreeningResult | None = None
        self.screened_on: date | None = None
        self.progression_pause: Reason | None = None
        self.pending: SessionLog | None = None
        self.relief_start: date | None = None
        self.relief_reference = pain_rules.SAFE_MAX
        self.settled_streak = 0
        self.off_periods: list[tuple[date, date | None]] = []
        self.training_days: list[date] = []
        self.last_focus: SessionFocus | None = None
        self.session_foci: dict[date, SessionFocus] = {}
        self.first_week_dates = sorted(
            d for d in self.checkins if profile.start_date <= d < profile.start_date + WEEK
        )

    # --- the walk ---------------------------------------------------------------------------------

    def run(self, resume: Checkpoint | None = None) -> tuple[Checkpoint, ...]:
        """Walk the days with events (and today), from ``resume``'s day when given; returns the
        checkpoints taken at the start of the last ``CHECKPOINTS_KEPT`` days visited."""
        days = set(self.sessions) | set(self.checkins) | set(self.overrides)
        days |= set(self.screenings)
        days.add(self.today)
        first = self.profile.start_date
        if resume is not None:
            self.restore(resume)
            first = max(first, resume.day)
        visited = sorted(d for d in days if d >= first)
        kept: list[Checkpoint] = []
        for index, day in enumerate(visited):
            if index >= len(visited) - CHECKPOINTS_KEPT:
                kept.append(self.checkpoint(day))
            self.replay_day(day)
        self.long_gap_rule(self.today, self.today_logged_exercises())
        if resume is not None and len(kept) < CHECKPOINTS_KEPT:
            kept.insert(0, resume)  # still true: the days before it did not change
        return tuple(kept)

    _INPUTS = frozenset(
        {
            "profile",
            "catalog",
            "today",
            "exercises",
            "ladders",
            "start_doses",
            "sessions",
            "checkins",
            "overrides",
            "screenings",
            "previous_checkin",
            "checkin_ordinals",
            "checkin_pains",
            "first_week_dates",
        }
    )
    """What ``__init__`` derives from the inputs (recomputed for each replay, never carried in a
    checkpoint); every other attribute is the walk's state and is. A new attribute derived from
    the whole diary belongs here: carried, it would be stale after a change (a test lists both)."""

    def checkpoint(self, day: date) -> Checkpoint:
        """The walk's state now, at the start of ``day`` (lists and dicts copied: the walk
        appends to them; their items are immutable values)."""
        fields = {
            name: _copied(value) for name, value in vars(self).items() if name not in self._INPUTS
        }
        before = Diary(
            sessions=tuple(s for s in self.sessions.values() if s.date < day),
            checkins=tuple(c for c in self.checkins.values() if c.date < day),
            overrides=tuple(o for d, items in self.overrides.items() if d < day for o in items),
            screenings=tuple(r for d, items in self.screenings.items() if d < day for r in items),
        )
        return Checkpoint(day, self.profile, self.catalog, _normalised(before), fields)

    def restore(self, checkpoint: Checkpoint) -> None:
        for name, value in checkpoint.fields.items():
            setattr(self, name, _copied(value))

    def replay_day(self, day: date) -> None:
        self.relief_review_rule(day)
        for record in self.screenings.get(day, ()):
            self.apply_screening(day, record)
        checkin = self.checkins.get(day)
        if checkin is not None:
            self.morning_rules(day, checkin)
        session = self.sessions.get(day)
        if self.pending is not None and self.pending_is_due(day, checkin, session):
            self.decide_pending(day)
        for override in self.overrides.get(day, ()):
            self.apply_override(day, override)
        if session is not None:
            self.apply_session(day, session)

    def pending_is_due(
        self, day: date, checkin: MorningCheckin | None, session: SessionLog | None
    ) -> bool:
        """Decide a session once its next-morning check-in is in, or once a later day (or a new
        session) shows it will not come. On the morning after, without a check-in yet, wait."""
        assert self.pending is not None  # noqa: S101
        morning_after = self.pending.date + ONE_DAY
        if day > morning_after:
            return True
        return day == morning_after and (checkin is not None or session is not None)

    # --- screening --------------------------------------------------------------------------------

    def apply_screening(self, day: date, record: ScreeningRecord) -> None:
        """Red flags stop and refer first (docs/evidence.md#screening)."""
        result = screen_red_flags(record.answers)
        self.screening, self.screened_on = result, day
        was_locked = self.locked
        self.locked = result.locked
        if result.locked:
            self.pending = None
            if not was_locked:
                self.off_periods.append((day, None))
            self.decisions.append(Decision(day, None, "refer", (*result.reasons, _advice(result))))
            return
        if was_locked:
            self.close_off_period(day)
        if result.level == "soon":
            self.progression_pause = Reason(
                "progression_paused", date=day, questions=", ".join(result.positive)
            )
            self.decisions.append(Decision(day, None, "refer", (*result.reasons, _advice(result))))
        else:
            self.progression_pause = None

    # --- mornings: flare and relief ---------------------------------------------------------------

    def baseline(self, day: date) -> int | None:
        """Usual pain: the profile's, else the mean of first-week check-ins before ``day``."""
        if self.profile.baseline_pain is not None:
            return self.profile.baseline_pain
        settled = day >= self.profile.start_date + WEEK  # the first week is over: one answer
        if settled and self.settled_baseline is not None:
            return self.settled_baseline[0]
        known = [self.checkins[d].pain for d in self.first_week_dates if d < day]
        value = pain_rules.baseline_from_checkins(known)
        if settled:
            self.settled_baseline = (value,)
        return value

    def usual_pain(self, day: date) -> int | None:
        """The person's usual pain on ``day``: the baseline, else the mean of the check-ins in the
        7 days before it (``pain.usual_pain_level``; docs/evidence.md#next-morning)."""
        baseline = self.baseline(day)
        if baseline is not None:
            return baseline
        ordinal = day.toordinal()
        return pain_rules.usual_pain_level(
            None, self.checkin_pains_between(ordinal - 8, ordinal - 1)
        )

    def morning_rules(self, day: date, checkin: MorningCheckin) -> None:
        if self.locked:
            return
        if self.mode == "training":
            reasons = self.flare_reasons_from_morning(day, checkin)
            if reasons:
                reference = self.baseline(day)
                if reference is None and self.pending is not None:
                    reference = self.pending.pain_before
                self.start_relief(day, reasons, reference)
            return
        self.relief_settling_rule(day, checkin)

    def flare_reasons_from_morning(self, day: date, checkin: MorningCheckin) -> list[Reason]:
        """Flare signs in a morning check-in (docs/evidence.md#flare): not able to bear weight
        normally, new swelling (on the first check-in too), morning pain 3+ points above the
        usual level."""
        reasons: list[Reason] = []
        if checkin.cannot_bear_weight:
            # a referral question, not only relief: the screening asks it (U9,
            # docs/evidence.md#weight-bearing)
            reasons.append(Reason("flare_weight_bearing", date=day))
            reasons.append(Reason("rescreen_weight_bearing"))
        previous = self.previous_checkin.get(day)
        if pain_rules.swelling_is_new(checkin, self.checkins.get(previous) if previous else None):
            reasons.append(Reason("flare_new_swelling", date=day))
        baseline = self.usual_pain(day)
        if baseline is not None and pain_rules.next_morning_is_flare(baseline, checkin.pain):
            reasons.append(
                Reason(
                    "flare_morning_pain",
                    date=day,
                    pain=checkin.pain,
                    rise=checkin.pain - baseline,
                    baseline=baseline,
                    flare=pain_rules.FLARE_MORNING_RISE,
                )
            )
        return reasons

    def start_relief(self, day: date, reasons: Sequence[Reason], reference: int | None) -> None:
        """Relief period: pause loaded work, comfort measures (the seed: rest, compression
        support, cold packs; NHS safeguards; docs/evidence.md#relief)."""
        self.mode = "relief"
        self.pending = None
        self.relief_start = day
        self.relief_reference = max(reference if reference is not None else 0, pain_rules.SAFE_MAX)
        self.settled_streak = 0
        self.off_periods.append((day, None))
        self.decisions.append(
            Decision(
                day,
                None,
                "relief",
                (
                    *reasons,
                    Reason(
                        "relief_until_settled",
                        reference=self.relief_reference,
                        count=SETTLED_CHECKINS,
                    ),
                    Reason("flare_advice"),
                ),
            )
        )

    def relief_settling_rule(self, day: date, checkin: MorningCheckin) -> None:
        """Relief ends once morning pain is back at the usual level (at most the reference, and
        no swelling or weight-bearing problem) on 2 check-ins in a row; the programme then
        resumes one step lower (docs/evidence.md#relief)."""
        settled = (
            checkin.pain <= self.relief_reference
            and not checkin.swelling
            and not checkin.cannot_bear_weight
        )
        self.settled_streak = self.settled_streak + 1 if settled else 0
        if self.settled_streak >= SETTLED_CHECKINS:
            self.resume(
                day,
                Reason(
                    "relief_settled",
                    reference=self.relief_reference,
                    count=SETTLED_CHECKINS,
                    pain=checkin.pain,
                ),
            )

    def relief_review_rule(self, day: date) -> None:
        """Not settled within 14 days: advise a clinician review (docs/evidence.md#relief)."""
        if self.mode != "relief" or self.relief_start is None:
            return
        due = self.relief_start + RELIEF_REVIEW_AFTER
        if day >= due:
            self.mode = "paused_for_review"
            self.decisions.append(
                Decision(
                    due,
                    None,
                    "refer",
                    (
                        Reason(
                            "relief_not_settled",
                            days=RELIEF_REVIEW_AFTER.days,
                            date=self.relief_start,
                        ),
                        Reason("see_clinician_paused"),
                    ),
                )
            )

    def resume(self, day: date, reason: Reason, *, except_exercise: str | None = None) -> None:
        self.mode = "training"
        self.relief_start = None
        self.settled_streak = 0
        self.close_off_period(day)
        self.decisions.append(Decision(day, None, "resume", (reason, Reason("all_restart_lower"))))
        for slug, state in self.states.items():
            if slug == except_exercise:
                continue
            lower = self.ladders[slug].step_down(state.dose)
            self.states[slug] = replace(
                state,
                dose=lower,
                streak=0,
                last_reduction=day,
                last_done=day if state.last_done is not None else None,
            )
            exercise = self.exercises[slug]
            change = (
                describe_step(exercise, state.dose, lower)
                if lower != state.dose
                else Reason("already_easiest_step")
            )
            self.decisions.append(
                Decision(
                    day,
                    slug,
                    "resume",
                    (
                        Reason(
                            "restart_after_relief",
                            exercise=self.performed_name(exercise, state.dose.level),
                            change=change,
                        ),
                    ),
                    state.dose,
                    lower,
                )
            )

    def close_off_period(self, day: date) -> None:
        if self.off_periods and self.off_periods[-1][1] is None:
            start, _ = self.off_periods[-1]
            self.off_periods[-1] = (start, day)

    # --- decisions on sessions --------------------------------------------------------------------

    def decide_pending(self, day: date) -> None:
        session = self.pending
        assert session is not None  # noqa: S101
        self.pending = None
        morning = self.checkins.get(session.date + ONE_DAY)
        previous = self.previous_checkin.get(morning.date) if morning else None
        prior = self.checkins.get(previous) if previous else None
        raised: tuple[str, ...] = ()
        if morning is not None and prior is not None and morning.date - prior.date == ONE_DAY:
            raised = pain_rules.raised_two_mornings(morning, prior)
        reference = pain_rules.next_morning_reference(
            self.usual_pain(session.date + ONE_DAY), session.pain_before
        )
        context = SessionContext(
            session_date=session.date,
            decided_on=day,
            pain_before=session.pain_before,
            pain_after=session.pain_after,
            reference=reference,
            morning=morning,
            raised=raised,
            raised_since=prior.date if raised and prior is not None else None,
            trend=self.weekly_trend(day),
            progression_pause=self.progression_pause,
        )
        for slug, sets in _group_sets(session).items():
            exercise = self.exercises[slug]
            state = self.states[slug]
            performed = self.performed_names.get((slug, state.dose.level))
            if performed is None:
                performed = self.performed_name(exercise, state.dose.level)
            evidence = exercise_evidence(exercise, state.dose, sets, performed)
            new_state, decision = decide_exercise(
                exercise, self.ladders[slug], state, evidence, context
            )
            self.states[slug] = new_state
            self.decisions.append(decision)

    def performed_name(self, exercise: Exercise, level: int) -> Localized | Reason:
        """What the person did at ``level`` (``planning.performed_name``), worked out once per
        exercise and level: it depends only on the catalogue and the equipment."""
        key = (exercise.slug, level)
        name = self.performed_names.get(key)
        if name is None:
            name = performed_name(exercise, level, self.profile.equipment)
            self.performed_names[key] = name
        return name

    def weekly_trend(self, day: date) -> tuple[float, float] | None:
        """Mean morning pain in the 7 days up to ``day`` and the 7 before, when rising.
        Binary search over the sorted check-ins keeps it O(log n) per decision."""
        ordinal = day.toordinal()
        this_week = self.checkin_pains_between(ordinal - 7, ordinal)
        last_week = self.checkin_pains_between(ordinal - 14, ordinal - 7)
        if pain_rules.weekly_trend_rising(this_week, last_week):
            return pain_rules.mean(this_week), pain_rules.mean(last_week)
        return None

    def checkin_pains_between(self, after: int, until: int) -> list[int]:
        """Morning pains of the check-ins with ``after < date ordinal <= until``."""
        low = bisect_right(self.checkin_ordinals, after)
        high = bisect_right(self.checkin_ordinals, until)
        return self.checkin_pains[low:high]

    def apply_override(self, day: date, override: ClinicianOverride) -> None:
        """A clinician's dose is taken as is; it also ends a relief period or a pause for review
        and lifts a "soon" progression pause (a clinician has seen the person)."""
        if self.mode != "training":
            self.resume(
                day, Reason("clinician_reviewed", date=day), except_exercise=override.exercise
            )
        self.progression_pause = None
        exercise = self.exercises[override.exercise]
        dose = replace(override.dose, per_side=exercise.dose.per_side)
        state = self.states[override.exercise]
        variant = exercise.variant(dose.level)
        reasons = [
            Reason("clinician_set", exercise=exercise.name, dose=dose)
            if variant is None
            else Reason(
                "clinician_set_variant", exercise=exercise.name, dose=dose, variant=variant.name
            )
        ]
        if override.note:
            reasons.append(Reason("clinician_note", note=override.note))
        self.states[override.exercise] = replace(state, dose=dose, streak=0)
        self.decisions.append(
            Decision(day, override.exercise, "override", tuple(reasons), state.dose, dose)
        )

    def apply_session(self, day: date, session: SessionLog) -> None:
        # the day's focus as planned when it started, not what its logged sets happen to cover
        focus = planned_focus_rule(
            self.profile, day, training_days=self.training_days, last_focus=self.last_focus
        )
        self.session_foci[day] = focus
        self.training_days.append(day)
        self.last_focus = focus
        if self.locked:
            return
        flare = self.session_flare_reasons(day, session)
        if flare and self.mode == "training":
            self.start_relief(
                day,
                flare,
                session.pain_before if session.pain_before is not None else self.baseline(day),
            )
            return
        if self.mode != "training":
            return
        self.long_gap_rule(day, {logged.exercise for logged in session.sets})
        self.pending = session

    def session_flare_reasons(self, day: date, session: SessionLog) -> list[Reason]:
        """A flare wherever the session shows it (docs/evidence.md#flare): the in-session stop
        rule, and pain of 8/10 or more about an hour after the session."""
        reasons: list[Reason] = []
        stop = self.stop_reasons(session)
        if stop:
            reasons.append(Reason("session_stopped", date=day, stops=stop))
        if session.pain_after is not None and pain_rules.pain_after_is_flare(session.pain_after):
            reasons.append(
                Reason(
                    "flare_pain_after",
                    date=day,
                    pain=session.pain_after,
                    flare=pain_rules.FLARE_AFTER,
                )
            )
        return reasons

    def stop_reasons(self, session: SessionLog) -> tuple[Reason, ...]:
        """In-session stop rule over the whole session (docs/evidence.md#stop-rule): pain 8+/10 in
        any set, sharp pain or a pop, new swelling, giving way."""
        worst = max(session.sets, key=lambda s: s.pain, default=None)
        reasons = list(in_session_stop_rule(worst.pain if worst else 0, session.stop_events))
        if worst is not None and reasons and worst.pain >= pain_rules.FLARE_PAIN:
            reasons[0] = Reason(
                "stop_pain_during",
                exercise=self.exercises[worst.exercise].name,
                pain=worst.pain,
                stop=pain_rules.FLARE_PAIN,
            )
        return tuple(reasons)

    def long_gap_rule(self, day: date, exercises: set[str] | None = None) -> None:
        """After 14+ days without an exercise, it restarts one step lower (no silent return to a
        dose the body is no longer used to) [S]."""
        if self.locked or self.mode != "training":
            return
        for slug in sorted(exercises if exercises is not None else self.states):
            state = self.states[slug]
            if state.last_done is None or day - state.last_done < LONG_GAP:
                continue
            lower = self.ladders[slug].step_down(state.dose)
            reasons = (
                Reason(
                    "long_gap",
                    days=(day - state.last_done).days,
                    exercise=self.performed_name(self.exercises[slug], state.dose.level),
                    date=state.last_done,
                ),
            )
            self.states[slug] = replace(
                state, dose=lower, streak=0, last_reduction=day, last_done=day
            )
            self.decisions.append(Decision(day, slug, "regress", reasons, state.dose, lower))

    def today_logged_exercises(self) -> set[str] | None:
        """Exercises still to check for a long gap at ``today`` (all of them, unless a session
        was logged today, in which case ``apply_session`` already did)."""
        if self.today in self.sessions:
            return set()
        return None

    # --- the answer -------------------------------------------------------------------------------

    def state(self) -> ProgrammeState:
        return "locked" if self.locked else self.mode

    def doses(self) -> dict[str, Dose]:
        return {slug: state.dose for slug, state in self.states.items()}

    def advice(self, horizon_days: int) -> Advice:
        sides = weaker_side_rule(self.sessions.values())
        weaker = sides.weaker
        ordered = tuple(sorted(self.catalog.exercises, key=lambda ex: ex.order))
        doses = self.doses()
        prescriptions = tuple(prescribe(ex, doses[ex.slug], self.profile, weaker) for ex in ordered)
        by_slug = {p.exercise: p for p in prescriptions}
        next_sessions = self.next_sessions(horizon_days, by_slug)
        explanations = {ex.slug: self.explanation(ex, by_slug[ex.slug]) for ex in ordered}
        return Advice(
            today=self.today,
            state=self.state(),
            screening=self.screening,
            screened_on=self.screened_on,
            prescriptions=prescriptions,
            decisions=tuple(self.decisions),
            next_sessions=next_sessions,
            weaker_side=sides,
            adherence=self.adherence(),
            notes=self.notes(),
            explanations=explanations,
        )

    def next_sessions(
        self, horizon_days: int, by_slug: Mapping[str, Prescription]
    ) -> tuple[PlannedSession, ...]:
        if self.locked or horizon_days == 0:
            return ()
        if self.mode != "training":
            return tuple(
                PlannedSession(self.today + timedelta(days=k), "relief")
                for k in range(horizon_days)
            )
        logged_today = self.sessions.get(self.today)
        days: list[tuple[date, SessionFocus | None]] = []
        first_day = self.today
        if logged_today is not None:
            # today's session has begun: its plan, fixed when the day started, stays whole, and
            # the schedule runs from tomorrow
            days.append((self.today, self.session_foci[self.today]))
            first_day = self.today + ONE_DAY
        days.extend(
            schedule(
                self.profile,
                first_day,
                horizon_days - len(days),
                training_days=self.training_days,
                last_focus=self.last_focus,
            )
        )
        planned: list[PlannedSession] = []
        for day, focus in days:
            if focus is None:
                planned.append(PlannedSession(day, "rest"))
                continue
            chosen = exercises_for_focus(self.catalog, focus)
            planned.append(
                PlannedSession(day, "training", focus, tuple(by_slug[ex.slug] for ex in chosen))
            )
        return tuple(planned)

    def adherence(self) -> Adherence:
        """Planned training days from the start to today (today only once logged), outside
        relief and locked periods, against the days with a logged session."""
        start = self.profile.start_date
        end = self.today if self.today in self.sessions else self.today - ONE_DAY
        if end < start:
            return adherence_rule(0, 0)
        plan = schedule(self.profile, start, (end - start).days + 1)
        planned = sum(1 for day, focus in plan if focus is not None and not self.is_off(day))
        logged = sum(1 for day in self.sessions if start <= day <= end and not self.is_off(day))
        return adherence_rule(planned, logged)

    def is_off(self, day: date) -> bool:
        return any(start <= day and (end is None or day < end) for start, end in self.off_periods)

    def notes(self) -> tuple[Reason, ...]:
        notes: list[Reason] = []
        if self.screening is None:
            notes.append(Reason("note_no_screening"))
        elif self.screening.level != "clear":
            notes.append(_advice(self.screening))
        if self.mode != "training" and not self.locked:
            notes.append(Reason("flare_advice"))
        latest = max(self.training_days, default=None)
        if (
            latest is not None
            and self.mode == "training"
            and (self.today - latest).days <= 1
            and logged_on_a_rest_day(self.profile, latest, self.training_days)
        ):
            notes.append(Reason("note_session_on_rest_day", date=latest))
        if self.pending is not None:
            notes.append(
                Reason(
                    "note_checkin_due",
                    date=self.pending.date + ONE_DAY,
                    session=self.pending.date,
                )
            )
        return tuple(notes)

    def explanation(self, exercise: Exercise, prescription: Prescription) -> Explanation:
        slug = exercise.slug
        state = self.states[slug]
        ladder = self.ladders[slug]
        start_rule = Reason("start_trained" if self.profile.trained else "start_untrained")
        to_progress: list[Reason] = []
        higher = ladder.step_up(state.dose)
        if self.locked:
            to_progress.append(Reason("explain_locked"))
        elif self.mode != "training":
            to_progress.append(Reason("explain_relief"))
        elif higher is None:
            to_progress.append(Reason("explain_top"))
        else:
            needed = max(ELIGIBLE_SESSIONS_TO_PROGRESS - state.streak, 1)
            to_progress.append(
                Reason(
                    "explain_next_step",
                    step=describe_step(exercise, state.dose, higher),
                    needed=needed,
                    limit=pain_rules.ACCEPTABLE_MAX,
                )
            )
        if self.progression_pause and not self.locked:
            to_progress.append(self.progression_pause)
        return Explanation(
            exercise=slug,
            name=exercise.name.en,
            names=Words(exercise.name.en, exercise.name.nb),
            prescription=prescription,
            start=self.start_doses[slug],
            start_rule=start_rule,
            decisions=tuple(d for d in self.decisions if d.exercise == slug),
            streak=state.streak,
            next_step=higher,
            to_progress=tuple(to_progress),
        )


def _advice(result: ScreeningResult) -> Reason:
    """The screening's advice as a reason, in both languages (``screening.ADVICE``)."""
    return Reason(
        "screening_advice", advice=Words(result.advice, result.advice_nb or result.advice)
    )


def _copied(value: Any) -> Any:
    return value.copy() if isinstance(value, (list, dict)) else value


def _entries_before(diary: Diary, day: date) -> Diary:
    """The diary's entries dated before ``day``, as the walk sees them (``_normalised``)."""
    return _normalised(
        Diary(
            sessions=tuple(s for s in diary.sessions if s.date < day),
            checkins=tuple(c for c in diary.checkins if c.date < day),
            overrides=tuple(o for o in diary.overrides if o.date < day),
            screenings=tuple(r for r in diary.screenings if r.date < day),
        )
    )


def _normalised(diary: Diary) -> Diary:
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


def _group_sets(session: SessionLog) -> dict[str, list[SetLog]]:
    grouped: dict[str, list[SetLog]] = {}
    for logged in session.sets:
        grouped.setdefault(logged.exercise, []).append(logged)
    return grouped


class _Dated(Protocol):
    @property
    def date(self) -> date: ...


def _by_date[T: _Dated](items: Iterable[T]) -> dict[date, list[T]]:
    grouped: dict[date, list[T]] = {}
    for item in items:
        grouped.setdefault(item.date, []).append(item)
    return grouped


def _previous_of(checkins: Mapping[date, MorningCheckin]) -> dict[date, date]:
    """For each check-in date, the date of the check-in before it."""
    ordered = sorted(checkins)
    return {later: earlier for earlier, later in itertools.pairwise(ordered)}
