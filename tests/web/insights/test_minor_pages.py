"""Issue 14's minor items on Plan and Progress, through Django's test client: one date format
and one percent style per language, plurals, charts in one unit each, future days that show
their exercises, and the empty state of a new person."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kneecoach.web.insights.charts import CHART_NAMES
from tests.web.access import logged_in_client, make_user, token_client
from tests.web.insights.conftest import log_day, onboard

pytestmark = pytest.mark.django_db

MONTHS_NB = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"


def _client(user: User, language: str) -> Client:
    client = logged_in_client(user)
    client.cookies["django_language"] = language
    return client


def test_plan_writes_its_weeks_as_the_other_pages_write_days(owner: User) -> None:
    en = _client(owner, "en").get("/plan/").content.decode()
    assert re.search(r"Week of \d{1,2} [A-Z][a-z]+</h3>", en)
    nb = _client(owner, "nb").get("/plan/").content.decode()
    weeks = re.findall(r'<h3 class="week-title">(.*?)</h3>', nb)
    assert weeks and all(re.search(rf"\d{{1,2}}\. ({MONTHS_NB})$", w) for w in weeks), weeks


def test_chart_days_are_short_dates_of_the_language(owner: User) -> None:
    client = token_client(owner)
    client.cookies["django_language"] = "nb"
    labels = client.get("/api/progress/charts/pain").json()["x_labels"]
    assert labels and all(re.fullmatch(r"\d{1,2}\. [a-zø]{3}", x) for x in labels), labels
    client.cookies["django_language"] = "en"
    labels = client.get("/api/progress/charts/pain").json()["x_labels"]
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2}", x) for x in labels), labels


@pytest.mark.parametrize(("language", "style"), [("en", r"\(\d+%\)"), ("nb", r"\(\d+ %\)")])
def test_percentages_have_one_style_per_language(owner: User, language: str, style: str) -> None:
    html = _client(owner, language).get("/progress/").content.decode()
    found = re.findall(r"\(\d+ ?%\)", html)
    assert found and all(re.fullmatch(style, p) for p in found), found


def test_one_day_and_one_week_are_singular(db: None, today: dt.date) -> None:
    user = make_user("una")
    onboard(user, today)
    log_day(user, today, pain=2, pain_after=None)
    for language, words in (("en", (" 1 days", " 1 weeks")), ("nb", (" 1 dager", " 1 uker"))):
        html = _client(user, language).get("/progress/").content.decode()
        for word in words:
            assert word not in html, (language, word)
    assert "on 1 day." in _client(user, "en").get("/progress/").content.decode()


def test_no_chart_mixes_reps_and_seconds(owner: User) -> None:
    client = token_client(owner)
    progress = client.get("/api/progress").json()["progress"]
    units = {e["exercise"]: e["unit"] for e in progress["exercises"]}
    assert {"reps", "s"} <= set(units.values()), units
    for name in CHART_NAMES:
        chart = client.get(f"/api/progress/charts/{name}").json()
        keys = chart["x"] if name.startswith("sides") else [s["key"] for s in chart["series"]]
        assert len({units[k] for k in keys if k in units}) <= 1, (name, keys)
        assert "or seconds" not in chart["y_title"] + chart["description"]


def test_future_days_show_their_exercises(owner: User, today: dt.date) -> None:
    page = _client(owner, "en").get("/plan/").content.decode()
    future = re.findall(r'<li class="day status-planned[^"]*".*?</li>\s*</ul>', page, flags=re.S)
    assert future, "no future training day this month"
    assert '<details class="day-items">' in future[0] and "<li>" in future[0]


def test_a_new_person_sees_an_empty_state_instead_of_charts(db: None, today: dt.date) -> None:
    user = make_user("ny")
    onboard(user, today)
    html = _client(user, "en").get("/progress/").content.decode()
    assert "Nothing logged yet." in html and "<img" not in html


@pytest.mark.parametrize("language", ["en", "nb"])
def test_chart_labels_and_legends_are_whole(owner: User, language: str) -> None:
    client = _client(owner, language)
    for name in CHART_NAMES:
        svg = client.get(f"/progress/charts/{name}.svg").content.decode()
        assert "…" not in svg, f"{name} in {language}: a label is cut"
