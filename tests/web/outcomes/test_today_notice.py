"""A questionnaire that is due, where the person sees it: a short notice on Today linking to the
form, carried by Today's JSON twin as well (docs/outcomes.md, Schedule)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from kneecoach.web.outcomes import services
from tests.web.access import logged_in_client, token_client

pytestmark = pytest.mark.django_db

KOOS12 = dict.fromkeys(("P1", "P5", "P6", "P8", "A4", "A3", "A7", "SP4", "Q1", "Q2", "Q3", "Q4"), 1)


def test_today_links_to_the_questionnaire_that_is_due(owner: User, today: dt.date) -> None:
    page = logged_in_client(owner).get("/today/")
    assert page.status_code == 200
    assert b'class="card questionnaire-due"' in page.content
    assert b'href="/outcomes/koos12/"' in page.content
    assert b"your starting point" in page.content
    assert b"KOOS-12: knee score, short form; Knee pain, 0-10" in page.content
    twin = token_client(owner).get("/api/today").json()
    assert twin["questionnaire_due"] == {
        "week": 0,
        "due_on": (today - dt.timedelta(days=4)).isoformat(),  # Olivia's start: the baseline
        "missing": ["koos12", "nprs"],
        "titles": ["KOOS-12: knee score, short form", "Knee pain, 0-10"],
        "first": "koos12",
    }


def test_the_notice_goes_once_the_forms_are_filled_in(owner: User, today: dt.date) -> None:
    services.fill(owner, "koos12", KOOS12, today, today_=today)
    assert token_client(owner).get("/api/today").json()["questionnaire_due"]["first"] == "nprs"
    services.fill(owner, "nprs", {"pain": 3}, today, today_=today)
    assert token_client(owner).get("/api/today").json()["questionnaire_due"] is None
    assert b"questionnaire-due" not in logged_in_client(owner).get("/today/").content


def test_a_past_day_shows_no_notice(owner: User, today: dt.date) -> None:
    yesterday = today - dt.timedelta(days=1)
    twin = token_client(owner).get(f"/api/today/{yesterday.isoformat()}").json()
    assert twin["questionnaire_due"] is None


def test_the_notice_in_norwegian(owner: User) -> None:
    client = logged_in_client(owner)
    client.cookies["django_language"] = "nb"
    page = client.get("/today/")
    assert b"Knesmerte, 0-10" in page.content
    assert "Et kort spørreskjema: utgangspunktet ditt".encode() in page.content
