"""Helpers for CLI tests: run ``kneecoach`` in-process (with the test database) or as a real
subprocess (with its own SQLite data directory)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest

from kneecoach.cli import main


@dataclass
class Result:
    code: int
    out: str
    err: str


class Cli(Protocol):
    """The ``cli`` fixture: runs ``kneecoach *args`` in-process."""

    def __call__(self, *args: str) -> Result: ...


Clock = Callable[[dt.date], None]
"""The ``clock`` fixture: sets the in-process CLI's today."""


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    """``cli("today", "--date", "2026-11-02")`` -> Result, against the pytest-django database."""
    monkeypatch.setenv("KNEECOACH_NO_PROMPT", "1")
    monkeypatch.setenv("COLUMNS", "160")

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """``clock(day)``: the in-process CLI's clock reads ``day`` (a person living the scenario
    day by day: what a command saves is the replay as of the clock's today)."""
    import kneecoach.cli.parsing

    def set_today(day: dt.date) -> None:
        monkeypatch.setattr(kneecoach.cli.parsing, "clock_today", lambda: day)

    return set_today


def subprocess_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KNEECOACH_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(KNEECOACH_DATA_DIR=str(data_dir), KNEECOACH_NO_PROMPT="1", COLUMNS="160")
    env.update(extra)
    return env


def kneecoach(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the real console script in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "kneecoach.cli", *args],
        env=subprocess_env(data_dir, **env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
