"""The terminal app on a data directory it has never seen (issue 11, item 15): the first command
sets the database up and does its work; it never ends in a traceback (``no such table``)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from kneecoach.cli import startup
from tests.cli.conftest import kneecoach, subprocess_env

SET_UP = "kneecoach: database set up at "


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert "no such table" not in result.stderr


def test_init_on_a_new_data_directory_sets_the_database_up(tmp_path: Path) -> None:
    folder = tmp_path / "never-used"
    init = kneecoach(
        folder, "init", "--user", "kari", "--untrained", "--equipment", "mat",
        "--painful-side", "left", "--days", "all", "--baseline-pain", "2", "--no-red-flags",
    )  # fmt: skip
    no_traceback(init)
    assert init.returncode == 0, init.stderr
    assert init.stderr.startswith(SET_UP) and "kneecoach.sqlite3" in init.stderr
    assert "saved: profile for kari" in init.stdout
    today = kneecoach(folder, "today")
    assert today.returncode == 0, today.stderr
    assert today.stderr == ""  # set up once, said once


def test_today_and_demo_on_new_data_directories(tmp_path: Path) -> None:
    today = kneecoach(tmp_path / "a", "today")
    no_traceback(today)
    assert today.returncode == 1
    assert today.stderr.splitlines() == [
        f"{SET_UP}{tmp_path / 'a' / 'kneecoach.sqlite3'}",
        "error: user: no profile yet; run `kneecoach init` (or `kneecoach demo`)",
    ]
    demo = kneecoach(tmp_path / "b", "demo")
    no_traceback(demo)
    assert demo.returncode == 0, demo.stderr
    assert kneecoach(tmp_path / "b", "today", "--user", "demo").returncode == 0


def test_a_database_behind_this_version_is_brought_up_to_date(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    assert kneecoach(folder, "migrate").returncode == 0
    back = (
        "from kneecoach.cli.startup import ensure_database; ensure_database(migrated=False); "
        "from django.core.management import call_command; "
        "call_command('migrate', 'coach', '0002', verbosity=0)"
    )
    subprocess.run(
        [sys.executable, "-c", back], env=subprocess_env(folder), check=True, timeout=120
    )
    with sqlite3.connect(folder / "kneecoach.sqlite3") as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(coach_profile)")]
    assert "advice_digest" not in columns  # 0003 undone: an older version's database
    demo = kneecoach(folder, "demo")
    no_traceback(demo)
    assert demo.returncode == 0, demo.stderr
    assert demo.stderr.startswith(SET_UP)


@pytest.mark.django_db
def test_the_first_use_check_reads_the_applied_migrations_as_the_recorder_does() -> None:
    recorder = MigrationRecorder(connection)
    applied = startup._applied(recorder)
    assert applied == set(recorder.applied_migrations())
    assert ("coach", "0001_initial") in applied
    assert not startup._unapplied_migrations()  # the test database is this version's
