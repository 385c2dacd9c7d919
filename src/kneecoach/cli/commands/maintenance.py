"""Keeping an installation going: ``migrate`` (the tables), ``worker`` (the background jobs:
the camera coach's video analyses) and ``demo`` (the demo person and clinic)."""

from __future__ import annotations

from typing import Annotated

import typer
from django.core.management import call_command

from kneecoach.cli import parsing, render, startup
from kneecoach.cli.options import DateOption, command_group
from kneecoach.errors import InvalidInput
from kneecoach.web.camera.services import reap_stale_checks, sweep_orphan_videos
from kneecoach.web.clinic.services import create_clinic_demo
from kneecoach.web.coach import services as coach

app = command_group()


@app.command()
def migrate() -> None:
    """Create or update the database tables (safe to run again)."""
    where = startup.migrate()
    render.console().print(f"database ready: {where}")


@app.command()
def worker(
    batch: Annotated[
        bool, typer.Option("--batch", help="Run the jobs waiting now, then stop.")
    ] = False,
    interval: Annotated[
        float,
        typer.Option(
            metavar="SECONDS", help="Seconds between looks at the queue when it is empty."
        ),
    ] = 1.0,
) -> None:
    """Run background jobs (the camera coach's video analyses) until stopped with Ctrl-C.

    Start one per machine beside the web server (``make run`` starts one for you); several
    workers share the queue safely.
    """
    if interval <= 0:
        raise InvalidInput("must be more than 0", field="--interval")
    startup.in_transaction(reap_stale_checks)  # checks left running by a worker that died
    startup.in_transaction(sweep_orphan_videos)  # files no check names (a request failed late)
    call_command(
        "db_worker", queue_name="*", batch=batch, interval=interval, reload=False,
        verbosity=1,
    )  # fmt: skip


@app.command()
def demo(
    date: DateOption = None,
    days: Annotated[int, typer.Option(metavar="N", help="Days of diary to make up (1-60).")] = 14,
    clinic: Annotated[
        bool, typer.Option(help="Also the demo clinic: 'clinician' and four patients.")
    ] = True,
) -> None:
    """Create (or recreate) the demo person 'demo' (password kneecoach-demo) with a diary, and
    the demo clinic (clinician 'clinician', password kneecoach-clinic)."""
    if not 1 <= days <= 60:
        raise InvalidInput("must be from 1 to 60", field="--days")
    day = parsing.parse_date(date)
    name = startup.in_transaction(lambda: coach.create_demo(day, days=days))
    render.console().print(
        f"saved: demo profile '{name}' (password kneecoach-demo) with {days} days of diary."
    )
    if clinic:
        who = startup.in_transaction(lambda: create_clinic_demo(day, days=days))
        render.console().print(
            f"saved: demo clinic, clinician '{who}' (password kneecoach-clinic)."
        )
