"""The command tree loads a command's module only when the command is used (kneecoach.cli.loader):
the command list it prints without them is the commands' own, ``--help`` and ``advise`` start
without Django, and the tree is built once per process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.core import TyperGroup

from kneecoach.cli import app, loader, main
from tests.cli.conftest import kneecoach, subprocess_env

ADVISE_REQUEST = {
    "profile": {"trained": True, "start_date": "2026-11-02", "painful_side": "left"},
    "diary": {},
}


@pytest.mark.parametrize("limit", [45, 61, 200])
def test_each_summary_is_the_commands_own_short_help(limit: int) -> None:
    for name in loader.COMMANDS:
        assert loader.short_help(name, limit) == loader.load(name).get_short_help_str(limit), name


def test_the_lazy_command_list_prints_as_the_loaded_one() -> None:
    lazy = typer.main.get_command(app)
    assert isinstance(lazy, TyperGroup)
    loaded = TyperGroup(
        name="kneecoach", help=lazy.help, no_args_is_help=True, rich_markup_mode=None
    )
    for name in loader.COMMANDS:
        loaded.add_command(loader.load(name), name)
    for width in (60, 80, 120):
        lazy_ctx = lazy.make_context("kneecoach", ["--help"], resilient_parsing=True)
        loaded_ctx = loaded.make_context("kneecoach", ["--help"], resilient_parsing=True)
        lazy_ctx.terminal_width = loaded_ctx.terminal_width = width
        assert lazy.get_help(lazy_ctx) == loaded.get_help(loaded_ctx)


def _modules_after(code: str, tmp_path: Path) -> list[str]:
    """The modules a fresh process has loaded after ``code`` (which must return 0)."""
    script = (
        f"import sys\nassert {code} == 0\nprint('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=subprocess_env(tmp_path / "data"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stderr.splitlines()


def test_help_and_advise_start_without_django_or_the_services(tmp_path: Path) -> None:
    request = tmp_path / "request.json"
    request.write_text(json.dumps(ADVISE_REQUEST), encoding="utf-8")
    for code in (
        "main(['--help'])",
        f"main(['advise', {str(request)!r}, '--date', '2026-11-04'])",
        "main(['questions'])",
    ):
        modules = _modules_after(f"__import__('kneecoach.cli').cli.{code}", tmp_path)
        assert "kneecoach.cli" in modules, code
        assert not [m for m in modules if m == "django" or m.startswith("kneecoach.web")], code
    assert not (tmp_path / "data").exists()


def test_the_pdf_handout_needs_no_url_configuration(tmp_path: Path) -> None:
    """The handout asks for its figures as ``data:`` URIs instead of reversing their URLs and
    replacing them, so printing it on the terminal imports neither the web's URL configuration
    nor the API behind it (~0.36 s)."""
    assert kneecoach(tmp_path / "data", "demo").returncode == 0
    handout = tmp_path / "handout.pdf"
    modules = _modules_after(
        f"__import__('kneecoach.cli').cli.main(['export', '--format', 'pdf', '--user', 'demo', "
        f"'--output', {str(handout)!r}])",
        tmp_path,
    )
    assert handout.read_bytes().startswith(b"%PDF")
    assert "kneecoach.web.urls" not in modules
    assert not [m for m in modules if m.startswith("kneecoach.web.") and m.endswith(".api")]


def test_running_commands_adds_nothing_to_the_app(capsys: pytest.CaptureFixture[str]) -> None:
    """main() once added the questionnaire group and analyse to the app on every call, so each
    in-process call built a bigger tree (~25,000 commands after test_scenario's ~110 calls)."""
    for _ in range(3):
        assert main(["--help"]) == 0
        assert main(["questionnaire", "--help"]) == 0
    assert (len(app.registered_commands), len(app.registered_groups)) == (0, 0)
    helps = capsys.readouterr().out.split("Usage: kneecoach [OPTIONS]")
    assert len(helps) == 4 and helps[1] == helps[2] == helps[3]


@pytest.mark.parametrize(
    ("admin", "config", "registered"),
    [("", "SimpleAdminConfig", False), ("1", "AdminConfig", True)],
)
def test_the_admin_discovers_its_models_only_where_it_is_served(
    tmp_path: Path, admin: str, config: str, registered: bool
) -> None:
    """Django's admin imports every app's admin.py at start (autodiscovery, ~5 ms of each
    command) only where /admin/ is served (KNEECOACH_ADMIN, or debug); its models and checks
    are there either way."""
    script = (
        "from django.apps import apps\n"
        "from django.contrib import admin\n"
        "from kneecoach.cli import startup\n"
        "startup.configure()\n"
        "from kneecoach.web.clinic.models import Clinic\n"
        "print(type(apps.get_app_config('admin')).__name__, admin.site.is_registered(Clinic))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=subprocess_env(tmp_path / "data", KNEECOACH_ADMIN=admin),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [config, str(registered)]


def test_a_remembered_today_reads_its_options_without_pydantic(tmp_path: Path) -> None:
    """Typer 0.29 coerces every option through a pydantic TypeAdapter, which costs ~75 ms of
    each start, most of a remembered ``today``; pyproject.toml keeps typer below it. A ``today``
    that its memo answers loads neither Django nor pydantic."""
    assert kneecoach(tmp_path / "data", "demo").returncode == 0
    today = "__import__('kneecoach.cli').cli.main(['today', '--user', 'demo'])"
    assert "django" in _modules_after(today, tmp_path)  # the full path, which remembers
    modules = _modules_after(today, tmp_path)
    assert "django" not in modules  # the memo answered
    assert not [m for m in modules if m.split(".")[0] == "pydantic"]


def test_every_option_that_takes_a_value_names_what_it_takes() -> None:
    """Typer's own metavars (``<str>``, ``<int>``) tell a reader nothing: each option that
    takes a value names it as docs/cli.md writes it (``--user NAME``, ``--date YYYY-MM-DD``,
    ``--pain 0-10``)."""
    unnamed = []
    commands: list[tuple[str, Any]] = [(name, loader.load(name)) for name in loader.COMMANDS]
    while commands:
        path, command = commands.pop()
        commands += [(f"{path} {n}", c) for n, c in getattr(command, "commands", {}).items()]
        for param in command.params:
            takes_a_value = param.param_type_name == "option" and not param.is_flag
            if takes_a_value and param.metavar is None:
                unnamed.append(f"{path} {param.opts[0]}")
    assert not unnamed
