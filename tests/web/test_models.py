"""The database itself refuses values that break the diary's invariants."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from kneecoach.web.coach.models import LoggedSession, LoggedSet, MorningCheckin, Profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile() -> Profile:
    user = get_user_model().objects.create_user("kari", password="x-long-password")
    return Profile.objects.create(
        user=user,
        trained=False,
        painful_side="left",
        start_date=date(2026, 11, 2),
        weekdays=[0, 2, 4],
    )


def _refused(create: Callable[[], object]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_pain_above_ten_is_refused_by_the_database(profile: Profile) -> None:
    session = LoggedSession.objects.create(profile=profile, day=date(2026, 11, 2))
    _refused(
        lambda: LoggedSet.objects.create(
            session=session, exercise="clamshell", set_number=1, side="left", reps=10, pain=11
        )
    )
    _refused(lambda: MorningCheckin.objects.create(profile=profile, day=date(2026, 11, 3), pain=11))


def test_negative_reps_and_sets_with_both_reps_and_seconds_are_refused(profile: Profile) -> None:
    session = LoggedSession.objects.create(profile=profile, day=date(2026, 11, 2))
    _refused(
        lambda: LoggedSet.objects.create(
            session=session, exercise="clamshell", set_number=1, side="left", reps=-1, pain=2
        )
    )
    _refused(
        lambda: LoggedSet.objects.create(
            session=session,
            exercise="clamshell",
            set_number=1,
            side="left",
            reps=10,
            seconds=30,
            pain=2,
        )
    )
    _refused(
        lambda: LoggedSet.objects.create(
            session=session, exercise="clamshell", set_number=0, side="left", reps=10, pain=2
        )
    )


def test_one_checkin_per_morning(profile: Profile) -> None:
    MorningCheckin.objects.create(profile=profile, day=date(2026, 11, 3), pain=2)
    _refused(lambda: MorningCheckin.objects.create(profile=profile, day=date(2026, 11, 3), pain=3))


def test_calendar_uids_are_stable_per_profile_and_day(profile: Profile) -> None:
    day = date(2026, 11, 4)
    assert profile.event_uid(day) == profile.event_uid(day)
    assert profile.event_uid(day) != profile.event_uid(date(2026, 11, 5))
    other = Profile(uuid=uuid.uuid4())
    assert other.event_uid(day) != profile.event_uid(day)
