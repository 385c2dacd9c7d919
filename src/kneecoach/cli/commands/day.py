"""The day: ``today`` (what to do) and ``checkin`` (the next morning), through
``coach.services``' use cases; ``log`` (what was done) is in ``log``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.prompt import Confirm

from kneecoach.cli import parsing, prompts, render, startup
from kneecoach.cli.commands.common import print_clinic_changes
from kneecoach.cli.options import DateOption, UserOption, command_group
from kneecoach.errors import InvalidInput
from kneecoach.web.coach import services as coach

app = command_group()


@app.command()
def today(user: UserOption = None, date: DateOption = None) -> None:
    """Today's session: exercises, doses, sides, rests and cues (or why it is a rest day)."""
    day = parsing.parse_date(date)
    view = startup.in_transaction(
        lambda: coach.today(coach.resolve_user(user), day, today_=parsing.clock_today())
    )
    render.today(render.console(), view)
    print_clinic_changes(render.console(), user)


@app.command()
def checkin(
    user: UserOption = None,
    date: DateOption = None,
    pain: Annotated[int | None, typer.Option(help="Knee pain this morning, 0-10.")] = None,
    swelling: Annotated[bool, typer.Option(help="The knee is more swollen than usual.")] = False,
    stiffness: Annotated[bool, typer.Option(help="The knee is stiffer than usual.")] = False,
    cannot_bear_weight: Annotated[
        bool, typer.Option(help="You cannot put weight on the leg normally.")
    ] = False,
    replace: Annotated[bool, typer.Option(help="Correct this morning's check-in.")] = False,
) -> None:
    """The next-morning check-in: pain, swelling, stiffness."""
    day = parsing.parse_date(date)
    real_today = parsing.not_in_future(day)
    out = render.console()
    if pain is None:
        if not prompts.interactive():
            raise InvalidInput("is required (no terminal to ask on)", field="--pain")
        pain = prompts.ask_pain(out, "Knee pain this morning (0-10)")
        swelling = Confirm.ask("More swollen than usual?", default=False, console=out)
        stiffness = Confirm.ask("Stiffer than usual?", default=False, console=out)
    pain_value = pain
    startup.in_transaction(
        lambda: coach.checkin(
            coach.resolve_user(user),
            day,
            pain_value,
            swelling=swelling,
            stiffness=stiffness,
            cannot_bear_weight=cannot_bear_weight,
            replace=replace,
            today_=real_today,
        )
    )
    out.print(f"saved: check-in for {day}: pain {pain_value}/10.")
    if cannot_bear_weight:
        out.print(
            "[red]If you cannot bear weight after a fall or twist, see a clinician today.[/red]"
        )
