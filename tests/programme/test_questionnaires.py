"""The questionnaires: forms, scoring through the guides' rules, MIC changes, the schedule."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kneecoach.errors import InvalidInput
from kneecoach.programme.outcomes import KOOS12_SCALES, KOOS_PS_KOOS_DIRECTION, KOOS_SUBSCALES
from kneecoach.programme.questionnaires import (
    QUESTIONNAIRES,
    QuestionnaireId,
    change_from_baseline,
    due_now,
    outcome_schedule,
    scorable_answers,
    score_answers,
    validate_answers,
    validate_weeks,
)

START = date(2026, 11, 2)


def test_forms_hold_the_guides_items() -> None:
    koos_ids = [i.id for i in QUESTIONNAIRES["koos"].items]
    assert koos_ids == [item for items in KOOS_SUBSCALES.values() for item in items]
    assert len(koos_ids) == 42
    short = [i.id for i in QUESTIONNAIRES["koos12"].items]
    assert short == [item for items in KOOS12_SCALES.values() for item in items]
    for form in QUESTIONNAIRES.values():
        for item in form.items:
            assert item.text.en and item.text.nb
            assert all(o.label.en and o.label.nb for o in item.options)


def test_koos_reverse_worded_items_code_always_as_zero() -> None:
    """KOOS S4/S5 ("can you straighten / bend fully?"): Always = 0 on the form."""
    s4 = QUESTIONNAIRES["koos"].item("S4")
    assert s4 is not None and s4.options[0].label.en == "Always"
    s1 = QUESTIONNAIRES["koos"].item("S1")
    assert s1 is not None and s1.options[0].label.en == "Never"


def test_koos_scoring_2012_subscales_with_missing_answers() -> None:
    """KOOS Scoring 2012: 100 - mean x 25 over the answered items; a subscale with fewer than
    half its items answered is not scored; KOOS-PS needs all 7 of its items."""
    answers: dict[str, int | str | None] = {f"P{i}": 2 for i in range(1, 10)}
    answers |= {"P1": 1, "P2": 3}  # pain mean (1+3+7x2)/9 = 2 -> 50
    answers |= {f"S{i}": 1 for i in range(1, 5)}  # 4 of 7 answered: scored, 75
    answers |= {f"A{i}": 0 for i in range(1, 9)}  # 8 of 17: below the minimum of 9
    answers |= {"SP1": 4, "SP2": 4, "SP3": 2}  # 3 of 5: (4+4+2)/3 -> 16.7
    answers |= {"Q1": 3, "Q2": 2, "Q3": 2, "Q4": 1}  # mean 2 -> 50
    scores = score_answers("koos", answers)
    assert scores["pain"] == 50.0
    assert scores["symptoms"] == 75.0
    assert scores["adl"] is None
    assert scores["sport_rec"] == 16.7
    assert scores["qol"] == 50.0
    assert scores["koos4"] is None  # ADL missing
    assert scores["koos_ps"] is None  # A10, A9, SP4, SP5 missing


def test_koos_ps_from_the_full_koos_uses_the_conversion_table() -> None:
    answers: dict[str, int | str | None] = {item.id: 0 for item in QUESTIONNAIRES["koos"].items}
    for raw in range(29):
        ps_items = ("A10", "A9", "A3", "A5", "SP4", "SP5", "SP1")
        codes = [min(4, raw - 4 * i) if raw > 4 * i else 0 for i in range(7)]
        assert sum(codes) == raw
        scored = score_answers("koos", answers | dict(zip(ps_items, codes, strict=True)))
        assert scored["koos_ps"] == KOOS_PS_KOOS_DIRECTION[raw]
    assert KOOS_PS_KOOS_DIRECTION[11] == 64.7  # the table's consistent value (not 67.7)


def test_koos12_scores_with_person_mean_imputation() -> None:
    """koos.nu KOOS-12: at least 2 of a scale's 4 items; missing items get the person's mean of
    the scale's answered items; Summary = mean of the three scales when all are valid."""
    answers: dict[str, int | str | None] = {"P1": 1, "P5": 3}  # pain: 2 of 4 -> mean 2 -> 50
    answers |= {"A4": 0, "A3": 1, "A7": 1, "SP4": 2}  # mean 1 -> 75
    answers |= {"Q1": 4}  # 1 of 4: not scored
    scores = score_answers("koos12", answers)
    assert scores == {"pain": 50.0, "function": 75.0, "qol": None, "summary": None}
    scores = score_answers("koos12", answers | {"Q2": 2})
    assert scores["qol"] == 25.0
    assert scores["summary"] == 50.0


def test_nprs_and_pgic_scores() -> None:
    assert score_answers("nprs", {"pain": 6}) == {"pain": 6.0}
    assert score_answers("pgic", {"change": "much_improved"}) == {"pgic": 2.0}
    assert score_answers("pgic", {"change": "very_much_worse"}) == {"pgic": 7.0}


def test_answers_off_the_scale_are_refused_naming_the_item() -> None:
    with pytest.raises(InvalidInput) as error:
        validate_answers("koos12", {"P1": 5})
    assert error.value.field == "P1"
    with pytest.raises(InvalidInput) as error:
        validate_answers("koos12", {"P2": 1})  # a KOOS item, but not on the KOOS-12
    assert error.value.field == "P2"
    with pytest.raises(InvalidInput) as error:
        validate_answers("nprs", {"pain": 11})
    assert error.value.field == "pain"
    with pytest.raises(InvalidInput) as error:
        validate_answers("nprs", {})
    assert error.value.field == "pain"
    with pytest.raises(InvalidInput) as error:
        validate_answers("pgic", {"change": "better"})
    assert error.value.field == "change"
    with pytest.raises(InvalidInput) as error:
        validate_answers("oks", {})
    assert error.value.field == "questionnaire"


def test_change_reaches_the_mic_in_the_better_direction() -> None:
    pain = next(s for s in QUESTIONNAIRES["koos"].scales if s.key == "pain")
    assert change_from_baseline(pain, 50.0, 61.3).important  # +11.3 = the MIC
    assert not change_from_baseline(pain, 50.0, 61.2).important
    assert change_from_baseline(pain, 61.3, 50.0).important_worsening
    nprs = QUESTIONNAIRES["nprs"].scales[0]
    assert change_from_baseline(nprs, 6.0, 4.0).important  # 2 points down
    assert change_from_baseline(nprs, 3.0, 2.0).important  # 33 % down
    assert not change_from_baseline(nprs, 6.0, 5.0).important
    assert change_from_baseline(nprs, 4.0, 6.0).important_worsening


def test_schedule_baseline_and_every_four_weeks_to_week_12() -> None:
    schedule = outcome_schedule(START, (0, 4, 8, 12), [("koos12", START), ("nprs", START)])
    assert [(f.week, f.due_on) for f in schedule] == [
        (0, START),
        (4, date(2026, 11, 30)),
        (8, date(2026, 12, 28)),
        (12, date(2027, 1, 25)),
    ]
    assert schedule[0].missing == ()
    assert schedule[1].missing == ("koos12", "nprs", "pgic")
    assert due_now(schedule, date(2026, 11, 29)) is None
    due = due_now(schedule, date(2026, 12, 1))
    assert due is not None and due.week == 4


def test_a_form_counts_for_the_window_it_was_filled_in() -> None:
    filled: list[tuple[QuestionnaireId, date]] = [
        ("koos", date(2026, 12, 3)),
        ("nprs", date(2026, 12, 3)),
    ]
    schedule = outcome_schedule(START, (0, 4), filled)
    assert schedule[1].done == ("koos12", "nprs")  # the full KOOS covers the KOOS-12
    assert schedule[1].missing == ("pgic",)
    assert schedule[0].missing == ("koos12", "nprs")


def test_weeks_are_checked() -> None:
    assert validate_weeks([12, 0, 6, 6]) == (0, 6, 12)
    for bad in ([], [-1], [105]):
        with pytest.raises(InvalidInput) as error:
            validate_weeks(bad)
        assert error.value.field == "weeks"


@pytest.mark.parametrize(
    ("qid", "answers"),
    [
        ("koos12", {}),
        ("koos12", dict.fromkeys(("P1", "P5", "P6", "P8"), None)),
        ("koos12", {"P1": 2, "A4": 1, "Q1": 3}),  # one item of each scale: none has 2 of 4
        ("koos", {"Q1": 2, "P1": 1}),  # QOL needs 2 of 4, Pain 5 of 9
        ("nprs", {"pain": None}),
        ("pgic", {}),
    ],
)
def test_a_response_no_scale_can_score_is_refused(
    qid: str, answers: dict[str, int | str | None]
) -> None:
    with pytest.raises(InvalidInput) as error:
        scorable_answers(qid, answers)
    assert error.value.field in ("answers", "pain", "change")


@pytest.mark.parametrize(
    ("qid", "answers", "scale"),
    [("koos12", {"P1": 2, "P5": 2}, "pain"), ("koos", {"Q1": 2, "Q2": 3}, "qol")],
)
def test_a_response_that_scores_one_scale_is_kept(
    qid: str, answers: dict[str, int | str | None], scale: str
) -> None:
    clean = scorable_answers(qid, answers)
    assert score_answers(qid, clean)[scale] is not None


KOOS_ITEM_IDS = [item.id for item in QUESTIONNAIRES["koos"].items]


@given(
    st.dictionaries(
        st.sampled_from(KOOS_ITEM_IDS), st.one_of(st.none(), st.integers(0, 4)), max_size=42
    )
)
def test_koos_scores_stay_within_0_to_100_or_are_left_out(answers: dict[str, int | None]) -> None:
    """Whatever is answered or skipped, every KOOS, KOOS4 and KOOS-PS score is 0-100 or None."""
    for value in score_answers("koos", answers).values():
        assert value is None or 0.0 <= value <= 100.0


@given(st.sampled_from(KOOS_ITEM_IDS), st.integers(0, 3))
def test_a_worse_answer_never_raises_a_koos_score(item: str, code: int) -> None:
    """Monotone: one item one step worse, the rest fixed, never makes any score better."""
    base: dict[str, int | str | None] = dict.fromkeys(KOOS_ITEM_IDS, 1)
    better = score_answers("koos", base | {item: code})
    worse = score_answers("koos", base | {item: code + 1})
    for key, value in better.items():
        after = worse[key]
        assert value is not None and after is not None
        assert after <= value
