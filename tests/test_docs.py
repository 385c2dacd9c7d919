"""The documents against the code, so they cannot drift apart (datasette's approach).

- docs/cli.md has a section for every command of the Typer app, found by walking its click
  command tree, and each section names each of the command's options.
- The layer table in docs/architecture.md (``| layer | may import | must not |``) names only
  paths that exist under src/kneecoach/.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
import typer
from typer.core import TyperGroup

from kneecoach.cli import app

ROOT = Path(__file__).resolve().parent.parent
CLI_DOC = ROOT / "docs" / "cli.md"
ARCHITECTURE_DOC = ROOT / "docs" / "architecture.md"
PACKAGE = ROOT / "src" / "kneecoach"

# --- docs/cli.md ------------------------------------------------------------------------------


def _commands() -> Iterator[tuple[str, typer.core.TyperCommand]]:
    """(``"questionnaire fill"``, its click command) for every command, depth first."""
    stack: list[tuple[str, object]] = [("", typer.main.get_command(app))]
    while stack:
        path, command = stack.pop()
        if isinstance(command, TyperGroup):
            stack.extend(
                (f"{path} {name}".strip(), command.commands[name])
                for name in reversed(list(command.commands))
            )
        else:
            assert isinstance(command, typer.core.TyperCommand), (path, command)
            yield path, command


def _sections() -> dict[str, str]:
    """docs/cli.md's ``### `kneecoach NAME ...``` sections by NAME (heading included)."""
    sections: dict[str, str] = {}
    for block in re.split(r"^(?=#{2,3} )", CLI_DOC.read_text(encoding="utf-8"), flags=re.M):
        heading = re.match(r"### `kneecoach ([\w-]+)", block)
        if heading:
            sections[heading.group(1)] = block
    return sections


def _switches(command: typer.core.TyperCommand) -> Iterator[str]:
    """The long option names a reader needs: each option's name, and of an on/off flag the
    form that changes something (``--no-timers`` when the timers are on by default)."""
    for param in command.params:
        if not isinstance(param, click.Option) or param.hidden:
            continue
        on = [name for name in param.opts if name.startswith("--")]
        off = [name for name in param.secondary_opts if name.startswith("--")]
        if param.default is True:
            yield from off
        elif param.default is False:
            yield from on
        else:
            yield from on + off


COMMANDS = dict(_commands())


def test_the_command_tree_is_walked() -> None:
    assert {"init", "today", "log", "analyse", "questionnaire fill"} <= set(COMMANDS)


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_docs_cli_has_a_section_for_each_command(path: str) -> None:
    top = path.split()[0]
    sections = _sections()
    assert top in sections, f"docs/cli.md has no '### `kneecoach {top}' section"
    if " " in path:  # a group's command is named in its group's section
        assert f"kneecoach {path}" in sections[top], f"docs/cli.md does not name {path!r}"


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_docs_cli_names_each_option_of_each_command(path: str) -> None:
    section = _sections().get(path.split()[0], "")
    missing = [
        name
        for name in _switches(COMMANDS[path])
        if not re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", section)
    ]
    assert not missing, f"docs/cli.md's section on `kneecoach {path}` does not name {missing}"


# --- docs/architecture.md ------------------------------------------------------------------------


def _layer_table_paths() -> list[tuple[str, str]]:
    """(the table's line, a path it names in its first column) for the layer table."""
    lines = ARCHITECTURE_DOC.read_text(encoding="utf-8").splitlines()
    header = next(
        i
        for i, line in enumerate(lines)
        if [cell.strip() for cell in line.strip("|").split("|")]
        == ["layer", "may import", "must not"]
    )
    named: list[tuple[str, str]] = []
    for line in lines[header + 2 :]:  # after the |---| line
        if not line.startswith("|"):
            break
        layer = line.strip("|").split("|")[0]
        named += [(line, code) for code in re.findall(r"`([^`]+)`", layer) if _is_path(code)]
    return named


def _is_path(code: str) -> bool:
    return code.endswith(("/", ".py")) or "/" in code


def _exists(path: str) -> bool:
    """``web/*/services.py`` or ``cli/commands/<area>.py`` (any match), ``programme/`` (a
    folder), ``errors.py`` (a file)."""
    path = re.sub(r"<[^>]+>", "*", path)
    if "*" in path:
        return any(PACKAGE.glob(path.rstrip("/")))
    target = PACKAGE / path.rstrip("/")
    return target.is_dir() if path.endswith("/") else target.exists()


def test_the_layer_table_is_found() -> None:
    assert len(_layer_table_paths()) >= 8


def test_every_path_the_layer_table_names_exists() -> None:
    missing = [f"{path!r} in {line}" for line, path in _layer_table_paths() if not _exists(path)]
    assert not missing, (
        "docs/architecture.md's layer table names paths not in src/kneecoach/:\n"
        + ("\n".join(missing))
    )


def _documented_import_rules() -> list[str]:
    """The bullets under docs/architecture.md's "Import rules" heading."""
    text = ARCHITECTURE_DOC.read_text(encoding="utf-8")
    section = text.split("### Import rules", 1)[1].split("\n## ", 1)[0]
    return [line[2:].strip() for line in section.splitlines() if line.startswith("- ")]


def test_the_import_rules_the_architecture_names_are_the_contracts_import_linter_checks() -> None:
    with (ROOT / "pyproject.toml").open("rb") as file:
        contracts = tomllib.load(file)["tool"]["importlinter"]["contracts"]
    assert sorted(_documented_import_rules()) == sorted(c["name"] for c in contracts)
