"""The clinician's flags (programme.flags), one test per rule."""

from __future__ import annotations

from datetime import date, timedelta

from kneecoach.programme import flags
from kneecoach.programme.questionnaires import DueForm, QuestionnaireId
from kneecoach.programme.values import (
    Decision,
    Diary,
    MorningCheckin,
    SessionLog,
    SetLog,
)

D0 = date(2026, 3, 2)


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def reports(*pains: int) -> list[flags.PainReport]:
    return [flags.PainReport(day(i), p, "morning") for i, p in enumerate(pains)]


def test_pain_rising_rule_flags_any_pain_of_seven_or_more() -> None:
    found = flags.pain_rising_rule(reports(7, 7))
    assert found is not None and found.detail["rule"] == "high" and found.since == day(1)


def test_pain_rising_rule_flags_a_rise_of_two_at_any_level() -> None:
    found = flags.pain_rising_rule(reports(1, 3))
    assert found is not None and found.detail["rule"] == "jump"
    assert flags.pain_rising_rule(reports(1, 2)) is None


def test_pain_rising_rule_flags_five_or_more_that_rose_by_a_point() -> None:
    found = flags.pain_rising_rule(reports(4, 5))
    assert found is not None and found.detail["rule"] == "rise"
    assert flags.pain_rising_rule(reports(5, 5)) is None
    assert flags.pain_rising_rule(reports(6, 5)) is None


def test_pain_rising_rule_reads_only_the_latest_report() -> None:
    assert flags.pain_rising_rule(reports(2, 8, 3, 3)) is None
    assert flags.pain_rising_rule([]) is None


def test_pain_reports_are_in_the_order_given_morning_during_after() -> None:
    session = SessionLog(
        day(1), (SetLog("clamshell", 1, pain=4, side="left", reps=10),), pain_after=6
    )
    diary = Diary(sessions=(session,), checkins=(MorningCheckin(day(1), 2),))
    assert [(r.source, r.pain) for r in flags.pain_reports(diary)] == [
        ("morning", 2),
        ("during", 4),
        ("after", 6),
    ]


def test_red_flag_rule_flags_every_level_but_clear() -> None:
    assert flags.red_flag_rule("clear", day(0)) is None
    assert flags.red_flag_rule(None, None) is None
    found = flags.red_flag_rule("urgent", day(3))
    assert found is not None and found.detail == {"level": "urgent"} and found.since == day(3)


def test_relief_since_rule_is_the_last_relief_not_followed_by_a_resume() -> None:
    decisions = [
        Decision(day(1), None, "relief", ()),
        Decision(day(4), None, "resume", ()),
        Decision(day(6), None, "relief", ()),
        Decision(day(7), "clamshell", "hold", ()),
    ]
    assert flags.relief_since_rule("relief", decisions) == day(6)
    assert flags.relief_since_rule("training", decisions) is None


def test_relief_rule_says_review_when_relief_did_not_settle() -> None:
    assert flags.relief_rule("relief", day(2)) == flags.Flag("relief", day(2), {})
    assert flags.relief_rule("paused_for_review", day(2)) == flags.Flag("review", day(2), {})
    assert flags.relief_rule("training", None) is None


def test_due_since_rule_is_the_first_training_day_after_the_last_session() -> None:
    planned = [day(1), day(3), day(5)]
    assert flags.due_since_rule(day(3), planned) == day(5)
    assert flags.due_since_rule(None, planned) == day(1)
    assert flags.due_since_rule(day(5), planned) is None


def _sided(n: int, left: int, right: int) -> SessionLog:
    return SessionLog(
        day(n),
        (
            SetLog("clamshell", 1, pain=2, side="left", reps=left),
            SetLog("clamshell", 1, pain=2, side="right", reps=right),
        ),
    )


def test_side_difference_rule_needs_the_same_leg_weaker_in_three_of_the_last_four() -> None:
    weak_right = [_sided(i, 12, 8) for i in range(3)]
    found = flags.side_difference_rule(Diary(sessions=(_sided(0, 12, 12), *weak_right)))
    assert found is not None and found.detail["side"] == "right"
    assert found.detail["sessions"] == 3
    two = Diary(sessions=(_sided(0, 12, 12), _sided(1, 12, 12), *weak_right[:2]))
    assert flags.side_difference_rule(two) is None


def due_form(done: tuple[QuestionnaireId, ...] = ()) -> DueForm:
    return DueForm(week=4, due_on=day(0), questionnaires=("koos12", "nprs", "pgic"), done=done)


def test_questionnaire_due_rule_waits_for_the_grace_days() -> None:
    grace = flags.QUESTIONNAIRE_GRACE_DAYS
    assert flags.questionnaire_due_rule(due_form(), day(grace - 1)) is None
    found = flags.questionnaire_due_rule(due_form(), day(grace))
    assert found is not None and found.kind == "questionnaire_due"
    assert found.since == day(0)  # the day the forms became due, not the day it was noticed
    assert found.detail == {"week": 4, "missing": "koos12, nprs, pgic"}


def test_questionnaire_due_rule_names_only_the_missing_forms_and_clears_when_done() -> None:
    found = flags.questionnaire_due_rule(due_form(done=("koos12",)), day(9))
    assert found is not None and found.detail["missing"] == "nprs, pgic"
    assert flags.questionnaire_due_rule(due_form(done=("koos12", "nprs", "pgic")), day(9)) is None
    assert flags.questionnaire_due_rule(None, day(9)) is None
