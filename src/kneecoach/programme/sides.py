"""Which leg is weaker, from the sets logged per side.

The seed: unilateral work shows the weaker leg ("many ... will notice that you are considerably
less stable on the side where the knee pain is worst"). A side counts as weaker in a session when,
over that session's one-leg and per-side exercises, it did clearly fewer reps or seconds (10 % or
more) or hurt clearly more (2 points or more, the NRS clinically important difference of Farrar
2001). One session is not evidence: a side is called weaker only after 3 sessions say so, and at
least twice as many sessions as say the opposite [S].
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kneecoach.programme.reasons import ONE_SESSION_SIDE_WORDS, SIDE_WORDS, Reason
from kneecoach.programme.values import SessionLog, Side

SHORTFALL_SHARE = 0.9
"""A side that did under 90 % of the other side's reps or seconds is weaker in that exercise."""
PAIN_GAP = 2
"""A side that hurt 2 or more points more is weaker in that exercise (Farrar 2001 NRS MCID)."""
MIN_SESSIONS = 3
"""Sessions needed before a side is called weaker."""
DOMINANCE = 2
"""The weaker side must be weaker in at least twice as many sessions as the other side."""


@dataclass(frozen=True, slots=True)
class SideReport:
    """The verdict and the evidence counted for it."""

    weaker: Side | None
    left_weaker_sessions: int
    right_weaker_sessions: int
    even_sessions: int
    reasons: tuple[Reason, ...]

    @property
    def sessions(self) -> int:
        return self.left_weaker_sessions + self.right_weaker_sessions + self.even_sessions


def weaker_in_exercise(amount: Mapping[Side, int], pain: Mapping[Side, int]) -> Side | None:
    """The weaker side in one exercise of one session, or None when even or contradictory."""
    votes: set[Side] = set()
    left, right = amount.get("left", 0), amount.get("right", 0)
    if left < right * SHORTFALL_SHARE:
        votes.add("left")
    if right < left * SHORTFALL_SHARE:
        votes.add("right")
    left_pain, right_pain = pain.get("left", 0), pain.get("right", 0)
    if left_pain >= right_pain + PAIN_GAP:
        votes.add("left")
    if right_pain >= left_pain + PAIN_GAP:
        votes.add("right")
    return votes.pop() if len(votes) == 1 else None


def weaker_in_session(session: SessionLog) -> Side | bool | None:
    """The weaker side in one session (majority over its sided exercises), None when even, or
    False when the session has no exercise logged on both sides."""
    amounts: dict[str, dict[Side, int]] = {}
    pains: dict[str, dict[Side, int]] = {}
    for logged in session.sets:
        side = logged.side
        if side is None:
            continue
        slug = logged.exercise
        per_side = amounts.get(slug)
        if per_side is None:
            per_side = amounts[slug] = {}
            pains[slug] = {}
        amount = logged.reps if logged.reps is not None else logged.seconds or 0
        per_side[side] = per_side.get(side, 0) + amount
        pain = pains[slug]
        if logged.pain > pain.get(side, -1):
            pain[side] = logged.pain
    counts = {"left": 0, "right": 0}
    compared = False
    for exercise, per_side in amounts.items():
        if len(per_side) < 2:
            continue
        compared = True
        verdict = weaker_in_exercise(per_side, pains[exercise])
        if verdict is not None:
            counts[verdict] += 1
    if not compared:
        return False
    if counts["left"] == counts["right"]:
        return None
    return "left" if counts["left"] > counts["right"] else "right"


SideCounts = tuple[int, int, int]
"""Sessions that showed the left side weaker, the right side weaker, and neither."""
NO_SIDE_SESSIONS: SideCounts = (0, 0, 0)


def counted_session(counts: SideCounts, session: SessionLog) -> SideCounts:
    """``counts`` with ``session``'s verdict added (``weaker_in_session``; a session with no
    exercise logged on both sides counts for nothing). The replay adds each session once, as it
    reaches it, so a resumed replay does not count the whole diary again."""
    verdict = weaker_in_session(session)
    left, right, even = counts
    if verdict is False:
        return counts
    if verdict == "left":
        return left + 1, right, even
    if verdict == "right":
        return left, right + 1, even
    return left, right, even + 1


def weaker_side_rule(sessions: Iterable[SessionLog]) -> SideReport:
    """Which leg is weaker over all sessions, with the count of sessions behind the verdict."""
    counts = NO_SIDE_SESSIONS
    for session in sessions:
        counts = counted_session(counts, session)
    return side_verdict_rule(counts)


def side_verdict_rule(counts: SideCounts) -> SideReport:
    """A side is weaker once 3 sessions say so and at least twice as many as say the opposite
    (the seed; [S]); the reasons give the counts."""
    left, right, even = counts
    weaker: Side | None = None
    if left >= MIN_SESSIONS and left >= DOMINANCE * right:
        weaker = "left"
    elif right >= MIN_SESSIONS and right >= DOMINANCE * left:
        weaker = "right"
    total = left + right + even
    reasons: tuple[Reason, ...]
    if total == 0:
        reasons = (Reason("sides_none"),)
    else:
        counted = _counted(left, right, even)
        verdict_text = (
            Reason("sides_weaker", side=SIDE_WORDS[weaker])
            if weaker
            else Reason("sides_not_enough", sessions=MIN_SESSIONS)
        )
        reasons = (counted, verdict_text)
    return SideReport(weaker, left, right, even, reasons)


def _counted(left: int, right: int, even: int) -> Reason:
    """How the sessions with one-leg work came out, said for one session as for several:
    "of 1 sessions ... weaker in 1, the right in 0" read as a count gone wrong."""
    total = left + right + even
    if total == 1:
        outcome = "left" if left else "right" if right else "even"
        return Reason("sides_counted_one", side=ONE_SESSION_SIDE_WORDS[outcome], gap=PAIN_GAP)
    return Reason("sides_counted", total=total, left=left, right=right, even=even, gap=PAIN_GAP)
