"""The pain-monitoring model: pain on a 0-10 scale governs the load.

Sources (docs/evidence.md, "The pain-monitoring model" and "Knee toolkits"): Thomeé R., Phys Ther
1997;77(12):1690-1703 (the model's origin); Silbernagel KG et al., Am J Sports Med
2007;35(6):897-906 (pain during and after activity may reach 5/10, must have subsided by the next
morning, must not rise week on week); La Trobe University "My Knee Cap" (de Oliveira Silva et al.,
JMIR 2020;22(7):e18584); University of Melbourne "My Knee Exercise".

Zones (docs/evidence.md#zones): on the integer scale, 0-2 safe, 3-5 acceptable, 6 and above too
much during exercise; 8 and above stops the session.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

from kneecoach.programme.values import MorningCheckin

PainZone = Literal["safe", "acceptable", "too_much"]

SAFE_MAX = 2
ACCEPTABLE_MAX = 5
"""Pain during exercise may reach 5/10 (Silbernagel 2007; La Trobe My Knee Cap: "do not exceed
5/10 during exercise")."""
FLARE_PAIN = 8
"""Pain during exercise at or above 8/10 means a flare: stop and start a relief period
(docs/evidence.md#flare; the in-session stop rule, docs/evidence.md#stop-rule)."""
AFTER_MAX = 5
"""Pain about an hour after a session may reach 5/10, provided it has settled by the next morning
(Silbernagel et al. 2007, Fig. 1; docs/evidence.md#pain-after). The knee toolkits ask for pain
"back to normal within about an hour"; the default follows the published model (see there why)."""
FLARE_AFTER = 8
"""Pain of 8/10 or more an hour after a session is a flare: relief at once (docs/evidence.md#flare,
design guard [S] beside Silbernagel 2007's 5/10 limit)."""
FLARE_MORNING_RISE = 3
"""Next-morning pain this far above the usual level is a flare (docs/evidence.md#flare [S])."""
TREND_RISE = 1.0
"""A weekly mean morning pain at least one point above last week's is a rising trend
(Silbernagel 2007: pain must not increase week to week; threshold [S], docs/evidence.md#trend)."""
TREND_MIN_CHECKINS = 3
"""Check-ins needed in each of the two weeks before a trend is judged (fewer is noise) [S]."""


def pain_zone(pain: int) -> PainZone:
    """0-2 safe, 3-5 acceptable, 6+ too much: the integer reading of Silbernagel 2007 Fig. 1
    ("0-2 safe, 2-5 acceptable, 5-10 high risk"), docs/evidence.md#zones [S]."""
    if pain <= SAFE_MAX:
        return "safe"
    if pain <= ACCEPTABLE_MAX:
        return "acceptable"
    return "too_much"


def pain_during_within_limit(pain: int) -> bool:
    """Pain during exercise may reach 5/10 (Silbernagel 2007; La Trobe My Knee Cap;
    docs/evidence.md#pain-during): the safe or the acceptable zone (``pain_zone``)."""
    return pain_zone(pain) != "too_much"


def pain_during_is_flare(pain: int) -> bool:
    """8/10 or more during exercise is a flare (docs/evidence.md#flare [S])."""
    return pain >= FLARE_PAIN


def pain_after_settled(pain_after: int) -> bool:
    """Pain about an hour after the session is within the model: at most 5/10 (Silbernagel et al.
    2007, Fig. 1: pain after activity may reach 5/10 if it has subsided by the next morning; the
    next morning is judged separately, ``next_morning_not_worse``). docs/evidence.md#pain-after
    says where the knee toolkits' "back to normal within an hour" differs."""
    return pain_after <= AFTER_MAX


def pain_after_is_flare(pain_after: int) -> bool:
    """8/10 or more an hour after a session is a flare, wherever it shows (docs/evidence.md#flare
    [S]): relief starts at once, not only a regression the next day."""
    return pain_after >= FLARE_AFTER


def usual_pain_level(baseline: int | None, recent_mornings: Sequence[int]) -> int | None:
    """The person's usual pain: the baseline (given at sign-up, else the first week's mean), else
    the mean of the recent morning check-ins, rounded half up; None when nothing is known
    (Silbernagel 2007 via docs/evidence.md#next-morning: the 7-day usual-pain mean)."""
    if baseline is not None:
        return baseline
    if not recent_mornings:
        return None
    return int(mean(recent_mornings) + 0.5)


def next_morning_reference(usual: int | None, pain_before: int | None) -> int | None:
    """What the next morning is compared with: the person's normal, the higher of the usual level
    and the pain before the session (docs/evidence.md#next-morning). A session started below
    normal (warmed up, a good day) must not make an unchanged morning look like a worsening; a
    session started above it (a bad day) is judged against that day. None if neither is known."""
    if usual is None or pain_before is None:
        return pain_before if usual is None else usual
    return max(usual, pain_before)


def checkin_must_say_before_session_rule(
    day: date, today: date, *, session_on_day: bool, session_day_before: bool
) -> bool:
    """Whether a check-in for ``day`` must be said to be about that morning, before its
    session: one made today after today's session (and none the day before it) is not the
    session's next-morning check, which is how the knee settled overnight
    (docs/evidence.md#next-morning): that is tomorrow's. Saved as today's anyway it would be
    read as the morning after the day before; only the person can say it was this morning's."""
    return day == today and session_on_day and not session_day_before


def next_morning_not_worse(reference: int | None, morning_pain: int) -> bool:
    """Pain the next morning is not higher than the person's normal (Silbernagel 2007: "must have
    subsided by the following morning"; La Trobe My Knee Cap: "not increased the following
    morning"). ``reference`` comes from ``next_morning_reference``; without one, a morning in the
    safe zone (<= 2) counts as settled."""
    if reference is None:
        return morning_pain <= SAFE_MAX
    return morning_pain <= max(reference, 0)


def next_morning_is_flare(usual: int | None, morning_pain: int) -> bool:
    """Morning pain at least 3 points above the usual level is a flare (docs/evidence.md#flare
    [S]): the knee has not settled by a wide margin."""
    return usual is not None and morning_pain >= usual + FLARE_MORNING_RISE


def weekly_trend_rising(this_week: Sequence[int], last_week: Sequence[int]) -> bool:
    """This week's mean morning pain is at least one point above last week's (Silbernagel 2007:
    pain and stiffness must not increase from week to week; threshold [S], docs/evidence.md#trend).
    Needs 3 check-ins in each week; fewer is not evidence."""
    if len(this_week) < TREND_MIN_CHECKINS or len(last_week) < TREND_MIN_CHECKINS:
        return False
    return mean(this_week) >= mean(last_week) + TREND_RISE


def swelling_is_new(today: MorningCheckin, previous: MorningCheckin | None) -> bool:
    """Swelling reported this morning that no earlier check-in reported: a flare wherever it
    shows, including on the very first check-in (docs/evidence.md#flare: new swelling starts the
    relief advice at once; the seed: rest, compression support, cold packs). Swelling already
    reported the morning before is lasting swelling (``raised_two_mornings``) instead."""
    return today.swelling and (previous is None or not previous.swelling)


def raised_two_mornings(today: MorningCheckin, previous: MorningCheckin | None) -> tuple[str, ...]:
    """Swelling or stiffness on two mornings in a row (Melbourne My Knee Exercise: do not
    increase if "knee pain and swelling increased for more than one day"; docs/evidence.md#lasting
    regresses). Returns which ones."""
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
    """Baseline = mean morning pain of the first week, rounded half up
    (docs/evidence.md#next-morning); None without check-ins."""
    if not first_week:
        return None
    return int(mean(first_week) + 0.5)


PainResponse = Literal["carry_on", "ease_off", "stop_session"]
"""What a person does the moment a set is logged: carry on, ease off (or stop that exercise),
or end the session."""


def pain_during_response_rule(pain: int) -> PainResponse:
    """The answer to a set's pain, given at once: within 5/10 carry on; above it ease off or stop
    that exercise (Silbernagel 2007; La Trobe My Knee Cap: "do not exceed 5/10 during
    exercise"); at 8/10 or more end the session and start relief (docs/evidence.md#flare,
    docs/evidence.md#stop-rule; the 8/10 line is a design default)."""
    if pain_during_is_flare(pain):
        return "stop_session"
    if not pain_during_within_limit(pain):
        return "ease_off"
    return "carry_on"
