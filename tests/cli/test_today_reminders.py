"""``kneecoach today`` on the clock's day says what the Today page says is due above the session,
each with the command that does it: the weekly safety questions (``coach.rescreen_due``,
docs/evidence.md#screening) and a questionnaire (``outcomes.due_notice``, docs/outcomes.md)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cli.conftest import Cli, Clock
from tests.cli.test_commands import INIT, START

pytestmark = pytest.mark.django_db

STARTED = dt.date.fromisoformat(START)  # init answered the safety questions that Monday
RESCREEN = "Time for this week's safety questions (last answered Mon 2 Nov): kneecoach screen."
BASELINE = (
    "Questionnaires due, your starting point (KOOS-12: knee score, short form; Knee pain, "
    "0-10): kneecoach questionnaire fill koos12 (then nprs)."
)
KOOS12 = [f"{item}=1" for item in ("P1", "P5", "P6", "P8", "A4", "A3", "A7", "SP4")] + [
    f"Q{n}=1" for n in range(1, 5)
]


def _today(cli: Cli, *args: str) -> str:
    result = cli("today", *args)
    assert result.code == 0, result.err
    return " ".join(result.out.split())  # the words, however Rich wrapped them


@pytest.fixture
def onboarded(cli: Cli, clock: Clock) -> Cli:
    clock(STARTED)
    assert cli(*INIT).code == 0
    return cli


def test_today_reminds_of_the_weekly_safety_questions_naming_kneecoach_screen(
    onboarded: Cli, clock: Clock
) -> None:
    clock(STARTED + dt.timedelta(days=6))
    assert "safety questions" not in _today(onboarded)
    clock(STARTED + dt.timedelta(days=7))
    out = _today(onboarded)
    assert RESCREEN in out
    # Under the title, above the session, as on the page.
    assert out.index("Monday 9 November 2026: training") < out.index(RESCREEN) < out.index("Log")
    assert onboarded("screen", "--no-red-flags").code == 0
    assert "safety questions" not in _today(onboarded)


def test_today_names_the_questionnaires_due_and_the_command_that_fills_each(
    onboarded: Cli,
) -> None:
    assert BASELINE in _today(onboarded)
    assert onboarded("questionnaire", "fill", "koos12", *(f"-a{a}" for a in KOOS12)).code == 0
    assert (
        "Questionnaire due, your starting point (Knee pain, 0-10): "
        "kneecoach questionnaire fill nprs."
    ) in _today(onboarded)
    assert onboarded("questionnaire", "fill", "nprs", "-a", "pain=2").code == 0
    assert "questionnaire" not in _today(onboarded).lower()


def test_another_days_today_shows_no_reminders_as_the_page_shows_none(
    onboarded: Cli, clock: Clock
) -> None:
    clock(STARTED + dt.timedelta(days=7))
    yesterday = _today(onboarded, "--date", (STARTED + dt.timedelta(days=6)).isoformat())
    assert "safety questions" not in yesterday
    assert "Questionnaire" not in yesterday
    assert RESCREEN in _today(onboarded, "--date", (STARTED + dt.timedelta(days=7)).isoformat())


def test_todays_reminders_cost_today_two_small_reads_at_most(onboarded: Cli, clock: Clock) -> None:
    """``today`` read 12 statements before its reminders (one person, no --user); the weekly
    rescreen reads the last answers' day (1) and the questionnaires the schedule and what is
    filled in (2), and finding the one person takes one query where it took two."""
    clock(STARTED + dt.timedelta(days=7))
    _today(onboarded)  # the day's first view saves the day's decisions
    with CaptureQueriesContext(connection) as queries:
        out = _today(onboarded)
    assert RESCREEN in out
    assert BASELINE in out
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert len(selects) <= 12 + 2
    assert sum('FROM "coach_profile"' in sql for sql in selects) == 1
    assert [sql for sql, n in Counter(selects).items() if n > 1] == []
