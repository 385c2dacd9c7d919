"""Factories for the patient page tests: onboarded people, logged sessions, DB snapshots."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User

from kneecoach.web.coach import models
from kneecoach.web.coach import services as coach
from kneecoach.web.patient.models import Preferences
from kneecoach.web.patient.pages import local_today
from tests.web.access import make_user

ALL_NO = {q.id: "no" for q in coach.screening_questions()}
EQUIPMENT = frozenset({"mat", "mini-band", "ankle-band", "soft-ball", "wall"})


def today_for(user: User | None = None) -> dt.date:
    return local_today(user) if user is not None else local_today(make_anon())


def make_anon() -> Any:
    class Nobody:
        pk = -1

    return Nobody()


def onboarded(
    username: str, *, days_ago: int = 1, answers: dict[str, str] | None = None, **fields: Any
) -> User:
    """A person onboarded ``days_ago`` days ago (every day available, untrained, right knee)."""
    user = make_user(username)
    start = today_for(user) - dt.timedelta(days=days_ago)
    data = coach.ProfileInput(
        **{
            "trained": False,
            "start_date": start,
            "painful_side": "right",
            "equipment": EQUIPMENT,
            **fields,
        }
    )
    coach.onboard(user, data, answers or ALL_NO, start)
    return user


def diary_rows() -> list[Any]:
    """Everything a request could change, as comparable values."""
    return [
        list(models.LoggedSet.objects.order_by("id").values()),
        list(models.LoggedSession.objects.order_by("id").values()),
        list(models.MorningCheckin.objects.order_by("id").values()),
        list(models.Profile.objects.order_by("id").values()),
        list(models.ScreeningRecord.objects.order_by("id").values()),
        list(Preferences.objects.order_by("id").values()),
    ]
