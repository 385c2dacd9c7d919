"""A newcomer's first week from the terminal: onboard, log sessions, pain rises, the plan adapts."""

from __future__ import annotations

import datetime as dt

import pytest

from kneecoach.web.coach import services
from kneecoach.web.coach.models import Decision

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 2)


def log_full_session(cli, day: dt.date, pain: int) -> None:  # type: ignore[no-untyped-def]
    """Log every prescribed set of ``day`` at its dose through ``kneecoach log``, on the day."""
    view = services.today(services.resolve_user("kari"), day)
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


def test_a_week_of_sessions_then_a_flare_regresses_with_reasons(cli, clock) -> None:  # type: ignore[no-untyped-def]
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

    clock(day)
    log_full_session(cli, day, pain=7)  # Sunday: the knee complains
    morning = day + dt.timedelta(days=1)
    clock(morning)
    assert cli("checkin", "--date", morning.isoformat(), "--pain", "6", "--swelling").code == 0

    explained = cli("explain", "--date", morning.isoformat())
    assert explained.code == 0, explained.err
    assert "relief" in explained.out or "regress" in explained.out
    adapted = Decision.objects.filter(kind__in=["regress", "relief"], day__gte=day)
    assert adapted.exists()
    assert all(decision.reasons for decision in adapted)
    plan = cli("plan", "--date", morning.isoformat(), "--days", "3")
    assert plan.code == 0
    today = cli("today", "--date", morning.isoformat())
    assert today.code == 0
    assert "relief" in (plan.out + today.out).lower() or "regress" in explained.out
