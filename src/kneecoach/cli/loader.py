"""The root command group, whose commands are imported when they are used.

This is the one place the CLI imports modules late (besides the camera extra's own lazy
imports in ``kneecoach.motion``, and ``today``, which loads Django only when its memo has no
answer: ``commands/today.py``). Why: a command module that uses the database imports the
services, and so Django's models, at its top, and models cannot be imported before
``django.setup()``; setting Django up costs ~0.3 s that ``kneecoach --help``, ``advise`` and
``questions`` must not pay. So ``COMMANDS`` names each command's module and whether it needs
Django, and ``LazyCommands`` imports the module (after ``startup.configure()`` when it does) the
first time the command is run or its help is shown. ``kneecoach --help`` lists the commands
from ``COMMANDS``' summaries without importing any of them (tests/cli/test_loading.py checks that
the summaries are the commands' own).

A process that runs one command (the console script) loads it with the garbage collector paused
(``pause_collection``); the root's callback, which runs once the command is loaded and before
it runs, resumes it (``resume_collection``).
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

import typer
from typer.core import TyperCommand, TyperGroup

from kneecoach.cli.options import command_group

if TYPE_CHECKING:  # Typer's vendored click (its group's method signatures)
    from typer._click import Command, Context, HelpFormatter


@dataclass(frozen=True, slots=True)
class Entry:
    """Where a command lives: ``module`` has a Typer ``app`` with it; ``summary`` is its help's
    first paragraph (for the command list); ``django``: the module imports Django's models."""

    module: str
    summary: str
    django: bool = True


_AREA = "kneecoach.cli.commands."

COMMANDS: dict[str, Entry] = {
    "init": Entry(
        _AREA + "onboarding",
        "Set up your profile: red-flag screening first, then your training details.",
    ),
    "questions": Entry(
        _AREA + "questions", "List the red-flag screening questions with their ids.", False
    ),
    "screen": Entry(
        _AREA + "onboarding",
        "Answer the red-flag safety questions again: weekly, and the day after a stopped session.",
    ),
    "today": Entry(
        _AREA + "today",
        "Today's session: exercises, doses, sides, rests and cues (or why it is a rest day).",
        False,  # it loads Django itself when its memo has no answer (commands/today.py)
    ),
    "log": Entry(
        _AREA + "log", "Log a session: guided on a terminal, or one set / pain after with options."
    ),
    "checkin": Entry(
        _AREA + "day", "The morning check-in after a session: pain, swelling, stiffness."
    ),
    "plan": Entry(
        _AREA + "overview", "The calendar: training, rest and relief days with their doses."
    ),
    "progress": Entry(
        _AREA + "overview",
        "Progress: volume per exercise and side, pain trends, adherence, the weaker side.",
    ),
    "explain": Entry(
        _AREA + "overview",
        "Why today's doses are what they are: the engine's decisions and their reasons.",
    ),
    "export": Entry(
        _AREA + "export",
        "Export your data: json (profile, diary, decisions), csv (the diary), ics (the plan as "
        "a calendar), pdf (the printable handout) or fhir (an HL7 FHIR R4 bundle).",
    ),
    "advise": Entry(
        _AREA + "advise",
        "JSON in (profile + diary) -> JSON out (screening, decisions with reasons, next sessions).",
        False,
    ),
    "migrate": Entry(
        _AREA + "maintenance", "Create or update the database tables (safe to run again)."
    ),
    "worker": Entry(
        _AREA + "maintenance",
        "Run background jobs (the camera coach's video analyses) until stopped with Ctrl-C.",
    ),
    "demo": Entry(
        _AREA + "maintenance",
        "Create (or recreate) the demo person 'demo' (password kneecoach-demo) with a diary, "
        "and the demo clinic (clinician 'clinician', password kneecoach-clinic).",
    ),
    "analyse": Entry(
        _AREA + "camera",
        "Count repetitions and check form in a video (needs the camera extra).",
        False,
    ),
    "questionnaire": Entry(
        _AREA + "questionnaire",
        "Outcome questionnaires: KOOS, KOOS-12, pain 0-10 (NPRS), change (PGIC).",
    ),
}


def load(name: str) -> Command:
    """The click command ``name`` from its module, imported now (the one late import)."""
    entry = COMMANDS[name]
    module = _import_set_up(entry.module) if entry.django else importlib.import_module(entry.module)
    app: typer.Typer = module.app
    return typer.main.get_group(app).commands[name]


def import_with_django(module: str) -> ModuleType:
    """``module`` imported after Django is set up, as ``load`` imports a command's module, for
    a command that finds out only when it runs whether it needs Django (``today``, whose memo
    may answer without it); in the console script with the collector paused meanwhile, as it
    was while ``load`` ran."""
    _pause_collection_for_late_loading()
    try:
        return _import_set_up(module)
    finally:
        resume_collection()


def _import_set_up(module: str) -> ModuleType:
    """``module`` imported after ``startup.configure()`` (its models need Django set up)."""
    from kneecoach.cli import startup  # loads Django's machinery: only for these modules

    startup.configure()
    return importlib.import_module(module)


class LazyCommands(Mapping[str, "Command"]):
    """``COMMANDS`` as the group's ``commands``: names without imports, a command on lookup."""

    def __init__(self) -> None:
        self._loaded: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in COMMANDS:
            raise KeyError(name)
        if name not in self._loaded:
            self._loaded[name] = load(name)
        return self._loaded[name]

    def already_loaded(self, name: str) -> Command | None:
        """The command ``name`` if this process has loaded it, else None (loads nothing: for
        wording an error, where loading may be what failed)."""
        return self._loaded.get(name)

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


class LazyGroup(TyperGroup):
    """Typer's group with ``LazyCommands``; it lists the commands from their summaries."""

    def __init__(self, **settings: object) -> None:
        super().__init__(**settings)  # type: ignore[arg-type]
        self.commands = LazyCommands()  # type: ignore[assignment]

    def list_commands(self, ctx: Context) -> list[str]:
        return list(COMMANDS)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """As click's, with each command's short help made from its summary (no import)."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, short_help(name, limit)) for name in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def short_help(name: str, limit: int) -> str:
    """The command list's text for ``name``, cut to ``limit`` as click cuts a command's help."""
    return TyperCommand(name=name, help=COMMANDS[name].summary).get_short_help_str(limit)


app = command_group(
    name="kneecoach",
    help="A pain-guided knee exercise programme in your terminal.",
    no_args_is_help=True,
    cls=LazyGroup,
)


@app.callback()
def _root() -> None:
    # Makes the app a group (typer.main.get_command(app) walks it); its commands are lazy.
    # Click runs it after it has resolved (loaded) the command and before the command runs.
    resume_collection()


class _Collection:
    """Whether ``pause_collection`` paused the garbage collector (and nothing resumed it yet)."""

    paused = False
    console_script = False  # ``pause_collection`` was called: this process runs one command


def pause_collection() -> None:
    """Pause the garbage collector while a fresh process loads its command (``main()`` with the
    process's own arguments: the console script, never an in-process call such as the tests').

    Loading ``today`` imports ~900 modules (Typer, Django and its set-up, the services, the
    schemas), whose ~130,000 objects the collector tracks live as long as the process; the
    automatic collections during the start-up walked them again and again (~40 ms of the
    570 ms cold start), and the interpreter's teardown a few more times (~100 ms). Loading
    modules makes next to no cyclic garbage."""
    _Collection.console_script = True
    if gc.isenabled():
        gc.disable()
        _Collection.paused = True


def _pause_collection_for_late_loading() -> None:
    """``pause_collection`` again for ``import_with_django``, after the root's callback
    resumed collection, in the console script only."""
    if _Collection.console_script:
        pause_collection()


def resume_collection() -> None:
    """After the start-up: its objects go to the permanent generation (``gc.freeze()``), which
    no later collection (the command's, the teardown's) walks, and collection resumes, so a
    long command (``worker``, a guided session) collects its own garbage as usual. What the
    teardown freed by collecting is closed at exit instead (``startup.configure``: the
    database connections); the start-up's few garbage cycles stay, a one-time cost."""
    if _Collection.paused:
        _Collection.paused = False
        gc.freeze()
        gc.enable()
