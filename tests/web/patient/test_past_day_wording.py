"""A past day's Today page speaks of that day, not of now: "Focus that day", "Pain about an hour
after the session", "Why that day's doses", in English and Bokmål (it said "Today's focus" and
"About an hour from now" of a day gone by)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from kneecoach.web.coach import services as coach
from tests.web.access import logged_in_client
from tests.web.patient.conftest import onboarded, today_for

pytestmark = pytest.mark.django_db

WORDS = {
    "en": {
        "past": ("Focus that day: the", "Pain about an hour after the session"),
        "now": ("Today's focus", "from now", "About an hour after you finish"),
    },
    "nb": {
        "past": ("Fokus den dagen:", "Smerte omtrent en time etter økta"),
        "now": ("Dagens fokus", "Om omtrent en time", "Omtrent en time etter at du er ferdig"),
    },
}


def _past_training_day(language: str) -> tuple[Client, dt.date]:
    user = onboarded("kari", days_ago=6, trained=True)  # 3 on / 1 off, hips or knee
    client = logged_in_client(user)
    client.cookies["django_language"] = language
    for back in range(1, 7):
        day = today_for(user) - dt.timedelta(days=back)
        session: Any = coach.today(user, day, today_=today_for(user))
        if session.kind == "training" and session.focus in ("hip", "knee"):
            item = session.items[0]
            data = coach.SetInput(
                exercise=item.exercise,
                set_number=1,
                side=item.sides[0] if item.sides else None,
                reps=item.dose.reps,
                seconds=item.dose.seconds,
                pain=2,
            )
            coach.log_set(user, day, data, today_=today_for(user))
            return client, day
    raise AssertionError("no past training day with a focus")


@pytest.mark.parametrize("language", ["en", "nb"])
def test_a_past_days_page_is_worded_in_the_past(language: str) -> None:
    client, day = _past_training_day(language)
    html = " ".join(client.get(f"/today/{day}/").content.decode().split())
    for words in WORDS[language]["past"]:
        assert words in html, words
    for words in WORDS[language]["now"]:
        assert words not in html, words


@pytest.mark.parametrize("language", ["en", "nb"])
def test_todays_page_keeps_its_now_wording(language: str) -> None:
    user = onboarded("kari", days_ago=0, trained=True)
    client = logged_in_client(user)
    client.cookies["django_language"] = language
    assert coach.today(user, today_for(user)).focus in ("hip", "knee")
    html = " ".join(client.get("/today/").content.decode().split())
    assert WORDS[language]["now"][0] in html
    assert WORDS[language]["past"][0] not in html
