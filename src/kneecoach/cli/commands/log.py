"""``kneecoach log``: what was done, one set (or its correction or deletion), what made the
session stop, or the pain after the session from options, or the guided session (``guided``) on a
terminal; each through ``coach.services``' use cases."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.console import Console

from kneecoach.cli import parsing, prompts, render, startup
from kneecoach.cli.commands import guided
from kneecoach.cli.commands.today_full import remember_today
from kneecoach.cli.options import DateOption, UserOption, command_group
from kneecoach.errors import Conflict, InvalidInput
from kneecoach.programme.values import STOP_EVENTS
from kneecoach.programme.wording import short_day_words
from kneecoach.web.coach import services as coach
from kneecoach.web.coach.services import SetInput, StopInput

app = command_group()


@app.command()
def log(
    user: UserOption = None,
    date: DateOption = None,
    exercise: Annotated[
        str | None,
        typer.Option("--exercise", "-e", metavar="SLUG", help="Exercise slug (non-interactive)."),
    ] = None,
    set_number: Annotated[int, typer.Option("--set", metavar="N", help="Set number, from 1.")] = 1,
    side: Annotated[
        str | None, typer.Option(metavar="SIDE", help="left or right (for one-leg exercises).")
    ] = None,
    reps: Annotated[int | None, typer.Option(metavar="N", help="Reps done.")] = None,
    seconds: Annotated[
        int | None, typer.Option(metavar="N", help="Seconds done (timed exercises).")
    ] = None,
    load: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Band colour or weight, free text.")
    ] = None,
    pain: Annotated[
        int | None, typer.Option(metavar="0-10", help="Knee pain during the set, 0-10.")
    ] = None,
    effort: Annotated[
        int | None, typer.Option(metavar="0-10", help="How hard the set felt, 0-10.")
    ] = None,
    note: Annotated[str, typer.Option(metavar="TEXT", help="A note on the set.")] = "",
    pain_after: Annotated[
        int | None,
        typer.Option(metavar="0-10", help="Knee pain about an hour after the session, 0-10."),
    ] = None,
    timers: Annotated[
        bool, typer.Option("--timers/--no-timers", help="Countdowns in the guided session.")
    ] = True,
    replace: Annotated[
        bool, typer.Option("--replace", help="Correct a set that is logged already.")
    ] = False,
    delete: Annotated[
        bool, typer.Option("--delete", help="Delete the set named by --exercise/--set/--side.")
    ] = False,
    events: Annotated[
        list[str] | None,
        typer.Option(
            "--stopped",
            metavar="EVENT",
            help="You had to stop the session at once: "
            f"{', '.join(STOP_EVENTS)} (repeat for more than one; alone or with a set).",
        ),
    ] = None,
    withdraw: Annotated[
        bool,
        typer.Option("--withdraw", help="Take back the --stopped events (reported by mistake)."),
    ] = False,
) -> None:
    """Log a session: guided on a terminal, or one set / pain after with options.

    \b
    Examples:
      kneecoach log                                  (guided, set by set)
      kneecoach log --exercise clamshell --set 1 --side left --reps 12 --pain 3
      kneecoach log --exercise clamshell --set 1 --side left --reps 10 --pain 3 --replace
      kneecoach log --exercise clamshell --set 1 --side left --delete
      kneecoach log --pain-after 2
      kneecoach log --stopped giving_way             (the knee gave way: stop)
      kneecoach log --stopped pop --withdraw         (reported by mistake)
    """
    day = parsing.parse_date(date)
    real_today = parsing.not_in_future(day)
    # checked before anything is saved: a set logged with a mistyped event would be half a command
    stop = _stop_input(events, withdraw)
    out = render.console()
    if delete:
        if exercise is None:
            raise InvalidInput("name the exercise of the set to delete", field="--exercise")
        _delete_one_set(out, user, day, real_today, exercise, set_number, side)
        remember_today(out, user, real_today)
        return
    if exercise is not None:
        if pain is None:
            raise InvalidInput("give the pain during the set, 0-10", field="--pain")
        data = SetInput(
            exercise=exercise, set_number=set_number, side=side, reps=reps, seconds=seconds,
            load=load, pain=pain, effort=effort, note=note,
        )  # fmt: skip
        _log_one_set(out, user, day, real_today, data, replace=replace)
    elif pain_after is None and stop is None:
        if not prompts.interactive():
            raise InvalidInput(
                "name the exercise to log a set (or run on a terminal for a guided session)",
                field="--exercise",
            )
        guided.session(out, user, day, real_today, timers)
    if stop is not None:
        guided.report_stop(out, user, day, real_today, stop)
    if pain_after is not None:
        startup.in_transaction(
            lambda: coach.record_pain_after(
                coach.resolve_user(user), day, pain_after, today_=real_today
            )
        )
        out.print(f"saved: pain after the session on {short_day_words(day)}: {pain_after}/10.")
    remember_today(out, user, real_today)  # the next `today` answers at once


def _stop_input(events: list[str] | None, withdraw: bool) -> StopInput | None:
    if not events:
        if withdraw:
            raise InvalidInput("name the events to take back with --stopped", field="--stopped")
        return None
    return StopInput(frozenset(events), withdraw=withdraw)


def _log_one_set(
    out: Console,
    user: str | None,
    day: dt.date,
    real_today: dt.date,
    data: SetInput,
    *,
    replace: bool,
) -> None:
    try:
        saved = startup.in_transaction(
            lambda: coach.log_set(
                coach.resolve_user(user), day, data, today_=real_today, replace=replace
            )
        )
    except Conflict as error:
        if error.field != "set_number":
            raise
        # The terminal's own way to correct it, as the page asks with its own form
        side = f" ({data.side})" if data.side else ""
        raise Conflict(
            f"set {data.set_number}{side} of {data.exercise} is already logged; "
            "add --replace to correct it",
            field="set_number",
        ) from error
    out.print(f"{render.saved_set_text(saved)} ({short_day_words(day)}).")
    render.pain_advice(out, saved)


def _delete_one_set(
    out: Console,
    user: str | None,
    day: dt.date,
    real_today: dt.date,
    exercise: str,
    set_number: int,
    side: str | None,
) -> None:
    left = startup.in_transaction(
        lambda: coach.delete_set(
            coach.resolve_user(user), day, exercise, set_number, side, today_=real_today
        )
    )
    side_text = f" {side}" if side else ""
    where = f"{exercise} set {set_number}{side_text}"
    out.print(f"deleted: {where} ({short_day_words(day)}); {len(left)} set(s) left that day.")
