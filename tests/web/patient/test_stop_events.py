"""Reporting what stopped a session, on the Today page and through its JSON twin (the stop rule,
docs/evidence.md#stop-rule): the "I had to stop" form with the four events in plain words; a
report turns the day into relief and the page shows the coach's advice; a misclick is taken
back; bad input is the form again with its message (page) or a 4xx naming the field (API), with
nothing saved; owner / other user / anonymous."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from kneecoach.programme.values import STOP_EVENTS
from kneecoach.web.coach import models
from kneecoach.web.coach import services as coach
from kneecoach.web.patient.forms import StopForm
from tests.web.access import (
    assert_json_twin,
    check_access,
    logged_in_client,
    make_user,
    token_client,
)
from tests.web.patient.conftest import diary_rows, onboarded, today_for

pytestmark = pytest.mark.django_db


def _events(user: Any, day: dt.date) -> list[str] | None:
    session = models.LoggedSession.objects.filter(profile__user=user, day=day).first()
    return None if session is None else list(session.stop_events)


def _post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


# --- the page -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_form_names_the_stop_events_in_the_engines_words(language: str) -> None:
    """One source: the form's choices are ``coach.stop_event_words`` in the page's language
    (the form had its own gettext copy of them, the terminal another)."""
    choices = StopForm(language=language).fields["events"].choices  # type: ignore[attr-defined]
    assert list(choices) == list(coach.stop_event_words(language))
    assert [value for value, _ in choices] == list(STOP_EVENTS)


def test_the_form_offers_every_stop_event_in_plain_words() -> None:
    user = onboarded("kari")
    html = logged_in_client(user).get("/today/").content.decode()
    section = html[html.index('id="stopped"') :]
    assert "I had to stop" in section
    assert re.search(r"<fieldset[^>]*>\s*<legend>What happened\?</legend>", section)
    for value, words in (
        ("sharp_pain", "Sharp, sudden pain"),
        ("pop", "A pop or a snap in the knee"),
        ("new_swelling", "New swelling"),
        ("giving_way", "The knee gave way"),
    ):
        assert f'type="checkbox" name="events" value="{value}"' in section, value
        assert words in section, words
    assert f'action="/today/{today_for(user)}/stop/"' in section
    assert 'href="#stopped"' in html  # the stop line above the cards points to it


def test_a_reported_giving_way_shows_the_relief_advice_on_the_page() -> None:
    user = onboarded("kari")
    client = logged_in_client(user)
    day = today_for(user)
    response = client.post(f"/today/{day}/stop/", {"events": ["giving_way"]})
    assert response.status_code == 302 and response["Location"] == "/today/#stopped"
    assert _events(user, day) == ["giving_way"]
    html = " ".join(client.get("/today/").content.decode().split())
    assert "A relief day: let the knee settle" in html  # the engine's relief, today
    section = html[html.index('id="stopped"') :]
    assert "The knee gave way" in section
    assert "had to stop: the knee gave way" in section  # the coach's reason
    assert "Loaded exercise is paused until the knee settles" in section
    assert "see your GP or physiotherapist" in section
    assert "Remove: reported by mistake" in section


def test_a_past_day_can_be_reported_later_and_shows_its_advice() -> None:
    user = onboarded("kari", days_ago=3)
    client = logged_in_client(user)
    yesterday = today_for(user) - dt.timedelta(days=1)
    response = client.post(f"/today/{yesterday}/stop/", {"events": ["pop", "sharp_pain"]})
    assert response["Location"] == f"/today/{yesterday}/#stopped"
    html = " ".join(client.get(f"/today/{yesterday}/").content.decode().split())
    section = html[html.index('id="stopped"') :]
    assert "A pop or a snap in the knee" in section and "Sharp, sudden pain" in section
    assert "had to stop: a pop in the knee; sudden sharp pain" in section
    # the day turned to relief: its card lists the comfort measures, which are said once
    assert "A relief day: let the knee settle" in html
    assert html.count("cold pack") == 1


def test_a_misclick_is_taken_back_from_the_page() -> None:
    user = onboarded("kari")
    client = logged_in_client(user)
    day = today_for(user)
    client.post(f"/today/{day}/stop/", {"events": ["pop"]})
    response = client.post(f"/today/{day}/stop/", {"events": ["pop"], "withdraw": "1"})
    assert response.status_code == 302
    assert _events(user, day) is None  # the session was only the stop
    assert "A relief day" not in client.get("/today/").content.decode()


@pytest.mark.parametrize("data", [{}, {"events": ["knee_exploded"]}])
def test_a_bad_report_shows_the_form_again_with_the_message(data: dict[str, Any]) -> None:
    user = onboarded("kari")
    client = logged_in_client(user)
    client.get("/today/")  # today's replay saved, as showing the page again would save it
    before = diary_rows()
    response = client.post(f"/today/{today_for(user)}/stop/", data)
    assert response.status_code == 422
    assert escape("Tick what happened: one or more of these.") in response.content.decode()
    assert response.context["stop_form"].errors.keys() == {"events"}
    assert diary_rows() == before


def test_a_report_for_tomorrow_is_refused() -> None:
    user = onboarded("kari")
    before = diary_rows()
    tomorrow = today_for(user) + dt.timedelta(days=1)
    response = logged_in_client(user).post(f"/today/{tomorrow}/stop/", {"events": ["pop"]})
    assert response.status_code == 422
    assert diary_rows() == before


def test_the_form_in_norwegian() -> None:
    user = onboarded("kari")
    client = logged_in_client(user)
    client.cookies["django_language"] = "nb"
    html = client.get("/today/").content.decode()
    for text in ("Jeg måtte stoppe", "Hva skjedde?", "Kneet svikta", "Si fra til treneren"):
        assert text in html, text
    assert "I had to stop" not in html


def test_a_recorded_stop_is_listed_in_the_pages_language() -> None:
    """The "stop recorded" list names the events in the engine's Bokmål, as the form does."""
    user = onboarded("kari")
    client = logged_in_client(user)
    client.cookies["django_language"] = "nb"
    client.post(f"/today/{today_for(user)}/stop/", {"events": ["pop", "new_swelling"]})
    html = " ".join(client.get("/today/").content.decode().split())
    recorded = html[html.index('id="stopped"') : html.index("Hva du bør gjøre nå")]
    words = dict(coach.stop_event_words("nb"))
    assert words["pop"] in recorded and words["new_swelling"] in recorded
    assert words["giving_way"] not in recorded
    assert "A pop or a snap in the knee" not in html


def test_the_page_and_its_json_twin_carry_the_stop() -> None:
    user = onboarded("kari")
    client = logged_in_client(user)
    client.post(f"/today/{today_for(user)}/stop/", {"events": ["new_swelling"]})
    page = client.get("/today/").context["page"]
    assert page.session.stop_events == ("new_swelling",)
    assert page.session.stop_advice
    assert_json_twin(page, client.get("/api/today"))


# --- the API --------------------------------------------------------------------------------


def test_a_stop_through_the_api_answers_the_events_and_the_advice() -> None:
    user = onboarded("kari")
    client = token_client(user)
    day = today_for(user)
    url = f"/api/sessions/{day}/stop"
    answer = _post(client, url, {"events": ["giving_way", "giving_way"]})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["day"], body["events"], body["state"]) == (
        day.isoformat(),
        ["giving_way"],
        "relief",
    )
    assert any("the knee gave way" in line for line in body["advice"])
    taken_back = _post(client, url, {"events": ["giving_way"], "withdraw": True}).json()
    assert (taken_back["events"], taken_back["advice"]) == ([], [])


@pytest.mark.parametrize(
    "body", [{"events": ["knee_exploded"]}, {"events": []}, {}, {"events": "pop"}]
)
def test_a_bad_stop_names_the_field_and_saves_nothing(body: dict[str, Any]) -> None:
    user = onboarded("kari")
    before = diary_rows()
    answer = _post(token_client(user), f"/api/sessions/{today_for(user)}/stop", body)
    assert answer.status_code == 422, answer.content
    assert set(answer.json()) == {"error", "message", "field"}
    assert answer.json()["field"] == "events"
    assert diary_rows() == before


def test_a_stop_for_tomorrow_is_refused_naming_the_date() -> None:
    user = onboarded("kari")
    tomorrow = today_for(user) + dt.timedelta(days=1)
    answer = _post(token_client(user), f"/api/sessions/{tomorrow}/stop", {"events": ["pop"]})
    assert answer.status_code == 422 and answer.json()["field"] == "date"
    assert not models.LoggedSession.objects.exists()


def test_access_to_reporting_a_stop() -> None:
    owner, other = onboarded("olivia"), make_user("oscar")  # no profile: nothing of theirs
    day = today_for(owner)
    coach.log_set(owner, day, coach.SetInput("vmo-lift", 1, 2, side="right", reps=8), today_=day)
    check_access(
        f"/api/sessions/{day}/stop",
        method="post",
        json={"events": ["pop"]},
        owner=owner,
        other=other,
        api=True,
        owner_status=200,
        snapshot=lambda: _events(owner, day),
        session_api=True,
    )
    check_access(
        f"/today/{day}/stop/",
        method="post",
        data={"events": ["sharp_pain"]},
        owner=owner,
        other=other,
        other_status=302,
        owner_status=302,
        snapshot=lambda: _events(owner, day),
    )
    assert _events(owner, day) == ["pop", "sharp_pain"]


def test_the_document_lists_the_stop_events() -> None:
    document = Client().get("/api/openapi.json").json()
    operation = document["paths"]["/api/sessions/{day}/stop"]["post"]
    assert "422" in operation["responses"]
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = document["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    assert schema["properties"]["events"]["items"]["enum"] == list(STOP_EVENTS)
    assert schema["properties"]["events"]["minItems"] == 1
