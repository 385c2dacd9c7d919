"""``kneecoach today``'s memo (kneecoach.cli.today_memo): a repeated ``today`` on an unchanged
database prints what the full path printed, without loading Django; any write, by anyone, to
any table sends it back to the full path, whose output it then equals again."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kneecoach.cli import today_memo
from kneecoach.web import write_generation
from tests.cli.conftest import kneecoach, subprocess_env

_TODAY_SCRIPT = (
    "import sys\n"
    "from kneecoach.cli import main\n"
    "code = main(['today', *sys.argv[1:]])\n"
    "sys.stdout.flush()\n"
    "print(code, 'django.db' in sys.modules, file=sys.stderr)\n"
)


def _today(data_dir: Path, *args: str, **env: str) -> tuple[str, bool]:
    """``kneecoach today ARGS`` in a fresh process: (what it printed, whether it loaded
    Django, i.e. took the full path)."""
    result = subprocess.run(
        [sys.executable, "-c", _TODAY_SCRIPT, *args],
        env=subprocess_env(data_dir, **env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    code, django = result.stderr.strip().splitlines()[-1].split()
    assert code == "0", result.stderr
    return result.stdout, django == "True"


def _full_path(data_dir: Path, *args: str) -> str:
    output, django = _today(data_dir, *args, KNEECOACH_TERMINAL_MEMO="off")
    assert django
    return output


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    result = kneecoach(data, "demo")
    assert result.returncode == 0, result.stderr
    return data


def _sql(data_dir: Path, statement: str) -> None:
    """A write from outside the terminal (the web, a clinician, a script): plain SQL."""
    with sqlite3.connect(data_dir / "kneecoach.sqlite3", isolation_level=None) as connection:
        assert connection.execute(statement).rowcount > 0, statement


def test_today_again_on_an_unchanged_database_prints_the_same_without_django(
    data_dir: Path,
) -> None:
    first, first_loaded_django = _today(data_dir, "--user", "demo")
    again, again_loaded_django = _today(data_dir, "--user", "demo")
    assert (first_loaded_django, again_loaded_django) == (True, False)
    assert again == first == _full_path(data_dir, "--user", "demo")
    assert "Today" not in again and "vmo-lift" in again  # the session table itself


def test_every_write_from_elsewhere_sends_today_back_to_the_full_path(data_dir: Path) -> None:
    _today(data_dir, "--user", "demo")
    writes = [
        "UPDATE auth_user SET first_name = 'Dee' WHERE username = 'demo'",
        "DELETE FROM coach_loggedset WHERE id = (SELECT max(id) FROM coach_loggedset)",
        # The saved advice forgotten: the next full path saves it again (as on a new day's first
        # `today`), and what it printed is remembered at the generation after its own saving.
        "UPDATE coach_profile SET advice_digest = ''",
    ]
    for write in writes:
        _sql(data_dir, write)
        output, loaded_django = _today(data_dir, "--user", "demo")
        assert loaded_django, write
        assert output == _full_path(data_dir, "--user", "demo")
        assert _today(data_dir, "--user", "demo") == (output, False)


def test_a_write_from_the_terminal_leaves_the_next_today_remembered(data_dir: Path) -> None:
    """``log`` and ``checkin`` remember what ``today`` prints after their own write."""
    _today(data_dir, "--user", "demo")
    writes = [
        ("checkin", "--user", "demo", "--pain", "2", "--replace"),
        ("log", "--user", "demo", "--exercise", "vmo-lift", "--set", "1", "--side", "right",
         "--reps", "8", "--pain", "2"),
        ("log", "--user", "demo", "--exercise", "vmo-lift", "--set", "1", "--side", "right",
         "--delete"),
    ]  # fmt: skip
    for write in writes:
        assert kneecoach(data_dir, *write).returncode == 0, write
        output, loaded_django = _today(data_dir, "--user", "demo")
        assert not loaded_django, write
        assert output == _full_path(data_dir, "--user", "demo")


def test_another_day_a_database_url_or_the_switch_off_take_the_full_path(
    data_dir: Path,
) -> None:
    _today(data_dir, "--user", "demo")
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    assert _today(data_dir, "--user", "demo", "--date", yesterday)[1]
    assert _today(data_dir, "--user", "demo", KNEECOACH_TERMINAL_MEMO="off")[1]
    url = f"sqlite:///{data_dir / 'kneecoach.sqlite3'}"
    assert _today(data_dir, "--user", "demo", DATABASE_URL=url)[1]
    assert not _today(data_dir, "--user", "demo")[1]


def test_the_memo_answers_only_for_its_person_day_console_and_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KNEECOACH_DATA_DIR", str(tmp_path))
    connection = sqlite3.connect(tmp_path / "kneecoach.sqlite3", isolation_level=None)
    connection.execute("CREATE TABLE diary (id INTEGER PRIMARY KEY, note TEXT)")
    write_generation.install(connection.cursor())
    generation = write_generation.current(connection.cursor())
    assert generation is not None
    memo = today_memo.MemoKey("demo", "2026-12-06", "80|truecolor", "0.1.0:1")
    connection.execute(
        f"INSERT INTO {write_generation.MEMO_TABLE} VALUES (?, ?, ?, ?, ?, ?)",  # noqa: S608
        (memo.user_key, memo.day, memo.console_key, memo.code_key, generation, "printed"),
    )
    assert today_memo.recall(memo) == "printed"
    for other in (
        today_memo.MemoKey("", memo.day, memo.console_key, memo.code_key),
        today_memo.MemoKey(memo.user_key, "2026-12-07", memo.console_key, memo.code_key),
        today_memo.MemoKey(memo.user_key, memo.day, "120|truecolor", memo.code_key),
        today_memo.MemoKey(memo.user_key, memo.day, memo.console_key, "0.1.0:2"),
    ):
        assert today_memo.recall(other) is None, other
    connection.execute("INSERT INTO diary (note) VALUES ('a set')")
    assert write_generation.current(connection.cursor()) == generation + 1
    assert today_memo.recall(memo) is None
    remembered = f"SELECT * FROM {write_generation.MEMO_TABLE}"  # noqa: S608 - a constant
    assert connection.execute(remembered).fetchall() == []


def test_no_database_or_an_unmigrated_one_has_no_memo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KNEECOACH_DATA_DIR", str(tmp_path))
    memo = today_memo.MemoKey("", "2026-12-06", "80", "0.1.0:1")
    assert today_memo.recall(memo) is None
    sqlite3.connect(tmp_path / "kneecoach.sqlite3").close()
    assert today_memo.recall(memo) is None


def test_the_memo_never_applies_where_django_was_set_up_by_someone_else() -> None:
    from django.apps import apps

    assert apps.ready  # the tests' own Django
    assert not today_memo.applies()


def test_the_terminals_clock_reads_the_clinics_day_with_or_without_django(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The memo answers before Django is set up (which makes the clinic's zone the process's);
    the full path reads the clock after. Both read the clinic's day: 23:30 UTC on 6 December is
    already the 7th in Oslo, whatever zone the machine is in."""
    import types

    from kneecoach.cli import parsing
    from kneecoach.config import TIME_ZONE

    instant = dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC)

    class Clock(dt.datetime):
        @classmethod  # a datetime, not a Clock as typeshed's Self says: the code reads no more
        def now(cls, tz: dt.tzinfo | None = None) -> dt.datetime:  # type: ignore[override]
            return instant.astimezone(tz)

    fake = types.SimpleNamespace(datetime=Clock, date=dt.date)
    monkeypatch.setattr(parsing, "dt", fake)
    assert TIME_ZONE == "Europe/Oslo"
    assert parsing.clock_today() == dt.date(2026, 12, 7)


def test_the_switch_is_on_or_off_and_a_misspelt_one_is_named(data_dir: Path) -> None:
    from kneecoach.config import ConfigError, terminal_memo_on

    assert terminal_memo_on({}) and terminal_memo_on({"KNEECOACH_TERMINAL_MEMO": " On "})
    assert not terminal_memo_on({"KNEECOACH_TERMINAL_MEMO": "0"})
    with pytest.raises(ConfigError, match="must be on or off, not 'of'"):
        terminal_memo_on({"KNEECOACH_TERMINAL_MEMO": "of"})
    result = kneecoach(data_dir, "today", "--user", "demo", KNEECOACH_TERMINAL_MEMO="of")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "error: KNEECOACH_TERMINAL_MEMO: must be on or off, not 'of'\n"
    logged = kneecoach(
        data_dir, "log", "--user", "demo", "--exercise", "vmo-lift", "--set", "1", "--side",
        "right", "--reps", "8", "--pain", "2", KNEECOACH_TERMINAL_MEMO="of",
    )  # fmt: skip
    assert logged.returncode == 0 and logged.stdout.startswith("saved:"), logged.stderr
