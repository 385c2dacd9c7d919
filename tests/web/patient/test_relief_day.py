"""A session the stop rule ended (a set at 8/10): the day is relief and prescribes nothing more,
but the Today page still shows the engine's relief advice, the sets logged that day with their
"Change" and "Delete" forms, the pain-after form and the stop section, so a mistyped 8 can be
corrected and the pain an hour later recorded; the JSON twin carries the same."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from kneecoach.web.coach import models
from kneecoach.web.coach import services as coach
from tests.web.access import assert_json_twin, logged_in_client
from tests.web.patient.conftest import onboarded, today_for

pytestmark = pytest.mark.django_db


def _log(client: Client, day: dt.date, item: Any, number: int, pain: int, **extra: str) -> Any:
    amount = {"seconds": item.dose.seconds} if item.dose.seconds else {"reps": item.dose.reps}
    side = item.sides[0] if item.sides else ""
    body = {"exercise": item.exercise, "set_number": number, "side": side, "pain": pain}
    return client.post(f"/today/{day}/sets/", {**body, **amount, **extra})


def _stopped_at_eight(username: str = "kari") -> tuple[Any, Client, dt.date, Any]:
    user = onboarded(username, days_ago=0)
    client = logged_in_client(user)
    day = today_for(user)
    item = client.get("/today/").context["page"].session.items[0]
    assert _log(client, day, item, 1, 2).status_code == 302
    assert _log(client, day, item, 2, 8).status_code == 302
    return user, client, day, item


def _flat(html: bytes) -> str:
    return " ".join(html.decode().split())


def test_a_session_stopped_at_pain_8_keeps_its_sets_correctable_on_the_relief_day() -> None:
    _, client, day, item = _stopped_at_eight()
    response = client.get("/today/")
    session = response.context["page"].session
    assert session.kind == "relief" and not session.items  # the stop rule: no more sets
    html = _flat(response.content)
    assert "A relief day: let the knee settle" in html
    off_plan = html[html.index('id="logged-off-plan"') :]
    assert item.performed_as_name in off_plan or item.name in off_plan
    assert off_plan.count('class="correct-set"') == 2  # both sets can be changed
    assert off_plan.count('class="delete-set"') == 2  # and deleted
    assert 'name="replace" value="on"' in off_plan
    assert 'id="pain-after"' in html and f'action="/today/{day}/pain-after/"' in html
    assert 'id="stopped"' in html and "I had to stop" in html
    assert 'class="log-set"' not in html  # no new sets offered


def _change_form(html: str, set_number: int) -> tuple[str, dict[str, str]]:
    """The action and fields of the page's "Change" form of set ``set_number``."""
    for action, body in re.findall(
        r'<form method="post" action="([^"]+)" class="correct-set"[^>]*>(.*?)</form>', html, re.S
    ):
        fields = dict(re.findall(r'<input[^>]*name="([^"]+)" value="([^"]*)"', body))
        if fields.get("set_number") == str(set_number):
            return action, fields
    raise AssertionError(f"no change form for set {set_number}")


def test_a_mistyped_8_corrected_on_the_relief_day_brings_the_session_back() -> None:
    client = _stopped_at_eight()[1]
    action, fields = _change_form(client.get("/today/").content.decode(), 2)
    fields.pop("csrfmiddlewaretoken", None)
    response = client.post(action, {**fields, "pain": "3"})
    assert response.status_code == 302
    session = client.get("/today/").context["page"].session
    assert session.kind == "training" and session.items
    assert not session.logged_off_plan


def test_the_pain_after_a_stopped_session_can_be_recorded_from_the_page() -> None:
    user, client, day, _ = _stopped_at_eight()
    html = client.get("/today/").content.decode()
    form = html[html.index('id="pain-after"') :]
    assert f'action="/today/{day}/pain-after/"' in form[: form.index("</form>")]
    response = client.post(f"/today/{day}/pain-after/", {"pain": "4"})
    assert response.status_code == 302
    assert models.LoggedSession.objects.get(profile__user=user, day=day).pain_after == 4


def test_the_json_twin_of_a_stopped_session_carries_its_sets_and_the_relief_advice() -> None:
    _, client, _, item = _stopped_at_eight()
    page = client.get("/today/").context["page"]
    (logged,) = page.session.logged_off_plan
    assert logged.exercise == item.exercise and [s.pain for s in logged.sets] == [2, 8]
    assert page.session.relief_advice == (coach.relief_advice("en"),)
    assert_json_twin(page, client.get("/api/today"))


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_relief_card_shows_the_engines_relief_advice_in_the_pages_language(
    language: str,
) -> None:
    """One wording: the card says what the API, the reasons and the CLI say, with the warning
    about cold on skin with reduced feeling (the card had its own, shorter copy)."""
    user = onboarded("kari", days_ago=0)
    client = logged_in_client(user)
    client.cookies["django_language"] = language
    client.post(f"/today/{today_for(user)}/stop/", {"events": ["giving_way"]})
    html = _flat(client.get("/today/").content)
    card = html[html.index('class="card relief"') :]
    card = card[: card.index("</section>")]
    assert coach.relief_advice(language) in card
    if language == "en":
        assert "do not use cold where the skin has reduced feeling" in card
        assert "compression support" not in card


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_plans_relief_notice_points_to_todays_advice_rather_than_a_copy(language: str) -> None:
    """The plan's notice had its own shorter care advice ("use a compression support and cold
    packs"), without the cold-pack cautions the engine's has: the care advice is said once, on
    Today, and the plan links there."""
    _, client, _, _ = _stopped_at_eight()
    client.cookies["django_language"] = language
    html = _flat(client.get("/plan/").content)
    notice = html[html.index('class="notice relief-notice"') :]
    notice = notice[: notice.index("</p>")]
    assert 'href="/today/"' in notice
    assert "compression" not in notice and "kompresjon" not in notice
