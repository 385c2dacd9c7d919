"""Red-flag questionnaire (docs/evidence.md#screening) and the in-session stop rule."""

from __future__ import annotations

import datetime as dt

import pytest

from kneecoach.errors import InvalidInput
from kneecoach.programme.screening import (
    QUESTIONS,
    answer_counts_as_yes,
    given_answers,
    in_session_stop_rule,
    rescreen_due_rule,
    screen_red_flags,
    validate_answers,
)

from .fixtures import CLEAR


def answers(**yes: str) -> dict[str, str]:
    return {**CLEAR, **yes}


def test_questionnaire_has_every_item_in_two_languages_each_with_its_source() -> None:
    ids = [q.id for q in QUESTIONS]
    assert ids == [
        "E1", "AGE55", "INJURY7", *(f"U{i}" for i in range(1, 11)),
        "S1", "S2", "S3", "S4", "S5", "S5C", "S6", "S7", "S8",
    ]  # fmt: skip
    for question in QUESTIONS:
        assert question.en.endswith("?") or question.en.endswith("been.")
        assert question.nb and question.nb != question.en
        assert "docs/evidence.md#" in question.source or question.version == 1
        assert question.source


V2_NO = {"AGE55": "no", "INJURY7": "no", "U9": "no", "U10": "no", "S8": "no", "S5C": "no"}


@pytest.mark.parametrize(("item", "level"), [("U9", "urgent"), ("U10", "urgent"), ("S8", "soon")])
def test_version_2_red_flags_grade_at_their_level(item: str, level: str) -> None:
    result = screen_red_flags(answers(**(V2_NO | {item: "yes"})))
    assert result.level == level and result.positive == (item,)


def test_a_version_2_record_counts_its_unanswered_questions_as_not_sure() -> None:
    partial = {k: v for k, v in (CLEAR | V2_NO).items() if k != "U9"}
    assert screen_red_flags(partial).level == "urgent"


def test_a_record_stored_before_version_2_keeps_its_verdict() -> None:
    """A questionnaire answered before U9, U10, S8, AGE55, INJURY7 and S5C existed is graded as it
    was: the new questions were not asked, and S5 yes stays "soon"."""
    assert screen_red_flags(answers()).level == "clear"
    assert screen_red_flags(answers(S5="yes")).level == "soon"


def test_surgery_answers_are_refused_on_other_questions() -> None:
    validate_answers({"S5": "within_6_months"})
    with pytest.raises(InvalidInput) as error:
        validate_answers({"E1": "within_6_months"})
    assert error.value.field == "E1"


def test_s5c_is_optional_where_all_answers_are_required() -> None:
    validate_answers(answers(**{k: v for k, v in V2_NO.items() if k != "S5C"}), require_all=True)


def test_a_blank_answer_is_no_answer() -> None:
    given = given_answers(answers(**V2_NO) | {"S5C": "", "E1": ""})
    assert "S5C" not in given and "E1" not in given
    validate_answers({k: v for k, v in given.items() if k != "E1"} | {"E1": "no"}, require_all=True)
    with pytest.raises(InvalidInput) as error:
        validate_answers(given, require_all=True)
    assert error.value.field == "E1"


def test_all_no_is_clear() -> None:
    result = screen_red_flags(answers())
    assert result.level == "clear"
    assert not result.locked and not result.progression_paused
    assert result.positive == ()


def test_not_sure_counts_as_yes() -> None:
    assert answer_counts_as_yes("not_sure")
    result = screen_red_flags(answers(U3="not_sure"))
    assert result.level == "urgent"
    assert "U3 answered not sure" in result.reasons[0]


def test_unanswered_question_counts_as_not_sure() -> None:
    partial = {k: v for k, v in CLEAR.items() if k != "S4"}
    result = screen_red_flags(partial)
    assert result.level == "soon"
    assert result.positive == ("S4",)


def test_emergency_item_locks_with_emergency_advice() -> None:
    result = screen_red_flags(answers(E1="yes", S1="yes"))
    assert result.level == "emergency"
    assert result.locked
    assert "113" in result.advice and "112" in result.advice
    assert "113" in result.advice_nb


@pytest.mark.parametrize("item", [f"U{i}" for i in range(1, 9)])
def test_urgent_item_locks_with_same_day_advice(item: str) -> None:
    result = screen_red_flags(answers(**{item: "yes"}))
    assert result.level == "urgent"
    assert result.locked
    assert "today" in result.advice


@pytest.mark.parametrize("item", [f"S{i}" for i in range(1, 8)])
def test_soon_item_pauses_progression_without_locking(item: str) -> None:
    result = screen_red_flags(answers(**{item: "yes"}))
    assert result.level == "soon"
    assert not result.locked and result.progression_paused
    assert "1-2 weeks" in result.advice


def test_night_pain_with_cancer_warning_is_urgent() -> None:
    result = screen_red_flags(answers(S2="yes", S3="yes"))
    assert result.level == "urgent"
    assert any("S2 and S3" in reason for reason in result.reasons)


def test_unknown_question_or_answer_is_refused_naming_it() -> None:
    with pytest.raises(InvalidInput) as error:
        validate_answers({"X9": "no"})
    assert error.value.field == "X9"
    with pytest.raises(InvalidInput) as error:
        validate_answers({"E1": "maybe"})
    assert error.value.field == "E1"
    with pytest.raises(InvalidInput):
        validate_answers({"E1": "no"}, require_all=True)


def test_in_session_stop_rule() -> None:
    assert in_session_stop_rule(7) == ()
    assert "8/10" in in_session_stop_rule(8)[0]
    reasons = in_session_stop_rule(3, frozenset({"pop", "giving_way"}))
    assert tuple(map(str, reasons)) == ("the knee gave way", "a pop in the knee")
    assert tuple(map(str, in_session_stop_rule(2, frozenset({"new_swelling"})))) == (
        "new swelling",
    )
    assert tuple(map(str, in_session_stop_rule(2, frozenset({"sharp_pain"})))) == (
        "sudden sharp pain",
    )


def test_rescreen_due_rule_a_week_after_the_last_answers() -> None:
    """The safety questions are due again a week after they were last answered."""
    started = dt.date(2026, 11, 2)
    assert not rescreen_due_rule(None, started)  # onboarding asks them first
    assert not rescreen_due_rule(started, started + dt.timedelta(days=6))
    assert rescreen_due_rule(started, started + dt.timedelta(days=7))
    assert rescreen_due_rule(started, started + dt.timedelta(days=30))
