"""Scoring checked against what the guides and their public implementations publish.

Each test names its source and the table or example it reproduces; the expected values are
transcribed here from that source (not derived from our own code), so a slip in
``programme/outcomes.py`` cannot hide behind a test that reads the same constant.
What could not be checked offline is listed in docs/outcomes.md ("What the tests check").
"""

from __future__ import annotations

import pytest

from kneecoach.programme.outcomes import (
    KOOS_PS_ITEMS,
    KOOS_SUBSCALES,
    koos12_scores,
    koos_subscale_score,
)
from kneecoach.programme.questionnaires import QUESTIONNAIRES, score_answers

Answers = dict[str, int | str | None]

# awell-health/awell-score, src/scores/koos/__testdata__/koos_form_responses.ts,
# ``random_response``, with the guide's formula worked in its comments (e.g. Pain: mean
# 2.33333333, score 100 - 2.33333333 / 4 x 100 = 41.7). awell names symptoms in another order
# (SY1 morning stiffness, SY2 later-day stiffness, SY3 swelling, SY4 grinding, SY5 catching,
# SY6 straighten, SY7 bend); they are placed here on the KOOS form's S1-S7 by content.
AWELL_RANDOM_RESPONSE: dict[str, int] = {
    "P1": 3, "P2": 2, "P3": 1, "P4": 2, "P5": 3, "P6": 4, "P7": 1, "P8": 2, "P9": 3,
    "S6": 2, "S7": 3, "S1": 1, "S2": 4, "S3": 2, "S4": 1, "S5": 3,
    "A1": 2, "A2": 3, "A3": 1, "A4": 2, "A5": 4, "A6": 1, "A7": 3, "A8": 2, "A9": 3,
    "A10": 1, "A11": 2, "A12": 3, "A13": 4, "A14": 1, "A15": 2, "A16": 3, "A17": 2,
    "SP1": 3, "SP2": 4, "SP3": 3, "SP4": 2, "SP5": 4,
    "Q1": 3, "Q2": 2, "Q3": 3, "Q4": 2,
}  # fmt: skip
# The same file's ``koos.test.ts``: EXPECTED_SCORE_PAIN 41.7, SYMPTOMS 42.9, ADL_FUNCTION 42.6,
# SPORT_AND_RECREATION_FUNCTION 20, QUALITY_OF_LIFE 37.5.
AWELL_RANDOM_EXPECTED = {
    "pain": 41.7,
    "symptoms": 42.9,
    "adl": 42.6,
    "sport_rec": 20.0,
    "qol": 37.5,
}

# KOOS Scoring 2012 (koos.nu, August 2012; copy at scribd.com/document/404984174), the table
# "Number of items needed for calculation of subscale score": (2012 rule, 1998 rule).
KOOS_2012_ITEMS_NEEDED = {
    "pain": (5, 7),
    "symptoms": (4, 5),
    "adl": (9, 15),
    "sport_rec": (3, 3),
    "qol": (2, 2),
}

# KOOS-PS nomogram in the KOOS direction (0 = extreme difficulty, 100 = no difficulty),
# raw summed score 0-28 -> interval score, after Perruccio et al., Osteoarthritis Cartilage
# 2008;16:542-550, as published in awell-health/awell-score
# ``src/scores/koos/definition/koos_conversion_table.ts`` (transcribed in
# shared/research/clinical-rules.md section 4.3). The same project's README prints 67.7 for
# raw 11, which would break the table's monotone order; its code and its test use 64.7.
PUBLISHED_KOOS_PS_TABLE = {
    0: 100.0, 1: 94.4, 2: 89.5, 3: 85.2, 4: 81.4, 5: 78.0, 6: 75.1, 7: 72.5,
    8: 70.3, 9: 68.2, 10: 66.4, 11: 64.7, 12: 63.0, 13: 61.4, 14: 59.7,
    15: 58.0, 16: 56.0, 17: 53.9, 18: 51.5, 19: 48.8, 20: 45.6, 21: 42.1,
    22: 38.0, 23: 33.4, 24: 28.2, 25: 22.3, 26: 15.7, 27: 8.2, 28: 0.0,
}  # fmt: skip


def full_koos(code: int) -> Answers:
    return {item.id: code for item in QUESTIONNAIRES["koos"].items}


def ps_codes_for(raw: int) -> dict[str, int]:
    """Seven KOOS-PS answers that sum to ``raw``, filling items to 4 in the guide's order."""
    codes = [max(0, min(4, raw - 4 * index)) for index in range(len(KOOS_PS_ITEMS))]
    assert sum(codes) == raw
    return dict(zip(KOOS_PS_ITEMS, codes, strict=True))


# --- KOOS (KOOS Scoring 2012) ----------------------------------------------------------------


def test_koos_scoring_2012_awell_worked_example() -> None:
    """KOOS Scoring 2012 formula on awell-score's worked ``random_response`` example."""
    scores = score_answers("koos", dict(AWELL_RANDOM_RESPONSE))
    assert {name: scores[name] for name in AWELL_RANDOM_EXPECTED} == AWELL_RANDOM_EXPECTED


@pytest.mark.parametrize(
    ("code", "expected"),
    [(0, 100.0), (2, 50.0), (4, 0.0)],
    ids=["best_response", "median_response", "worst_response"],
)
def test_koos_scoring_2012_awell_best_median_worst(code: int, expected: float) -> None:
    """awell-score ``koos.test.ts``: every item 0 -> 100, 2 -> 50, 4 -> 0 on each subscale
    (KOOS Scoring 2012: 100 indicates no problems and 0 extreme problems)."""
    scores = score_answers("koos", full_koos(code))
    assert [scores[name] for name in KOOS_SUBSCALES] == [expected] * 5


@pytest.mark.parametrize("subscale", list(KOOS_2012_ITEMS_NEEDED))
def test_koos_scoring_2012_items_needed_table(subscale: str) -> None:
    """KOOS Scoring 2012, "Number of items needed" table: the 2012 minimum scores, one fewer
    does not; a subscale between the 2012 and the 1998 minimums is scored (2012 rule)."""
    needed_2012, needed_1998 = KOOS_2012_ITEMS_NEEDED[subscale]
    items = KOOS_SUBSCALES[subscale]
    assert needed_2012 * 2 >= len(items)  # the guide: "at least 50 % of the items"
    assert needed_2012 <= needed_1998  # 2012 relaxed the 1998 rule, never tightened it
    # exactly the 2012 minimum: scored, even where the 1998 rule would have refused it
    answered = dict.fromkeys(items[:needed_2012], 1)
    assert koos_subscale_score(answered, subscale) == 75.0
    fewer = dict.fromkeys(items[: needed_2012 - 1], 1)
    assert koos_subscale_score(fewer, subscale) is None


def test_koos_scoring_2012_subscales_are_independent() -> None:
    """KOOS Scoring 2012: "Subscale scores are independent and can be reported for any number
    of the individual subscales" (their example: Sport/Rec invalid, the others reported)."""
    answers = dict(AWELL_RANDOM_RESPONSE) | {"SP1": None, "SP2": None, "SP3": None}
    scores = score_answers("koos", answers)
    assert scores["sport_rec"] is None
    assert scores["pain"] == AWELL_RANDOM_EXPECTED["pain"]
    assert scores["qol"] == AWELL_RANDOM_EXPECTED["qol"]


# --- KOOS-PS (Perruccio et al. 2008 nomogram) --------------------------------------------------


@pytest.mark.parametrize(("raw", "published"), sorted(PUBLISHED_KOOS_PS_TABLE.items()))
def test_koos_ps_every_row_of_the_published_nomogram(raw: int, published: float) -> None:
    """KOOS-PS: each raw sum 0-28, answered on a full KOOS, gives the published interval score
    (awell-score koos_conversion_table.ts, KOOS direction)."""
    answers = full_koos(0) | ps_codes_for(raw)
    assert score_answers("koos", answers)["koos_ps"] == published


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (dict.fromkeys(KOOS_PS_ITEMS, 2), 59.7),
        (dict(zip(KOOS_PS_ITEMS, (2, 2, 2, 2, 1, 1, 1), strict=True)), 64.7),
    ],
    ids=["median_response_raw_14", "raw_11"],
)
def test_koos_ps_awell_worked_examples(answers: dict[str, int], expected: float) -> None:
    """awell-score ``koos_ps.test.ts``: KOOS_MEDIAN_SCORE 59.7 (every item 2, raw 14) and the
    random response's EXPECTED_SCORE 64.7 (raw 11)."""
    assert score_answers("koos", full_koos(0) | answers)["koos_ps"] == expected


def test_koos_ps_needs_all_seven_items() -> None:
    """Perruccio 2008 / awell-score README: "Each question must have a response"."""
    answers = full_koos(0) | ps_codes_for(10) | {"SP5": None}
    assert score_answers("koos", answers)["koos_ps"] is None


# --- KOOS-12 (koos.nu/koos12pres.html; Gandek et al. 2019) -----------------------------------


def test_koos12_summated_ratings_on_the_awell_example() -> None:
    """koos.nu KOOS-12: item responses in a scale are summed (method of summated ratings) and
    transformed so 0 is the worst and 100 the best; the Summary Knee Impact is the average of
    the three scales. On the awell example: Pain P1 3 + P5 3 + P6 4 + P8 2 = 12 of 16 -> 25.0;
    Function A4 2 + A3 1 + A7 3 + SP4 2 = 8 -> 50.0; QOL 3 + 2 + 3 + 2 = 10 -> 37.5;
    Summary (25 + 50 + 37.5) / 3 = 37.5."""
    short = {item.id: AWELL_RANDOM_RESPONSE[item.id] for item in QUESTIONNAIRES["koos12"].items}
    expected = {"pain": 25.0, "function": 50.0, "qol": 37.5, "summary": 37.5}
    assert score_answers("koos12", dict(short)) == expected


def test_koos12_person_specific_estimate_for_missing_items() -> None:
    """koos.nu KOOS-12: "At least half of the items (i.e. a minimum of 2 items) in the scale must
    be answered ... a person-specific estimate is imputed for any missing item data". Pain with
    P1 3 and P5 3 answered: the two missing items take 3, sum 12 of 16 -> 25.0, as if all four
    had been answered 3; with only P1 answered the scale is not scored."""
    assert score_answers("koos12", {"P1": 3, "P5": 3})["pain"] == 25.0
    assert score_answers("koos12", {"P1": 3})["pain"] is None


def test_koos12_from_a_full_koos_matches_the_short_form() -> None:
    """koos.nu: KOOS-12's items are KOOS items, so its scales can be derived from a full KOOS:
    all 42 answers of the awell example give the short form's scales."""
    from_full = koos12_scores(AWELL_RANDOM_RESPONSE)
    assert (from_full.pain, from_full.function, from_full.qol, from_full.summary) == (
        25.0,
        50.0,
        37.5,
        37.5,
    )
