"""The real console script in fresh processes: start-up, a hard crash after "saved", advise."""

from __future__ import annotations

import contextlib
import json
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import kneecoach, subprocess_env


def python_script(script: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """``script`` run by a fresh interpreter on ``data_dir``, its output captured."""
    return subprocess.run(
        [sys.executable, "-c", script],
        env=subprocess_env(data_dir),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


START = "2026-11-02"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kneecoach-data")
    assert kneecoach(folder, "migrate").returncode == 0
    init = kneecoach(
        folder, "init", "--user", "ola", "--trained", "--equipment", "mat,mini-band",
        "--painful-side", "right", "--start", START, "--days", "all", "--no-red-flags",
        "--date", START,
    )  # fmt: skip
    assert init.returncode == 0, init.stderr
    return folder


def test_a_set_reported_saved_survives_a_hard_kill(data_dir: Path) -> None:
    """SIGKILL right after "saved": no clean exit, no connection close; the row is on disk."""
    script = (
        "import sys, time\n"
        "from kneecoach.cli import main\n"
        "main(['log', '--date', '2026-11-02', '--exercise', 'glute-bridge', '--set', '1',"
        " '--reps', '9', '--pain', '2'])\n"
        "sys.stdout.flush()\n"
        "time.sleep(60)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        env=subprocess_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert line.startswith("saved: glute-bridge set 1"), (
        line,
        process.stderr and process.stderr.read(),
    )
    assert process.returncode == -signal.SIGKILL
    # closing(): a connection is freed only by a collection (its statement cache refers back to
    # it), and an open one keeps the WAL file of the commands after this test.
    with contextlib.closing(sqlite3.connect(data_dir / "kneecoach.sqlite3")) as db:
        rows = db.execute(
            "SELECT s.exercise, s.reps, s.pain FROM coach_loggedset s "
            "JOIN coach_loggedsession d ON d.id = s.session_id WHERE d.day = '2026-11-02'"
        ).fetchall()
    assert rows == [("glute-bridge", 9, 2)]


def test_bad_input_in_a_real_process_is_one_line_without_traceback(data_dir: Path) -> None:
    result = kneecoach(data_dir, "checkin", "--date", START, "--pain", "11")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: --pain: pain must be a whole number from 0 to 10, got 11"
    ]


def test_corrupt_catalogue_file_in_a_real_process(data_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text("slug = 'bad'\n[dose\n", encoding="utf-8")
    result = kneecoach(data_dir, "today", "--date", START, KNEECOACH_CATALOG_DIRS=str(tmp_path))
    assert result.returncode == 1
    assert "bad.toml" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_advise_needs_no_database_and_reads_an_export(data_dir: Path, tmp_path: Path) -> None:
    exported = kneecoach(data_dir, "export", "--format", "json", "--date", START)
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["format"] == "kneecoach-export"
    empty = tmp_path / "no-data-here"
    result = subprocess.run(
        [sys.executable, "-m", "kneecoach.cli", "advise", "-", "--date", "2026-11-04"],
        input=exported.stdout,
        env=subprocess_env(empty),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["today"] == "2026-11-04"
    assert answer["state"] == "training"
    assert not empty.exists()  # no database was created
    bad = subprocess.run(
        [sys.executable, "-m", "kneecoach.cli", "advise", "-"],
        input='{"profile": {"trained": "maybe"}}',
        env=subprocess_env(empty),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert bad.returncode == 1
    assert bad.stderr.startswith("error: profile.trained")


def test_the_console_script_loads_its_command_with_the_collector_paused(data_dir: Path) -> None:
    """``main()`` with the process's own arguments pauses the garbage collector while the
    command loads, then freezes the start-up's objects and collects again while it runs
    (``loader.pause_collection``)."""
    script = (
        "import atexit, gc, sys\n"
        "from kneecoach.cli import loader, main\n"
        "seen = []\n"
        "load = loader.load\n"
        "loader.load = lambda name: seen.append(('load', gc.isenabled())) or load(name)\n"
        "atexit.register(lambda: print(seen, gc.isenabled(), gc.get_freeze_count() > 1000))\n"
        "sys.argv = ['kneecoach', 'today', '--date', '2026-11-02']\n"
        "main()\n"
    )
    result = python_script(script, data_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[('load', False)] True True"


def test_the_console_script_ends_its_process_when_the_command_is_done(data_dir: Path) -> None:
    """``main()`` with the process's own arguments ends the process with the command's status
    (``_end_process``): the exit handlers run once, all output is flushed, and nothing after
    ``main()`` runs; with another thread still running it returns, as before, and the
    interpreter waits for the thread."""
    script = (
        "import atexit, sys, threading\n"
        "from kneecoach.cli import main\n"
        "atexit.register(lambda: print('exit handler'))\n"
        # The thread runs until main() has returned (or 60 s): however slow the command is on
        # a busy machine, it is still running when main() ends.
        "returned = threading.Event()\n"
        "if sys.argv[1] == 'thread':\n"
        "    threading.Thread(target=returned.wait, args=(60,)).start()\n"
        "sys.argv = ['kneecoach', *sys.argv[2:]]\n"
        "code = main()\n"
        "print('main returned', code)\n"
        "returned.set()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "-", "questions"],
        env=subprocess_env(data_dir),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    questions = kneecoach(data_dir, "questions")
    assert done.returncode == 0, done.stderr
    assert done.stdout == questions.stdout + "exit handler\n"
    refused = subprocess.run(
        [sys.executable, "-c", script, "-", "today", "--date", "someday"],
        env=subprocess_env(data_dir),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert refused.returncode == 1
    assert refused.stdout == "exit handler\n"
    assert refused.stderr.startswith("error: --date: ")
    waited = subprocess.run(
        [sys.executable, "-c", script, "thread", "questions"],
        env=subprocess_env(data_dir),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert waited.returncode == 0, waited.stderr
    assert waited.stdout == questions.stdout + "main returned 0\nexit handler\n"


def test_a_command_closes_the_database_at_exit(data_dir: Path) -> None:
    """The start-up's objects are frozen, so the teardown no longer frees the connection:
    closed at exit instead, SQLite checkpoints its WAL file away as before (when no other
    connection is open)."""
    result = kneecoach(data_dir, "today", "--date", START)
    assert result.returncode == 0, result.stderr
    assert not (data_dir / "kneecoach.sqlite3-wal").exists()


def test_an_in_process_call_leaves_the_collector_alone(data_dir: Path) -> None:
    script = (
        "import gc\n"
        "from kneecoach.cli import main\n"
        "frozen = gc.get_freeze_count()\n"
        "code = main(['today', '--date', '2026-11-02'])\n"
        "print(code, gc.isenabled(), gc.get_freeze_count() == frozen)\n"
    )
    result = python_script(script, data_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0 True True"


def test_a_usage_error_points_to_the_help_of_the_command_it_is_about(data_dir: Path) -> None:
    """A mistyped option is one line naming the help that lists the right ones: the command's
    (``kneecoach questionnaire fill --help``), not only the whole CLI's."""
    wrong = kneecoach(data_dir, "questionnaire", "fill", "--nope")
    assert wrong.returncode == 2
    assert wrong.stderr.splitlines() == [
        "error: No such option: --nope (see kneecoach questionnaire fill --help)"
    ]
    unknown = kneecoach(data_dir, "nosuch")
    assert unknown.stderr.rstrip().endswith("(see kneecoach --help)")
