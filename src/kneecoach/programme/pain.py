"""The pain-monitoring model: pain on a 0-10 scale governs the load.

Sources: the pain-monitoring model of Thomeé 1997 and Silbernagel et al., Am J Sports Med
2007;35(6):897-906 (via secondary sources [V2]); La Trobe University "My Knee Cap" toolkit
(de Oliveira Silva et al., JMIR 2020) [V]; TeamPFP; University of Melbourne "My Knee Exercise" [V].
All as summarised in clinical-rules.md sections 1.2-1.4.

Zones (clinical-rules.md 1.2 asks us to pick one and document it): on the integer scale,
0-2 safe, 3-5 acceptable, 6 and above too much during exercise; 8 and above stops the session.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from kneecoach.programme.values import MorningCheckin

PainZone = Literal["safe", "acceptable", "too_much"]

SAFE_MAX = 2
ACCEPTABLE_MAX = 5
"""Pain during exercise may reach 5/10 (Silbernagel 2007; La Trobe My Knee Cap: "do not exceed
5/10 during exercise")."""
FLARE_PAIN = 8
"""Pain during exercise at or above 8/10 means a flare: stop and start a relief period
(clinical-rules.md 1.4 step 2; in-session stop rule 3.2)."""
AFTER_RISE_MAX = 2
"""Pain about an hour after a session may be at most 2 points above the pain before it
(clinical-rules.md 1.4 step 3: ``pain_post_60min > pain_pre + 2`` regresses)."""
FLARE_MORNING_RISE = 3
"""Next-morning pain this far above baseline is a flare (clinical-rules.md 1.4 step 2)."""
TREND_RISE = 1.0
"""A weekly mean morning pain at least one point above last week's is a rising trend
(clinical-rules.md 1.4 step 3; Silbernagel 2007: pain must not increase week to week)."""
TREND_MIN_CHECKINS = 3
"""Check-ins needed in each of the two weeks before a trend is judged (fewer is noise) [S]."""


def pain_zone(pain: int) -> PainZone:
    """0-2 safe, 3-5 acceptable, 6+ too much (clinical-rules.md 1.2 recommendation [S], after
    Silbernagel 2007 Fig. 1 "0-2 safe, 2-5 acceptable, 5-10 high risk")."""
    if pain <= SAFE_MAX:
        return "safe"
    if pain <= ACCEPTABLE_MAX:
        return "acceptable"
    return "too_much"


def pain_during_within_limit(pain: int) -> bool:
    """Pain during exercise may reach 5/10 (Silbernagel 2007; La Trobe My Knee Cap)."""
    return pain <= ACCEPTABLE_MAX


def pain_during_is_flare(pain: int) -> bool:
    """8/10 or more during exercise is a flare (clinical-rules.md 1.4 step 2)."""
    return pain >= FLARE_PAIN


def pain_after_settled(pain_before: int | None, pain_after: int) -> bool:
    """Pain about an hour after the session is back near its usual level: at most 2 points above
    the pain before (La Trobe My Knee Cap: "return to normal within 60 min"; clinical-rules.md
    1.4 step 3). Without a before-score, after-pain must stay within the acceptable zone (<= 5,
    Silbernagel 2007: pain after activity may reach 5/10)."""
    if pain_before is None:
        return pain_after <= ACCEPTABLE_MAX
    return pain_after <= pain_before + AFTER_RISE_MAX


def next_morning_not_worse(reference: int | None, morning_pain: int) -> bool:
    """Pain the next morning is not higher than before the session (Silbernagel 2007: "must have
    subsided by the following morning"; La Trobe My Knee Cap: "not increased the following
    morning"). ``reference`` is the pain before the session, or the baseline; with neither, a
    morning in the safe zone (<= 2) counts as settled."""
    if reference is None:
        return morning_pain <= SAFE_MAX
    return morning_pain <= max(reference, 0)


def next_morning_is_flare(baseline: int | None, morning_pain: int) -> bool:
    """Morning pain at least 3 points above baseline is a flare (clinical-rules.md 1.4 step 2)."""
    return baseline is not None and morning_pain >= baseline + FLARE_MORNING_RISE


def weekly_trend_rising(this_week: Sequence[int], last_week: Sequence[int]) -> bool:
    """This week's mean morning pain is at least one point above last week's (Silbernagel 2007:
    pain and stiffness must not increase from week to week; threshold from clinical-rules.md 1.4
    step 3 [S]). Needs 3 check-ins in each week; fewer is not evidence."""
    if len(this_week) < TREND_MIN_CHECKINS or len(last_week) < TREND_MIN_CHECKINS:
        return False
    return mean(this_week) >= mean(last_week) + TREND_RISE


def swelling_is_new(today: MorningCheckin, previous: MorningCheckin | None) -> bool:
    """Swelling reported this morning that the previous check-in did not report: a flare
    (clinical-rules.md 1.4 step 2, "new swelling"). Swelling already present at the first
    check-in is not "new"; it counts as lasting swelling (a regress signal) instead."""
    return today.swelling and previous is not None and not previous.swelling


def raised_two_mornings(today: MorningCheckin, previous: MorningCheckin | None) -> tuple[str, ...]:
    """Swelling or stiffness on two mornings in a row (Melbourne My Knee Exercise: do not
    increase if "knee pain and swelling increased for more than one day"; clinical-rules.md 1.4
    step 3 regresses). Returns which ones."""
    if previous is None:
        return ()
    raised: list[str] = []
    if today.swelling and previous.swelling:
        raised.append("swelling")
    if today.stiffness and previous.stiffness:
        raised.append("stiffness")
    return tuple(raised)


def mean(values: Sequence[int]) -> float:
    return sum(values) / len(values) if values else 0.0


def baseline_from_checkins(first_week: Sequence[int]) -> int | None:
    """Baseline = mean morning pain of the first week, rounded half up (clinical-rules.md 1.4,
    "baseline = the mean from the first week"); None without check-ins."""
    if not first_week:
        return None
    return int(mean(first_week) + 0.5)


PainResponse = Literal["carry_on", "ease_off", "stop_session"]
"""What a person does the moment a set is logged: carry on, ease off (or stop that exercise),
or end the session."""


def pain_during_response_rule(pain: int) -> PainResponse:
    """The answer to a set's pain, given at once: within 5/10 carry on; above it ease off or stop
    that exercise (Silbernagel 2007; La Trobe My Knee Cap: "do not exceed 5/10 during
    exercise"); at 8/10 or more end the session and start relief (clinical-rules.md 1.4 step 2,
    in-session stop rule 3.2)."""
    if pain_during_is_flare(pain):
        return "stop_session"
    if not pain_during_within_limit(pain):
        return "ease_off"
    return "carry_on"
