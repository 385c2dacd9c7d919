"""Property tests (hypothesis) over random profiles and diaries."""

from __future__ import annotations

import itertools
from dataclasses import fields
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kneecoach.programme.engine import Advice, Replay, advise, advise_resuming
from kneecoach.programme.pain import ACCEPTABLE_MAX
from kneecoach.programme.scheduling import DAYS_ON, run_ending_before, schedule
from kneecoach.programme.values import (
    ClinicianOverride,
    Diary,
    Dose,
    MorningCheckin,
    Profile,
    SessionLog,
    SetLog,
)
from kneecoach.programme.walk_state import WalkInputs, WalkState

from .fixtures import CATALOG, MONDAY, clear_screening

PROFILE_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
pains = st.integers(0, 10) | st.integers(0, 4)  # lean towards comfortable sessions


@st.composite
def profiles(draw: Any) -> Profile:
    weekdays = draw(st.frozensets(st.integers(0, 6), min_size=1))
    return Profile(
        trained=draw(st.booleans()),
        start_date=MONDAY + timedelta(days=draw(st.integers(0, 6))),
        equipment=draw(
            st.frozensets(
                st.sampled_from(
                    sorted(
                        {
                            "mat",
                            "mini-band",
                            "ankle-band",
                            "cable-machine",
                            "ankle-strap",
                            "soft-ball",
                            "wall",
                            "ankle-weight",
                            "resistance-band",
                        }
                    )
                )
            )
        ),
        painful_side=draw(st.sampled_from(["left", "right", "both"])),
        weekdays=weekdays,
        baseline_pain=draw(st.none() | st.integers(0, 4)),
    )


@st.composite
def session_logs(draw: Any, day: date) -> SessionLog:
    sets: list[SetLog] = []
    for exercise in draw(
        st.lists(st.sampled_from(CATALOG.exercises), max_size=7, unique_by=lambda e: e.slug)
    ):
        # either unit the exercise's versions count (a clamshell or its hold)
        timed = draw(st.sampled_from(sorted(exercise.dose_units))) == "seconds"
        sided = exercise.unilateral or exercise.dose.per_side
        for number in range(1, draw(st.integers(1, 4)) + 1):
            for side in ("left", "right") if sided else (None,):
                amount = draw(st.integers(0, 70))
                sets.append(
                    SetLog(
                        exercise=exercise.slug,
                        set_number=number,
                        pain=draw(pains),
                        side=side,
                        reps=None if timed else amount,
                        seconds=amount if timed else None,
                        effort=draw(st.none() | st.integers(0, 10)),
                    )
                )
    return SessionLog(
        day,
        tuple(sets),
        pain_after=draw(pains),
        pain_before=draw(st.none() | pains),
        stop_events=draw(st.frozensets(st.sampled_from(["pop", "giving_way"]), max_size=1))
        if draw(st.integers(0, 9)) == 0
        else frozenset(),
    )


@st.composite
def programme_overrides(draw: Any, day: date) -> ClinicianOverride:
    """A clinician's swap, addition, pause or resume on ``day`` (the kinds without a dose)."""
    kind = draw(st.sampled_from(["swap", "add", "pause", "resume"]))
    slugs = st.sampled_from(CATALOG.slugs)
    if kind in ("pause", "resume"):
        return ClinicianOverride(day, kind=kind, clinician="kim", note="a reason")
    exercise = draw(slugs)
    if kind == "add":
        return ClinicianOverride(day, exercise, kind="add", clinician="kim")
    replacement = draw(slugs.filter(lambda slug: slug != exercise))
    return ClinicianOverride(day, exercise, kind="swap", replacement=replacement)


@st.composite
def cases(draw: Any) -> tuple[Profile, Diary, date]:
    profile = draw(profiles())
    span = draw(st.integers(1, 84))
    session_days = draw(st.sets(st.integers(0, span), max_size=40))
    checkin_days = draw(st.sets(st.integers(0, span), max_size=60))
    start = profile.start_date
    sessions = tuple(draw(session_logs(start + timedelta(days=k))) for k in sorted(session_days))
    checkins = tuple(
        MorningCheckin(
            start + timedelta(days=k),
            draw(pains),
            swelling=draw(st.booleans()) and draw(st.booleans()),
            stiffness=draw(st.booleans()),
        )
        for k in sorted(checkin_days)
    )  # fmt: skip
    override_days = draw(st.lists(st.integers(0, span), max_size=3))
    overrides = tuple(
        draw(programme_overrides(start + timedelta(days=k))) for k in sorted(override_days)
    )
    diary = Diary(sessions, checkins, overrides, screenings=(clear_screening(start),))
    return profile, diary, start + timedelta(days=span)


def assert_in_range(dose: Dose) -> None:
    exercise = CATALOG.get(dose.exercise)
    assert exercise is not None
    dose_range = exercise.dose
    assert dose_range.sets[0] <= dose.sets <= dose_range.sets[1]
    measure = exercise.level_dose(dose.level)  # a hold's range is in seconds
    assert (dose.seconds is not None) == (measure.unit == "seconds")
    assert measure.low <= dose.amount <= measure.high
    assert exercise.lowest_level <= dose.level <= exercise.highest_level


@PROFILE_SETTINGS
@given(cases())
def test_doses_stay_inside_the_catalogue_ranges(case: tuple[Profile, Diary, date]) -> None:
    advice = advise(case[0], CATALOG, case[1], case[2])
    for prescription in advice.prescriptions:
        assert_in_range(prescription.dose)
    for decision in advice.decisions:
        for dose in (decision.before, decision.after):
            if dose is not None:
                assert_in_range(dose)


@PROFILE_SETTINGS
@given(cases())
def test_no_training_on_a_rest_day(case: tuple[Profile, Diary, date]) -> None:
    profile = case[0]
    advice = advise(case[0], CATALOG, case[1], case[2])
    for planned in advice.next_sessions:
        if planned.kind == "training":
            assert planned.prescriptions and planned.focus is not None
            assert planned.date.weekday() in profile.weekdays or planned.date == advice.today
        else:
            assert not planned.prescriptions and planned.focus is None
    if advice.state != "training":
        assert all(s.kind != "training" for s in advice.next_sessions)


def _progress_evidence(advice: Advice, diary: Diary, profile: Profile) -> None:
    sessions = sorted(diary.sessions, key=lambda s: s.date)
    checkins = {c.date: c for c in diary.checkins}
    for decision in advice.decisions:
        if decision.kind != "progress":
            continue
        basis = [s for s in sessions if s.date < decision.date and any(
            x.exercise == decision.exercise for x in s.sets)][-1]  # fmt: skip
        pain = max(x.pain for x in basis.sets if x.exercise == decision.exercise)
        assert pain <= ACCEPTABLE_MAX
        morning = checkins.get(basis.date + timedelta(days=1))
        assert morning is not None, "a progression needs a logged next-morning check-in"
        reference = basis.pain_before
        if reference is not None:
            assert morning.pain <= reference
        assert basis.pain_after is not None, "a progression needs the pain an hour after"
        assert basis.pain_after <= (basis.pain_before + 2 if basis.pain_before is not None else 5)


@PROFILE_SETTINGS
@given(cases())
def test_never_a_progression_above_the_pain_threshold_or_after_an_unsettled_night(
    case: tuple[Profile, Diary, date],
) -> None:
    profile, diary, _ = case
    _progress_evidence(advise(profile, CATALOG, diary, case[2]), diary, profile)


@settings(max_examples=200, deadline=None)
@given(
    profiles(),
    st.integers(1, 60),
    st.lists(st.integers(-6, -1), max_size=4, unique=True),
    st.sampled_from([None, "hip", "knee", "full"]),
)
def test_schedule_obeys_the_frequency_rules(
    profile: Profile, days: int, history: list[int], last_focus: Any
) -> None:
    first = profile.start_date
    logged = [first + timedelta(days=k) for k in history]
    plan = schedule(profile, first, days, training_days=logged, last_focus=last_focus)
    trained = [d for d, focus in plan if focus is not None]
    assert all(d.weekday() in profile.weekdays for d in trained)
    assert len({d for d, _ in plan}) == len(plan)  # never two sessions on one day
    if not profile.trained:
        everything = sorted({*trained, *([max(logged)] if logged else [])})
        assert all((b - a).days >= 2 for a, b in itertools.pairwise(everything))
        return
    run_before = run_ending_before(first, logged)
    run, previous_focus, previous_day = 0, None, None
    if run_before:
        run, previous_day = run_before, first - timedelta(days=1)
    for day, focus in plan:
        if focus is None:
            run = 0
            continue
        consecutive = previous_day is not None and (day - previous_day).days == 1
        run = run + 1 if consecutive else 1
        assert run <= DAYS_ON
        if consecutive and previous_focus is not None:
            assert {focus, previous_focus} == {"hip", "knee"}
        previous_focus, previous_day = focus, day


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.randoms(use_true_random=False))
def test_replay_is_deterministic(case: tuple[Profile, Diary, date], rng: Any) -> None:
    profile, diary, today = case
    first = advise(profile, CATALOG, diary, today).to_dict()
    shuffled = list(diary.sessions)
    rng.shuffle(shuffled)
    again = advise(
        profile,
        CATALOG,
        Diary(tuple(shuffled), diary.checkins, diary.overrides, diary.screenings),
        today,
    )
    assert again.to_dict() == first


@st.composite
def changed_from_a_day(draw: Any, profile: Profile, diary: Diary, today: date) -> Diary:
    """The diary the next request reads: one day's session or check-in logged, corrected or
    removed, on any day from the start to ``today`` (a set logged today, this morning's
    check-in, a past session corrected)."""
    day = profile.start_date + timedelta(
        days=draw(st.integers(0, (today - profile.start_date).days))
    )
    sessions = [s for s in diary.sessions if s.date != day]
    checkins = [c for c in diary.checkins if c.date != day]
    what = draw(st.sampled_from(["session", "checkin", "remove"]))
    if what == "session":
        sessions.append(draw(session_logs(day)))
        checkins += [c for c in diary.checkins if c.date == day]
    elif what == "checkin":
        checkins.append(MorningCheckin(day, draw(pains), swelling=draw(st.booleans())))
        sessions += [s for s in diary.sessions if s.date == day]
    return Diary(
        tuple(sorted(sessions, key=lambda s: s.date)),
        tuple(sorted(checkins, key=lambda c: c.date)),
        diary.overrides,
        diary.screenings,
    )


@PROFILE_SETTINGS
@given(cases(), st.data())
def test_a_replay_resumed_from_a_checkpoint_equals_the_full_replay(
    case: tuple[Profile, Diary, date], data: st.DataObject
) -> None:
    profile, diary, today = case
    _, checkpoints = advise_resuming(profile, CATALOG, diary, today)
    later = today + timedelta(days=data.draw(st.integers(0, 2)))
    changed = data.draw(changed_from_a_day(profile, diary, later))
    resumed, _ = advise_resuming(profile, CATALOG, changed, later, checkpoints=checkpoints)
    assert resumed == advise(profile, CATALOG, changed, later)


@PROFILE_SETTINGS
@given(cases(), st.data())
def test_a_set_logged_today_resumes_at_the_start_of_today(
    case: tuple[Profile, Diary, date], data: st.DataObject
) -> None:
    """The incremental path is taken, not only correct: a change dated today finds the
    checkpoint at the start of today."""
    profile, diary, today = case
    _, checkpoints = advise_resuming(profile, CATALOG, diary, today)
    sessions = tuple(s for s in diary.sessions if s.date != today)
    changed = Diary(
        (*sessions, data.draw(session_logs(today))),
        diary.checkins,
        diary.overrides,
        diary.screenings,
    )
    holding = [c.day for c in checkpoints if c.holds_for(profile, CATALOG, changed, today)]
    assert max(holding) == today


WALK_STATE = {
    "states",
    "session_foci",
    "mode",
    "locked",
    "screening",
    "screened_on",
    "progression_pause",
    "pending",
    "relief_start",
    "relief_reference",
    "settled_streak",
    "off_periods",
    "training_days",
    "last_focus",
    "side_sessions",
    "swapped",
    "added",
    "paused",
}
WALK_INPUTS = {
    "profile",
    "catalog",
    "today",
    "exercises",
    "names",
    "ladders",
    "start_doses",
    "sessions",
    "checkins",
    "overrides",
    "screenings",
    "previous_checkin",
    "checkin_ordinals",
    "checkin_pains",
    "first_week",
    "settled_baseline",
    "days",
    "performed_names",
}


def test_every_field_of_the_walk_is_classed_as_input_or_walk_state() -> None:
    """A checkpoint carries the walk's state (``WalkState``, a frozen value, and the decisions
    so far) and recomputes what ``WalkInputs`` derives from the inputs; a field added to either
    must be listed here, so that one derived from the whole diary is never carried in a
    checkpoint (it would be stale after a change)."""
    profile = Profile(
        trained=False,
        start_date=MONDAY,
        equipment=frozenset(),
        painful_side="left",
        weekdays=frozenset({0, 2, 4}),
    )
    replay = Replay(profile, CATALOG, Diary(), MONDAY)
    assert set(WalkState._fields) == WALK_STATE
    assert {f.name for f in fields(WalkInputs)} == WALK_INPUTS
    checkpoint = replay.checkpoint(MONDAY, replay.state, ())
    assert {f.name for f in fields(checkpoint)} == {
        "day",
        "profile",
        "catalog",
        "before",
        "state",
        "decisions",
        "ladders",  # from the catalogue and the profile alone, which holds_for checks
    }
    assert isinstance(checkpoint.state, WalkState)
