"""Every command's happy path, and bad input: one line on stderr, a non-zero exit, nothing lost."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from kneecoach.web.coach.models import LoggedSet, MorningCheckin, Profile
from tests.cli.conftest import Cli, Result

pytestmark = pytest.mark.django_db

START = "2026-11-02"  # a Monday
INIT = (
    "init", "--user", "kari", "--untrained", "--equipment", "none", "--painful-side", "left",
    "--start", START, "--days", "all", "--baseline-pain", "2", "--no-red-flags", "--date", START,
)  # fmt: skip


def one_line_error(result: Result, code: int = 1) -> str:
    assert result.code == code, (result.code, result.out, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.err + result.out
    return lines[0]


@pytest.fixture
def onboarded(cli: Cli) -> Cli:
    result = cli(*INIT)
    assert result.code == 0, result.err
    return cli


def test_init_saves_the_profile_after_a_clear_screening(cli: Cli) -> None:
    result = cli(*INIT)
    assert result.code == 0, result.err
    assert "no red flags" in result.out
    assert "saved: profile for kari" in result.out
    profile = Profile.objects.get(user__username="kari")
    assert profile.screening_status == "clear"
    assert profile.painful_side == "left"


def test_init_with_a_red_flag_blocks_self_management_with_advice(cli: Cli) -> None:
    result = cli(*INIT, "--red-flag", "U1")
    assert result.code == 3
    assert "urgent" in result.out
    assert "clinician" in result.out
    assert Profile.objects.get(user__username="kari").screening_status == "urgent"
    blocked = cli("today", "--date", START)
    assert "red-flag screening" in one_line_error(blocked, code=3)


def test_init_without_answers_and_without_a_terminal_says_what_to_pass(cli: Cli) -> None:
    args = [a for a in INIT if a != "--no-red-flags"]
    assert "--no-red-flags" in one_line_error(cli(*args))


def test_today_shows_the_session_with_doses(onboarded: Cli) -> None:
    result = onboarded("today", "--date", START)
    assert result.code == 0, result.err
    assert result.out.startswith("Monday 2 November 2026: training (full focus)\n")
    # Untrained, no equipment, left knee: each exercise's first row is its slug, starting dose,
    # sides (the painful one first), rest and how many sets are logged.
    rows = {line.split()[0]: " ".join(line.split()) for line in result.out.splitlines()[3:]}
    assert rows["vmo-lift"] == "vmo-lift 3 x 8 reps left then right 45 s -"
    assert rows["side-steps"] == "side-steps 2 x 10 reps left then right 60 s -"
    assert rows["glute-bridge"] == "glute-bridge 2 x 8 reps both legs 60 s -"
    assert rows["hamstring-curl"] == "hamstring-curl 2 x 10 reps left then right 60 s -"
    assert rows["clamshell"] == "clamshell 2 x 10 reps left then right 45 s -"
    assert rows["wall-squat"] == "wall-squat 2 x 8 reps both legs 90 s -"
    assert rows["monster-walks"] == "monster-walks 2 x 30 s both legs 60 s -"
    assert "do it as: Clamshell on a rug or bed" in result.out  # no mat: the substitute


def test_today_says_a_substitute_is_done_for_missing_equipment(cli: Cli) -> None:
    """The walk-through: a mini band but no loop band for the ankles. "do it as" names what is
    not at hand, so the person knows why (not "a version that suits the knee")."""
    init = list(INIT)
    init[init.index("--equipment") + 1] = "mat,wall,mini-band"
    assert cli(*init).code == 0
    result = cli("today", "--date", START)
    assert result.code == 0, result.err
    text = " ".join(result.out.split())  # the table wraps the name column
    assert "do it as: Side steps with a mini band (not at hand: Loop band for the ankles)" in text
    assert "do it as: Wall squat without a ball (not at hand: Soft ball" in text


def test_log_a_set_then_pain_after_then_checkin(onboarded: Cli) -> None:
    logged = onboarded(
        "log", "--date", START, "--exercise", "clamshell", "--set", "1", "--side", "left",
        "--reps", "10", "--pain", "3",
    )  # fmt: skip
    assert logged.code == 0, logged.err
    assert "saved: clamshell set 1 left: 10 reps, pain 3/10" in logged.out
    after = onboarded("log", "--date", START, "--pain-after", "2")
    assert after.code == 0, after.err
    checked = onboarded("checkin", "--date", "2026-11-03", "--pain", "2", "--stiffness")
    assert checked.code == 0, checked.err
    assert MorningCheckin.objects.get().stiffness is True
    again = onboarded("checkin", "--date", "2026-11-03", "--pain", "4")
    assert "already saved" in one_line_error(again)
    assert MorningCheckin.objects.get().pain == 2


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("--reps", "10", "--pain", "11"),
            "pain: pain must be a whole number from 0 to 10, got 11",
        ),
        (("--reps", "-1", "--pain", "2"), "reps: must be from 0 to 500, got -1"),
        (
            ("--reps", "10", "--pain", "2", "--date", "02.11.2026"),
            "--date: '02.11.2026' is not a date",
        ),
        (("--reps", "10"), "--pain"),
    ],
)
def test_bad_set_input_is_one_line_and_saves_nothing(
    onboarded: Cli, args: tuple[str, ...], expected: str
) -> None:
    ok = onboarded(
        "log", "--date", START, "--exercise", "clamshell", "--side", "left", "--reps", "12",
        "--pain", "2",
    )  # fmt: skip
    assert ok.code == 0, ok.err
    base = ["log", "--exercise", "clamshell", "--set", "2", "--side", "left"]
    if "--date" not in args:
        base += ["--date", START]
    line = one_line_error(onboarded(*base, *args))
    assert expected in line
    assert list(LoggedSet.objects.values_list("set_number", "reps")) == [(1, 12)]


def test_unknown_exercise_lists_the_known_ones(onboarded: Cli) -> None:
    result = onboarded("log", "--date", START, "--exercise", "lunges", "--reps", "5", "--pain", "1")
    line = one_line_error(result)
    assert "unknown exercise 'lunges'" in line
    assert "clamshell" in line and "glute-bridge" in line


def test_unknown_option_is_a_one_line_usage_error(onboarded: Cli) -> None:
    assert "--frobnicate" in one_line_error(onboarded("today", "--frobnicate"), code=2)


def test_corrupt_catalogue_file_is_named(
    onboarded: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kneecoach.catalog.loader import clear_default_catalog

    (tmp_path / "broken.toml").write_text('slug = "broken"\norder = [', encoding="utf-8")
    monkeypatch.setenv("KNEECOACH_CATALOG_DIRS", str(tmp_path))
    clear_default_catalog()
    try:
        line = one_line_error(onboarded("today", "--date", START))
    finally:
        monkeypatch.delenv("KNEECOACH_CATALOG_DIRS")
        clear_default_catalog()
    assert "broken.toml" in line


def test_the_terminal_writes_the_day_of_the_month_without_a_leading_zero(onboarded: Cli) -> None:
    """As the pages do ("Tuesday 3 November"), not strftime's %d ("Tuesday 03 November")."""
    rest_day = "2026-11-03"  # a Tuesday: rest after Monday's session, training on Wednesday
    logged = onboarded(
        "log",
        "--date",
        START,
        "--exercise",
        "clamshell",
        "--set",
        "1",
        "--side",
        "left",
        "--reps",
        "10",
        "--pain",
        "1",
    )
    assert logged.code == 0, logged.err
    today = onboarded("today", "--date", rest_day)
    assert today.code == 0, today.err
    assert today.out.startswith("Tuesday 3 November 2026: rest\n")
    assert "Next training day: Wednesday 4 November." in today.out
    plan = onboarded("plan", "--date", rest_day, "--days", "3")
    assert plan.code == 0, plan.err
    assert "> marks Tue 3 Nov" in plan.out
    zero_padded = re.compile(r"\b0[1-9] (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
    assert not zero_padded.search(today.out + plan.out), today.out + plan.out


def test_explain_heading_names_the_day_in_words(onboarded: Cli) -> None:
    """As today's heading does ("Monday 2 November 2026"), not as the --date typed for it."""
    explain = onboarded("explain", "--date", START)
    assert explain.code == 0, explain.err
    assert explain.out.startswith("Monday 2 November 2026: programme state training\n")
    assert START not in explain.out


def test_explain_without_decisions_says_there_are_none_yet(onboarded: Cli) -> None:
    """A new profile's explain has no decisions; it says so as the progress page does rather
    than end on a bare heading."""
    explain = onboarded("explain", "--date", START)
    assert explain.code == 0, explain.err
    assert explain.out.rstrip().endswith(
        "Decisions\n  No decisions yet: the coach starts adjusting your doses once you have "
        "logged a few sessions."
    )


def test_the_saved_lines_name_the_day_in_words(cli: Cli) -> None:
    """A saved: or deleted: line is read, not typed back: it says "Mon 2 Nov" as the check-in's
    does, and init's start, which may lie in another year, "Monday 2 November 2026"."""
    init = cli(*INIT)
    assert init.code == 0, init.err
    assert "saved: profile for kari, starting Monday 2 November 2026." in init.out
    one_set = ("log", "--date", START, "--exercise", "glute-bridge", "--set", "1")
    logged = cli(*one_set, "--reps", "10", "--pain", "2")
    assert logged.code == 0, logged.err
    assert "saved: glute-bridge set 1: 10 reps, pain 2/10 (Mon 2 Nov)." in logged.out
    after = cli("log", "--date", START, "--pain-after", "2")
    assert after.code == 0, after.err
    assert "saved: pain after the session on Mon 2 Nov: 2/10." in after.out
    filled = cli("questionnaire", "fill", "nprs", "-a", "pain=4", "-d", START)
    assert filled.code == 0, filled.err
    assert filled.out.startswith("saved: ") and " on Mon 2 Nov\n" in filled.out
    gone = cli(*one_set, "--delete")
    assert gone.code == 0, gone.err
    assert "deleted: glute-bridge set 1 (Mon 2 Nov); 0 set(s) left that day." in gone.out
    said = init.out + logged.out + after.out + filled.out + gone.out
    assert START not in said, said


def test_plan_progress_explain(onboarded: Cli) -> None:
    plan = onboarded("plan", "--date", START, "--days", "7")
    assert plan.code == 0, plan.err
    days = [" ".join(line.split()[:4]) for line in plan.out.splitlines() if " Nov " in line]
    assert days[:3] == [">Mon 2 Nov training", "Tue 3 Nov rest", "Wed 4 Nov training"]
    assert "clamshell: 2 x 10 reps each side" in plan.out
    progress = onboarded("progress", "--date", START)
    assert progress.code == 0, progress.err
    assert "Pain" in progress.out
    explain = onboarded("explain", "--date", START)
    assert explain.code == 0, explain.err
    assert "Monday 2 November 2026: programme state training" in explain.out
    assert "  clamshell: 2 x 10 reps each side (level +0)" in explain.out


def test_the_plan_says_what_to_do_for_a_person_without_equipment_as_today_does(
    onboarded: Cli,
) -> None:
    """``--equipment none``: each planned exercise is listed with what Today says to do in its
    place (no cable machine, no band), under the slug ``log --exercise`` takes."""
    from kneecoach.web.coach import services as coach

    kari = coach.resolve_user("kari")
    items = coach.today(
        kari, dt.date.fromisoformat(START), today_=dt.date.fromisoformat(START)
    ).items
    instead = {i.exercise: i.performed_as_name for i in items if i.performed_as != i.exercise}
    assert "hamstring-curl" in instead and "side-steps" in instead
    plan = onboarded("plan", "--date", START, "--days", "1")
    assert plan.code == 0, plan.err
    words = " ".join(plan.out.split())
    for slug, name in instead.items():
        assert f"{slug}: " in words
        assert f"do it as: {name}" in words, name


def test_the_plan_says_which_equipment_a_substitute_stands_in_for_as_today_does(
    cli: Cli,
) -> None:
    """A mini band but no loop band for the ankles: ``kneecoach today`` says "do it as: Side
    steps with a mini band (not at hand: Loop band for the ankles)"; the plan said only the
    name, so the person could not tell a substitute from a version chosen for the knee."""
    init = list(INIT)
    init[init.index("--equipment") + 1] = "mat,wall,mini-band"
    assert cli(*init).code == 0
    plan = cli("plan", "--date", START, "--days", "1")
    assert plan.code == 0, plan.err
    words = " ".join(plan.out.split())  # the table wraps the doses column
    assert "do it as: Side steps with a mini band (not at hand: Loop band for the ankles)" in words
    assert "do it as: Wall squat without a ball (not at hand: Soft ball" in words


def test_export_json_and_csv_parse_back(onboarded: Cli, tmp_path: Path) -> None:
    onboarded(
        "log", "--date", START, "--exercise", "clamshell", "--side", "right", "--reps", "11",
        "--pain", "1",
    )  # fmt: skip
    as_json = onboarded("export", "--format", "json", "--date", START)
    assert as_json.code == 0, as_json.err
    document = json.loads(as_json.out)
    assert document["format"] == "kneecoach-export"
    assert document["diary"]["sessions"][0]["sets"][0]["reps"] == 11
    target = tmp_path / "diary.csv"
    as_csv = onboarded("export", "--format", "csv", "--output", str(target), "--date", START)
    assert as_csv.code == 0, as_csv.err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0]["record"] == "set" and rows[0]["side"] == "right" and rows[0]["reps"] == "11"
    assert "unknown format" in one_line_error(onboarded("export", "--format", "xml"))


def test_several_profiles_need_a_user(onboarded: Cli) -> None:
    second = [*INIT]
    second[2] = "ola"
    assert onboarded(*second).code == 0
    line = one_line_error(onboarded("today", "--date", START))
    assert "kari" in line and "ola" in line
    assert onboarded("today", "--user", "ola", "--date", START).code == 0
    assert "no user 'nobody'" in one_line_error(onboarded("today", "--user", "nobody"))


def test_demo_creates_a_fortnight_of_diary(cli: Cli) -> None:
    result = cli("demo", "--date", "2026-11-16")
    assert result.code == 0, result.err
    profile = Profile.objects.get(user__username="demo")
    assert profile.user.check_password("kneecoach-demo")
    assert profile.sessions.count() >= 5
    assert profile.checkins.count() >= 4
    assert cli("today", "--user", "demo", "--date", "2026-11-16").code == 0


@pytest.mark.django_db(transaction=True)  # the worker commits, as in production
def test_worker_batch_reaps_dead_checks_runs_the_queue_and_stops(cli: Cli) -> None:
    import datetime as dt

    from django_tasks_db.models import DBTaskResult

    from kneecoach.web.camera.models import Status, VideoCheck
    from kneecoach.web.camera.tasks import analyse_set_video
    from kneecoach.web.coach import services as coach
    from kneecoach.web.coach.models import LoggedSet

    assert cli(*INIT).code == 0
    user = Profile.objects.get().user
    day = dt.date.fromisoformat(START)
    coach.log_set(user, day, coach.SetInput("wall-squat", 1, pain=2, reps=8), today_=day)
    row = LoggedSet.objects.get()
    dead = VideoCheck.objects.create(
        profile=row.session.profile,
        logged_set=row,
        size_bytes=1,
        unit="reps",
        status=Status.RUNNING,
        started_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )
    analyse_set_video.enqueue("00000000-0000-0000-0000-000000000000")  # its check is gone
    result = cli("worker", "--batch")
    assert result.code == 0, result.err
    dead.refresh_from_db()
    assert dead.status == Status.FAILED and dead.error_code == "stopped"
    assert [r.return_value for r in DBTaskResult.objects.all()] == ["skipped"]


def test_worker_refuses_a_bad_interval(cli: Cli) -> None:
    assert "--interval" in one_line_error(cli("worker", "--interval", "0"))


def test_log_the_same_set_again_asks_for_replace_and_delete_removes_it(cli: Cli) -> None:
    """Issue 14 (6): a set logged again is refused without --replace (nothing overwritten);
    --replace corrects it; --delete removes it. One use case for CLI, page and API."""
    assert cli(*INIT).code == 0
    one = ("log", "--date", START, "--exercise", "glute-bridge", "--set", "1", "--reps", "10")
    assert cli(*one, "--pain", "2").code == 0
    again = cli(*one, "--pain", "4")
    assert again.code == 1
    assert again.err.startswith("error: --set: set 1 of glute-bridge is already logged")
    assert LoggedSet.objects.get().pain == 2
    assert cli(*one, "--pain", "4", "--replace").code == 0
    assert LoggedSet.objects.get().pain == 4
    gone = cli("log", "--date", START, "--exercise", "glute-bridge", "--set", "1", "--delete")
    assert gone.code == 0, gone.err
    assert "deleted: glute-bridge set 1" in gone.out
    assert not LoggedSet.objects.exists()
    missing = cli("log", "--date", START, "--exercise", "glute-bridge", "--set", "1", "--delete")
    assert missing.code == 1 and "is not logged" in missing.err


def test_an_error_names_the_option_that_was_typed(cli: Cli) -> None:
    """The use cases name a field as the API's JSON does (``pain``, ``set_number``, ``date``);
    the terminal writes the option the person typed for it, in any of its spellings, or the one
    to add where it was left out (``--side``), and the field's own name where the option falls
    back on the environment (``user``)."""
    assert cli(*INIT).code == 0
    one = ("log", "--exercise", "glute-bridge", "--set", "1", "--reps", "10")
    assert one_line_error(cli(*one, "--date", START, "--pain", "13")).startswith(
        "error: --pain: pain must be a whole number from 0 to 10"
    )
    assert one_line_error(cli(*one, "-d", "2026-11-01", "--pain", "2")).startswith(
        "error: --date: 2026-11-01 is before the programme's start date"
    )
    assert one_line_error(cli(*one, "--date=2026-11-01", "--pain", "2")).startswith(
        "error: --date: "
    )
    assert cli(*one, "--date", START, "--pain", "2").code == 0
    assert one_line_error(cli(*one, "--date", START, "--pain", "2")).startswith(
        "error: --set: set 1 of glute-bridge is already logged"
    )
    no_side = cli("log", "--date", START, "--exercise", "clamshell", "--reps", "10", "--pain", "2")
    assert one_line_error(no_side).startswith("error: --side: clamshell is done one leg at a time")
    blocked = cli("log", "--exercise", "glute-bridge", "--set", "x", "--reps", "10")
    assert blocked.code == 2  # a usage error is Typer's own line, untouched
