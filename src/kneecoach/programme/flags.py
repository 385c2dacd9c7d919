"""The flags a clinician acts on, over one person's diary: pure rules, no clock, no I/O.

A flag says what needs a look and why, in words, with the day of its evidence. The clinic app
computes them when a diary changes and stores them (``web/clinic``); the overview reads the
stored rows, it never replays diaries. Two flags depend on the passing of time as well as the
diary (an overdue session, a relief period over a week): their rules here return the day the
clock is compared with (``due_since``, ``relief_since``), so the comparison with today is made
at read time, in SQL, and a stored row never goes stale.

Sources: the pain-monitoring model (Thomeé 1997; Silbernagel et al., Am J Sports Med 2007):
pain during exercise up to 5/10 is acceptable, pain must not rise from one report to the next
day's and not week to week (docs/programme.md, "Rules, where they live, and their sources").
The thresholds of the "pain rising" flag are the ones the clinic asked for (docs/clinic.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from kneecoach.programme.questionnaires import DueForm
from kneecoach.programme.sides import weaker_in_session
from kneecoach.programme.values import Decision, Diary, ProgrammeState, ScreeningLevel, Side

FlagKind = Literal[
    "red_flag",
    "pain_rising",
    "relief",
    "relief_long",
    "review",
    "inactive",
    "side_difference",
    "questionnaire_due",
]
"""What a flag is about. ``relief_long`` and ``inactive`` are decided at read time from the
stored days (see the module docstring); ``questionnaire_due`` is decided when the diary or the
questionnaires change (``questionnaire_due_rule``; docs/clinic.md, "Flags")."""

RED_KINDS: frozenset[FlagKind] = frozenset({"red_flag", "pain_rising", "relief_long", "review"})
"""The red flags: a clinician acts before the person trains on (a positive screening, pain at or
over the pain-monitoring model's limits, relief that did not settle or runs past a week). The
others (relief, inactive, left/right difference, questionnaire due) are amber: a look when
convenient. The overview's "needs attention" order puts red before amber (docs/clinic.md)."""


def is_red(kind: str) -> bool:
    """A flag of ``kind`` is red (``RED_KINDS``), else amber."""
    return kind in RED_KINDS


PAIN_HIGH = 7
"""Any single report at or above this is flagged (the high-risk zone, Silbernagel 2007)."""
PAIN_CONCERN = 5
"""At or above this, a rise of one point since the last report is flagged."""
PAIN_JUMP = 2
"""A rise of this many points since the last report is flagged at any level."""
RELIEF_LONG_DAYS = 7
"""A relief period still running after a week needs a clinician (docs/programme.md, relief)."""
OVERDUE_GRACE_DAYS = 2
"""No session for this many days past a due one flags the person as inactive."""
QUESTIONNAIRE_GRACE_DAYS = 3
"""A scheduled questionnaire still not filled in this many days after its day is flagged: the
person sees it on Today from its day; the clinician is asked only once it has been left (a
design choice, docs/clinic.md; the outcome measure misses its time point otherwise)."""
SIDE_WINDOW = 4
SIDE_MIN_SESSIONS = 3
"""The same leg weaker in 3 of the last 4 sessions that compared the legs is a marked
difference (the seed's unilateral rule, ``programme.sides``, over a short window)."""


@dataclass(frozen=True, slots=True)
class PainReport:
    """One pain number the person gave: ``source`` is morning, during or after a session."""

    date: date
    pain: int
    source: Literal["morning", "during", "after"]


@dataclass(frozen=True, slots=True)
class Flag:
    """One flag: its kind, the day of its evidence, and the numbers behind it (for the words)."""

    kind: FlagKind
    since: date
    detail: dict[str, str | int]


def pain_reports(diary: Diary) -> list[PainReport]:
    """Every pain report in the order it was given: each day's morning check-in, then the
    session's highest pain during a set, then its pain after."""
    order = {"morning": 0, "during": 1, "after": 2}
    reports = [PainReport(c.date, c.pain, "morning") for c in diary.checkins]
    for session in diary.sessions:
        if session.sets:
            reports.append(PainReport(session.date, max(s.pain for s in session.sets), "during"))
        if session.pain_after is not None:
            reports.append(PainReport(session.date, session.pain_after, "after"))
    return sorted(reports, key=lambda r: (r.date, order[r.source]))


def pain_rising_rule(reports: Sequence[PainReport]) -> Flag | None:
    """The latest pain report against the one before: flagged when it is 7 or more, when it rose
    by 2 or more, or when it is 5 or more and rose by at least a point (Silbernagel 2007: pain
    above 5/10 is high risk, and pain should not rise from one report to the next)."""
    if not reports:
        return None
    latest = reports[-1]
    previous = reports[-2] if len(reports) > 1 else None
    rise = latest.pain - previous.pain if previous is not None else 0
    detail: dict[str, str | int] = {"pain": latest.pain, "source": latest.source}
    if previous is not None:
        detail |= {"previous": previous.pain, "previous_date": previous.date.isoformat()}
    if latest.pain >= PAIN_HIGH:
        return Flag("pain_rising", latest.date, detail | {"rule": "high"})
    if rise >= PAIN_JUMP:
        return Flag("pain_rising", latest.date, detail | {"rule": "jump"})
    if latest.pain >= PAIN_CONCERN and rise >= 1:
        return Flag("pain_rising", latest.date, detail | {"rule": "rise"})
    return None


def red_flag_rule(level: ScreeningLevel | None, answered_on: date | None) -> Flag | None:
    """The last red-flag screening found something (soon, urgent, emergency): a clinician
    should see the person (docs/programme.md, screening)."""
    if level is None or answered_on is None or level == "clear":
        return None
    return Flag("red_flag", answered_on, {"level": level})


def relief_since_rule(state: ProgrammeState, decisions: Iterable[Decision]) -> date | None:
    """The day the relief period in progress began (the last whole-programme relief decision),
    or None when the programme is not in relief or under review."""
    if state not in ("relief", "paused_for_review"):
        return None
    start = None
    for decision in decisions:
        if decision.exercise is None and decision.kind == "relief":
            start = decision.date
        elif decision.exercise is None and decision.kind == "resume":
            start = None
    return start


def relief_rule(state: ProgrammeState, relief_since: date | None) -> Flag | None:
    """A relief period in progress (``relief``), or one that did not settle and awaits a
    clinician's review (``review``)."""
    if relief_since is None:
        return None
    if state == "paused_for_review":
        return Flag("review", relief_since, {})
    return Flag("relief", relief_since, {})


def due_since_rule(last_session: date | None, planned_training_days: Iterable[date]) -> date | None:
    """The first planned training day after the last logged session (the one now due): the
    person is inactive once ``OVERDUE_GRACE_DAYS`` pass it with nothing logged."""
    return min(
        (d for d in planned_training_days if last_session is None or d > last_session), default=None
    )


def questionnaire_due_rule(due: DueForm | None, today: date) -> Flag | None:
    """The scheduled questionnaires of the current window (``questionnaires.due_now``), still
    missing ``QUESTIONNAIRE_GRACE_DAYS`` after their day. Unlike the other rules it compares
    with today: the clinic stores it on each fresh replay (the first of each day included) and
    whenever a questionnaire is filled in, so it follows the person's own use of the app."""
    if due is None or not due.missing or (today - due.due_on).days < QUESTIONNAIRE_GRACE_DAYS:
        return None
    return Flag(
        "questionnaire_due", due.due_on, {"week": due.week, "missing": ", ".join(due.missing)}
    )


def side_difference_rule(diary: Diary) -> Flag | None:
    """A marked left/right difference: the same leg weaker (fewer reps or more pain, the seed's
    unilateral rule) in at least 3 of the last 4 sessions that compared the legs."""
    verdicts: list[tuple[date, Side | None]] = []
    for session in sorted(diary.sessions, key=lambda s: s.date):
        verdict = weaker_in_session(session)
        if verdict is not False:
            verdicts.append((session.date, verdict if isinstance(verdict, str) else None))
    window = verdicts[-SIDE_WINDOW:]
    for side in ("left", "right"):
        count = sum(1 for _, weaker in window if weaker == side)
        if count >= SIDE_MIN_SESSIONS:
            return Flag(
                "side_difference",
                window[-1][0],
                {"side": side, "sessions": count, "compared": len(window)},
            )
    return None
