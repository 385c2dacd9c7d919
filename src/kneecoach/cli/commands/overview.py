"""Looking back and ahead: ``plan`` (the calendar), ``progress`` (trends) and ``explain`` (why the
doses are what they are), through ``coach.services``' use cases."""

from __future__ import annotations

from typing import Annotated

import typer

from kneecoach.cli import parsing, render, startup
from kneecoach.cli.commands.common import print_clinic_changes
from kneecoach.cli.options import DateOption, UserOption, command_group
from kneecoach.web.coach import services as coach

app = command_group()


@app.command()
def plan(
    user: UserOption = None,
    date: DateOption = None,
    days: Annotated[int, typer.Option(metavar="N", help="How many days ahead (1-28).")] = 14,
    past: Annotated[int, typer.Option(metavar="N", help="Also show this many past days.")] = 0,
) -> None:
    """The calendar: training, rest and relief days with their doses."""
    day = parsing.parse_date(date)
    view = startup.in_transaction(
        lambda: coach.plan(
            coach.resolve_user(user),
            day,
            days=days,
            past_days=past,
            today_=parsing.clock_today(),
        )
    )
    render.plan(render.console(), view, day)


@app.command()
def progress(user: UserOption = None, date: DateOption = None) -> None:
    """Progress: volume per exercise and side, pain trends, adherence, the weaker side."""
    day = parsing.parse_date(date)
    view = startup.in_transaction(
        lambda: coach.progress(coach.resolve_user(user), day, clock=parsing.clock_today())
    )
    render.progress(render.console(), view)


@app.command()
def explain(user: UserOption = None, date: DateOption = None) -> None:
    """Why today's doses are what they are: the engine's decisions and their reasons."""
    day = parsing.parse_date(date)
    view = startup.in_transaction(
        lambda: coach.explain(coach.resolve_user(user), day, today_=parsing.clock_today())
    )
    out = render.console()
    if view.screening and view.screening.locked:
        render.screening(out, view.screening)
        return
    render.explain(out, view, day)
    print_clinic_changes(out, user)
