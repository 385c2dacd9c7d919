"""What a Today request reads: the profile once (the API and the page read it at the edge and
pass it along), no statement twice; and a profile passed in must be the person's own."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kneecoach.web.coach import models as coach_models
from kneecoach.web.coach import services as coach
from kneecoach.web.outcomes import models as outcome_models
from kneecoach.web.outcomes import services as outcomes
from kneecoach.web.requests import local_today
from tests.web.access import logged_in_client, token_client
from tests.web.patient.conftest import onboarded, today_for

pytestmark = pytest.mark.django_db


def _selects(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]


def _person() -> tuple[User, dt.date]:
    """Someone a week in, with a set logged today, yesterday's session, a questionnaire due."""
    user = onboarded("reader", days_ago=8)
    today = today_for(user)
    data = coach.SetInput(exercise="vmo-lift", set_number=1, side="right", reps=8, pain=2)
    coach.log_set(user, today - dt.timedelta(days=1), data, today_=today)
    coach.log_set(user, today, data, today_=today)
    profile = coach_models.Profile.objects.get(user=user)
    outcome_models.OutcomeSchedule.objects.create(profile=profile, weeks=[0, 1])
    return user, today


@pytest.mark.parametrize("url", ["/api/today", "/api/today/{yesterday}"])
def test_todays_json_reads_the_profile_once_and_nothing_twice(url: str) -> None:
    user, today = _person()
    client = token_client(user)
    client.get("/api/today")  # the first view of the day saves the refresh
    selects = _selects(client, url.format(yesterday=today - dt.timedelta(days=1)))
    assert sum('FROM "coach_profile"' in sql for sql in selects) == 1
    assert [sql for sql, n in Counter(selects).items() if n > 1] == []


@pytest.mark.parametrize("url", ["/today/", "/today/{yesterday}/"])
def test_the_today_page_reads_the_profile_once_and_nothing_twice(url: str) -> None:
    user, today = _person()
    client = logged_in_client(user)
    client.get("/today/")
    selects = _selects(client, url.format(yesterday=today - dt.timedelta(days=1)))
    assert sum('FROM "coach_profile"' in sql for sql in selects) == 1
    assert [sql for sql, n in Counter(selects).items() if n > 1] == []


def test_todays_json_shows_what_its_reads_found() -> None:
    """The reads that replaced querysets still find the logged set, the check-in due, the
    questionnaire due and the video checks' absence."""
    user, today = _person()
    page = token_client(user).get("/api/today").json()
    assert page["day"] == today.isoformat()
    assert page["session"]["checkin_due"] == today.isoformat()
    logged = [s for item in page["session"]["items"] for s in item["logged"]]
    assert [(s["exercise"], s["set_number"], s["side"]) for s in logged] == [
        ("vmo-lift", 1, "right")
    ]
    assert page["questionnaire_due"] is not None
    assert page["video_checks"] == []


def test_a_profile_passed_in_must_be_the_persons_own() -> None:
    first, today = _person()
    other = onboarded("other")
    profile = coach.profile_record(first)
    with pytest.raises(ValueError, match="another person's"):
        coach.today(other, today, today_=today, profile=profile)
    with pytest.raises(ValueError, match="another person's"):
        local_today(other, profile)
    with pytest.raises(ValueError, match="another person's"):
        outcomes.due_notice(other, today, profile=profile)


def test_logging_a_set_through_the_api_reads_the_profile_once() -> None:
    user, today = _person()
    client = token_client(user)
    body = {"exercise": "vmo-lift", "set_number": 1, "side": "right", "reps": 9, "pain": 3}
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            f"/api/sessions/{today}/sets",
            {**body, "replace": True},
            content_type="application/json",
        )
    assert response.status_code == 201, response.content[:300]
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert sum('FROM "coach_profile"' in sql for sql in selects) == 1
    assert response.json()["pain"] == 3


def test_a_set_logged_with_another_persons_profile_is_refused() -> None:
    first, today = _person()
    other = onboarded("other")
    data = coach.SetInput(exercise="vmo-lift", set_number=2, side="right", reps=8, pain=2)
    with pytest.raises(ValueError, match="another person's"):
        coach.log_set(other, today, data, today_=today, profile=coach.profile_record(first))


def test_a_set_logged_before_onboarding_is_a_404_naming_the_user_and_saves_nothing() -> None:
    """The API reads the profile at the edge now; without one the use case still refuses."""
    user = User.objects.create_user("not-onboarded", password="a-long-password-42")
    response = token_client(user).post(
        "/api/sessions/2026-12-01/sets",
        {"exercise": "vmo-lift", "set_number": 1, "side": "right", "reps": 8, "pain": 2},
        content_type="application/json",
    )
    assert response.status_code == 404, response.content
    assert response.json()["field"] == "user"
    assert not coach_models.LoggedSet.objects.exists()
