"""The demo person: a fortnight of realistic diary logged through the same use cases a person uses.
Demo data is not a use case, so it lives beside them, not among them.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model

from kneecoach.programme.screening import QUESTIONS
from kneecoach.web.coach.inputs import ProfileInput, SetInput
from kneecoach.web.coach.schemas import SessionItem
from kneecoach.web.coach.usecases.accounts import ensure_user
from kneecoach.web.coach.usecases.diary import checkin, log_session
from kneecoach.web.coach.usecases.onboarding import onboard
from kneecoach.web.coach.usecases.today import today

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "kneecoach-demo"  # noqa: S105 - documented demo login, local use only


def create_demo(today_: dt.date, *, days: int = 14) -> str:
    """A demo person ("demo" / "kneecoach-demo") with ``days`` days of realistic diary.

    The diary is logged through the same functions a person uses, one day at a time, so the
    doses in it are the engine's. Pain eases over the fortnight with one sore spell in the middle
    (the knee complains after a harder session, settles after a lighter one). Re-running it
    starts the demo afresh.
    """
    get_user_model().objects.filter(username=DEMO_USERNAME).delete()
    user = ensure_user(DEMO_USERNAME, DEMO_PASSWORD)
    start = today_ - dt.timedelta(days=days)
    onboard(
        user,
        ProfileInput(
            trained=False,
            start_date=start,
            painful_side="right",
            equipment=frozenset({"mat", "mini-band", "ankle-band", "soft-ball", "wall"}),
            weekdays=frozenset(range(7)),
            baseline_pain=3,
        ),
        {q.id: "no" for q in QUESTIONS},
        start,
    )
    rng = random.Random(2026)  # noqa: S311 - the same demo every time, not security
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        sore = 4 <= offset <= 6  # a sore spell after the first week's sessions
        if offset > 0:
            morning = 6 if offset == 6 else (4 if sore else 2)
            checkin(user, day, morning, stiffness=morning >= 4, swelling=morning >= 6, today_=day)
        view = today(user, day, today_=day)
        if view.kind != "training":
            continue
        during = 4 if sore else 2
        sets = [s for item in view.items for s in _demo_sets(item, during, rng)]
        log_session(user, day, sets, pain_after=max(0, during - 1), today_=day)
    return DEMO_USERNAME


def _demo_sets(item: SessionItem, pain: int, rng: random.Random) -> list[SetInput]:
    """Sets at the prescribed dose; the right (painful) leg now and then falls a rep short and
    hurts a point more, so the progress page has a weaker side to show."""
    sides: tuple[str | None, ...] = item.sides or (None,)
    timed = item.dose.seconds is not None
    target = item.dose.reps or item.dose.seconds or 0
    result = []
    for set_number in range(1, item.dose.sets + 1):
        for side in sides:
            short = side == "right" and set_number == item.dose.sets and rng.random() < 0.5
            amount = target - (1 if short else 0)
            result.append(
                SetInput(
                    exercise=item.exercise,
                    set_number=set_number,
                    side=side,
                    reps=None if timed else amount,
                    seconds=amount if timed else None,
                    pain=min(10, pain + (1 if side == "right" else 0)),
                    load=item.dose.load,
                )
            )
    return result
