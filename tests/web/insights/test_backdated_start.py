"""A start date before the day of onboarding: the days since the start were planned by the
programme's rules, and the plan, Progress, its API twin and the terminal count against them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from kneecoach.web.coach import services as coach
from kneecoach.web.coach.models import Profile
from kneecoach.web.insights import pages
from tests.web.access import make_user, token_client
from tests.web.insights.conftest import local_today, onboard

pytestmark = pytest.mark.django_db


def _log_whole_session(user: User, day: dt.date, today_: dt.date) -> None:
    """``day``'s planned session at its doses, logged on ``today_`` (a past day filled in)."""
    view = coach.today(user, day, today_=today_)
    assert view.kind == "training", f"{day} is not a training day"
    sets = [
        coach.SetInput(
            exercise=item.exercise,
            set_number=number,
            side=side,
            reps=item.dose.reps if item.dose.seconds is None else None,
            seconds=item.dose.seconds,
            pain=2,
            load=item.dose.load,
        )
        for item in view.items
        for number in range(1, item.dose.sets + 1)
        for side in item.sides or (None,)
    ]
    coach.log_session(user, day, sets, pain_after=3, today_=today_)


@pytest.fixture
def bjorn(db: None) -> User:
    """Started 13 days before onboarding today; filled in yesterday's whole session."""
    user = make_user("bjorn")
    today = local_today()
    start = today - dt.timedelta(days=13)
    onboard(user, start, on=today)
    _log_whole_session(user, today - dt.timedelta(days=1), today)
    return user


def test_the_days_since_a_back_dated_start_are_planned(bjorn: User) -> None:
    today = local_today()
    start = coach.get_profile(bjorn).start_date
    view = coach.plan(bjorn, today, days=1, past_days=(today - start).days)
    assert [d.day for d in view.days] == [
        start + dt.timedelta(days=n) for n in range((today - start).days + 1)
    ]
    yesterday = next(d for d in view.days if d.day == today - dt.timedelta(days=1))
    assert yesterday.kind == "training" and yesterday.logged
    assert yesterday.sets_done == yesterday.sets_prescribed > 0


def test_the_plan_page_shows_the_session_done_on_a_past_day_since_the_start(bjorn: User) -> None:
    today = local_today()
    yesterday = today - dt.timedelta(days=1)
    body = token_client(bjorn).get(f"/api/plan?month={yesterday:%Y-%m}").json()
    days = {d["day"]: d for week in body["weeks"] for d in week["days"]}
    assert days[yesterday.isoformat()]["status"] == "logged"
    start = coach.get_profile(bjorn).start_date
    assert all(
        days[(start + dt.timedelta(days=n)).isoformat()]["status"] != "unplanned"
        for n in range((today - start).days)
        if (start + dt.timedelta(days=n)).isoformat() in days
    )


def test_progress_counts_sessions_and_sets_as_its_weekly_chart_does(bjorn: User) -> None:
    today = local_today()
    body = token_client(bjorn).get("/api/progress").json()
    progress = body["progress"]
    assert progress["sets_prescribed"] > 0
    assert progress["sets_done"] > 0
    weekly = next(c for c in body["charts"] if c["name"] == "adherence")
    by_key = {s["key"]: s["values"] for s in weekly["series"]}
    assert sum(by_key["planned"]) == progress["planned_sessions"]
    assert sum(by_key["done"]) == progress["done_sessions"] == 1
    page = pages.progress_page(bjorn, today, "en")
    assert page.progress.planned_sessions == progress["planned_sessions"]


def test_sessions_planned_are_counted_from_the_saved_plan_as_the_weekly_chart_does(
    db: None,
) -> None:
    """Missed days are not made up: the plan carries on from the last session, so the days
    planned differ from the schedule laid from the start; Progress's count and its weekly
    chart both count the plan saved day by day."""
    user = make_user("mia")
    today = local_today()
    start = today - dt.timedelta(days=6)
    onboard(user, start)
    for offset in range(1, 6):  # a visit each day; day 0 missed, day 1 done
        day = start + dt.timedelta(days=offset)
        coach.today(user, day)
        if offset == 1:
            _log_whole_session(user, day, day)
    body = token_client(user).get("/api/progress").json()
    weekly = next(c for c in body["charts"] if c["name"] == "adherence")
    by_key = {s["key"]: s["values"] for s in weekly["series"]}
    assert sum(by_key["planned"]) == body["progress"]["planned_sessions"]
    assert sum(by_key["done"]) == body["progress"]["done_sessions"] == 1


def test_a_session_begun_keeps_the_plan_its_day_started_with(db: None) -> None:
    """Pain 8 after four sets turns the programme to relief from today; today's session was
    planned as training when the day began, and its four sets are counted against that."""
    user = make_user("anna")
    today = local_today()
    onboard(user, today)
    view = coach.today(user, today, today_=today)
    first = view.items[0]
    for number, side in [(1, "left"), (1, "right"), (2, "left"), (2, "right")]:
        coach.log_set(
            user,
            today,
            coach.SetInput(
                exercise=first.exercise,
                set_number=number,
                side=side if first.sides else None,
                reps=first.dose.reps,
                seconds=first.dose.seconds,
                pain=8 if number == 2 and side == "right" else 2,
                load=first.dose.load,
            ),
            today_=today,
        )
    progress = token_client(user).get("/api/progress").json()["progress"]
    assert progress["sets_done"] == 4
    assert progress["sets_prescribed"] > 4
    assert progress["planned_sessions"] == progress["done_sessions"] == 1


def test_the_days_of_an_absence_longer_than_the_plan_saved_ahead_are_planned(db: None) -> None:
    """The calendar is saved 28 days ahead from each replay; a person away for longer came back
    to days no replay saved, which then counted neither planned nor missed. Every day since the
    start is planned as the programme planned it then."""
    user = make_user("ola")
    today = local_today()
    start = today - dt.timedelta(days=30)
    onboard(user, today)
    profile = Profile.objects.get(user=user)
    profile.scheduled.all().delete()
    profile.start_date, profile.advice_digest = start, ""
    profile.save()
    coach.today(user, start, today_=start)  # the first visit, on the start day
    assert not profile.scheduled.filter(day=start + dt.timedelta(days=29)).exists()
    coach.today(user, today, today_=today)  # back after 30 days
    saved = set(profile.scheduled.values_list("day", flat=True))
    missing = [start + dt.timedelta(days=n) for n in range(31)]
    assert [day for day in missing if day not in saved] == []
