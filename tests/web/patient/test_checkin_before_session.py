"""A check-in today after today's session is not that session's next-morning check: the page and
the API refuse it naming ``before_session`` unless it says it is about this morning, as the
terminal asks (``pain.checkin_must_say_before_session_rule``, one use case for all three)."""

from __future__ import annotations

import json

import pytest

from kneecoach.web.coach import models
from tests.web.access import logged_in_client, token_client
from tests.web.patient.conftest import diary_rows, onboarded, today_for

pytestmark = pytest.mark.django_db
SET = {"exercise": "vmo-lift", "set_number": 1, "side": "right", "reps": 8, "pain": 2}


def test_a_check_in_after_todays_session_must_say_it_is_about_the_morning_before_it() -> None:
    user = onboarded("bjorn")
    client = token_client(user)
    day = today_for(user)
    logged = client.post(f"/api/sessions/{day}/sets", json.dumps(SET), "application/json")
    assert logged.status_code == 201
    before = diary_rows()
    refused = client.post(
        "/api/checkins", json.dumps({"pain": 3, "date": day.isoformat()}), "application/json"
    )
    assert refused.status_code == 422, refused.content
    assert refused.json()["field"] == "before_session"
    assert "tomorrow morning" in refused.json()["message"]
    assert diary_rows() == before
    body = {"pain": 3, "date": day.isoformat(), "before_session": True}
    saved = client.post("/api/checkins", json.dumps(body), "application/json")
    assert saved.status_code == 201, saved.content
    assert models.MorningCheckin.objects.get().day == day


def test_the_page_asks_the_same_before_saving_a_check_in_after_todays_session() -> None:
    user = onboarded("bjorn")
    day = today_for(user)
    token_client(user).post(f"/api/sessions/{day}/sets", json.dumps(SET), "application/json")
    client = logged_in_client(user)
    refused = client.post("/today/checkin/", {"pain": "3"})
    assert refused.status_code == 422
    form = refused.context["checkin_form"]
    assert "its check-in is tomorrow morning" in form.errors["before_session"][0]
    client.cookies["django_language"] = "nb"
    norsk = client.post("/today/checkin/", {"pain": "3"}).context["checkin_form"]
    assert "morgensjekken for den er i morgen tidlig" in norsk.errors["before_session"][0]
    del client.cookies["django_language"]
    assert not models.MorningCheckin.objects.exists()
    saved = client.post("/today/checkin/", {"pain": "3", "before_session": "on"})
    assert saved.status_code == 302
    assert models.MorningCheckin.objects.get().day == day


def test_the_page_asks_about_the_morning_only_when_that_is_what_was_refused() -> None:
    """A check-in shown again for another reason (no pain given) does not grow the "before
    today's session" box: it is asked only once the check-in is refused for it."""
    user = onboarded("bjorn")
    client = logged_in_client(user)
    refused = client.post("/today/checkin/", {"pain": ""})
    assert refused.status_code == 422
    assert "before_session" not in refused.context["checkin_form"].fields
    assert 'name="before_session"' not in refused.content.decode()
