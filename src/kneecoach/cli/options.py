"""The command line's shared vocabulary: the options several commands take (``--user``,
``--date``, ``--language``), the exit statuses beyond 0, 1 and 2, and the Typer settings every
command group is made with (so a group loaded late prints its help exactly as the root does).

Imports nothing but Typer: ``kneecoach --help`` loads it.
"""

from __future__ import annotations

from typing import Annotated

import typer

# Exit statuses beyond 0 (done), 1 (bad input) and 2 (usage); docs/cli.md lists them.
BLOCKED = 3  # the red-flag screening stops self-management (init, and any command after it)
INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT

USER_HELP = (
    "Whose profile (a user name). Default: $KNEECOACH_USER, else the only profile in the database."
)
DATE_HELP = "The day to act on, as YYYY-MM-DD (default: today)."

UserOption = Annotated[
    str | None,
    typer.Option("--user", "-u", envvar="KNEECOACH_USER", metavar="NAME", help=USER_HELP),
]
DateOption = Annotated[
    str | None, typer.Option("--date", "-d", metavar="YYYY-MM-DD", help=DATE_HELP)
]


def command_group(**settings: object) -> typer.Typer:
    """A Typer app with the root's settings: plain (not Rich) help, no completion options,
    no pretty tracebacks. ``settings`` adds to them (``help``, ``no_args_is_help``...)."""
    return typer.Typer(
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        **settings,  # type: ignore[arg-type]
    )
