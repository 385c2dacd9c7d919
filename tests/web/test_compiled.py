"""A query compiled once gives exactly what its queryset gives for every value put in, on SQLite
and PostgreSQL (dates adapted, psycopg's wrapped small integers kept), and refuses a stand-in
the compiled query does not hold."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from kneecoach.web.clinic import flagging
from kneecoach.web.clinic import models as clinic_models
from kneecoach.web.coach import models, services
from kneecoach.web.coach.usecases import diary
from kneecoach.web.compiled import CompiledQuery

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 25)


@pytest.fixture
def people(db: None) -> list[models.Profile]:
    """Two demo people, the first enrolled in a clinic with flags (JSON detail, a seen one)."""
    services.create_demo(DAY)
    get_user_model().objects.filter(username="demo").update(username="first")
    services.create_demo(DAY - dt.timedelta(days=3), days=20)
    profiles = list(models.Profile.objects.order_by("pk"))
    clinic = clinic_models.Clinic.objects.create(name="Fysio")
    clinic_models.Enrolment.objects.create(
        clinic=clinic,
        patient_id=profiles[0].user_id,
        display_name="first",
        accepted_at=timezone.now(),
        last_session=DAY,
        latest_pain=4,
    )
    clinic_models.Flag.objects.create(
        patient_id=profiles[0].user_id, kind="pain_rising", since=DAY, detail={"pain": 6}
    )
    clinic_models.Flag.objects.create(
        patient_id=profiles[0].user_id,
        kind="relief",
        since=DAY,
        detail={},
        seen_at=timezone.now(),
    )
    return profiles


def test_the_clinics_stored_state_read_equals_its_queryset(people: list[models.Profile]) -> None:
    days = [dt.date.min, DAY - dt.timedelta(days=9), DAY, DAY + dt.timedelta(days=2)]
    for profile, after in itertools.product(people, days):
        values: dict[str, Any] = {"patient": profile.user_id, "profile": profile.pk, "after": after}
        rows = flagging._STORED.rows(**values)
        assert rows == list(flagging._stored_query(**values)), (profile.pk, after)
    first = flagging.read_stored(people[0], DAY - dt.timedelta(days=9))
    assert first is not None and set(first.flags) == {"pain_rising", "relief"}
    assert first.flags["pain_rising"].detail == {"pain": 6} and first.next_due is not None
    assert flagging.read_stored(people[1], None) is None


def test_the_sets_read_equals_its_queryset(people: list[models.Profile]) -> None:
    sets = list(
        models.LoggedSet.objects.values_list(
            "session__profile_id", "session__day", "exercise", "set_number", "side"
        )[:40]
    )
    missing = [(people[1].pk, DAY + dt.timedelta(days=5), "vmo-lift", 1, "both")]
    assert sets
    for profile, day, exercise, number, side in [*sets, *missing]:
        values: dict[str, Any] = {
            "profile": profile,
            "day": day,
            "exercise": exercise,
            "set_number": number,
            "side": side,
        }
        rows = diary._SESSION_AND_SET.rows(**values)
        assert rows == list(diary._session_and_set_query(**values))


def test_a_stand_in_the_query_does_not_hold_is_refused(db: None) -> None:
    def build(profile: int, day: dt.date) -> Any:
        return models.LoggedSession.objects.filter(profile_id=profile).values_list("pk")

    with pytest.raises(ValueError, match="day"):
        CompiledQuery(build, profile=-5, day=dt.date(1, 2, 3)).rows(profile=1, day=DAY)
    with pytest.raises(ValueError, match="own stand-in"):
        CompiledQuery(build, profile=-5, day=-5)
    with pytest.raises(TypeError):
        CompiledQuery(build, profile=-5, day=dt.date(1, 2, 3)).rows(profile=1)
