"""The replay: ``advise`` over whole diaries (scenarios), and its input checks."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from kneecoach.errors import InvalidInput, NotFound
from kneecoach.programme.engine import advise, plan_first_sessions
from kneecoach.programme.values import (
    ClinicianOverride,
    Decision,
    Diary,
    Dose,
    ScreeningRecord,
    SessionLog,
    SetLog,
)

from .fixtures import (
    CATALOG,
    CLEAR,
    MONDAY,
    checkin,
    clear_screening,
    full_session,
    profile,
    steady_diary,
)


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def kinds(decisions: tuple[Decision, ...], exercise: str | None) -> list[str]:
    return [d.kind for d in decisions if d.exercise == exercise]


def test_newcomer_week_pain_rises_plan_regresses_relieves_then_resumes() -> None:
    """The issue's scenario: a newcomer logs a week, pain rises, the plan adapts with reasons,
    then the knee settles and training resumes one step lower."""
    sessions = (
        full_session(day(0)),
        full_session(day(2)),
        full_session(day(4), pain_by_exercise={"clamshell": 6}),
        full_session(day(6), pain_by_exercise={"wall-squat": 8}, pain_after=6),
    )
    checkins = (
        checkin(day(1), 2), checkin(day(3), 2), checkin(day(5), 2),
        checkin(day(7), 5), checkin(day(8), 3), checkin(day(9), 2), checkin(day(10), 1),
    )  # fmt: skip
    diary = Diary(sessions, checkins, screenings=(clear_screening(),))

    during = advise(profile(), CATALOG, diary, day(7))
    assert during.state == "relief"
    clam = [d for d in during.decisions if d.exercise == "clamshell"]
    assert [d.kind for d in clam] == ["hold", "progress", "regress"]
    assert "pain during Clamshell was 6/10, above the 5/10 limit" in clam[-1].reasons[0]
    relief = [d for d in during.decisions if d.kind == "relief"]
    assert len(relief) == 1 and relief[0].date == day(6)
    assert "pain during Wall squat was 8/10" in relief[0].reasons[0]
    assert any("cold pack" in r and "compression" in r for r in relief[0].reasons)
    assert all(s.kind == "relief" and not s.prescriptions for s in during.next_sessions)

    after = advise(profile(), CATALOG, diary, day(10))
    assert after.state == "training"
    resume = [d for d in after.decisions if d.kind == "resume" and d.exercise is None]
    assert len(resume) == 1 and resume[0].date == day(10)
    assert "2 check-ins in a row" in resume[0].reasons[0]
    squat = [d for d in after.decisions if d.exercise == "wall-squat"][-1]
    assert squat.kind == "resume" and squat.after is not None and squat.before is not None
    assert (squat.after.level, squat.after.sets * squat.after.amount) < (
        squat.before.level,
        squat.before.sets * squat.before.amount,
    ) or squat.after.level < squat.before.level
    assert after.next_sessions[0].kind == "training"


def test_morning_flare_not_settled_in_14_days_pauses_for_review() -> None:
    diary = Diary(
        sessions=(full_session(day(0)),),
        checkins=tuple(checkin(day(k), 6) for k in range(1, 18)),
        screenings=(clear_screening(),),
    )
    advice = advise(profile(), CATALOG, diary, day(17))
    assert advice.state == "paused_for_review"
    refer = [d for d in advice.decisions if d.kind == "refer"]
    assert len(refer) == 1 and refer[0].date == day(15)
    assert "not settled in the 14 days" in refer[0].reasons[0]
    relief = next(d for d in advice.decisions if d.kind == "relief")
    assert "6/10, 4 points above your usual 2/10" in relief.reasons[0]


def test_new_swelling_and_weight_bearing_start_relief() -> None:
    diary = Diary(
        sessions=(full_session(day(0)),),
        checkins=(checkin(day(1), 2), checkin(day(2), 2, swelling=True)),
        screenings=(clear_screening(),),
    )
    advice = advise(profile(), CATALOG, diary, day(2))
    assert advice.state == "relief"
    assert "new swelling" in next(d for d in advice.decisions if d.kind == "relief").reasons[0]
    weight = Diary(checkins=(checkin(day(1), 2, cannot_bear_weight=True),))
    assert advise(profile(), CATALOG, weight, day(1)).state == "relief"


def test_stop_event_in_session_starts_relief() -> None:
    session = replace(full_session(day(0)), stop_events=frozenset({"giving_way"}))
    advice = advise(profile(), CATALOG, Diary(sessions=(session,)), day(0))
    assert advice.state == "relief"


def test_long_gap_restarts_one_step_lower_without_cramming() -> None:
    diary = steady_diary(12)
    before = advise(profile(), CATALOG, diary, day(12))
    later = advise(profile(), CATALOG, diary, day(12 + 20))
    gap = [d for d in later.decisions if d.date == day(32)]
    assert {d.kind for d in gap} == {"regress"} and len(gap) == 7
    assert "days since" in gap[0].reasons[0]
    for old, new in zip(before.prescriptions, later.prescriptions, strict=True):
        assert new.dose != old.dose or old.dose.level == -2
    # no cramming: one session on the first day, then every other day
    training_days = [s.date for s in later.next_sessions if s.kind == "training"]
    assert training_days[:3] == [day(32), day(34), day(36)]


def test_missed_sessions_no_silent_progression() -> None:
    diary = Diary(sessions=(full_session(day(0)),), checkins=(checkin(day(1)),))
    advice = advise(profile(), CATALOG, diary, day(10))
    assert not any(d.kind == "progress" for d in advice.decisions)


def test_clinician_override_is_respected_and_ends_relief() -> None:
    chosen = Dose("clamshell", 1, 3, reps=12, per_side=True)
    diary = Diary(
        sessions=(full_session(day(0), pain_by_exercise={"clamshell": 9}),),
        overrides=(ClinicianOverride(day(3), "clamshell", chosen, note="seen in clinic"),),
        screenings=(clear_screening(),),
    )
    advice = advise(profile(), CATALOG, diary, day(3))
    assert advice.state == "training"
    clam = advice.explain("clamshell")
    assert clam.prescription.dose == chosen
    assert clam.decisions[-1].kind == "override"
    assert "note: seen in clinic" in clam.decisions[-1].reasons


def test_urgent_screening_locks_the_programme() -> None:
    locked = ScreeningRecord(day(0), {**CLEAR, "U3": "yes"})
    advice = advise(profile(), CATALOG, Diary(screenings=(locked,)), day(0))
    assert advice.state == "locked"
    assert advice.next_sessions == ()
    assert advice.decisions[0].kind == "refer"
    unlocked = Diary(screenings=(locked, clear_screening(day(5))))
    assert advise(profile(), CATALOG, unlocked, day(5)).state == "training"


def test_soon_screening_pauses_progression_until_review() -> None:
    soon = ScreeningRecord(day(0), {**CLEAR, "S6": "yes"})
    base = steady_diary(14)
    diary = replace(base, screenings=(soon,))
    advice = advise(profile(), CATALOG, diary, day(14))
    assert advice.state == "training"
    assert not any(d.kind == "progress" for d in advice.decisions)
    assert any("progression is paused" in r for d in advice.decisions for r in d.reasons)
    cleared = replace(base, screenings=(soon, clear_screening(day(1))))
    assert any(d.kind == "progress" for d in advise(profile(), CATALOG, cleared, day(14)).decisions)


def test_pending_session_waits_for_the_morning_checkin() -> None:
    diary = Diary(sessions=(full_session(day(0)),), screenings=(clear_screening(),))
    same_day = advise(profile(), CATALOG, diary, day(0))
    assert not same_day.decisions
    assert any("morning check-in" in note for note in same_day.notes)
    morning_after = advise(profile(), CATALOG, diary, day(1))
    assert not morning_after.decisions
    two_days = advise(profile(), CATALOG, diary, day(2))
    assert kinds(two_days.decisions, "clamshell") == ["hold"]


def test_a_session_on_a_rest_day_is_explained_that_day_and_the_next() -> None:
    """Logged on a planned rest day, a session counts and moves the plan; the person is told."""
    diary = Diary(
        sessions=(full_session(day(0)), full_session(day(1))), screenings=(clear_screening(),)
    )
    said = "rest day of your plan"
    for today in (day(1), day(2)):
        advice = advise(profile(), CATALOG, diary, today)
        assert [str(n) for n in advice.notes if said in n] == [
            "the session on Tuesday 4 March fell on a rest day of your plan: it counts, and the "
            "days after it are planned from it, so your next training day may have moved"
        ]
    assert not [n for n in advise(profile(), CATALOG, diary, day(3)).notes if said in n]
    on_plan = Diary(
        sessions=(full_session(day(0)), full_session(day(2))), screenings=(clear_screening(),)
    )
    assert not [n for n in advise(profile(), CATALOG, on_plan, day(2)).notes if said in n]


def test_trained_plan_alternates_hip_and_knee_sessions() -> None:
    advice = advise(profile(trained=True), CATALOG, Diary(), MONDAY, horizon_days=8)
    foci = [s.focus for s in advice.next_sessions]
    assert foci == ["hip", "knee", "hip", None, "knee", "hip", "knee", None]
    hip_day = advice.next_sessions[0]
    assert {p.focus for p in hip_day.prescriptions} == {"hip"} and len(hip_day.prescriptions) == 4


def test_session_logged_today_pushes_the_next_one() -> None:
    # untrained, trained Monday and again (early) on Tuesday: next session Thursday, not Wednesday
    diary = Diary(sessions=(full_session(day(0)), full_session(day(1))))
    advice = advise(profile(), CATALOG, diary, day(1), horizon_days=4)
    assert [s.kind for s in advice.next_sessions] == ["training", "rest", "training", "rest"]
    trained = advise(profile(trained=True), CATALOG, diary, day(1), horizon_days=3)
    # the trained plan's Tuesday was a knee day when it started; doing all seven keeps it one
    assert [s.focus for s in trained.next_sessions] == ["knee", "hip", None]


def test_day_plan_is_fixed_when_the_day_starts_logging_a_set_fills_it_in() -> None:
    """Blocker (issue 14): the first set logged (a knee exercise) turned a full day into a knee
    day of three exercises. The day's exercises before and after logging are the same."""
    for trained in (False, True):
        person = profile(trained=trained)
        before = advise(person, CATALOG, Diary(), MONDAY, horizon_days=3).next_sessions
        planned_today = [p.exercise for p in before[0].prescriptions]
        for first in planned_today:
            one_set = SessionLog(MONDAY, full_session(MONDAY, slugs=(first,)).sets[:1])
            after = advise(person, CATALOG, Diary(sessions=(one_set,)), MONDAY, horizon_days=3)
            assert [p.exercise for p in after.next_sessions[0].prescriptions] == planned_today
            assert after.next_sessions[0].focus == before[0].focus
            assert [s.focus for s in after.next_sessions[1:]] == [s.focus for s in before[1:]]


def test_session_on_a_rest_day_keeps_the_next_training_days_focus() -> None:
    # untrained: Tuesday is a rest day; a set logged on it opens a full day, not a one-card day
    one_set = full_session(day(1), slugs=("clamshell",)).sets[:1]
    diary = Diary(sessions=(full_session(day(0)), SessionLog(day(1), one_set)))
    today = advise(profile(), CATALOG, diary, day(1), horizon_days=1).next_sessions[0]
    assert today.focus == "full" and len(today.prescriptions) == 7


def test_plan_first_sessions_starting_doses() -> None:
    plan = plan_first_sessions(profile(), CATALOG, days=4)
    assert [s.kind for s in plan] == ["training", "rest", "training", "rest"]
    vmo = plan[0].prescriptions[0]
    assert vmo.dose.describe() == "3 x 8 reps each side"
    assert vmo.sides == ("left", "right")


def test_explain_why_todays_dose() -> None:
    advice = advise(profile(), CATALOG, steady_diary(8), day(8))
    why = advice.explain("glute-bridge")
    assert why.start.describe() == "2 x 8 reps"
    assert "low end of the range" in why.start_rule
    assert why.decisions and all(d.exercise == "glute-bridge" for d in why.decisions)
    lines = why.lines()
    assert lines[0].startswith("Glute bridge: ")
    assert any("progress" in line for line in lines)
    with pytest.raises(NotFound):
        advice.explain("deadlift")


def test_adherence_counts_planned_sessions_outside_relief() -> None:
    diary = Diary(sessions=(full_session(day(0)), full_session(day(4))))
    advice = advise(profile(), CATALOG, diary, day(6))
    assert (advice.adherence.planned, advice.adherence.logged) == (3, 2)


def test_replay_is_deterministic_and_order_free() -> None:
    diary = steady_diary(40)
    first = advise(profile(), CATALOG, diary, day(40))
    shuffled = list(diary.sessions)
    random.Random(7).shuffle(shuffled)
    again = advise(profile(), CATALOG, replace(diary, sessions=tuple(shuffled)), day(40))
    assert first.to_dict() == again.to_dict()


def test_entries_after_today_are_ignored() -> None:
    diary = Diary(sessions=(full_session(day(9), pain=9),))
    assert advise(profile(), CATALOG, diary, day(5)).state == "training"
    assert advise(profile(), CATALOG, diary, day(9)).state == "relief"


def test_no_screening_on_record_is_noted() -> None:
    advice = advise(profile(), CATALOG, Diary(), MONDAY)
    assert advice.screening is None
    assert any("screening" in note for note in advice.notes)


@pytest.mark.parametrize(
    ("diary", "field", "words"),
    [
        (
            Diary(sessions=(full_session(day(-1)),)),
            "diary.sessions[0].date",
            "before the programme",
        ),
        (
            Diary(sessions=(full_session(day(1)), full_session(day(1)))),
            "diary.sessions[1].date",
            "one session a day",
        ),
        (
            Diary(sessions=(SessionLog(day(0), (SetLog("deadlift", 1, pain=2, reps=5),), 2),)),
            "diary.sessions[0].sets[0].exercise",
            "unknown exercise 'deadlift'",
        ),
        (
            Diary(sessions=(SessionLog(day(0), (SetLog("monster-walks", 1, pain=2, reps=5),), 2),)),
            "diary.sessions[0].sets[0].reps",
            "timed",
        ),
        (Diary(checkins=(checkin(day(1)), checkin(day(1)))), "diary.checkins[1].date", "two"),
        (
            Diary(
                overrides=(
                    ClinicianOverride(day(1), "clamshell", Dose("clamshell", 0, 9, reps=10)),
                )
            ),
            "diary.overrides[0].dose",
            "sets 9",
        ),
    ],
)
def test_advise_refuses_bad_diaries_naming_the_field(diary: Diary, field: str, words: str) -> None:
    with pytest.raises(InvalidInput) as error:
        advise(profile(), CATALOG, diary, day(5))
    assert error.value.field == field
    assert words in error.value.message
