"""``today``'s full path, with Django: the day's session and the clinicians' changes, read in
one transaction and printed (``show_today``), and what is remembered for the next ``today``
(``kneecoach.cli.today_memo``), by ``today`` itself or by a command that has just written
(``remember_today``: ``log``, ``checkin``)."""

from __future__ import annotations

import datetime as dt

from rich.console import Console

from kneecoach.cli import render, startup, today_memo
from kneecoach.cli.today_memo import MemoKey
from kneecoach.config import ConfigError
from kneecoach.errors import KneecoachError
from kneecoach.web import write_generation
from kneecoach.web.clinic import services as clinic
from kneecoach.web.clinic.services import ChangeView
from kneecoach.web.coach import services as coach


def show_today(
    out: Console, user: str | None, day: dt.date, real_today: dt.date, *, memo: MemoKey | None
) -> None:
    """Print ``day``'s session and the clinicians' changes. With ``memo`` (the memo applies)
    and the clock's day (``real_today``, as the command read it), what was printed is
    remembered for the next ``today`` (``_remember``)."""
    printed, generation = _today_text(out, user, day, real_today)
    today_memo.print_output(out, printed)
    if memo is not None and day == real_today:
        _remember(out, memo, printed, generation)


def remember_today(out: Console, user: str | None, real_today: dt.date) -> None:
    """After a command that wrote (a set, a check-in): what ``today`` would print now on this
    console, remembered without printing it, so the next ``today`` answers from the memo. Only
    where the memo applies (``today_memo.applies``); costs the command one Today (~25 ms).
    A refusal (the programme locked, no profile, a misspelt KNEECOACH_TERMINAL_MEMO) leaves the
    memo empty: ``today`` will say it."""
    try:
        if not today_memo.applies(django_set_up_by_the_cli=startup.set_up_by_the_cli()):
            return
    except ConfigError:  # a misspelt switch: `today` itself names it; what was saved stays
        return
    try:
        printed, generation = _today_text(out, user, real_today, real_today)
    except KneecoachError:
        return
    _remember(out, today_memo.key(out, user, real_today), printed, generation)


def _today_text(
    out: Console, user: str | None, day: dt.date, real_today: dt.date
) -> tuple[str, int | None]:
    """What ``today`` prints, and the write generation of the database it shows."""
    view, changes, generation = startup.in_transaction(lambda: _reads(user, day, real_today))
    with out.capture() as captured:
        render.today(out, view)
        render.clinic_changes(out, changes)
    return captured.get(), generation


def _reads(
    user: str | None, day: dt.date, real_today: dt.date
) -> tuple[coach.TodayView, list[ChangeView], int | None]:
    """The day's view, the clinicians' changes and the write generation, in one transaction."""
    person = coach.resolve_user(user)
    view = coach.today(person, day, today_=real_today)
    return view, clinic.my_changes(person), startup.on_sqlite(write_generation.current)


def _remember(out: Console, memo: MemoKey, printed: str, generation: int | None) -> None:
    """Keep ``printed`` at the write generation read at the end of the transaction that read
    what it shows: the database exactly as it shows it, the reading's own saving included (a
    new day's first replay saves the day's decisions; a run on that state saves nothing and
    prints the same). A write by anyone after that transaction leaves it unkept
    (``today_memo.remember``). Not on PostgreSQL (no generation), nor on a legacy Windows
    console, which Rich writes through the console's API rather than as text."""
    if generation is None or out.legacy_windows:
        return
    startup.on_sqlite(lambda cursor: today_memo.remember(cursor, memo, printed, generation))
