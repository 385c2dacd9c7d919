"""``kneecoach advise``: JSON in (profile + diary), JSON out, with no database.

The one command that calls the domain directly (``programme.diary_json.advise_json``): it has no
person, no diary in a database and nothing to save, so there is no use case to go through, and
it must start without Django. Imports neither Django nor Rich.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from kneecoach.catalog.loader import default_catalog
from kneecoach.cli import parsing
from kneecoach.cli.options import DateOption, command_group
from kneecoach.errors import InvalidInput
from kneecoach.programme import diary_json

app = command_group()


@app.command()
def advise(
    source: Annotated[
        str, typer.Argument(help="JSON file with a profile and a diary, or - for stdin.")
    ] = "-",
    date: DateOption = None,
) -> None:
    """JSON in (profile + diary) -> JSON out (screening, decisions with reasons, next sessions).

    No database is used. The schema is in docs/programme.md.
    """
    request = _read_request(source)
    if date is not None or "today" not in request:
        request["today"] = parsing.parse_date(date).isoformat()
    answer = diary_json.advise_json(request, default_catalog())
    sys.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2) + "\n")


def _read_request(source: str) -> dict[str, object]:
    """The JSON object in ``source`` (a file, or ``-`` for stdin)."""
    if source == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(source).read_text(encoding="utf-8")
        except OSError as error:
            raise InvalidInput(f"cannot read: {error.strerror}", field=source) from None
    try:
        request = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}",
            field=source if source != "-" else "stdin",
        ) from None
    if not isinstance(request, dict):
        raise InvalidInput("the input must be a JSON object", field="$")
    return request
