"""The flare and relief rules (``programme.relief``) and the other named rules the replay's fold
calls (``progression.long_gap_rule``, ``override_rule``, ``decision_is_due``;
``screening.referral_rule``, ``progression_pause_rule``), each tested on small values."""

from __future__ import annotations

from datetime import timedelta

from kneecoach.programme.dosing import build_ladder
from kneecoach.programme.pain import FLARE_PAIN, SAFE_MAX
from kneecoach.programme.progression import (
    LONG_GAP,
    ExerciseState,
    decision_is_due,
    is_long_gap,
    long_gap_rule,
    override_rule,
)
from kneecoach.programme.relief import (
    RELIEF_REVIEW_AFTER,
    SETTLED_CHECKINS,
    morning_flare_reasons,
    relief_decision,
    relief_reference_rule,
    relief_review_rule,
    relief_settling_rule,
    restart_lower_rule,
    resume_decision,
    session_flare_reasons,
    session_stop_reasons,
)
from kneecoach.programme.screening import (
    progression_pause_rule,
    referral_rule,
    screen_red_flags,
)
from kneecoach.programme.values import ClinicianOverride, Dose, SessionLog, SetLog

from .fixtures import CATALOG, CLEAR, MONDAY, as_reason, checkin

NAMES = {ex.slug: ex.name for ex in CATALOG.exercises}
SLUG = CATALOG.exercises[0].slug
EXERCISE = CATALOG.exercises[0]
LADDER = build_ladder(EXERCISE)
DAY = MONDAY + timedelta(days=20)


def a_set(pain: int, slug: str = SLUG) -> SetLog:
    return SetLog(exercise=slug, set_number=1, pain=pain, reps=10)


def test_morning_flare_reasons() -> None:
    assert morning_flare_reasons(DAY, checkin(DAY, 4), None, 2) == ()
    rise = morning_flare_reasons(DAY, checkin(DAY, 5), None, 2)
    assert [r.key for r in rise] == ["flare_morning_pain"]
    assert morning_flare_reasons(DAY, checkin(DAY, 9), None, None) == ()  # no usual level
    swollen = checkin(DAY, 2, swelling=True)
    assert [r.key for r in morning_flare_reasons(DAY, swollen, None, 2)] == ["flare_new_swelling"]
    lasting = checkin(DAY - timedelta(days=1), 2, swelling=True)
    assert morning_flare_reasons(DAY, swollen, lasting, 2) == ()  # not new: lasting swelling
    weight = morning_flare_reasons(DAY, checkin(DAY, 2, cannot_bear_weight=True), None, 2)
    assert [r.key for r in weight] == ["flare_weight_bearing", "rescreen_weight_bearing"]


def test_session_stop_reasons_name_the_exercise_that_hurt_at_the_flare_line() -> None:
    calm = SessionLog(DAY, (a_set(FLARE_PAIN - 1),))
    assert session_stop_reasons(calm, NAMES) == ()
    hurt = SessionLog(DAY, (a_set(2), a_set(FLARE_PAIN)))
    (reason,) = session_stop_reasons(hurt, NAMES)
    assert reason.key == "stop_pain_during"
    assert reason.params["exercise"] == EXERCISE.name
    popped = SessionLog(DAY, (a_set(2),), stop_events=frozenset({"pop"}))
    assert [r.key for r in session_stop_reasons(popped, NAMES)] == ["stop_pop"]


def test_session_flare_reasons() -> None:
    assert session_flare_reasons(DAY, SessionLog(DAY, (a_set(5),), pain_after=7), NAMES) == ()
    after = session_flare_reasons(DAY, SessionLog(DAY, (a_set(5),), pain_after=8), NAMES)
    assert [r.key for r in after] == ["flare_pain_after"]
    stopped = session_flare_reasons(DAY, SessionLog(DAY, (a_set(9),), pain_after=8), NAMES)
    assert [r.key for r in stopped] == ["session_stopped", "flare_pain_after"]


def test_relief_reference_rule_never_below_the_safe_zone() -> None:
    assert relief_reference_rule(None) == SAFE_MAX
    assert relief_reference_rule(0) == SAFE_MAX
    assert relief_reference_rule(4) == 4


def test_relief_decision_waits_for_the_reference() -> None:
    decision = relief_decision(DAY, (), 3)
    assert decision.kind == "relief" and decision.exercise is None
    assert [as_reason(r).key for r in decision.reasons] == ["relief_until_settled", "flare_advice"]


def test_relief_settling_rule_needs_settled_mornings_in_a_row() -> None:
    assert relief_settling_rule(0, 3, checkin(DAY, 3)) == (1, None)
    assert relief_settling_rule(1, 3, checkin(DAY, 4)) == (0, None)  # above the reference
    assert relief_settling_rule(1, 3, checkin(DAY, 1, swelling=True)) == (0, None)
    streak, reason = relief_settling_rule(SETTLED_CHECKINS - 1, 3, checkin(DAY, 3))
    assert streak == SETTLED_CHECKINS and reason is not None and reason.key == "relief_settled"


def test_relief_review_rule_falls_due_after_14_days_dated_when_due() -> None:
    due = DAY + RELIEF_REVIEW_AFTER
    assert relief_review_rule(DAY, due - timedelta(days=1)) is None
    decision = relief_review_rule(DAY, due + timedelta(days=3))
    assert decision is not None and decision.kind == "refer" and decision.date == due


def test_restart_lower_rule_and_resume_decision() -> None:
    higher = LADDER.rungs[3]
    state = ExerciseState(higher, streak=1, last_done=DAY - timedelta(days=3))
    restarted, decision = restart_lower_rule(EXERCISE, LADDER, state, DAY, EXERCISE.name)
    assert restarted.dose == LADDER.step_down(higher) and restarted.streak == 0
    assert restarted.last_reduction == DAY and restarted.last_done == DAY
    assert decision.kind == "resume" and (decision.before, decision.after) == (
        higher,
        restarted.dose,
    )
    never_done = ExerciseState(LADDER.bottom)
    bottom, stays = restart_lower_rule(EXERCISE, LADDER, never_done, DAY, EXERCISE.name)
    assert bottom.dose == LADDER.bottom and bottom.last_done is None
    assert as_reason(stays.reasons[0]).params["change"].key == "already_easiest_step"
    assert resume_decision(DAY, as_reason(stays.reasons[0])).kind == "resume"


def test_long_gap_rule_restarts_one_step_lower_after_14_days() -> None:
    dose = LADDER.rungs[3]
    recent = ExerciseState(dose, streak=1, last_done=DAY - LONG_GAP + timedelta(days=1))
    assert not is_long_gap(recent.last_done, DAY)
    assert long_gap_rule(LADDER, recent, DAY, EXERCISE.name) is None
    assert long_gap_rule(LADDER, ExerciseState(dose), DAY, EXERCISE.name) is None  # never done
    away = ExerciseState(dose, streak=1, last_done=DAY - LONG_GAP)
    restarted = long_gap_rule(LADDER, away, DAY, EXERCISE.name)
    assert restarted is not None
    state, decision = restarted
    assert state.dose == LADDER.step_down(dose) and state.streak == 0 and state.last_done == DAY
    assert decision.kind == "regress" and as_reason(decision.reasons[0]).params["days"] == 14


def test_override_rule_takes_the_clinicians_dose_per_side_as_the_catalogue_says() -> None:
    state = ExerciseState(LADDER.rungs[2], streak=1, last_done=DAY)
    given = Dose(SLUG, 0, 2, reps=LADDER.bottom.reps, seconds=LADDER.bottom.seconds)
    override = ClinicianOverride(DAY, SLUG, given, note="sore")
    changed, decision = override_rule(EXERCISE, state, override, DAY)
    assert changed.dose.per_side == EXERCISE.dose.per_side and changed.streak == 0
    assert (changed.dose.sets, changed.last_done) == (2, DAY)
    assert decision.kind == "override" and "sore" in decision.reason_texts()[-1]


def test_decision_is_due_once_the_morning_after_is_in_or_cannot_come() -> None:
    session_day = DAY - timedelta(days=1)
    assert not decision_is_due(session_day, session_day, checkin=False, session=False)
    assert not decision_is_due(session_day, DAY, checkin=False, session=False)
    assert decision_is_due(session_day, DAY, checkin=True, session=False)
    assert decision_is_due(session_day, DAY, checkin=False, session=True)
    assert decision_is_due(session_day, DAY + timedelta(days=1), checkin=False, session=False)


def test_referral_rule_and_progression_pause_rule() -> None:
    clear = screen_red_flags(dict(CLEAR))
    assert referral_rule(DAY, clear) is None and progression_pause_rule(DAY, clear) is None
    soon = screen_red_flags({**CLEAR, "S2": "yes"})
    decision = referral_rule(DAY, soon)
    assert decision is not None and decision.kind == "refer"
    pause = progression_pause_rule(DAY, soon)
    assert pause is not None and pause.key == "progression_paused"
    urgent = screen_red_flags({**CLEAR, "U3": "yes"})
    assert urgent.locked and referral_rule(DAY, urgent) is not None
    assert progression_pause_rule(DAY, urgent) is None
