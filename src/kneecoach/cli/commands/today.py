"""``today``: what to do today. This module loads no Django: a ``today`` whose memo answers
(``kneecoach.cli.today_memo``) prints without it; otherwise the loader imports the full path,
``today_full.show_today``, with Django set up first (``loader.import_with_django``)."""

from __future__ import annotations

from kneecoach.cli import loader, parsing, render, today_memo
from kneecoach.cli.options import DateOption, UserOption, command_group

app = command_group()


@app.command()
def today(user: UserOption = None, date: DateOption = None) -> None:
    """Today's session: exercises, doses, sides, rests and cues (or why it is a rest day)."""
    real_today = parsing.clock_today()
    day = parsing.parse_date(date) if date is not None else real_today
    out = render.console()
    memo = today_memo.key(out, user, day) if today_memo.applies() else None
    if memo is not None and day == real_today:
        remembered = today_memo.recall(memo)
        if remembered is not None:
            today_memo.print_output(out, remembered)
            return
    full_path = loader.import_with_django("kneecoach.cli.commands.today_full")
    full_path.show_today(out, user, day, real_today, memo=memo)
