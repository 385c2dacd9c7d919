"""``kneecoach export``: the account page's downloads (``web.sharing.services.export``) to stdout
or a file."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.prompt import Confirm

from kneecoach.cli import parsing, prompts, render, startup
from kneecoach.cli.options import DateOption, UserOption, command_group
from kneecoach.errors import InvalidInput
from kneecoach.web.coach import services as coach
from kneecoach.web.sharing import services as sharing

app = command_group()

FORMATS = ("json", "csv", "ics", "pdf", "fhir")


@app.command()
def export(
    format: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="json, csv, ics, pdf or fhir.")
    ] = "json",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write here instead of stdout."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", "--overwrite", help="Replace the --output file if it exists, unasked."
        ),
    ] = False,
    user: UserOption = None,
    date: DateOption = None,
) -> None:
    """Export your data: json (profile, diary, decisions), csv (the diary), ics (the plan as a
    calendar), pdf (the printable handout) or fhir (an HL7 FHIR R4 bundle)."""
    day = parsing.parse_date(date)
    if format not in FORMATS:
        raise InvalidInput(f"unknown format {format!r}; use {', '.join(FORMATS)}", field="--format")
    if output is not None and output.exists() and not force:
        _confirm_overwrite(output)

    def work() -> bytes:
        person = coach.resolve_user(user)
        now = dt.datetime.now(dt.UTC)
        return bytes(sharing.export(person, format, day, now, clock=parsing.clock_today()).data)

    data = startup.in_transaction(work)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as error:
        raise InvalidInput(f"cannot write: {error.strerror}", field="--output") from None
    render.console(stderr=True).print(f"saved: {len(data)} bytes to {output}")


def _confirm_overwrite(output: Path) -> None:
    """Before anything is made: on a terminal, ask; without one, refuse (``--force`` says yes).
    A file a person chose to keep is not lost to a repeated command."""
    if not prompts.interactive():
        raise InvalidInput(f"{output} already exists; pass --force to replace it", field="--output")
    if not Confirm.ask(f"{output} already exists. Replace it?", default=False):
        render.console(stderr=True).print(f"Nothing written; {output} is as it was.")
        raise typer.Exit(1)
