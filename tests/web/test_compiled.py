"""Reads compiled once per process (web/compiled.py) give exactly what their querysets give: for
every person (SQL compiled for one is run again for another), every day and date range, on
SQLite and PostgreSQL; the model instances they make equal the ones Django's iterator makes."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.utils import timezone

from kneecoach.web.accounts import services as accounts
from kneecoach.web.accounts import usecases as account_usecases
from kneecoach.web.camera import usecases as camera
from kneecoach.web.camera.models import VideoCheck
from kneecoach.web.clinic import flagging
from kneecoach.web.clinic import models as clinic_models
from kneecoach.web.coach import models, repository, services
from kneecoach.web.coach.usecases import diary
from kneecoach.web.coach.usecases import today as today_usecase
from kneecoach.web.compiled import CompiledRead, concrete_columns, instance
from kneecoach.web.outcomes import models as outcome_models
from kneecoach.web.outcomes.usecases import schedule
from kneecoach.web.patient import pages
from kneecoach.web.patient.models import Preferences

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 25)


@pytest.fixture
def people(db: None) -> list[models.Profile]:
    """Two demo people with different diaries, each with a unit preference, an outcome
    schedule, questionnaires, video checks of sets and a token; a third user has nothing."""
    services.create_demo(DAY)
    get_user_model().objects.filter(username="demo").update(username="first")
    services.create_demo(DAY - dt.timedelta(days=3), days=20)
    nobody = get_user_model().objects.create_user("nobody")
    profiles = list(models.Profile.objects.select_related("user").order_by("pk"))
    Preferences.objects.create(user=profiles[0].user, units="imperial")
    outcome_models.OutcomeSchedule.objects.create(
        profile=profiles[1], weeks=[0, 2, 6], knee_form="koos"
    )
    for i, profile in enumerate(profiles):
        for day in (profile.start_date, profile.start_date + dt.timedelta(days=8 + i)):
            outcome_models.QuestionnaireResponse.objects.create(
                profile=profile, questionnaire="nprs", answered_on=day, answers={"pain": i}
            )
        sets = models.LoggedSet.objects.filter(session__profile=profile).order_by("pk")[:3]
        for number, logged in enumerate(sets):
            VideoCheck.objects.create(
                profile=profile,
                logged_set=logged,
                size_bytes=1000 + number,
                unit="reps",
                counted=number or None,
                result={"reps": number} if number else None,
                started_at=timezone.now() if number == 1 else None,
            )
        accounts.create_token(profile.user, f"token {i}")
        models.ClinicianOverride.objects.create(
            profile=profile,
            starts_on=profile.start_date + dt.timedelta(days=2),
            exercise="wall-squat",
            dose={"level": 0, "sets": 3, "reps": 8 + i, "seconds": None, "per_side": False},
            note="easier",
            created_by=nobody,
        )
    return profiles


def _days(profile: models.Profile) -> list[dt.date]:
    """Every day of the diary and one either side."""
    last = models.LoggedSession.objects.filter(profile=profile).order_by("-day").first()
    assert last is not None
    count = (last.day - profile.start_date).days + 3
    return [profile.start_date + dt.timedelta(days=n - 1) for n in range(count)]


def _reads(
    profile: models.Profile, day: dt.date
) -> list[tuple[str, CompiledRead, tuple[Any, ...]]]:
    """Each compiled read of the Today request with its arguments for ``profile`` on ``day``."""
    user_id = profile.user_id
    return [
        *((f"diary {name}", read, (profile.pk,)) for name, read in repository.DIARY_READS.items()),
        ("profile", repository.PROFILE_READ, (user_id,)),
        ("units", pages._UNITS, (user_id,)),
        ("sets", today_usecase._SETS, (profile.pk, day)),
        ("sessions", today_usecase._SESSIONS, (profile.pk, day - dt.timedelta(days=1), day)),
        ("check-in", today_usecase._CHECKIN, (profile.pk, day)),
        ("last screened", today_usecase._LAST_SCREENED, (profile.pk,)),
        ("schedule", schedule._SCHEDULE, (profile.pk,)),
        ("filled", schedule._FILLED, (profile.pk,)),
        ("video checks", camera._LATEST_CHECKS, (user_id, day)),
    ]


def test_every_compiled_read_equals_its_queryset_for_every_person_and_day(
    people: list[models.Profile],
) -> None:
    """Compiled for the first person's first day, then run for the other person and days, in
    both orders of people (the compiled SQL is kept per process, so order must not matter)."""
    for profile in [*people, *reversed(people)]:
        for day in _days(profile):
            for name, read, arguments in _reads(profile, day):
                expected = [tuple(row) for row in read.queryset(*arguments)]
                assert read.rows(*arguments) == expected, (name, profile.pk, day)
    # and they are not all empty: the fixture gave every read something to find
    first_set = models.LoggedSet.objects.filter(session__profile=people[1]).earliest("pk")
    for name, read, arguments in _reads(people[1], first_set.session.day):
        if name not in ("units", "check-in"):
            assert read.rows(*arguments), name


def test_a_date_range_read_equals_its_queryset_for_every_range(
    people: list[models.Profile],
) -> None:
    profile = people[0]
    days = _days(profile)
    for since, until in itertools.product(days[:8], days[:8]):
        arguments = (profile.pk, since, until)
        expected = list(today_usecase._SESSIONS.queryset(*arguments))
        assert today_usecase._SESSIONS.rows(*arguments) == expected


def test_an_argument_used_twice_is_replaced_everywhere(people: list[models.Profile]) -> None:
    same_day = CompiledRead(
        lambda pk, day: models.LoggedSession.objects.filter(
            profile_id=pk, day__gte=day, day__lte=day
        ).values_list("day", "pain_after"),
        int,
        dt.date,
    )
    for profile in people:
        for day in _days(profile):
            assert same_day.rows(profile.pk, day) == list(same_day.queryset(profile.pk, day))


def test_a_read_refuses_an_argument_of_another_type_and_one_the_sql_does_not_take(
    people: list[models.Profile],
) -> None:
    with pytest.raises(TypeError):
        today_usecase._SETS.rows(people[0].pk, "2026-11-25")
    ignored = CompiledRead(lambda pk: models.Profile.objects.values_list("pk"), int)
    with pytest.raises(ValueError, match="not a parameter"):
        ignored.rows(people[0].pk)
    with pytest.raises(TypeError):
        CompiledRead(lambda when: models.Profile.objects.filter(created_at__lt=when), float)


def _fields(obj: Any) -> list[Any]:
    return [getattr(obj, field.attname) for field in type(obj)._meta.concrete_fields]


def test_the_profile_read_makes_the_instances_select_related_makes(
    people: list[models.Profile],
) -> None:
    for profile in people:
        expected = models.Profile.objects.select_related("user").get(user_id=profile.user_id)
        found = repository.read_profile(profile.user)
        assert found is not None
        assert _fields(found) == _fields(expected)
        assert _fields(found.user) == _fields(expected.user)
        assert found.user.kneecoach_profile is found  # cached both ways, no query
        assert not found._state.adding and found._state.db == expected._state.db
        assert services.profile_record(profile.user) is not None
    nobody = User.objects.get(username="nobody")
    assert repository.read_profile(nobody) is None
    assert services.find_profile(nobody) is None
    assert repository.read_profile(User(username="unsaved")) is None  # no pk: no profile


def test_the_token_read_finds_the_user_select_related_finds(people: list[models.Profile]) -> None:
    user = people[0].user
    raw = accounts.create_token(user, "compiled").token
    found = account_usecases.user_for_token(raw)
    assert found is not None and _fields(found) == _fields(User.objects.get(pk=user.pk))
    assert found._state.db == "default" and not found._state.adding
    assert account_usecases.user_for_token(raw + "x") is None
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert account_usecases.user_for_token(raw) is None


def test_the_video_checks_read_makes_the_instances_select_related_makes(
    people: list[models.Profile],
) -> None:
    for profile in people:
        for day in _days(profile):
            expected: dict[Any, VideoCheck] = {}
            rows = VideoCheck.objects.filter(
                profile__user_id=profile.user_id, logged_set__session__day=day
            ).select_related("logged_set")
            for check in rows.order_by("-created_at", "-id"):
                row = check.logged_set
                key = (row.exercise, row.set_number, None if row.side == "both" else row.side)
                expected.setdefault(key, check)
            found = camera.latest_checks(profile.user, day)
            assert list(found) == list(expected)
            for key, check in found.items():
                assert _fields(check) == _fields(expected[key])
                assert _fields(check.logged_set) == _fields(expected[key].logged_set)


def test_instance_is_a_saved_row(people: list[models.Profile]) -> None:
    profile = people[0]
    row = models.Profile.objects.filter(pk=profile.pk).values_list(
        *concrete_columns(models.Profile)
    )[0]
    made = instance(models.Profile, "default", row)
    made.language = "nb"
    made.save(update_fields=["language"])  # an update of that row, not an insert
    assert models.Profile.objects.count() == len(people)
    assert models.Profile.objects.get(pk=profile.pk).language == "nb"


@pytest.fixture
def enrolled(people: list[models.Profile]) -> list[models.Profile]:
    """The first person enrolled in a clinic with flags (JSON detail, a seen one)."""
    clinic = clinic_models.Clinic.objects.create(name="Fysio")
    clinic_models.Enrolment.objects.create(
        clinic=clinic,
        patient_id=people[0].user_id,
        display_name="first",
        accepted_at=timezone.now(),
        last_session=DAY,
        latest_pain=4,
    )
    clinic_models.Flag.objects.create(
        patient_id=people[0].user_id, kind="pain_rising", since=DAY, detail={"pain": 6}
    )
    clinic_models.Flag.objects.create(
        patient_id=people[0].user_id, kind="relief", since=DAY, detail={}, seen_at=timezone.now()
    )
    return people


def test_the_clinics_stored_state_read_equals_its_queryset(
    enrolled: list[models.Profile],
) -> None:
    days = [dt.date.min, DAY - dt.timedelta(days=9), DAY, DAY + dt.timedelta(days=2)]
    for profile, after in itertools.product(enrolled, days):
        arguments = (profile.user_id, profile.pk, after)
        rows = flagging._STORED.rows(*arguments)
        assert rows == list(flagging._stored_query(*arguments)), (profile.pk, after)
    first = flagging.read_stored(enrolled[0], DAY - dt.timedelta(days=9))
    assert first is not None and set(first.flags) == {"pain_rising", "relief"}
    assert first.flags["pain_rising"].detail == {"pain": 6} and first.next_due is not None
    assert flagging.read_stored(enrolled[1], None) is None


def test_the_logged_set_read_equals_its_queryset_small_integers_included(
    people: list[models.Profile],
) -> None:
    """``set_number`` is a small integer column: psycopg's ``Int2`` wrapper is kept."""
    sets = list(
        models.LoggedSet.objects.values_list(
            "session__profile_id", "session__day", "exercise", "set_number", "side"
        )[:40]
    )
    missing = [(people[1].pk, DAY + dt.timedelta(days=5), "vmo-lift", 1, "both")]
    assert sets
    for arguments in [*sets, *missing]:
        rows = diary._SESSION_AND_SET.rows(*arguments)
        assert rows == list(diary._session_and_set_query(*arguments)), arguments
