"""Reporting what stopped a session from the terminal (the in-session stop rule,
docs/evidence.md#stop-rule): ``kneecoach log --stopped EVENT`` alone or with a set, taken back
with ``--withdraw``, refused on one line naming the option; and ``s`` in the guided session."""

from __future__ import annotations

import pytest

from kneecoach.programme.values import STOP_EVENTS
from kneecoach.web.coach import services as coach
from kneecoach.web.coach.models import LoggedSession, LoggedSet
from tests.cli.test_commands import INIT, START, one_line_error
from tests.cli.test_terminal import terminal  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def kari(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(*INIT)
    assert result.code == 0, result.err


def _events() -> list[str] | None:
    session = LoggedSession.objects.filter(day=START).first()
    return None if session is None else list(session.stop_events)


def test_the_help_lists_the_stop_events(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("log", "--help")
    assert result.code == 0
    text = " ".join(result.out.split())
    assert "--stopped" in text and "--withdraw" in text
    for event in STOP_EVENTS:
        assert event in text, event


def test_a_reported_giving_way_is_saved_and_answered_with_the_relief_advice(cli, kari) -> None:  # type: ignore[no-untyped-def]
    result = cli("log", "--date", START, "--stopped", "giving_way")
    assert result.code == 0, result.err
    out = " ".join(result.out.split())
    assert "saved: the session on Mon 2 Nov stopped: the knee gave way." in out
    assert "had to stop: the knee gave way" in out
    assert "cold pack" in out
    assert "see your GP or physiotherapist" in out
    assert _events() == ["giving_way"]
    assert not LoggedSet.objects.exists()


def test_stop_events_are_repeatable_and_go_with_a_set(cli, kari) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "log", "--date", START, "--exercise", "glute-bridge", "--reps", "8", "--pain", "3",
        "--stopped", "pop", "--stopped", "sharp_pain",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "saved: glute-bridge set 1" in result.out
    assert _events() == ["pop", "sharp_pain"]
    assert LoggedSet.objects.count() == 1


def test_an_event_reported_by_mistake_is_withdrawn(cli, kari) -> None:  # type: ignore[no-untyped-def]
    cli("log", "--date", START, "--stopped", "pop")
    result = cli("log", "--date", START, "--stopped", "pop", "--withdraw")
    assert result.code == 0, result.err
    assert "saved: no stop recorded for Mon 2 Nov." in result.out
    assert _events() is None


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("--stopped", "knee_exploded"), "--stopped"),
        (("--withdraw",), "--stopped"),
        # a bad event refuses the set given with it too: nothing is half saved
        (
            ("--exercise", "glute-bridge", "--reps", "8", "--pain", "3", "--stopped", "x"),
            "--stopped",
        ),
    ],
)
def test_a_bad_event_is_one_line_naming_the_option_and_saves_nothing(  # type: ignore[no-untyped-def]
    cli, kari, args: tuple[str, ...], option: str
) -> None:
    result = cli("log", "--date", START, *args)
    assert one_line_error(result).startswith(f"error: {option}: ")
    assert not LoggedSession.objects.exists()


def test_s_in_the_guided_session_stops_it_with_what_happened(cli, kari, terminal) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    result = terminal(["8", "2", "s", "9", "1,4"], "log", "--date", START, "--no-timers")
    assert result.code == 0, result.err
    out = " ".join(result.out.split())
    assert "s = I had to stop" in out
    assert "type numbers from 1 to 4" in out  # 9 is asked again
    for number, (_, words) in enumerate(coach.stop_event_words(), 1):  # the page's words
        assert f"{number}. {words}" in out, words
    assert "stopped: the knee gave way; sharp, sudden pain." in out
    assert "cold pack" in out
    assert "Session done" not in out
    assert _events() == ["giving_way", "sharp_pain"]
    assert LoggedSet.objects.count() == 1  # the set before the stop stays


def test_enter_after_s_goes_back_to_the_set(cli, kari, terminal) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    result = terminal(
        ["s", "", "8", "2"], "log", "--date", START, "--no-timers", then_interrupt=True
    )
    assert result.code == 130
    assert _events() == []  # the set's session, no stop
    assert LoggedSet.objects.count() == 1
