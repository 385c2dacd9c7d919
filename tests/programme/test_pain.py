"""The pain-monitoring model (Silbernagel 2007; La Trobe My Knee Cap; docs/evidence.md)."""

from __future__ import annotations

from datetime import date

from kneecoach.programme.pain import (
    baseline_from_checkins,
    next_morning_is_flare,
    next_morning_not_worse,
    next_morning_reference,
    pain_after_is_flare,
    pain_after_settled,
    pain_during_is_flare,
    pain_during_within_limit,
    pain_zone,
    raised_two_mornings,
    swelling_is_new,
    usual_pain_level,
    weekly_trend_rising,
)
from kneecoach.programme.values import MorningCheckin

DAY = date(2025, 3, 3)


def test_pain_zone_0_2_safe_3_5_acceptable_6_up_too_much() -> None:
    assert [pain_zone(p) for p in range(11)] == ["safe"] * 3 + ["acceptable"] * 3 + ["too_much"] * 5


def test_pain_during_within_limit_is_5() -> None:
    assert pain_during_within_limit(5)
    assert not pain_during_within_limit(6)


def test_pain_during_is_flare_from_8() -> None:
    assert not pain_during_is_flare(7)
    assert pain_during_is_flare(8)


def test_pain_after_settled_may_reach_5_whatever_the_pain_before() -> None:
    """Silbernagel 2007: after activity up to 5/10 (a rise from 1 to 5 is within the model)."""
    assert pain_after_settled(5)
    assert not pain_after_settled(6)


def test_pain_after_is_flare_from_8() -> None:
    assert not pain_after_is_flare(7)
    assert pain_after_is_flare(8)


def test_usual_pain_level_is_the_baseline_else_the_recent_mean() -> None:
    assert usual_pain_level(3, [1, 1, 1]) == 3
    assert usual_pain_level(None, [2, 3]) == 3
    assert usual_pain_level(None, []) is None


def test_next_morning_reference_is_the_higher_of_usual_and_before() -> None:
    assert next_morning_reference(3, 1) == 3
    assert next_morning_reference(2, 4) == 4
    assert next_morning_reference(None, 1) == 1
    assert next_morning_reference(None, None) is None


def test_next_morning_not_worse_than_before_the_session() -> None:
    assert next_morning_not_worse(3, 3)
    assert not next_morning_not_worse(3, 4)
    assert next_morning_not_worse(None, 2)
    assert not next_morning_not_worse(None, 3)


def test_next_morning_is_flare_at_baseline_plus_3() -> None:
    assert next_morning_is_flare(2, 5)
    assert not next_morning_is_flare(2, 4)
    assert not next_morning_is_flare(None, 9)


def test_weekly_trend_rising_needs_a_point_and_three_checkins_a_week() -> None:
    assert weekly_trend_rising([3, 4, 4], [2, 3, 3])
    assert not weekly_trend_rising([3, 3, 3], [2, 3, 3])
    assert not weekly_trend_rising([9, 9], [1, 1, 1])


def test_swelling_is_new_after_a_morning_without_it_or_on_the_first_check_in() -> None:
    swollen = MorningCheckin(DAY, 2, swelling=True)
    assert swelling_is_new(swollen, MorningCheckin(DAY, 2))
    assert swelling_is_new(swollen, None)
    assert not swelling_is_new(swollen, swollen)


def test_raised_two_mornings() -> None:
    both = MorningCheckin(DAY, 2, swelling=True, stiffness=True)
    assert raised_two_mornings(both, both) == ("swelling", "stiffness")
    assert raised_two_mornings(both, MorningCheckin(DAY, 2)) == ()
    assert raised_two_mornings(both, None) == ()


def test_baseline_from_checkins_rounds_half_up() -> None:
    assert baseline_from_checkins([2, 3]) == 3
    assert baseline_from_checkins([2, 2, 3]) == 2
    assert baseline_from_checkins([]) is None


def test_pain_during_response_rule_eases_off_above_5_and_stops_the_session_at_8() -> None:
    from kneecoach.programme.pain import pain_during_response_rule

    assert [pain_during_response_rule(p) for p in range(11)] == (
        ["carry_on"] * 6 + ["ease_off"] * 2 + ["stop_session"] * 3
    )


def test_pain_advice_words_the_response_in_both_languages_with_relief_advice_at_the_stop() -> None:
    from kneecoach.programme.pain_words import pain_advice

    assert pain_advice(5) == ("carry_on", ())
    response, words = pain_advice(7, "nb")
    assert response == "ease_off" and len(words) == 1
    assert words[0].startswith("Smerten var 7 av 10. Det er over grensen på 5.")
    response, words = pain_advice(9)
    assert response == "stop_session"
    assert words[0].startswith("Your pain was 9 out of 10. Stop the session now")
    assert "cold pack" in words[1]
    for text in (*pain_advice(6)[1], *pain_advice(8, "nb")[1]):
        assert text[0].isupper() and text.endswith(".")
