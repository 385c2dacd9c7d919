"""Answering the red-flag questions again from the terminal (``kneecoach screen``): the next day
after a stopped session (docs/evidence.md#stop-rule), weekly, and to open a profile an earlier
screening locked, as the web's Settings page does (``coach.services.rescreen``)."""

from __future__ import annotations

import datetime as dt

import pytest

from kneecoach.web.coach.models import Profile, ScreeningRecord
from tests.cli.conftest import Cli, Clock
from tests.cli.test_commands import INIT, START, one_line_error
from tests.cli.test_terminal import (
    Terminal,
    keys,
    terminal,  # noqa: F401 - the fixture
)

pytestmark = pytest.mark.django_db

NEXT_DAY = "2026-11-03"


@pytest.fixture(autouse=True)
def answered_the_next_day(clock: Clock) -> None:
    """``screen`` answers for the clock's today (no ``--date``): the day after the start."""
    clock(dt.date.fromisoformat(NEXT_DAY))


@pytest.fixture
def onboarded(cli: Cli) -> Cli:
    result = cli(*INIT)
    assert result.code == 0, result.err
    return cli


def _status() -> str:
    return str(Profile.objects.get(user__username="kari").screening_status)


def test_answering_again_without_a_red_flag_keeps_the_training_going(onboarded: Cli) -> None:
    result = onboarded("screen", "--no-red-flags")
    assert result.code == 0, result.err
    assert "Screening: no red flags." in result.out
    assert "saved: your answers to the safety questions on Tue 3 Nov." in result.out
    assert ScreeningRecord.objects.count() == 2  # init's, and today's
    assert ScreeningRecord.objects.first().answered_on.isoformat() == NEXT_DAY  # type: ignore[union-attr]
    assert onboarded("today", "--date", NEXT_DAY).code == 0


def test_a_red_flag_answered_again_blocks_self_management_and_today_refuses(
    onboarded: Cli,
) -> None:
    result = onboarded("screen", "--red-flag", "U9")
    assert result.code == 3, result.err
    out = " ".join(result.out.split())
    assert "Screening: urgent." in out
    assert "Once a clinician has seen you, answer the questions again: kneecoach screen." in out
    assert _status() == "urgent"
    blocked = one_line_error(onboarded("today", "--date", NEXT_DAY), code=3)
    assert "red-flag screening" in blocked
    assert blocked.endswith("(to answer the safety questions again: kneecoach screen)")


def test_a_clear_screening_after_a_block_opens_the_programme_again_as_the_page_does(
    cli: Cli,
) -> None:
    """The web's re-screening (``rescreen``) saves the newest answers as the profile's status
    and plans again when they do not lock: a lock from an earlier screening is lifted."""
    assert cli(*INIT, "--red-flag", "U1").code == 3
    assert cli("today", "--date", START).code == 3
    result = cli("screen", "--no-red-flags")
    assert result.code == 0, result.err
    assert _status() == "clear"
    today = cli("today", "--date", NEXT_DAY)
    assert today.code == 0, today.err
    assert "training" in today.out.splitlines()[0]


def test_a_recent_operation_opens_once_the_surgical_team_has_cleared_it(onboarded: Cli) -> None:
    locked = onboarded("screen", "--red-flag", "S5")
    assert locked.code == 3
    out = " ".join(locked.out.split())
    assert "Screening: surgical." in out
    assert "Once your surgical team has cleared home exercise" in out
    cleared = onboarded("screen", "--red-flag", "S5", "--red-flag", "S5C")
    assert cleared.code == 0, cleared.err
    assert _status() == "clear"


def test_the_stop_advice_names_the_terminal_command(onboarded: Cli) -> None:
    result = onboarded("log", "--date", START, "--stopped", "giving_way")
    assert result.code == 0, result.err
    out = " ".join(result.out.split())
    assert "Tomorrow, answer the safety questions again: kneecoach screen." in out
    assert "web app" not in out


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("--red-flag", "U99"), "--red-flag"),
        ((), "--no-red-flags"),  # no answers, no terminal to ask them on
    ],
)
def test_bad_input_is_one_line_naming_the_option_and_saves_nothing(
    onboarded: Cli, args: tuple[str, ...], option: str
) -> None:
    result = onboarded("screen", *args)
    assert one_line_error(result, code=1).startswith(f"error: {option}: ")
    assert ScreeningRecord.objects.count() == 1


def test_before_onboarding_there_is_nothing_to_answer_again_for(cli: Cli) -> None:
    result = cli("screen", "--no-red-flags")
    assert one_line_error(result, code=1).startswith("error: user: no profile yet")


def test_on_a_terminal_the_questions_are_asked_as_init_asks_them(
    onboarded: Cli,
    terminal: Terminal,  # noqa: F811
) -> None:
    result = terminal(["", *keys()], "screen")
    assert result.code == 0, result.err
    assert "The safety questions again." in result.out
    assert "Please select one of the available options" in result.out  # no default answer
    assert "Screening: no red flags." in result.out
    assert _status() == "clear"


def test_a_red_flag_typed_on_a_terminal_blocks(onboarded: Cli, terminal: Terminal) -> None:  # noqa: F811
    result = terminal(keys("U1"), "screen")
    assert result.code == 3, result.err
    assert "Screening: urgent." in result.out
    assert _status() == "urgent"


def test_no_question_is_asked_for_a_person_without_a_profile(terminal: Terminal) -> None:  # noqa: F811
    result = terminal(keys(), "screen", "--user", "nobody")
    assert one_line_error(result, code=1).startswith("error: --user: no user 'nobody'")
    assert "safety questions" not in result.out
