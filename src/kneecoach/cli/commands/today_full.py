"""``today``'s full path, with Django: the day's session and the clinicians' changes, read in
one transaction and printed (``show_today``), and what is remembered for the next ``today``
(``kneecoach.cli.today_memo``), by ``today`` itself or by a command that has just written
(``remember_today``: ``log``, ``checkin``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.console import Console

from kneecoach.cli import render, startup, today_memo
from kneecoach.cli.today_memo import MemoKey
from kneecoach.config import ConfigError
from kneecoach.errors import KneecoachError
from kneecoach.web import write_generation
from kneecoach.web.clinic import services as clinic
from kneecoach.web.clinic.services import ChangeView
from kneecoach.web.coach import services as coach
from kneecoach.web.outcomes import services as outcomes


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


@dataclass(frozen=True, slots=True)
class _Read:
    """What one transaction read for ``today``: the day's view, the clinicians' changes, the
    reminders the Today page shows on today's page only, and the write generation."""

    view: coach.TodayView
    changes: list[ChangeView]
    rescreen_due: dt.date | None
    questionnaire_due: outcomes.DueNotice | None
    generation: int | None


def _today_text(
    out: Console, user: str | None, day: dt.date, real_today: dt.date
) -> tuple[str, int | None]:
    """What ``today`` prints, and the write generation of the database it shows."""
    read = startup.in_transaction(lambda: _reads(user, day, real_today))
    with out.capture() as captured:
        render.today(
            out,
            read.view,
            rescreen_due=read.rescreen_due,
            questionnaire_due=read.questionnaire_due,
        )
        render.clinic_changes(out, read.changes)
    return captured.get(), read.generation


def _reads(user: str | None, day: dt.date, real_today: dt.date) -> _Read:
    """The day's view, the clinicians' changes, today's reminders and the write generation,
    in one transaction. The profile is read once and passed to the use cases that need it.
    The reminders are the Today page's, for the clock's day only as there: the weekly safety
    questions (``coach.rescreen_due``, one small query) and a questionnaire due
    (``outcomes.due_notice``, two), its titles in English, the terminal's language and
    ``questionnaire fill``'s default."""
    person = coach.resolve_user(user)
    profile = coach.require_profile_record(person)
    view = coach.today(person, day, today_=real_today, profile=profile)
    is_today = day == real_today
    return _Read(
        view=view,
        changes=clinic.my_changes(person),
        rescreen_due=coach.rescreen_due(profile, real_today) if is_today else None,
        questionnaire_due=(
            outcomes.due_notice(person, real_today, "en", profile=profile) if is_today else None
        ),
        generation=startup.on_sqlite(write_generation.current),
    )


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
