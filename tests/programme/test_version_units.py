"""Issue 14 (3): every version the engine can prescribe carries its own dose unit. A hold (the
clamshell hold, the wall sit) is prescribed, stepped and logged in seconds, never as "2 x 14
reps"; every prescription counts what the version it names counts."""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import combinations

import pytest

from kneecoach.catalog.loader import load_catalog
from kneecoach.catalog.schema import Exercise, Substitute, Variant
from kneecoach.errors import InvalidInput
from kneecoach.programme.dosing import build_ladder, dose_in_range
from kneecoach.programme.engine import advise
from kneecoach.programme.planning import prescribe
from kneecoach.programme.progression import describe_step, exercise_evidence
from kneecoach.programme.reasons import describe_dose
from kneecoach.programme.validation import check_inputs
from kneecoach.programme.values import (
    Diary,
    Dose,
    MorningCheckin,
    Prescription,
    SessionLog,
    SetLog,
)

from .fixtures import MONDAY, clear_screening, profile

HOLDS = frozenset({"clamshell-hold", "wall-sit-hold"})
"""Versions whose ``how`` is one still hold as the whole set: counted in seconds."""
REPS_WITH_A_HOLD = frozenset(
    {
        "short-arc-quad",  # lift, hold 3 seconds, lower: a repetition with a pause
        "quad-set",  # tighten, hold 5-10 seconds, let go: repeated short holds
        "vmo-lift-hold",  # a 3-5 second pause on every lift
        "glute-squeeze",  # squeeze 5 seconds, relax: repeated short holds
        "glute-bridge-hold",  # a hold at the top of each repetition
        "hamstring-curl-slow-lowering",  # a tempo: 2 seconds up, 4 down
        "hamstring-curl-pause",  # a 2 second pause in each curl
        "standing-curl-holding-on",  # a 2 second pause in each curl
        "wall-squat-pause",  # a 5 second pause at the bottom of every repetition
    }
)
"""Versions whose ``how`` names seconds but counts repetitions (the hold is part of each one)."""
NAMES_SECONDS = re.compile(r"\d+(-\d+)? seconds|two seconds")

CATALOG = load_catalog()


def _equipment_sets(exercise: Exercise) -> list[frozenset[str]]:
    """Every combination of the equipment the exercise and its versions name."""
    items = exercise.all_equipment
    return [
        frozenset(chosen) for size in range(len(items) + 1) for chosen in combinations(items, size)
    ]


def _versions(exercise: Exercise) -> tuple[Variant | Substitute, ...]:
    return (*exercise.regressions, *exercise.progressions, *exercise.substitutes)


def _unit(dose: Dose) -> str:
    return "seconds" if dose.seconds is not None else "reps"


@pytest.mark.parametrize("exercise", CATALOG.exercises, ids=lambda e: e.slug)
def test_every_prescription_counts_what_the_version_it_names_counts(exercise: Exercise) -> None:
    """Every rung of every ladder the engine can build (for any equipment), and every level a
    clinician may set, prescribed for any equipment: the dose's unit is the performed version's."""
    seen: set[str] = set()
    for equipment in _equipment_sets(exercise):
        person = profile(equipment=equipment)
        rungs = list(build_ladder(exercise, equipment).rungs)
        rungs += build_ladder(exercise).rungs  # a clinician may set any level
        for rung in rungs:
            prescription = prescribe(exercise, rung, person)
            performed = prescription.performed_as
            declared = exercise.dose_for(performed)
            assert _unit(rung) == declared.unit, (performed, describe_dose(rung))
            assert declared.low <= rung.amount <= declared.high, (performed, rung)
            if performed in HOLDS:
                assert describe_dose(rung).endswith((" s", " s each side")), describe_dose(rung)
            seen.add(performed)
    versions = {version.slug for version in _versions(exercise)}
    assert versions <= seen, f"never prescribed: {sorted(versions - seen)}"


def test_the_holds_count_seconds_and_every_version_that_names_seconds_is_classified() -> None:
    """A version whose ``how`` names seconds is either a hold (seconds) or a repetition with a
    pause in it (reps): a new one has to be decided here, from its text."""
    for exercise in CATALOG.exercises:
        for version in _versions(exercise):
            unit = exercise.dose_for(version.slug).unit
            if version.slug in HOLDS:
                assert unit == "seconds", version.slug
            elif exercise.dose.timed:
                assert unit == "seconds", version.slug  # monster walks: timed throughout
            else:
                assert unit == "reps", version.slug
            if NAMES_SECONDS.search(version.how.en):
                assert version.slug in HOLDS | REPS_WITH_A_HOLD, version.slug


def test_the_clamshell_hold_is_prescribed_and_stepped_in_seconds() -> None:
    clamshell = CATALOG.require("clamshell")
    ladder = build_ladder(clamshell)
    hold = [rung for rung in ladder.rungs if rung.level == -2]
    assert [(r.sets, r.seconds) for r in hold] == [(2, 10), (2, 20), (2, 30), (3, 30)]
    assert describe_dose(hold[1]) == "2 x 20 s each side"
    assert describe_dose(hold[1], "nb") == "2 x 20 s på hver side"
    assert ladder.step_up(hold[0]) == hold[1]
    # the top of the hold steps up to the small clamshell, in reps again, at the low end
    small = ladder.step_up(hold[-1])
    assert small is not None and (small.level, small.sets, small.reps) == (-1, 2, 10)
    # a regression from the small clamshell into the hold does not compare reps with seconds:
    # it starts at the hold's lowest rung
    assert ladder.step_down(small) == hold[0]


def test_the_wall_sit_holds_30_to_45_seconds() -> None:
    ladder = build_ladder(CATALOG.require("wall-squat"))
    sit = [(r.sets, r.seconds) for r in ladder.rungs if r.level == 2]
    assert sit == [(2, 30), (2, 40), (2, 45), (3, 45)]


def test_a_clinician_sets_a_hold_in_seconds() -> None:
    clamshell = CATALOG.require("clamshell")
    assert dose_in_range(clamshell, Dose("clamshell", -2, 2, seconds=20)) is None
    problem = dose_in_range(clamshell, Dose("clamshell", -2, 2, reps=14))
    assert problem is not None and "give seconds" in problem
    assert dose_in_range(clamshell, Dose("clamshell", -2, 2, seconds=40)) is not None


def test_a_hold_is_logged_and_judged_in_seconds() -> None:
    catalog = CATALOG
    clamshell = catalog.require("clamshell")
    hold = Dose("clamshell", -2, 2, seconds=10, per_side=True)
    sets = [
        SetLog("clamshell", number, pain=1, side=side, seconds=12)
        for number in (1, 2)
        for side in ("left", "right")
    ]
    assert exercise_evidence(clamshell, hold, sets).completed
    in_reps = [SetLog(s.exercise, s.set_number, pain=1, side=s.side, reps=12) for s in sets]
    assert not exercise_evidence(clamshell, hold, in_reps).completed
    # the diary takes seconds for the clamshell (its hold), never for an exercise counted in
    # reps throughout
    day = MONDAY + timedelta(days=1)
    check_inputs(profile(), catalog, Diary(sessions=(SessionLog(day, tuple(sets)),)), day, 7)
    lift = (SetLog("vmo-lift", 1, pain=1, side="left", seconds=10),)
    with pytest.raises(InvalidInput, match="counted in reps"):
        check_inputs(profile(), catalog, Diary(sessions=(SessionLog(day, lift),)), day, 7)


def _clamshell_sets(
    pain: int, *, reps: int | None = None, seconds: int | None = None
) -> tuple[SetLog, ...]:
    return tuple(
        SetLog("clamshell", number, pain=pain, side=side, reps=reps, seconds=seconds)
        for number in (1, 2)
        for side in ("left", "right")
    )


def _clamshell_now(diary: Diary, today: date) -> Prescription:
    advice = advise(profile(), CATALOG, diary, today)
    return next(p for p in advice.prescriptions if p.exercise == "clamshell")


def test_the_replay_regresses_into_the_hold_in_seconds_and_judges_it_in_seconds() -> None:
    """Pain 6/10 twice: clamshell -> small clamshell -> clamshell hold, prescribed "2 x 10 s";
    holds logged in seconds then count as the full dose (the replay, incremental or not, judges
    a hold in seconds)."""
    days = [MONDAY + timedelta(days=k) for k in (0, 2, 4, 6)]
    painful = [SessionLog(day, _clamshell_sets(6, reps=10), pain_after=2) for day in days[:2]]
    checkins = tuple(MorningCheckin(day + timedelta(days=1), 2) for day in days)
    screened = (clear_screening(MONDAY),)
    diary = Diary(tuple(painful), checkins[:2], screenings=screened)
    hold = _clamshell_now(diary, days[2])
    assert hold.performed_as == "clamshell-hold"
    assert (hold.dose.sets, hold.dose.seconds, hold.dose.reps) == (2, 10, None)
    assert describe_dose(hold.dose) == "2 x 10 s each side"
    held = [SessionLog(day, _clamshell_sets(2, seconds=12), pain_after=2) for day in days[2:]]
    diary = Diary((*painful, *held), checkins, screenings=screened)
    advice = advise(profile(), CATALOG, diary, days[3] + timedelta(days=2))
    after_holds = [d for d in advice.decisions if d.exercise == "clamshell" and d.date > days[2]]
    assert after_holds[-1].kind == "progress"
    stepped = after_holds[-1].after
    assert stepped is not None and stepped.seconds == 20


def test_a_step_within_a_hold_is_worded_in_seconds() -> None:
    clamshell = CATALOG.require("clamshell")
    before = Dose("clamshell", -2, 2, seconds=10, per_side=True)
    after = Dose("clamshell", -2, 2, seconds=20, per_side=True)
    step = describe_step(clamshell, before, after)
    assert step.text("en") == "seconds from 10 to 20"
    assert step.text("nb") == "sekunder fra 10 til 20"
    easier = describe_step(clamshell, Dose("clamshell", -1, 2, reps=10, per_side=True), before)
    assert easier.text("en") == "easier version: Clamshell hold, 2 x 10 s each side"
