"""The Plan page and ``/api/plan``: the month grid, statuses, navigation, bad months, access."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation
from django.utils.html import escape

import kneecoach.web
from kneecoach.programme.screening import QUESTIONS
from kneecoach.web.coach import models
from kneecoach.web.coach import services as coach
from kneecoach.web.insights import pages
from tests.web.access import (
    assert_json_twin,
    check_access,
    logged_in_client,
    make_user,
    token_client,
)

pytestmark = pytest.mark.django_db


def _days(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["day"]: d for week in body["weeks"] for d in week["days"]}


def test_plan_page_and_api_access_matrix(owner: User, other: User) -> None:
    # No object id in the URL: each person sees their own plan, so "other" gets 200 with theirs.
    page = check_access("/plan/", owner=owner, other=other, other_status=200)
    assert page.context["page"].weeks
    api = check_access("/api/plan", owner=owner, other=other, api=True, other_status=200)
    assert api.json()["month"]


def test_another_person_never_sees_the_owners_days(
    owner: User, other: User, today: dt.date
) -> None:
    theirs = _days(token_client(other).get("/api/plan").json())
    start = (today - dt.timedelta(days=4)).isoformat()
    if start in theirs:  # the same calendar day, but Oscar's plan: nothing logged, before his start
        assert theirs[start]["status"] == "before_start"
    mine = _days(token_client(owner).get("/api/plan").json())
    if start in mine:
        assert mine[start]["status"] == "logged"


def test_plan_page_is_the_twin_of_the_api(owner: User, today: dt.date) -> None:
    client = logged_in_client(owner)
    page = client.get("/plan/").context["page"]
    assert_json_twin(page, client.get("/api/plan"))


def test_logged_missed_today_and_rest_are_marked(owner: User, today: dt.date) -> None:
    start = today - dt.timedelta(days=4)
    month = start.strftime("%Y-%m")
    body = token_client(owner).get(f"/api/plan?month={month}").json()
    days = _days(body)
    assert days[start.isoformat()]["status"] == "logged"
    assert days[(start + dt.timedelta(days=2)).isoformat()]["status"] == "logged"
    assert days[(start + dt.timedelta(days=1)).isoformat()]["status"] == "rest"
    assert days[(start - dt.timedelta(days=1)).isoformat()]["status"] == "before_start"
    todays = [d for d in days.values() if d["is_today"]]
    # The grid is whole weeks, so early in a month today is a trailing day of last month's grid.
    assert [d["day"] for d in todays] == ([today.isoformat()] if today.isoformat() in days else [])
    training = [d for d in days.values() if d["kind"] == "training" and d["status"] != "logged"]
    assert all(d["focus"] in {"hip", "knee", "full"} for d in training)
    assert all(d["uid"] for d in days.values() if d["kind"])


def test_a_missed_training_day_shows_as_missed(other: User, today: dt.date) -> None:
    # Oscar started today; ask for a plan a week later: his untouched training days are missed.
    later = today + dt.timedelta(days=7)
    page = pages.plan_page(other, later, later.strftime("%Y-%m"))
    past = [
        d for w in page.weeks for d in w.days if today <= d.day < later and d.kind == "training"
    ]
    assert past and all(d.status == "missed" for d in past)


def test_uids_are_stable_across_requests(owner: User) -> None:
    client = token_client(owner)
    first = {d["day"]: d["uid"] for d in _days(client.get("/api/plan").json()).values()}
    second = {d["day"]: d["uid"] for d in _days(client.get("/api/plan").json()).values()}
    assert first == second


def test_the_page_shows_the_calendar_with_today_and_navigation(owner: User, today: dt.date) -> None:
    html = logged_in_client(owner).get("/plan/").content.decode()
    assert 'aria-current="date"' in html
    assert "status-logged" in html or today.day <= 4  # the logged days may be last month
    page = pages.plan_page(owner, today, None)
    # The plan reaches 28 days ahead, so in a month's first days it has no next month; the
    # start four days ago is then last month.
    assert page.next_month or page.previous_month
    for month in (page.previous_month, page.next_month):
        assert (f'href="?month={month}"' in html) == (month is not None)


def test_navigation_to_the_next_month_and_back(owner: User) -> None:
    client = token_client(owner)
    this = client.get("/api/plan").json()
    assert this["next_month"] or this["previous_month"]  # see the test above
    if this["next_month"]:
        following = client.get(f"/api/plan?month={this['next_month']}").json()
        assert following["month"] == this["next_month"]
        assert following["previous_month"] == this["month"]
    if this["previous_month"]:
        before = client.get(f"/api/plan?month={this['previous_month']}").json()
        assert before["month"] == this["previous_month"]
        assert before["next_month"] == this["month"]


@pytest.mark.parametrize("month", ["bad", "2026-13", "2026-5-1", "<script>", "0000-01"])
def test_a_malformed_month_is_a_clear_error_naming_the_parameter(owner: User, month: str) -> None:
    api = token_client(owner).get("/api/plan", {"month": month})
    assert api.status_code == 422
    assert api.json()["field"] == "month"
    assert "2026-05" in api.json()["message"]
    page = logged_in_client(owner).get("/plan/", {"month": month})
    assert page.status_code == 422
    html = page.content.decode()
    assert "month must look like" in html
    assert "<script>" not in html.split("<main", 1)[1]


def test_a_month_outside_the_plan_names_the_range(owner: User, today: dt.date) -> None:
    body = token_client(owner).get("/api/plan?month=1999-01").json()
    assert body["field"] == "month"
    first, last = pages.month_range(owner, today)
    assert first.strftime("%Y-%m") in body["message"] and last.strftime("%Y-%m") in body["message"]
    far = (today + dt.timedelta(days=400)).strftime("%Y-%m")
    assert token_client(owner).get(f"/api/plan?month={far}").status_code == 422


def test_without_a_profile_the_api_says_so(db: None) -> None:
    nobody = make_user("nora")
    response = token_client(nobody).get("/api/plan")
    assert response.status_code == 404
    assert response.json()["field"] == "user"


def test_the_plan_in_norwegian(owner: User, today: dt.date) -> None:
    client = logged_in_client(owner)
    client.post("/i18n/setlang/", {"language": "nb", "next": "/plan/"})
    html = client.get("/plan/").content.decode()
    assert '<html lang="nb">' in html
    assert "Din plan" in html
    assert "Hviledag" in html
    page = pages.plan_page(owner, today, None)
    assert ("Neste måned" in html) == (page.next_month is not None)
    assert ("Forrige måned" in html) == (page.previous_month is not None)


def test_anonymous_is_sent_to_log_in() -> None:
    response = Client().get("/plan/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_past_session_days_link_to_their_day_and_days_before_the_start_say_so(
    owner: User, today: dt.date
) -> None:
    start = today - dt.timedelta(days=4)
    client = logged_in_client(owner)
    html = client.get(f"/plan/?month={start.strftime('%Y-%m')}").content.decode()
    assert f'href="/today/{start.isoformat()}/"' in html
    assert client.get(f"/today/{start.isoformat()}/").status_code == 200
    rest = start + dt.timedelta(days=1)
    assert f'href="/today/{rest.isoformat()}/"' not in html  # a rest day has no session
    assert f'href="/today/{today.isoformat()}/"' not in html  # today is the Today page itself
    days = _days(token_client(owner).get(f"/api/plan?month={start.strftime('%Y-%m')}").json())
    assert days[start.isoformat()]["session_url"] == f"/today/{start.isoformat()}/"
    before = start - dt.timedelta(days=1)
    # The plan's months begin with the start's month, whose grid opens on the Monday before
    # its first day: the day before the start is in that grid unless the start is Monday the 1st.
    if start.day == 1 and start.weekday() == 0:
        return
    month = start.strftime("%Y-%m")
    assert "Before your start" in client.get(f"/plan/?month={month}").content.decode()
    days = _days(client.get(f"/api/plan?month={month}").json())
    assert days[before.isoformat()]["status"] == "before_start"
    assert days[before.isoformat()]["status_label"] == "Before your start"
    assert days[before.isoformat()]["session_url"] is None
    client.cookies["django_language"] = "nb"
    nb = _days(client.get(f"/api/plan?month={month}").json())
    assert nb[before.isoformat()]["status_label"] == "Før starten din"


def test_a_person_without_equipment_is_shown_what_to_do_in_the_plan_as_today_shows_it(
    today: dt.date,
) -> None:
    """The plan's items carry what Today says to do (a substitute for the band and the cable
    machine they lack) beside the programme's exercise; the JSON only gains fields."""
    user = make_user("nils")
    coach.onboard(
        user,
        coach.ProfileInput(trained=False, start_date=today, equipment=frozenset()),
        {q.id: "no" for q in QUESTIONS},
        today,
    )
    day = next(d for d in coach.plan(user, today).days if d.kind == "training").day
    shown = {i.exercise: i for i in coach.today(user, day).items}
    client = logged_in_client(user)
    month = f"?month={day.strftime('%Y-%m')}"
    items = {
        i["exercise"]: i for i in _days(client.get(f"/api/plan{month}").json())[str(day)]["items"]
    }
    assert items.keys() == shown.keys()
    for slug, item in items.items():
        assert {"exercise", "name", "dose"} <= item.keys()  # what the JSON held before
        assert item["performed_as"] == shown[slug].performed_as
        assert item["performed_as_name"] == shown[slug].performed_as_name
    curl = items["hamstring-curl"]
    assert curl["performed_as"] != "hamstring-curl"
    assert curl["label"] == f"{curl['performed_as_name']} (in place of {curl['name']})"
    html = client.get(f"/plan/{month}").content.decode()
    said = f"{curl['label'][:-1]}; not at hand: {curl['substitute_for_name']})"  # as Today says
    assert f"<li>{escape(said)}: {curl['dose']['text']}</li>" in html
    assert f"<li>{escape(curl['name'])}: " not in html


def test_the_bokmal_plan_words_each_dose_in_bokmal_as_the_calendar_does(
    owner: User, today: dt.date
) -> None:
    """The names on a Bokmål plan were Bokmål and the doses English ("2 x 10 reps each side");
    each dose is worded in the page's language (``describe_dose``, as the calendar feed and the
    handout word it). The JSON gains ``dose_text``; ``dose.text`` stays the English it was."""
    client = logged_in_client(owner)
    client.cookies["django_language"] = "nb"
    day = next(d for d in coach.plan(owner, today).days if d.kind == "training").day
    month = f"?month={day.strftime('%Y-%m')}"
    items = _days(client.get(f"/api/plan{month}").json())[str(day)]["items"]
    assert items
    html = client.get(f"/plan/{month}").content.decode()
    for item in items:
        dose = coach.DoseView(**item["dose"])
        assert item["dose_text"] == coach.dose_words(dose, "nb")
        assert item["dose"]["text"] == coach.dose_words(dose, "en")  # unchanged
        assert f"<li>{escape(item['label'])}: {escape(item['dose_text'])}</li>" in html
    assert any("repetisjoner" in item["dose_text"] for item in items)
    assert " reps" not in html


def test_a_substitute_in_the_plan_says_which_equipment_is_not_at_hand_as_today_does(
    today: dt.date,
) -> None:
    """A mini band but no loop band for the ankles: Today says "not at hand: Loop band for the
    ankles"; the plan said only "(in place of Side steps with a band)". Its items carry the
    missing equipment (slug and catalogue name, in the page's language) and the page says it,
    in Bokmål too. A day saved before the plan kept ``substitute_for`` is named without it."""
    user = make_user("nora")
    coach.onboard(
        user,
        coach.ProfileInput(
            trained=False, start_date=today, equipment=frozenset({"mat", "wall", "mini-band"})
        ),
        {q.id: "no" for q in QUESTIONS},
        today,
    )
    day = next(d for d in coach.plan(user, today).days if d.kind == "training").day
    shown = {i.exercise: i for i in coach.today(user, day).items}["side-steps"]
    assert shown.substitute_for_name == "Loop band for the ankles"
    client = logged_in_client(user)
    month = f"?month={day.strftime('%Y-%m')}"
    items = {
        i["exercise"]: i for i in _days(client.get(f"/api/plan{month}").json())[str(day)]["items"]
    }
    steps = items["side-steps"]
    assert steps["substitute_for"] == shown.substitute_for == "ankle-band"
    assert steps["substitute_for_name"] == shown.substitute_for_name
    assert steps["label"] == "Side steps with a mini band (in place of Side steps with a band)"
    assert items["vmo-lift"]["substitute_for_name"] is None  # done as itself
    html = " ".join(client.get(f"/plan/{month}").content.decode().split())
    assert (
        "<li>Side steps with a mini band (in place of Side steps with a band; "
        f"not at hand: Loop band for the ankles): {steps['dose_text']}</li>"
    ) in html
    client.cookies["django_language"] = "nb"
    nb = {
        i["exercise"]: i for i in _days(client.get(f"/api/plan{month}").json())[str(day)]["items"]
    }["side-steps"]
    norsk = {i.exercise: i for i in coach.today(user, day, language="nb").items}["side-steps"]
    assert nb["substitute_for_name"] == norsk.substitute_for_name != shown.substitute_for_name
    norwegian = " ".join(client.get(f"/plan/{month}").content.decode().split())
    assert (
        f"{nb['performed_as_name']} (i stedet for {nb['name']}; "
        f"ikke tilgjengelig: {nb['substitute_for_name']}): {nb['dose_text']}"
    ) in norwegian
    # a day planned before the saved rows kept the equipment: no KeyError, no reason given
    row = models.ScheduledSession.objects.get(profile__user=user, day=day)
    row.items = [{k: v for k, v in i.items() if k != "substitute_for"} for i in row.items]
    row.save()
    later = day + dt.timedelta(days=1)
    past = next(d for d in coach.plan(user, later, past_days=1, today_=later).days if d.day == day)
    old = {i.exercise: i for i in past.items}["side-steps"]
    assert (old.substitute_for, old.substitute_for_name) == (None, None)
    assert old.label == steps["label"]


def test_the_substitute_phrase_is_written_once_for_the_plan_and_the_clinic() -> None:
    """ "<variant> (in place of <exercise>; not at hand: <equipment>)" was written out in the
    plan's template and again in the clinic's patient page; both include one template now,
    worded in the page's language (tests above and tests/web/clinic show each page)."""
    web = Path(kneecoach.web.__file__).parent
    writing = sorted(
        path.relative_to(web).as_posix()
        for path in web.glob("**/templates/**/*.html")
        if "not at hand: {{ equipment }}" in path.read_text(encoding="utf-8")
    )
    assert writing == ["templates/_substitute_name.html"]
    values = {"variant": "V", "exercise": "E", "equipment": "Q"}
    with translation.override("en"):
        assert render_to_string("_substitute_name.html", values) == (
            "V (in place of E; not at hand: Q)"
        )
    with translation.override("nb"):
        assert render_to_string("_substitute_name.html", values) == (
            "V (i stedet for E; ikke tilgjengelig: Q)"
        )
