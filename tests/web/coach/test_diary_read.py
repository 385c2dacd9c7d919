"""The diary read with SQL compiled once per process gives exactly what its querysets give, for
every person (the compiled SQL is reused with another profile id), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from kneecoach.web.coach import models, repository, services

DAY = dt.date(2026, 11, 25)


@pytest.fixture
def two_people(db: None) -> list[models.Profile]:
    """Two demo people with different diaries (the first renamed before the second is made)."""
    services.create_demo(DAY)
    get_user_model().objects.filter(username="demo").update(username="first")
    services.create_demo(DAY - dt.timedelta(days=3), days=20)
    return list(models.Profile.objects.order_by("pk"))


@pytest.mark.django_db
def test_the_compiled_diary_read_equals_its_querysets_for_every_person(
    two_people: list[models.Profile],
) -> None:
    profiles = two_people
    assert len(profiles) == 2
    builds = repository.diary_reads(None)
    for profile in profiles:
        for name, read in repository.DIARY_READS.items():
            assert read.rows(profile.pk) == list(builds[name](profile.pk)), name
    for profile in profiles:  # the until= path reads through the querysets themselves
        assert repository.read_diary(profile) == repository.read_diary(
            profile, until=dt.date(9000, 1, 1)
        )
    assert repository.read_diary(profiles[0]) != repository.read_diary(profiles[1])


@pytest.mark.django_db
def test_a_session_without_sets_and_a_clinicians_override_are_in_the_diary(db: None) -> None:
    services.create_demo(DAY)
    demo = models.Profile.objects.get(user__username="demo")
    clinician = get_user_model().objects.create_user("clinician", password="x")
    models.ClinicianOverride.objects.create(
        profile=demo,
        starts_on=DAY,
        exercise="wall-squat",
        dose={"level": 0, "sets": 3, "reps": 8, "seconds": None, "per_side": False},
        note="easier today",
        created_by=clinician,
    )
    later = DAY + dt.timedelta(days=1)
    models.LoggedSession.objects.create(profile=demo, day=later, stop_events=["pop"])
    diary = repository.read_diary(demo)
    assert diary.overrides[-1].clinician == "clinician"
    dose = diary.overrides[-1].dose
    assert dose is not None and dose.sets == 3
    empty = next(s for s in diary.sessions if s.date == later)
    assert empty.sets == () and empty.stop_events == frozenset({"pop"})
    assert all(s.sets for s in diary.sessions if s.date != later)
