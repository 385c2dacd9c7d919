"""Viewing a day is a read (issue 11, items 1 and 2): the Today page and its JSON twin for any day
other than today change nothing stored, and a day outside the programme's window (before its
start, a date the engine cannot reach, a number for a date) is a clear 4xx naming the field.

Only today, the clock read at the request's edge, saves the refresh (decisions, the calendar)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kneecoach.web.coach import models
from kneecoach.web.coach import services as coach
from tests.web.access import logged_in_client, token_client
from tests.web.patient.conftest import today_for

pytestmark = pytest.mark.django_db


def stored_advice() -> list[Any]:
    """What a refresh saves: every decision row and every scheduled-session row, in full."""
    return [
        list(models.Decision.objects.order_by("id").values()),
        list(models.ScheduledSession.objects.order_by("id").values()),
        list(models.Profile.objects.order_by("id").values("id", "advice_digest")),
    ]


@pytest.fixture
def demo() -> tuple[User, dt.date]:
    """The demo person (two weeks of diary up to yesterday), after a plain view of Today."""
    today = today_for()
    coach.create_demo(today)
    user = coach.resolve_user(coach.DEMO_USERNAME)
    assert isinstance(user, User)  # the project's user model, which the test clients take
    assert logged_in_client(user).get("/today/").status_code == 200  # today's refresh saved
    return user, today


def test_viewing_a_past_day_page_and_api_saves_nothing(demo: tuple[User, dt.date]) -> None:
    user, today = demo
    before = stored_advice()
    assert len(before[0]) > 7  # the demo's whole history of decisions
    page, api = logged_in_client(user), token_client(user)
    for days_back in (1, 3, 7, 14):
        day = today - dt.timedelta(days=days_back)
        assert page.get(f"/today/{day}/").status_code == 200
        assert api.get(f"/api/today/{day}").status_code == 200
        assert stored_advice() == before, day


def test_a_past_day_shows_that_days_doses_without_saving_them(demo: tuple[User, dt.date]) -> None:
    user, today = demo
    day = today - dt.timedelta(days=7)
    shown = token_client(user).get(f"/api/today/{day}").json()
    assert shown["is_today"] is False and shown["day"] == day.isoformat()
    assert shown["session"]["day"] == day.isoformat()
    # The decisions listed are that day's; the saved ones are still the whole fortnight's.
    assert all(d["day"] == day.isoformat() for d in shown["session"]["decisions"])
    assert models.Decision.objects.filter(day__gt=day).exists()


def test_today_still_saves_its_refresh(demo: tuple[User, dt.date]) -> None:
    user, _ = demo
    models.Decision.objects.all().delete()
    models.Profile.objects.update(advice_digest="")
    assert token_client(user).get("/api/today").status_code == 200
    assert models.Decision.objects.count() > 7


def test_logging_a_set_for_a_past_day_saves_the_refresh_for_today(
    demo: tuple[User, dt.date],
) -> None:
    user, today = demo
    before = stored_advice()
    day = today - dt.timedelta(days=2)
    item = coach.today(user, day, today_=today).items[0]
    body = {
        "exercise": item.exercise,
        "set_number": 1,
        "side": item.sides[0] if item.sides else None,
        "reps": item.dose.reps,
        "seconds": item.dose.seconds,
        "pain": 8,  # more than the set logged then: the decisions change
        "replace": True,  # the demo logged that set: this corrects it
    }
    client = token_client(user)
    assert (
        client.post(f"/api/sessions/{day}/sets", body, content_type="application/json").status_code
        == 201
    )
    # What is saved is the refresh as of today: viewing Today now writes nothing more.
    after_log = stored_advice()
    assert client.get("/api/today").status_code == 200
    assert stored_advice() == after_log
    assert after_log[2] != before[2]  # the digest moved: the refresh did run


def _error(response: Any, status: int = 422) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    body: dict[str, Any] = response.json()
    assert set(body) == {"error", "message", "field"}
    return body


def test_a_day_before_the_start_is_refused_and_saves_nothing(demo: tuple[User, dt.date]) -> None:
    user, _ = demo
    start = coach.get_profile(user).start_date
    before = stored_advice()
    for day in (start - dt.timedelta(days=1), start - dt.timedelta(days=40)):
        body = _error(token_client(user).get(f"/api/today/{day}"))
        assert body["field"] == "date"
        assert "before" in body["message"] and start.isoformat() in body["message"]
        page = logged_in_client(user).get(f"/today/{day}/")
        assert page.status_code == 422
        assert start.isoformat() in page.content.decode()
        assert stored_advice() == before


@pytest.mark.parametrize("day", ["0001-01-01", "1000-06-15", "9999-12-31"])
def test_dates_the_engine_cannot_reach_are_a_4xx_not_a_500(
    demo: tuple[User, dt.date], day: str
) -> None:
    user, _ = demo
    before = stored_advice()
    api, page = token_client(user), logged_in_client(user)
    assert _error(api.get(f"/api/today/{day}"))["field"] == "date"
    assert _error(api.get(f"/api/sessions/{day}"), 404)["field"] == "date"
    set_body = {"exercise": "clamshell", "set_number": 1, "side": "left", "reps": 8, "pain": 1}
    logged = api.post(f"/api/sessions/{day}/sets", set_body, content_type="application/json")
    assert _error(logged)["field"] == "date"
    pain = api.post(f"/api/sessions/{day}/pain-after", {"pain": 1}, content_type="application/json")
    assert _error(pain)["field"] == "date"
    assert page.get(f"/today/{day}/").status_code == 422
    form = {"exercise": "clamshell", "set_number": "1", "side": "left", "reps": "8", "pain": "1"}
    assert page.post(f"/today/{day}/sets/", form).status_code == 422
    assert page.post(f"/today/{day}/pain-after/", {"pain": "1"}).status_code == 422
    assert stored_advice() == before


@pytest.mark.parametrize("text", ["0", "20261125", "1700000000", "2026-W48-3", "2026-11-25T00:00"])
def test_a_day_that_is_not_yyyy_mm_dd_is_refused(demo: tuple[User, dt.date], text: str) -> None:
    user, _ = demo
    client: Client = token_client(user)
    for url in (f"/api/today/{text}", f"/api/sessions/{text}"):
        body = _error(client.get(url))
        assert body["field"] == "day", url
        assert "YYYY-MM-DD" in body["message"]


def test_the_refusal_is_in_the_pages_language(demo: tuple[User, dt.date]) -> None:
    user, _ = demo
    start = coach.get_profile(user).start_date
    day = start - dt.timedelta(days=1)
    client = logged_in_client(user)
    page = client.get(f"/today/{day}/", headers={"accept-language": "nb"})
    assert page.status_code == 422
    assert f"{day} er før programmet ditt begynner, {start}" in page.content.decode()
    api = token_client(user).get(f"/api/today/{day}", headers={"accept-language": "nb"})
    assert "er før programmet ditt begynner" in _error(api)["message"]
