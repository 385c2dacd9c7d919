"""Outcome scoring (docs/evidence.md#outcome-measures)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kneecoach.errors import InvalidInput
from kneecoach.programme.outcomes import (
    KOOS_PS_KOOS_DIRECTION,
    KOOS_SUBSCALES,
    adherence_rule,
    koos12_scale_score,
    koos12_scores,
    koos_ps_score,
    koos_scores,
    koos_subscale_score,
    nprs_clinically_important_change,
    pgic_responder,
    sessions_per_week_rule,
)


def all_items(value: int) -> dict[str, int | None]:
    return {item: value for items in KOOS_SUBSCALES.values() for item in items}


def test_koos_subscale_score_transform() -> None:
    assert koos_subscale_score(all_items(0), "pain") == 100.0
    assert koos_subscale_score(all_items(4), "pain") == 0.0
    assert koos_subscale_score(all_items(2), "adl") == 50.0
    answers = {"Q1": 1, "Q2": 2}
    assert koos_subscale_score(answers, "qol") == 62.5


def test_koos_2012_missing_item_minimums() -> None:
    four_pain = {f"P{i}": 1 for i in range(1, 5)}
    assert koos_subscale_score(four_pain, "pain") is None
    assert koos_subscale_score({**four_pain, "P5": 1}, "pain") == 75.0
    assert koos_subscale_score({"SP1": 1, "SP2": 1}, "sport_rec") is None
    assert koos_subscale_score({"Q1": 1}, "qol") is None
    eight_adl = {f"A{i}": 0 for i in range(1, 9)}
    assert koos_subscale_score(eight_adl, "adl") is None
    assert koos_subscale_score({**eight_adl, "A9": 0}, "adl") == 100.0


def test_koos4_needs_pain_symptoms_adl_qol() -> None:
    scores = koos_scores(all_items(1))
    assert scores.koos4 == 75.0
    no_qol = {k: v for k, v in all_items(1).items() if not k.startswith("Q")}
    assert koos_scores(no_qol).koos4 is None
    assert koos_scores(no_qol).sport_rec == 75.0


def test_koos_refuses_unknown_items_and_codes() -> None:
    with pytest.raises(InvalidInput) as error:
        koos_scores({"P10": 1})
    assert error.value.field == "P10"
    with pytest.raises(InvalidInput):
        koos_scores({"P1": 5})


def test_koos12_person_mean_imputation() -> None:
    # two of four pain items: imputed with their mean, same as the mean of the answered
    assert koos12_scale_score({"P1": 1, "P5": 3}, "pain") == 50.0
    assert koos12_scale_score({"P1": 1}, "pain") is None
    scores = koos12_scores({**dict.fromkeys(("P1", "P5", "P6", "P8"), 2),
                            **dict.fromkeys(("A4", "A3", "A7", "SP4"), 0),
                            **dict.fromkeys(("Q1", "Q2", "Q3", "Q4"), 4)})  # fmt: skip
    assert (scores.pain, scores.function, scores.qol) == (50.0, 100.0, 0.0)
    assert scores.summary == 50.0


def test_koos_ps_conversion_table() -> None:
    assert len(KOOS_PS_KOOS_DIRECTION) == 29
    assert list(KOOS_PS_KOOS_DIRECTION) == sorted(KOOS_PS_KOOS_DIRECTION, reverse=True)
    items = ("A10", "A9", "A3", "A5", "SP4", "SP5", "SP1")
    eleven = dict(zip(items, (2, 2, 2, 2, 1, 1, 1), strict=True))
    result = koos_ps_score(eleven)
    assert result is not None and result.raw == 11 and result.score == 64.7
    assert "KOOS direction" in result.direction
    assert koos_ps_score({k: v for k, v in eleven.items() if k != "SP1"}) is None
    best = koos_ps_score(dict.fromkeys(items, 0))
    assert best is not None and best.score == 100.0


def test_nprs_clinically_important_change_2_points_or_30_percent() -> None:
    assert nprs_clinically_important_change(6, 4).important_improvement
    assert nprs_clinically_important_change(3, 2).important_improvement  # 33 %
    change = nprs_clinically_important_change(8, 7)  # 1 point, 12.5 %
    assert not change.important_improvement and not change.important_worsening
    assert nprs_clinically_important_change(2, 4).important_worsening
    assert nprs_clinically_important_change(0, 0).share is None
    with pytest.raises(InvalidInput):
        nprs_clinically_important_change(11, 2)


def test_pgic_responder_much_or_very_much_improved() -> None:
    assert pgic_responder("much_improved") and pgic_responder("very_much_improved")
    assert not pgic_responder("minimally_improved")
    with pytest.raises(InvalidInput):
        pgic_responder("better")


def test_adherence_rule_share_of_planned_sessions_capped() -> None:
    assert adherence_rule(10, 7).share == 0.7
    assert adherence_rule(4, 6).share == 1.0
    assert adherence_rule(0, 0).share is None


def test_sessions_per_week_leave_out_relief_and_locked_periods() -> None:
    """A week the screening locked (or relief took) is not a week of missed sessions, even where
    the saved plan still says training: the weekly count leaves those days out, as the engine's
    adherence does (docs/evidence.md#adherence)."""
    monday = date(2026, 11, 30)
    plan = [(monday + timedelta(days=i), "training" if i % 2 == 0 else "rest") for i in range(14)]
    logged = {monday, monday + timedelta(days=2)}
    today = monday + timedelta(days=13)
    locked = ((monday + timedelta(days=4), monday + timedelta(days=11)),)
    assert sessions_per_week_rule(plan, logged, today) == (
        (monday, 4, 2),
        (monday + timedelta(days=7), 3, 0),
    )
    assert sessions_per_week_rule(plan, logged, today, locked) == (
        (monday, 2, 2),
        (monday + timedelta(days=7), 1, 0),
    )
    # a session logged on the day a relief or lock began still counts where it was planned
    assert sessions_per_week_rule(plan, logged | {monday + timedelta(days=4)}, today, locked)[
        0
    ] == (monday, 3, 3)
    # today counts once logged; a future day never does
    assert sessions_per_week_rule(plan, logged | {today - timedelta(days=1)}, monday)[0] == (
        monday,
        1,
        1,
    )
