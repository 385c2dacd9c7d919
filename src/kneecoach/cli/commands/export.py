"""``kneecoach export``: the account page's downloads (``web.sharing.services.export``) to stdout
or a file."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from kneecoach.cli import parsing, render, startup
from kneecoach.cli.options import DateOption, UserOption, command_group
from kneecoach.errors import InvalidInput
from kneecoach.web.coach import services as coach
from kneecoach.web.sharing import services as sharing

app = command_group()

FORMATS = ("json", "csv", "ics", "pdf", "fhir")


@app.command()
def export(
    format: Annotated[
        str, typer.Option("--format", "-f", help="json, csv, ics, pdf or fhir.")
    ] = "json",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    user: UserOption = None,
    date: DateOption = None,
) -> None:
    """Export your data: json (profile, diary, decisions), csv (the diary), ics (the plan as a
    calendar), pdf (the printable handout) or fhir (an HL7 FHIR R4 bundle)."""
    day = parsing.parse_date(date)
    if format not in FORMATS:
        raise InvalidInput(f"unknown format {format!r}; use {', '.join(FORMATS)}", field="--format")

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
