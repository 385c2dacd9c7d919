"""Issue 14 (9): adherence counts what was prescribed. A day with 2 of its prescribed sets done
is neither "1 of 1 planned (100 %)" nor "Done", on Progress, Plan, the CLI and the API alike."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from kneecoach.programme.outcomes import (
    prescribed_sets_rule,
    session_done_rule,
    set_adherence_rule,
)
from kneecoach.web.coach import services as coach
from tests.web.access import logged_in_client, token_client
from tests.web.patient.conftest import onboarded, today_for

pytestmark = pytest.mark.django_db


def test_set_adherence_rule_counts_only_prescribed_sets_logged() -> None:
    wanted = prescribed_sets_rule("vmo-lift", 3, ("right", "left")) | prescribed_sets_rule(
        "glute-bridge", 2, ()
    )
    assert len(wanted) == 8
    logged = {("vmo-lift", 1, "right"), ("glute-bridge", 1, None), ("glute-bridge", 5, None)}
    counted = set_adherence_rule([(wanted, logged), (frozenset(), {("clamshell", 1, None)})])
    assert (counted.prescribed, counted.done) == (8, 2)
    assert counted.share == 2 / 8
    assert set_adherence_rule([]).share is None


def _two_sets_yesterday() -> tuple[User, dt.date]:
    user = onboarded("kari", days_ago=1)
    yesterday = today_for(user) - dt.timedelta(days=1)
    for side in ("right", "left"):
        data = coach.SetInput(exercise="vmo-lift", set_number=1, side=side, reps=8, pain=2)
        coach.log_set(user, yesterday, data, today_=today_for(user))
    return user, yesterday


def test_two_sets_of_a_full_day_are_not_a_session_done_anywhere() -> None:
    user, yesterday = _two_sets_yesterday()
    body = token_client(user).get("/api/progress").json()["progress"]
    assert body["sets_done"] == 2
    assert body["sets_prescribed"] > 20  # the day's exercises, both legs where one-legged
    assert body["adherence"] == pytest.approx(2 / body["sets_prescribed"])
    page = logged_in_client(user).get("/progress/").content.decode()
    assert f"2 of {body['sets_prescribed']} prescribed sets" in page
    assert "(100 %)" not in page
    plan = token_client(user).get("/api/plan").json()
    day = next(d for week in plan["weeks"] for d in week["days"] if d["day"] == str(yesterday))
    assert day["status"] == "partial"
    assert day["status_label"] == "Partly done"


def test_a_day_with_every_prescribed_set_logged_is_done() -> None:
    user = onboarded("kari", days_ago=1)
    yesterday = today_for(user) - dt.timedelta(days=1)
    today_ = today_for(user)
    planned = coach.today(user, yesterday).items
    for item in planned:
        for number in range(1, item.dose.sets + 1):
            for side in item.sides or (None,):
                data = coach.SetInput(
                    exercise=item.exercise,
                    set_number=number,
                    side=side,
                    reps=item.dose.reps,
                    seconds=item.dose.seconds,
                    pain=1,
                )
                coach.log_set(user, yesterday, data, today_=today_)
    progress = coach.progress(user, today_)
    assert progress.sets_done == progress.sets_prescribed and progress.adherence == 1.0
    days = coach.plan(user, today_, days=1, past_days=1).days
    done = next(d for d in days if d.day == yesterday)
    assert done.sets_done == done.sets_prescribed > 0
    assert done.done


@pytest.mark.parametrize(
    ("sets_done", "sets_prescribed", "stop_events", "highest_pain", "done"),
    [
        (26, 26, (), 3, True),
        (30, 26, (), None, True),  # extra sets do not make it less done
        (4, 26, (), 3, False),  # begun, not finished
        (4, 0, (), 8, False),  # a set at 8/10: the stop rule, the day now relief
        (26, 26, (), 8, False),
        (26, 26, ("pop",), 2, False),  # a stop reported
        (0, 0, ("giving_way",), None, False),
    ],
)
def test_session_done_rule_a_stopped_session_is_never_done(
    sets_done: int,
    sets_prescribed: int,
    stop_events: tuple[str, ...],
    highest_pain: int | None,
    done: bool,
) -> None:
    assert (
        session_done_rule(
            sets_done, sets_prescribed, stop_events=stop_events, highest_pain=highest_pain
        )
        is done
    )


@pytest.mark.parametrize("how", ["pain 8", "reported stop"])
def test_a_stopped_session_is_partly_done_on_the_plan_and_its_api(how: str) -> None:
    user, yesterday = _two_sets_yesterday()
    if how == "pain 8":
        data = coach.SetInput(exercise="vmo-lift", set_number=2, side="right", reps=8, pain=8)
        coach.log_set(user, yesterday, data, today_=today_for(user))
    else:
        coach.report_stop(
            user, yesterday, coach.StopInput(frozenset({"pop"})), today_=today_for(user)
        )
    days = coach.plan(user, today_for(user), days=1, past_days=1).days
    assert not next(d for d in days if d.day == yesterday).done
    plan = token_client(user).get("/api/plan").json()
    day = next(d for week in plan["weeks"] for d in week["days"] if d["day"] == str(yesterday))
    assert (day["status"], day["status_label"]) == ("partial", "Partly done")
    page = logged_in_client(user).get("/plan/").context["page"]
    shown = next(d for week in page.weeks for d in week.days if d.day == yesterday)
    assert shown.status == "partial"
