"""The guided session behind a bare ``kneecoach log`` on a terminal: set by set, each side,
with countdowns; each set saved (its own transaction) the moment it is entered. ``s`` instead of
a set's amount stops the session with what happened (the in-session stop rule)."""

from __future__ import annotations

import datetime as dt
import time

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn
from rich.prompt import Prompt

from kneecoach.cli import prompts, render, startup
from kneecoach.errors import KneecoachError
from kneecoach.programme.limits import REPS_MAX, SECONDS_MAX
from kneecoach.programme.wording import day_words
from kneecoach.web.coach import services as coach
from kneecoach.web.coach.services import SetInput, StopInput


def session(
    out: Console, user: str | None, day: dt.date, real_today: dt.date, timers: bool
) -> None:
    """From the first set not logged yet to the last; pain of 8 or more stops it, and so does
    ``s`` (I had to stop) with what happened."""
    view = startup.in_transaction(
        lambda: coach.today(coach.resolve_user(user), day, today_=real_today)
    )
    if not view.items:
        render.today(out, view)
        return
    pending = [(item, pending_sets(item)) for item in view.items]
    todo = [(item, sets) for item, sets in pending if sets]
    if not todo:
        out.print(f"Every set of {day_words(day)} is logged already.")
        return
    out.print(
        f"[bold]Guided session, {day_words(day)}[/bold]: {len(todo)} exercise(s) to do. "
        "Ctrl-C stops; every set already saved stays saved."
    )
    for item, sets in pending:
        if not sets:
            out.print(f"[dim]{item.name}: logged already[/dim]")
    for index, (item, sets) in enumerate(todo):
        render.introduce(out, item)
        for number, (set_number, side) in enumerate(sets):
            saved = _guided_set(out, user, day, real_today, item, set_number, side, timers)
            if saved is None or saved.pain_response == "stop_session":
                out.print("`kneecoach today` shows the relief day; check in tomorrow morning.")
                return
            last = index == len(todo) - 1 and number == len(sets) - 1
            if timers and item.rest_seconds and not last:
                countdown(out, item.rest_seconds, "rest")
    out.print("\n[green]Session done. Well done.[/green]")
    out.print("In about an hour: kneecoach log --pain-after N (0-10).")


def pending_sets(item: coach.SessionItem) -> list[tuple[int, str | None]]:
    """The (set number, side) pairs of ``item`` not logged yet, in the order to do them."""
    done = {(s.set_number, s.side) for s in item.logged}
    return [
        (set_number, side)
        for set_number in range(1, item.dose.sets + 1)
        for side in (item.sides or (None,))
        if (set_number, side) not in done
    ]


def _guided_set(
    out: Console,
    user: str | None,
    day: dt.date,
    real_today: dt.date,
    item: coach.SessionItem,
    set_number: int,
    side: str | None,
    timers: bool,
) -> coach.SetView | None:
    """One set: (for a timed set, a countdown started with Enter), then what was done and the
    pain, asked again until saved. Returns the saved set (with what to do about its pain), or
    None when the person had to stop (``s``), the stop reported."""
    timed = item.dose.seconds is not None
    target = item.dose.seconds if timed else item.dose.reps
    label = f"set {set_number}/{item.dose.sets}" + (f", {side} leg" if side else "")
    out.print(f"\n[bold]{label}[/bold]: {target} {'s' if timed else 'reps'}")
    if timed and timers:
        Prompt.ask("  get in position, then press Enter to start", default="", show_default=False,
                   console=out)  # fmt: skip
        countdown(out, int(target or 0), "keep going")
    while True:  # a refused set is asked again, not lost
        amount = prompts.ask_amount_or_stop(
            out,
            "  seconds done" if timed else "  reps done",
            0,
            SECONDS_MAX if timed else REPS_MAX,
            default=target,
        )
        if amount is None:
            events = prompts.ask_stop_events(out, coach.stop_event_words())
            if events is None:
                continue  # back to the set
            report_stop(out, user, day, real_today, StopInput(events))
            return None
        pain = prompts.ask_pain(out, "  knee pain during the set (0-10)")
        data = SetInput(
            exercise=item.exercise,
            set_number=set_number,
            side=side,
            reps=None if timed else amount,
            seconds=amount if timed else None,
            pain=pain,
            load=item.dose.load,
        )
        saved = _save(out, user, day, real_today, data)
        if saved is not None:
            return saved


def report_stop(
    out: Console, user: str | None, day: dt.date, real_today: dt.date, data: StopInput
) -> None:
    """Save what made the session stop (or take it back) and print what to do now."""
    report = startup.in_transaction(
        lambda: coach.report_stop(coach.resolve_user(user), day, data, today_=real_today)
    )
    render.stop_report(out, report, coach.stop_event_words())


def _save(
    out: Console, user: str | None, day: dt.date, real_today: dt.date, data: SetInput
) -> coach.SetView | None:
    """Save one set and say what to do about its pain; on a refusal say why and return None
    (the caller asks for the set again)."""
    try:
        saved = startup.in_transaction(
            lambda: coach.log_set(coach.resolve_user(user), day, data, today_=real_today)
        )
    except KneecoachError as error:
        out.print(f"  [red]not saved: {error}; enter the set again[/red]")
        return None
    out.print(f"  [green]{render.saved_set_text(saved)}[/green]")
    render.pain_advice(out, saved)
    return saved


def countdown(out: Console, seconds: int, label: str) -> None:
    """A Rich progress bar counting down; Ctrl-C skips the rest of it, not the session."""
    try:
        with Progress(
            TextColumn(f"  {label}"),
            BarColumn(bar_width=30),
            TextColumn("{task.fields[left]:>3} s left  (Ctrl-C skips)"),
            console=out,
            transient=True,
        ) as bar:
            task = bar.add_task(label, total=seconds, left=seconds)
            for elapsed in range(1, seconds + 1):
                time.sleep(1)
                bar.update(task, completed=elapsed, left=seconds - elapsed)
    except KeyboardInterrupt:
        out.print("  (skipped)")
