"""The ``kneecoach`` command line: Typer for the commands, Rich for the tables and timers.

Every command calls the use cases in ``kneecoach.web.coach.services`` (and the outcomes',
sharing's and camera's services: the same functions the pages and the JSON API call) inside one
``transaction.atomic()`` per command or per logged set, and prints "saved" only after the
commit. The clock is read here, at the edge: ``--date`` defaults to today in the local time
zone and is passed down.

The package, one role per module:

- ``__init__`` (this): ``main``, the entry point: runs the command tree and turns errors into
  one line and an exit status.
- ``loader``: the root group; imports a command's module when the command is used (the one
  place with late imports, so ``--help`` and ``advise`` never load Django; see its docstring).
- ``commands/<area>.py``: the commands, each area with its own Typer ``app``.
- ``options``: shared options, exit statuses, Typer settings. ``parsing``: dates, days,
  equipment, the clock. ``prompts``: questions on a terminal. ``render``: Rich output.
  ``startup``: Django set-up, the database on first use, transactions.

Errors: a ``KneecoachError`` prints ``error: <field>: <message>`` on one line of stderr and exits 1
(3 when the red-flag screening blocks self-management); usage errors (unknown option, missing
argument) print one line and exit 2; Ctrl-C exits 130. Nothing already committed is lost in any
of these cases. docs/cli.md lists them per command.
"""

from __future__ import annotations

import atexit
import functools
import os
import sys
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import typer

from kneecoach.cli.loader import LazyCommands, app, pause_collection, resume_collection
from kneecoach.cli.options import BLOCKED, INTERRUPTED
from kneecoach.errors import KneecoachError, ScreeningBlocked

if TYPE_CHECKING:
    from typer._click import Command

__all__ = ["app", "main", "run"]


@functools.cache
def _command() -> Command:
    """The click command tree, built once per process (its commands load when used)."""
    return typer.main.get_command(app)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns (and, as a console script, exits with) the exit status.

    ``argv`` None: the process's own command line, the console script; it loads the command
    with the garbage collector paused (``loader.pause_collection``) and ends the process when
    the command is done (``_end_process``)."""
    if argv is None:
        pause_collection()
    try:
        status = _main(argv)
    finally:
        resume_collection()  # where no command was loaded (--help, a usage error)
    if argv is None:
        _end_process(status)
    return status


def _end_process(status: int) -> None:
    """End the console script's process now, with ``status``, as the interpreter would but
    without its teardown: the exit handlers run (the database connections close, logging
    flushes), the output is flushed, and the ~900 modules' objects are not freed one by one
    (~15 ms of each run of `kneecoach today`, a 400 ms target; their memory goes with the
    process). Where that is not the same (another thread still running, which the interpreter
    would wait for; output that cannot be flushed, a closed pipe, which it reports), this
    returns and the interpreter ends the process as usual."""
    if threading.active_count() > 1:
        return
    atexit._run_exitfuncs()  # what the interpreter runs first at exit; they run once
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(status)


def _main(argv: Sequence[str] | None) -> int:
    # pydantic looks for third-party plugins by scanning every installed distribution's entry
    # points (~12 ms of each start); kneecoach uses none. An explicit setting is respected.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = _command().main(args=args, prog_name="kneecoach", standalone_mode=False)
    except ScreeningBlocked as error:
        # The way out, on the terminal: the web's page links its rescreening instead.
        _error_line(
            f"{_as_typed(error, args)} (to answer the safety questions again: kneecoach screen)"
        )
        return BLOCKED
    except KneecoachError as error:
        _error_line(_as_typed(error, args))
        return 1
    except KeyboardInterrupt:
        return _interrupted()
    except Exception as error:
        exit_code = _click_error_exit_code(error)
        if exit_code is None:
            raise
        return exit_code
    if result == INTERRUPTED:  # Typer turns Ctrl-C inside a command into Exit(130), silently
        return _interrupted()
    return result if isinstance(result, int) else 0


def _as_typed(error: KneecoachError, args: Sequence[str]) -> str:
    """``str(error)`` with its field written as the option for it (``--pain: ...``, not
    ``pain: ...``): the one the person typed, or the one to add (``--side`` left out for a
    one-leg exercise). The use cases name the field as the API's JSON does. A field with no
    option (``sets[2].pain``), or whose option was left out and has an environment variable to
    fall back on (``user``: $KNEECOACH_USER, else the only profile), keeps the field's own name:
    the fix is not that option."""
    option = _typed_option(error.field, args)
    return f"{option}: {error.message}" if option else str(error)


def _typed_option(field: str | None, args: Sequence[str]) -> str | None:
    """The long option of the command named by ``args`` (``log``, ``questionnaire fill``) whose
    parameter is ``field``, when ``args`` hold it (``--set 2``, ``-s 2``, ``--set=2``) or it has
    no environment variable to fall back on. Only a command already loaded is looked at: the
    error may come from loading it (a bad setting)."""
    if not field or not field.isidentifier():
        return None
    command: Any = _command()
    for word in args:
        commands = getattr(command, "commands", None)
        if commands is None or word.startswith("-"):
            break
        if isinstance(commands, LazyCommands):
            found = commands.already_loaded(word)
        else:
            found = commands.get(word)
        if found is None:
            break
        command = found
    param = next((p for p in getattr(command, "params", ()) if p.name == field), None)
    if param is None:
        return None
    typed = any(_is_one_of(word, param.opts) for word in args)
    if not typed and getattr(param, "envvar", None):
        return None
    return next((o for o in param.opts if o.startswith("--")), None)


def _is_one_of(word: str, options: Sequence[str]) -> bool:
    return word in options or word.split("=", 1)[0] in options


def _interrupted() -> int:
    sys.stderr.write("\n")  # the terminal's cursor is still after the ^C
    _error_line("interrupted; everything reported as saved is saved")
    return INTERRUPTED


def _click_error_exit_code(error: Exception) -> int | None:
    """Typer vendors click; its usage errors and aborts are printed here on one line."""
    if type(error).__name__ == "NoArgsIsHelpError":  # plain `kneecoach` (or a bare group)
        sys.stdout.write(str(getattr(error, "message", "")) + "\n")
        return 0
    if type(error).__name__ == "Abort":  # end of input (Ctrl-D) at a prompt
        _error_line("stopped at the end of input; everything reported as saved is saved")
        return 1
    format_message = getattr(error, "format_message", None)
    exit_code = getattr(error, "exit_code", None)
    if format_message is None or not isinstance(exit_code, int):
        return None
    _error_line(" ".join(str(format_message()).split()) + f" (see {_help_for(error)})")
    return exit_code


def _help_for(error: Exception) -> str:
    """The help of the command the usage error is about (``kneecoach log --help``), where
    click says which; else the whole CLI's."""
    path = getattr(getattr(error, "ctx", None), "command_path", None)
    words = str(path).split()[1:] if path else []
    return " ".join(["kneecoach", *words, "--help"])


def _error_line(message: str) -> None:
    sys.stderr.write(f"error: {' '.join(message.split())}\n")
    sys.stderr.flush()


def run() -> None:
    """The console script: exit with ``main()``'s status."""
    raise SystemExit(main())
