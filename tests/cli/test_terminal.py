"""The CLI as a person on a terminal meets it: prompts that ask again instead of failing at the end,
a red flag that stops onboarding at once, the guided log, Ctrl-C, and tables at 80 columns."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Protocol

import pytest
from rich.console import Console

from kneecoach.cli import prompts
from kneecoach.programme.screening import QUESTIONS
from kneecoach.web.coach.models import LoggedSet, Profile
from tests.cli.conftest import Cli, Result
from tests.cli.test_commands import INIT, START

pytestmark = pytest.mark.django_db

PROFILE_FLAGS = (
    "--untrained", "--painful-side", "left", "--start", START, "--days", "all",
    "--baseline-pain", "2", "--date", START,
)  # fmt: skip


def keys(*yes: str) -> list[str]:
    """What a person types for the safety questions: y for ``yes`` ids, else n; S5 (when was the
    knee operated on) is a numbered choice, 1 = no operation, and S5C is then not asked."""
    typed = []
    for question in QUESTIONS:
        if question.id == "S5C":
            continue
        if question.id == "S5":
            typed.append("1")
        else:
            typed.append("y" if question.id in yes else "n")
    return typed


ALL_NO = keys()


class Keyboard(io.StringIO):
    """stdin for the prompts: the given lines, then Ctrl-C (or end of input)."""

    def __init__(self, lines: list[str], then_interrupt: bool) -> None:
        super().__init__("".join(f"{line}\n" for line in lines))
        self.then_interrupt = then_interrupt

    # typeshed gives StringIO a base (_io._IOBase) whose readline returns bytes; this is str.
    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        line = super().readline(-1 if size is None else size)
        if not line and self.then_interrupt:
            raise KeyboardInterrupt
        return line


class Terminal(Protocol):
    """The ``terminal`` fixture: the command with its prompts answered from ``lines``."""

    def __call__(self, lines: list[str], *args: str, then_interrupt: bool = False) -> Result: ...


@pytest.fixture
def terminal(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Terminal:
    """``terminal(["n", ...], "init", ...)``: the command with prompts answered from the list."""
    monkeypatch.setattr("kneecoach.cli.prompts.interactive", lambda: True)

    def run(lines: list[str], *args: str, then_interrupt: bool = False) -> Result:
        monkeypatch.setattr("sys.stdin", Keyboard(lines, then_interrupt))
        return cli(*args)

    return run


def test_a_blocking_red_flag_stops_onboarding_before_the_training_questions(
    terminal: Terminal,
) -> None:
    answers = keys("U1")  # U1: hot swollen knee with a fever
    result = terminal(answers, "init", "--user", "ola", "--date", START)
    assert result.code == 3, result.err
    assert "Screening: urgent" in result.out
    assert "clinician" in result.out
    assert "Nothing was saved" in result.out
    assert "strength training" not in result.out  # no profile question after the red flag
    assert not Profile.objects.filter(user__username="ola").exists()


def test_a_recent_operation_locks_until_the_surgical_team_clears_it(terminal: Terminal) -> None:
    """Issue 13 item 8: S5 = 3 (in the last 6 months), then S5C no: the programme is locked and
    the advice sends the person to the surgical team."""
    typed = keys()
    s5 = [q.id for q in QUESTIONS if q.id != "S5C"].index("S5")
    typed[s5 : s5 + 1] = ["3", "n"]  # operated on in the last 6 months; not cleared
    result = terminal(typed, "init", "--user", "ola", "--date", START)
    assert result.code == 3, result.err
    assert "Screening: surgical" in result.out and "surgical team" in result.out
    assert not Profile.objects.filter(user__username="ola").exists()


def test_red_flag_questions_have_no_default_answer(terminal: Terminal) -> None:
    result = terminal(["", *ALL_NO], "init", "--user", "ola", "--equipment", "none", *PROFILE_FLAGS)
    assert result.code == 0, result.err
    assert "(n):" not in result.out
    assert "Please select one of the available options" in result.out  # the empty answer
    assert Profile.objects.get(user__username="ola").screening_status == "clear"


def test_a_typo_at_a_prompt_is_asked_again_instead_of_failing_at_the_end(
    terminal: Terminal,
) -> None:
    flags = [f for f in PROFILE_FLAGS if f not in ("--days", "all")]
    lines = [*ALL_NO, "mat, mini-bnad", "mat, mini-band", "mon,wen", "mon,wed,fri"]
    result = terminal(lines, "init", "--user", "ola", *flags)
    assert result.code == 0, result.err
    assert "unknown equipment mini-bnad" in result.out
    assert "unknown day 'wen'" in result.out
    profile = Profile.objects.get(user__username="ola")
    assert sorted(profile.equipment) == ["mat", "mini-band"]
    assert sorted(profile.weekdays) == [0, 2, 4]


def _onboard(cli: Cli) -> None:
    result = cli(*INIT)
    assert result.code == 0, result.err


def test_guided_log_asks_again_for_an_impossible_amount_and_names_the_save(
    cli: Cli, terminal: Terminal
) -> None:
    _onboard(cli)
    result = terminal(["-3", "8", "11", "2"], "log", "--date", START, "--no-timers")
    assert result.code == 1  # the answers ran out: end of input
    assert "stopped at the end of input" in result.err
    assert "give a whole number from 0 to 500" in result.out
    assert "pain is a whole number from 0 (none) to 10" in result.out
    saved = LoggedSet.objects.get()
    assert (saved.set_number, saved.reps, saved.pain) == (1, 8, 2)
    assert f"saved: {saved.exercise} set 1" in result.out


def test_the_guided_session_names_its_day_in_words(cli: Cli, terminal: Terminal) -> None:
    """Its heading is read, not typed back: "Monday 2 November", as today's heading has it."""
    _onboard(cli)
    result = terminal(["8", "2"], "log", "--date", START, "--no-timers", then_interrupt=True)
    assert result.code == 130
    assert "Guided session, Monday 2 November: " in result.out
    assert "(Mon 2 Nov)" not in result.out  # the guided saves need no day: it is the heading's
    assert START not in result.out


def test_ctrl_c_in_the_guided_log_keeps_the_saved_sets_and_exits_130(
    cli: Cli, terminal: Terminal
) -> None:
    _onboard(cli)
    result = terminal(["8", "2"], "log", "--date", START, "--no-timers", then_interrupt=True)
    assert result.code == 130
    assert result.err.strip() == "error: interrupted; everything reported as saved is saved"
    assert LoggedSet.objects.count() == 1


def test_guided_log_skips_an_exercise_that_is_fully_logged(cli: Cli, terminal: Terminal) -> None:
    import datetime as dt

    from kneecoach.web.coach import services

    _onboard(cli)
    kari = services.resolve_user("kari")
    first = services.today(kari, dt.date.fromisoformat(START)).items[0]
    sets = first.dose.sets * max(1, len(first.sides))
    done = terminal(["8", "2"] * sets, "log", "--date", START, "--no-timers", then_interrupt=True)
    assert done.code == 130
    assert LoggedSet.objects.filter(exercise=first.exercise).count() == sets
    again = terminal([], "log", "--date", START, "--no-timers", then_interrupt=True)
    assert again.code == 130
    assert f"{first.name}: logged already" in again.out
    assert f"Dose: {first.dose.text}" not in again.out


@pytest.fixture
def narrow(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("COLUMNS", "80")
    yield


@pytest.mark.parametrize("command", ["today", "plan", "progress", "explain"])
def test_tables_fit_80_columns_without_breaking_names(cli: Cli, narrow: None, command: str) -> None:
    _onboard(cli)
    result = cli(command, "--date", START)
    assert result.code == 0, result.err
    assert max(len(line) for line in result.out.splitlines()) <= 80
    if command in ("today", "plan"):
        for slug in ("hamstring-curl", "monster-walks", "wall-squat"):
            assert any(slug in line for line in result.out.splitlines()), slug
    if command == "today":  # the cues' wrapped lines stay indented under their bullet
        lines = result.out.splitlines()
        cues = lines[lines.index("Key cues") + 1 : -1]
        assert cues and all(line.startswith(("  - ", "    ")) for line in cues), cues


def test_plan_dose_lines_do_not_wrap_at_80_columns(cli: Cli, narrow: None) -> None:
    _onboard(cli)
    result = cli("plan", "--date", START, "--days", "7")
    assert result.code == 0, result.err
    doses = [line for line in result.out.splitlines() if "-curl:" in line]
    assert doses and all(line.rstrip().endswith(("reps", "side", "s")) for line in doses)


def test_kneecoach_alone_prints_the_help_not_an_error(cli: Cli) -> None:
    result = cli()
    assert result.code == 0
    assert result.out.startswith("Usage: kneecoach")
    assert "today" in result.out and result.err == ""


def test_guided_log_answers_pain_above_the_limit_at_once_and_stops_at_the_flare_limit(
    cli: Cli,
    terminal: Terminal,
) -> None:
    """Issue 14 blocker 2: 6/10 gets "ease off" the moment the set is saved (the session goes
    on); 8/10 ends the session with the relief advice."""
    _onboard(cli)
    result = terminal(["8", "6", "8", "8"], "log", "--date", START, "--no-timers")
    assert result.code == 0, result.err
    out = " ".join(result.out.split())
    assert "Your pain was 6 out of 10. That is above the limit of 5. Ease off now" in out
    assert "stop this exercise for today" in out
    assert "Your pain was 8 out of 10. Stop the session now" in out
    assert "cold pack" in out  # the relief advice, once
    assert out.count("cold pack") == 1
    assert "Session done" not in out
    assert LoggedSet.objects.count() == 2


def test_one_set_log_says_what_to_do_about_pain_above_the_limit(cli: Cli) -> None:
    import datetime as dt

    from kneecoach.web.coach import services

    _onboard(cli)
    kari = services.resolve_user("kari")
    first = services.today(kari, dt.date.fromisoformat(START)).items[0]
    side = ["--side", first.sides[0]] if first.sides else []
    amount = ["--seconds", "20"] if first.dose.seconds else ["--reps", "8"]
    one_set = ("--exercise", first.exercise, *side, *amount, "--pain", "7")
    result = cli("log", "--date", START, *one_set)
    assert result.code == 0, result.err
    assert "Ease off now" in " ".join(result.out.split())


@pytest.mark.parametrize(
    ("ask", "refusal"),
    [
        (lambda out: prompts.ask_int(out, "Sets", 1, 5), "give a whole number from 1 to 5"),
        (lambda out: prompts.ask_pain(out, "Pain"), "pain is a whole number from 0 (none) to 10"),
    ],
)
def test_a_number_prompt_refuses_text_and_a_number_out_of_range_in_the_same_words(
    monkeypatch: pytest.MonkeyPatch, ask: Callable[[Console], int], refusal: str
) -> None:
    """Text where a number is asked for got Rich's own "Please enter a valid integer number",
    a number out of range the prompt's words: one refusal, said one way."""
    monkeypatch.setattr("sys.stdin", io.StringIO("three\n11\n3\n"))
    shown = io.StringIO()
    assert ask(Console(file=shown, width=80)) == 3
    assert "valid integer" not in shown.getvalue()
    assert shown.getvalue().count(refusal) == 2
