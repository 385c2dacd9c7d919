"""Fixtures for the Plan, Progress and library tests: people with a profile and a diary, logged
through the same use cases the pages use."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from kneecoach.programme.screening import QUESTIONS
from kneecoach.web.coach import services as coach
from tests.web.access import make_user

EQUIPMENT = frozenset({"mat", "mini-band", "ankle-band", "soft-ball", "wall"})


def local_today() -> dt.date:
    """The pages' today: the profile's zone (Europe/Oslo) at the real clock."""
    return timezone.localdate(timezone=ZoneInfo("Europe/Oslo"))


def onboard(
    user: User,
    start: dt.date,
    *,
    trained: bool = False,
    on: dt.date | None = None,
    equipment: frozenset[str] = EQUIPMENT,
) -> None:
    """Onboarded on ``on`` (default: ``start``, the programme's first day; a later ``on`` is a
    back-dated start), every red-flag answer no."""
    coach.onboard(
        user,
        coach.ProfileInput(trained=trained, start_date=start, equipment=equipment),
        {q.id: "no" for q in QUESTIONS},
        on or start,
    )


def log_day(
    user: User, day: dt.date, *, pain: int, pain_after: int | None, right_short: int = 0
) -> None:
    """Log ``day``'s whole planned session at its dose, every set with pain ``pain``; the right
    leg does ``right_short`` fewer reps per set than the left."""
    view = coach.today(user, day)
    assert view.kind == "training", f"{day} is not a training day"
    sets = []
    for item in view.items:
        timed = item.dose.seconds is not None
        target = item.dose.reps or item.dose.seconds or 0
        for number in range(1, item.dose.sets + 1):
            for side in item.sides or (None,):
                amount = target - (right_short if side == "right" else 0)
                sets.append(
                    coach.SetInput(
                        exercise=item.exercise,
                        set_number=number,
                        side=side,
                        reps=None if timed else amount,
                        seconds=amount if timed else None,
                        pain=pain,
                        load=item.dose.load,
                    )
                )
    coach.log_session(user, day, sets, pain_after=pain_after, today_=day)


@pytest.fixture
def today() -> dt.date:
    return local_today()


@pytest.fixture
def owner(db: None, today: dt.date) -> User:
    """Olivia: started four days ago, trained on day 0 and day 2 with distinctive pain scores,
    checked in the morning after each."""
    user = make_user("olivia")
    start = today - dt.timedelta(days=4)
    onboard(user, start)
    log_day(user, start, pain=3, pain_after=4, right_short=2)
    coach.checkin(user, start + dt.timedelta(days=1), 5, today_=start + dt.timedelta(days=1))
    log_day(user, start + dt.timedelta(days=2), pain=7, pain_after=6, right_short=2)
    coach.checkin(user, start + dt.timedelta(days=3), 1, today_=start + dt.timedelta(days=3))
    return user


@pytest.fixture
def other(db: None, today: dt.date) -> User:
    """Oscar: onboarded today, nothing logged."""
    user = make_user("oscar")
    onboard(user, today)
    return user
