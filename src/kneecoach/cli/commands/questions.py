"""``kneecoach questions``: the red-flag screening questions with their ids, for ``init
--red-flag``. Needs no database: the questions are the domain's (``programme.screening``), read
directly so that the command starts without Django; ``kind`` (flag or context) is not in the
services' view of a question."""

from __future__ import annotations

from typing import Annotated

import typer

from kneecoach.cli import render
from kneecoach.cli.options import command_group
from kneecoach.programme.screening import QUESTIONS

app = command_group()


@app.command()
def questions(
    language: Annotated[str, typer.Option(metavar="en|nb", help="en or nb.")] = "en",
) -> None:
    """List the red-flag screening questions with their ids."""
    out = render.console()
    for q in QUESTIONS:
        kind = q.level if q.kind == "flag" else "context"
        out.print(f"[bold]{q.id}[/bold] ({kind}) {q.nb if language == 'nb' else q.en}")
        if q.choices != ("yes", "no", "not_sure"):
            labels = ", ".join(f"{c} = {q.choice_label(c, language)}" for c in q.choices)
            out.print(f"    answers: {labels}")
