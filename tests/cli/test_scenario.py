"""A newcomer's first week from the terminal: onboard, log sessions, pain rises, the plan adapts."""

from __future__ import annotations

import datetime as dt

import pytest

from kneecoach.web.coach import services
from kneecoach.web.coach.models import Decision
from tests.cli.conftest import Cli, Clock

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 2)


def view_of(day: dt.date) -> services.TodayView:
    return services.today(services.resolve_user("kari"), day)


def log_full_session(cli: Cli, day: dt.date, pain: int) -> None:
    """Log every prescribed set of ``day`` at its dose through ``kneecoach log``, on the day."""
    view = view_of(day)
    assert view.kind == "training", view
    for item in view.items:
        flag = "--seconds" if item.dose.seconds else "--reps"
        amount = str(item.dose.seconds or item.dose.reps)
        for number in range(1, item.dose.sets + 1):
            for side in item.sides or (None,):
                args = ["log", "--date", day.isoformat(), "--exercise", item.exercise]
                args += ["--set", str(number), flag, amount, "--pain", str(pain)]
                args += ["--side", side] if side else []
                result = cli(*args)
                assert result.code == 0, result.err
    assert cli("log", "--date", day.isoformat(), "--pain-after", str(pain)).code == 0


def test_a_week_of_sessions_then_a_flare_regresses_with_reasons(cli: Cli, clock: Clock) -> None:
    clock(MONDAY)
    init = cli(
        "init", "--user", "kari", "--untrained", "--equipment", "mat,mini-band,ankle-band",
        "--painful-side", "left", "--start", MONDAY.isoformat(), "--days", "all",
        "--baseline-pain", "2", "--no-red-flags", "--date", MONDAY.isoformat(),
    )  # fmt: skip
    assert init.code == 0, init.err
    day = MONDAY
    for _ in range(3):  # every other day for the untrained: Mon, Wed, Fri
        clock(day)
        log_full_session(cli, day, pain=2)
        clock(day + dt.timedelta(days=1))
        assert (
            cli("checkin", "--date", (day + dt.timedelta(days=1)).isoformat(), "--pain", "2").code
            == 0
        )
        day += dt.timedelta(days=2)
    assert not Decision.objects.filter(kind__in=["regress", "relief"]).exists()
    stepped_up = Decision.objects.filter(day=MONDAY + dt.timedelta(days=3), kind="progress")
    assert stepped_up.count() == len(view_of(MONDAY).items)  # two good sessions: every dose up

    clock(day)
    log_full_session(cli, day, pain=7)  # Sunday: the knee complains
    morning = day + dt.timedelta(days=1)
    clock(morning)
    assert cli("checkin", "--date", morning.isoformat(), "--pain", "6", "--swelling").code == 0

    # The swollen, painful morning after turns the programme to relief, with its reasons.
    adapted = Decision.objects.filter(kind__in=["regress", "relief"], day__gte=day)
    assert [(d.day, d.kind, d.exercise) for d in adapted] == [(morning, "relief", "")]
    assert adapted.get().reasons[:2] == [
        "new swelling on the morning of Monday 9 November",
        "morning pain on Monday 9 November was 6/10, 4 points above your usual 2/10 "
        "(a flare is 3 or more)",
    ]
    explained = cli("explain", "--date", morning.isoformat())
    assert explained.code == 0, explained.err
    assert explained.out.startswith("Monday 9 November 2026: programme state relief\n")
    assert "   9 Nov relief programme\n" in explained.out  # as the clinic's list: "j M"
    assert "New swelling on the morning of Monday 9 November." in explained.out
    plan = cli("plan", "--date", morning.isoformat(), "--days", "3")
    assert plan.code == 0, plan.err
    assert "Plan (relief)" in plan.out
    days = [" ".join(line.split()[:4]) for line in plan.out.splitlines() if " Nov " in line]
    assert days[:3] == [">Mon 9 Nov relief", "Tue 10 Nov relief", "Wed 11 Nov relief"]
    today = cli("today", "--date", morning.isoformat())
    assert today.code == 0, today.err
    assert today.out.startswith("Monday 9 November 2026: relief\n")
    assert "Log it:" not in today.out  # no session to log on a relief day
    assert "relief programme:\n  - New swelling on the morning of Monday 9 November." in today.out
    for advice in ("Comfort measures", "Loaded exercise is paused"):  # said once, not again
        assert today.out.count(advice) <= 1, today.out
