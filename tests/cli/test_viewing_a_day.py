"""The terminal's read commands with ``--date`` are reads (issue 11, items 1 and 2): looking at
another day than today changes nothing stored, and a date outside the programme's window is one
line on stderr and exit status 1, never a traceback."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kneecoach.web.coach import models, services
from tests.cli.conftest import Cli, Clock
from tests.cli.test_commands import one_line_error

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 16)


def stored_advice() -> list[Any]:
    return [
        list(models.Decision.objects.order_by("id").values()),
        list(models.ScheduledSession.objects.order_by("id").values()),
        list(models.Profile.objects.order_by("id").values("id", "advice_digest")),
    ]


@pytest.fixture
def demo(cli: Cli, clock: Clock) -> None:
    clock(TODAY)
    assert cli("demo", "--no-clinic", "--date", TODAY.isoformat()).code == 0
    assert cli("today").code == 0  # today's refresh saved


@pytest.mark.usefixtures("demo")
def test_read_commands_for_another_day_save_nothing(cli: Cli) -> None:
    before = stored_advice()
    assert len(before[0]) > 7
    for back in (1, 5, 13):
        day = (TODAY - dt.timedelta(days=back)).isoformat()
        for command in ("today", "explain", "plan", "progress", "export"):
            result = cli(command, "--date", day)
            assert result.code == 0, (command, result.err)
            assert stored_advice() == before, (command, day)
    ahead = (TODAY + dt.timedelta(days=3)).isoformat()
    assert cli("today", "--date", ahead).code == 0
    assert cli("plan", "--date", ahead).code == 0
    assert stored_advice() == before


@pytest.mark.usefixtures("demo")
def test_logging_a_past_day_saves_the_replay_as_of_today(cli: Cli) -> None:
    day = TODAY - dt.timedelta(days=2)
    item = services.today(services.resolve_user("demo"), day, today_=TODAY).items[0]
    args = ["log", "--date", day.isoformat(), "--exercise", item.exercise, "--set", "1"]
    args += ["--side", item.sides[0]] if item.sides else []
    args += ["--seconds", "20"] if item.dose.seconds else ["--reps", "5"]
    assert cli(*args, "--pain", "8", "--replace").code == 0  # corrects the demo's set
    after_log = stored_advice()
    assert cli("today").code == 0  # today's view finds the replay as of today already saved
    assert stored_advice() == after_log


@pytest.mark.usefixtures("demo")
def test_a_date_outside_the_window_is_one_line_and_saves_nothing(cli: Cli) -> None:
    start = services.get_profile(services.resolve_user("demo")).start_date
    before = stored_advice()
    too_far = (TODAY + dt.timedelta(days=services.DAYS_AHEAD_SHOWN + 1)).isoformat()
    for day, words in (
        ((start - dt.timedelta(days=1)).isoformat(), "before your programme's start date"),
        ("1950-01-01", "before your programme's start date"),
        (too_far, "days ahead"),
        ("2100-12-31", "days ahead"),
    ):
        for command in ("today", "explain", "plan", "progress", "export"):
            line = one_line_error(cli(command, "--date", day))
            assert line.startswith("error: --date: ") and words in line, (command, line)
    assert stored_advice() == before


@pytest.mark.parametrize("text", ["0", "20261116", "2026-W47-1", "2026-11-16T00:00", "16.11.2026"])
def test_a_date_that_is_not_yyyy_mm_dd_is_refused(cli: Cli, text: str) -> None:
    line = one_line_error(cli("today", "--date", text))
    assert "--date:" in line and "YYYY-MM-DD" in line


@pytest.mark.parametrize(
    "args",
    [
        ("demo", "--date", "0001-01-01"),
        ("demo", "--date", "9999-12-31"),
        ("today", "--date", "1899-12-31"),
        (
            "init",
            "--user",
            "k",
            "--untrained",
            "--equipment",
            "mat",
            "--painful-side",
            "left",
            "--days",
            "all",
            "--no-red-flags",
            "--start",
            "0001-01-01",
        ),
    ],
)
def test_a_date_outside_the_engines_calendar_is_one_line(cli: Cli, args: tuple[str, ...]) -> None:
    line = one_line_error(cli(*args))
    assert "is outside the dates kneecoach works with (1900-01-01 to 9000-12-31)" in line
    assert line.startswith(("error: --date: ", "error: --start: "))
