"""Flare and relief: when loaded work pauses, when it resumes, and when a clinician should look.

Pure rules the replay (``walk``) calls in the decision order of docs/evidence.md#decision-order:
a flare shows in a morning check-in or in a session (docs/evidence.md#flare, the in-session stop
rule docs/evidence.md#stop-rule); it starts a relief period (rest, compression support, cold
packs; NHS safeguards; docs/evidence.md#relief), which ends once the mornings are back at the
usual level, every exercise then restarting one step lower, or turns into a pause for a
clinician's review when it has not settled within 14 days (NHS: "if not settling within 1-2
weeks, advise review by a clinician").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from operator import attrgetter

from kneecoach.catalog.schema import Exercise, Localized
from kneecoach.programme import pain as pain_rules
from kneecoach.programme.dosing import Ladder
from kneecoach.programme.progression import ExerciseState, describe_step
from kneecoach.programme.reasons import Reason
from kneecoach.programme.screening import in_session_stop_rule
from kneecoach.programme.values import Decision, MorningCheckin, SessionLog

RELIEF_REVIEW_AFTER = timedelta(days=14)
"""A relief period not settled within 14 days -> clinician review (docs/evidence.md#relief:
"if not settling within 1-2 weeks, advise review by a clinician")."""
SETTLED_CHECKINS = 2
"""Relief ends after 2 check-ins in a row back at the usual level (design default [S])."""

_pain = attrgetter("pain")


def morning_flare_reasons(
    day: date, checkin: MorningCheckin, previous: MorningCheckin | None, usual: int | None
) -> tuple[Reason, ...]:
    """Flare signs in a morning check-in (docs/evidence.md#flare): not able to bear weight
    normally (a referral question too: the screening asks it, U9,
    docs/evidence.md#weight-bearing), new swelling (on the first check-in too,
    ``pain.swelling_is_new``), morning pain 3+ points above the usual level
    (``pain.next_morning_is_flare``). ``previous``: the check-in before this one; ``usual``: the
    person's usual pain on ``day`` (``pain.usual_pain_level``)."""
    reasons: list[Reason] = []
    if checkin.cannot_bear_weight:
        reasons.append(Reason("flare_weight_bearing", date=day))
        reasons.append(Reason("rescreen_weight_bearing"))
    if pain_rules.swelling_is_new(checkin, previous):
        reasons.append(Reason("flare_new_swelling", date=day))
    if usual is not None and pain_rules.next_morning_is_flare(usual, checkin.pain):
        reasons.append(
            Reason(
                "flare_morning_pain",
                date=day,
                pain=checkin.pain,
                rise=checkin.pain - usual,
                baseline=usual,
                flare=pain_rules.FLARE_MORNING_RISE,
            )
        )
    return tuple(reasons)


def session_stop_reasons(session: SessionLog, names: Mapping[str, Localized]) -> tuple[Reason, ...]:
    """The in-session stop rule over the whole session (``screening.in_session_stop_rule``,
    docs/evidence.md#stop-rule): pain 8+/10 in any set (``pain.pain_during_is_flare``; the
    reason names the exercise that hurt, from ``names``), sharp pain or a pop, new swelling,
    giving way."""
    worst = max(session.sets, key=_pain, default=None)
    reasons = list(in_session_stop_rule(worst.pain if worst else 0, session.stop_events))
    if worst is not None and reasons and pain_rules.pain_during_is_flare(worst.pain):
        reasons[0] = Reason(
            "stop_pain_during",
            exercise=names[worst.exercise],
            pain=worst.pain,
            stop=pain_rules.FLARE_PAIN,
        )
    return tuple(reasons)


def session_flare_reasons(
    day: date, session: SessionLog, names: Mapping[str, Localized]
) -> tuple[Reason, ...]:
    """A flare wherever the session shows it (docs/evidence.md#flare): the in-session stop rule
    (``session_stop_reasons``), and pain of 8/10 or more about an hour after the session
    (``pain.pain_after_is_flare``)."""
    reasons: list[Reason] = []
    stop = session_stop_reasons(session, names)
    if stop:
        reasons.append(Reason("session_stopped", date=day, stops=stop))
    if session.pain_after is not None and pain_rules.pain_after_is_flare(session.pain_after):
        reasons.append(
            Reason(
                "flare_pain_after", date=day, pain=session.pain_after, flare=pain_rules.FLARE_AFTER
            )
        )
    return tuple(reasons)


def relief_reference_rule(usual: int | None) -> int:
    """The morning pain a relief period waits for: the usual level, never below the safe zone's
    top (0-2, docs/evidence.md#zones), so a person who was pain-free is not held in relief by a
    morning at 1-2 (docs/evidence.md#relief)."""
    return max(usual if usual is not None else 0, pain_rules.SAFE_MAX)


def relief_decision(day: date, reasons: Sequence[Reason], reference: int) -> Decision:
    """The decision that starts a relief period: pause loaded work, comfort measures (the seed:
    rest, compression support, cold packs; NHS safeguards; docs/evidence.md#relief), until
    ``SETTLED_CHECKINS`` mornings in a row are back at ``reference``."""
    return Decision(
        day,
        None,
        "relief",
        (
            *reasons,
            Reason("relief_until_settled", reference=reference, count=SETTLED_CHECKINS),
            Reason("flare_advice"),
        ),
    )


def relief_settling_rule(
    streak: int, reference: int, checkin: MorningCheckin
) -> tuple[int, Reason | None]:
    """Relief ends once morning pain is back at the usual level (at most ``reference``, and no
    swelling or weight-bearing problem) on 2 check-ins in a row (docs/evidence.md#relief).
    ``streak``: such check-ins in a row before this one. Returns the new streak and, when relief
    ends, the reason it ends with."""
    settled = checkin.pain <= reference and not checkin.swelling and not checkin.cannot_bear_weight
    streak = streak + 1 if settled else 0
    if streak < SETTLED_CHECKINS:
        return streak, None
    return streak, Reason(
        "relief_settled", reference=reference, count=SETTLED_CHECKINS, pain=checkin.pain
    )


def relief_review_rule(relief_start: date, day: date) -> Decision | None:
    """A relief period not settled within 14 days: advise a clinician review
    (docs/evidence.md#relief); loaded work stays paused. The decision is dated the day it fell
    due, whichever later day the replay notices it on."""
    due = relief_start + RELIEF_REVIEW_AFTER
    if day < due:
        return None
    return Decision(
        due,
        None,
        "refer",
        (
            Reason("relief_not_settled", days=RELIEF_REVIEW_AFTER.days, date=relief_start),
            Reason("see_clinician_paused"),
        ),
    )


def resume_decision(day: date, reason: Reason) -> Decision:
    """Training resumes (relief settled, or a clinician reviewed), every exercise one step lower
    (docs/evidence.md#relief)."""
    return Decision(day, None, "resume", (reason, Reason("all_restart_lower")))


def restart_lower_rule(
    exercise: Exercise,
    ladder: Ladder,
    state: ExerciseState,
    day: date,
    performed: Localized | Reason,
) -> tuple[ExerciseState, Decision]:
    """After relief an exercise restarts one step lower than before the flare
    (docs/evidence.md#relief; a regression is the ladder in reverse, docs/evidence.md#ladders),
    and its run of sessions starts again. ``performed``: what the person did at the old dose."""
    lower = ladder.step_down(state.dose)
    restarted = ExerciseState(
        lower,
        0,
        state.last_progress,
        day,
        day if state.last_done is not None else None,
    )
    change = (
        describe_step(exercise, state.dose, lower)
        if lower != state.dose
        else Reason("already_easiest_step")
    )
    reason = Reason("restart_after_relief", exercise=performed, change=change)
    return restarted, Decision(day, exercise.slug, "resume", (reason,), state.dose, lower)
