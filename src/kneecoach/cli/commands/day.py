"""The morning after: ``checkin``, through ``coach.services``' use cases. ``today`` (what to do)
is in ``today`` and ``today_full``, ``log`` (what was done) in ``log``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

import typer
from rich.console import Console
from rich.prompt import Confirm

from kneecoach.cli import parsing, prompts, render, startup
from kneecoach.cli.commands.today_full import remember_today
from kneecoach.cli.options import DateOption, UserOption, command_group
from kneecoach.errors import InvalidInput
from kneecoach.programme.wording import short_day_words
from kneecoach.web.coach import services as coach

app = command_group()


@app.command()
def checkin(
    user: UserOption = None,
    date: DateOption = None,
    pain: Annotated[
        int | None, typer.Option(metavar="0-10", help="Knee pain this morning, 0-10.")
    ] = None,
    swelling: Annotated[bool, typer.Option(help="The knee is more swollen than usual.")] = False,
    stiffness: Annotated[bool, typer.Option(help="The knee is stiffer than usual.")] = False,
    cannot_bear_weight: Annotated[
        bool, typer.Option(help="You cannot put weight on the leg normally.")
    ] = False,
    replace: Annotated[bool, typer.Option(help="Correct this morning's check-in.")] = False,
    before_session: Annotated[
        bool,
        typer.Option(
            help="Today's session is logged, and this is about this morning, before it "
            "(its own check-in is tomorrow morning)."
        ),
    ] = False,
) -> None:
    """The morning check-in after a session: pain, swelling, stiffness."""
    day = parsing.parse_date(date)
    real_today = parsing.not_in_future(day)
    out = render.console()
    sessions = startup.in_transaction(lambda: _sessions_around(user, day, real_today))
    if sessions.asks_before_session and not before_session:
        _same_day_as_the_session(out, day)
        before_session = True  # asked on the terminal, and answered yes
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
            before_session=before_session,
            today_=real_today,
        )
    )
    out.print(f"saved: {_which_morning(day, sessions)}: pain {pain_value}/10.")
    if sessions.on_day:
        out.print(f"The check-in after the session on {short_day_words(day)}: the next morning.")
    if cannot_bear_weight:
        out.print(
            "[red]If you cannot bear weight after a fall or twist, see a clinician today.[/red]"
        )
    remember_today(out, user, real_today)  # the next `today` answers at once


@dataclass(frozen=True, slots=True)
class _Sessions:
    """Whether a session is logged on the check-in's day and on the day before it, and whether
    the check-in must say it is about the morning before the day's session (the use case's
    rule: ``coach.checkin`` refuses it otherwise)."""

    on_day: bool
    day_before: bool
    asks_before_session: bool


def _sessions_around(user: str | None, day: dt.date, real_today: dt.date) -> _Sessions:
    person = coach.resolve_user(user)
    return _Sessions(
        on_day=coach.has_session(person, day),
        day_before=coach.has_session(person, day - dt.timedelta(days=1)),
        asks_before_session=coach.checkin_asks_before_session(person, day, real_today),
    )


def _which_morning(day: dt.date, sessions: _Sessions) -> str:
    """What the check-in is saved as, in the web's words: the morning of ``day``, after the
    night that followed the day before's session (when there was one)."""
    if sessions.day_before:
        before = day - dt.timedelta(days=1)
        return (
            f"morning check-in for {short_day_words(day)}, "
            f"after the session on {short_day_words(before)}"
        )
    return f"check-in for the morning of {short_day_words(day)}"


def _same_day_as_the_session(out: Console, day: dt.date) -> None:
    """A check-in on the day of a session (and none the day before) is not the session's
    next-morning check: that is made tomorrow (as on the web, where the check-in is offered
    the morning after). Ask on a terminal whether it is about this morning; refuse without one."""
    tomorrow = day + dt.timedelta(days=1)
    if not prompts.interactive():
        raise InvalidInput(
            f"today's session is logged: its check-in is tomorrow morning ({tomorrow}); "
            "for pain now use `kneecoach log --pain-after N`, or pass --before-session "
            "if this is about this morning",
            field="--date",
        )
    out.print(
        f"You logged a session today. Its check-in, how the knee settled overnight, is tomorrow "
        f"morning ({short_day_words(tomorrow)}). For pain now: kneecoach log --pain-after N."
    )
    if not Confirm.ask(
        "Is this about this morning, before the session?", default=False, console=out
    ):
        out.print("Nothing saved. Check in tomorrow morning.")
        raise typer.Exit(1)
