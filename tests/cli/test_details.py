"""The terminal's small honesties (issue 14's minor CLI items): each side's own highest pain,
equipment typed as people type it, an export that does not overwrite unasked, and a check-in
that says which morning it is about."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from kneecoach.cli import prompts, render
from kneecoach.web.coach.models import MorningCheckin, Profile
from kneecoach.web.coach.schemas import DoseView, SessionItem, TodayView
from tests.cli.conftest import Cli, Clock, Result
from tests.cli.test_commands import INIT, START, one_line_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def onboarded(cli: Cli) -> Cli:
    result = cli(*INIT)
    assert result.code == 0, result.err
    return cli


def _log(cli: Cli, side: str, set_number: int, pain: int, day: str = START) -> Result:
    result = cli(
        "log", "--date", day, "--exercise", "clamshell", "--set", str(set_number),
        "--side", side, "--reps", "10", "--pain", str(pain),
    )  # fmt: skip
    assert result.code == 0, result.err
    return result


def _volume_row(out: str, side: str) -> list[str]:
    """The cells of the volume table's row for ``side`` (box characters dropped)."""
    for line in out.splitlines():
        cells = [c.strip() for c in line.replace("│", "|").split("|") if c.strip()]
        if side in cells and "reps" in " ".join(cells):
            return cells
    raise AssertionError(f"no volume row for {side}:\n{out}")


def test_max_pain_is_each_sides_own(onboarded: Cli) -> None:
    _log(onboarded, "left", 1, 2)
    _log(onboarded, "right", 1, 6)
    progress = onboarded("progress", "--date", START)
    assert progress.code == 0, progress.err
    assert _volume_row(progress.out, "left")[-1] == "2"
    assert _volume_row(progress.out, "right")[-1] == "6"


@pytest.mark.parametrize("typed", ["mini band", "Mini-Band", "miniband", "mini bands", "mini_band"])
def test_equipment_is_read_however_it_is_spelled(cli: Cli, typed: str) -> None:
    args = list(INIT)
    args[args.index("--equipment") + 1] = f"{typed}, Mat, ankle weights"
    result = cli(*args)
    assert result.code == 0, result.err
    profile = Profile.objects.get(user__username="kari")
    assert set(profile.equipment) == {"mini-band", "mat", "ankle-weight"}


def test_equipment_that_spells_nothing_known_is_one_line(cli: Cli) -> None:
    args = list(INIT)
    args[args.index("--equipment") + 1] = "mini band, trampoline"
    line = one_line_error(cli(*args))
    assert "unknown equipment trampoline" in line
    assert not Profile.objects.exists()


def test_export_does_not_overwrite_a_file_unasked(onboarded: Cli, tmp_path: Path) -> None:
    target = tmp_path / "keep.json"
    target.write_text("mine", encoding="utf-8")
    refused = onboarded("export", "-o", str(target), "--date", START)
    assert "already exists; pass --force" in one_line_error(refused)
    assert target.read_text(encoding="utf-8") == "mine"
    for flag in ("--force", "--overwrite"):
        target.write_text("mine", encoding="utf-8")
        replaced = onboarded("export", "-o", str(target), flag, "--date", START)
        assert replaced.code == 0, replaced.err
        assert json.loads(target.read_text(encoding="utf-8"))["format"] == "kneecoach-export"


@pytest.mark.parametrize(("answer", "kept"), [("n\n", True), ("y\n", False)])
def test_export_on_a_terminal_asks_before_overwriting(
    onboarded: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: str, kept: bool
) -> None:
    target = tmp_path / "keep.json"
    target.write_text("mine", encoding="utf-8")
    monkeypatch.setattr(prompts, "interactive", lambda: True)
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    result = onboarded("export", "-o", str(target), "--date", START)
    assert result.code == (1 if kept else 0), result.err
    assert (target.read_text(encoding="utf-8") == "mine") is kept


def test_a_check_in_the_morning_after_says_which_session_it_follows(onboarded: Cli) -> None:
    _log(onboarded, "left", 1, 2)
    checked = onboarded("checkin", "--date", "2026-11-03", "--pain", "2")
    assert checked.code == 0, checked.err
    assert "morning check-in for Tue 3 Nov, after the session on Mon 2 Nov" in checked.out


def test_a_same_evening_check_in_is_not_the_next_morning_one(onboarded: Cli, clock: Clock) -> None:
    clock(dt.date.fromisoformat(START))
    _log(onboarded, "left", 1, 2)
    evening = onboarded("checkin", "--pain", "3")
    line = one_line_error(evening)
    assert "its check-in is tomorrow morning (2026-11-03)" in line
    assert "--pain-after" in line
    assert not MorningCheckin.objects.exists()
    morning = onboarded("checkin", "--pain", "1", "--before-session")
    assert morning.code == 0, morning.err
    assert "check-in for the morning of Mon 2 Nov" in morning.out
    assert "after the session on Mon 2 Nov: the next morning" in morning.out
    assert MorningCheckin.objects.get().day == dt.date.fromisoformat(START)


@pytest.mark.parametrize(("answer", "saved"), [("n\n", False), ("y\n1\nn\nn\n", True)])
def test_a_same_evening_check_in_on_a_terminal_asks_which_morning(
    onboarded: Cli, clock: Clock, monkeypatch: pytest.MonkeyPatch, answer: str, saved: bool
) -> None:
    clock(dt.date.fromisoformat(START))
    _log(onboarded, "left", 1, 2)
    monkeypatch.setattr(prompts, "interactive", lambda: True)
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    result = onboarded("checkin")
    assert "Its check-in, how the knee settled overnight, is tomorrow morning" in result.out
    assert result.code == (0 if saved else 1), result.out
    assert MorningCheckin.objects.exists() is saved


def test_the_plan_calls_a_day_done_only_when_every_prescribed_set_is_logged(onboarded: Cli) -> None:
    _log(onboarded, "left", 1, 2)
    begun = onboarded("plan", "--date", START, "--days", "1")
    assert begun.code == 0, begun.err
    row = next(line for line in begun.out.splitlines() if line.lstrip().startswith(">"))
    done, prescribed = row.split()[-1].split("/")  # sets logged / sets the day prescribes
    assert done == "1" and int(prescribed) > 1
    assert " yes" not in row  # as the plan page: partly done, not done


def test_a_set_logged_twice_tells_the_terminal_how_to_correct_it(onboarded: Cli) -> None:
    _log(onboarded, "left", 1, 2)
    again = onboarded(
        "log", "--date", START, "--exercise", "clamshell", "--set", "1", "--side", "left",
        "--reps", "10", "--pain", "3",
    )  # fmt: skip
    line = one_line_error(again)
    assert "set 1 (left) of clamshell is already logged" in line
    assert "--replace" in line and "send it again with replace" not in line


def test_today_writes_what_is_done_without_by_its_name() -> None:
    """An exercise no substitute covers (a clinic's own catalogue can make one) is done without
    the equipment: the terminal says so in the card's words and with the catalogue's names, not
    "needs: soft-ball", which read as if the person had to get it first."""
    dose = DoseView("wall-squat", 0, 2, 8, None, False, None, "2 x 8 reps")
    item = SessionItem(
        exercise="wall-squat",
        name="Wall half-squat with a ball",
        performed_as="wall-squat",
        performed_as_name="Wall half-squat with a ball",
        focus="knee",
        dose=dose,
        rest_seconds=60,
        sides=(),
        cues=(),
        substitute_for=None,
        missing_equipment=("soft-ball",),
        missing_equipment_names=("Soft ball [small]",),
    )
    view = TodayView(
        day=dt.date(2026, 11, 2), kind="training", focus="knee", state="training", items=(item,),
        advice=(), decisions=(), pain_after=None, checkin_due=None, next_training_day=None,
    )  # fmt: skip
    out = Console(width=200, record=True, color_system=None)
    render.today(out, view)
    text = out.export_text()
    assert "done without: Soft ball [small]" in text
    assert "needs:" not in text and "soft-ball" not in text


def test_the_plan_calls_a_session_stopped_at_pain_8_partly_done(onboarded: Cli) -> None:
    """A set at 8/10 ends the session and turns the day into relief, which prescribes nothing:
    counted in sets alone, 2 of 0 read "yes" (outcomes.session_done_rule)."""
    _log(onboarded, "left", 1, 2)
    _log(onboarded, "right", 1, 8)
    plan = onboarded("plan", "--date", START, "--days", "1")
    assert plan.code == 0, plan.err
    row = next(line for line in plan.out.splitlines() if line.lstrip().startswith(">"))
    assert " yes" not in row and "partly" in row
