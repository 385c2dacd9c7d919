"""What the commands print: Rich consoles, tables and panels from the services' plain views.

Nothing here reads the database or decides anything; each function takes a view the services
returned (``kneecoach.web.coach.services``...) and prints it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kneecoach.programme.wording import day_words, short_day_words

if TYPE_CHECKING:  # the views' types only: importing the services needs Django set up
    from kneecoach.web.clinic.services import ChangeView
    from kneecoach.web.coach import services as coach
    from kneecoach.web.outcomes.services import DueNotice

SPARKS = "▁▂▃▄▅▆▇█"


def console(stderr: bool = False) -> Console:
    """A console on stdout (or stderr) that colours only what the markup says."""
    return Console(stderr=stderr, highlight=False)


def bullets(out: Console, lines: Sequence[str], indent: int = 2) -> None:
    """``- text`` lines whose wrapped continuation lines stay indented under the text."""
    if not lines:
        return
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(width=indent + 1, no_wrap=True)
    grid.add_column()
    for line in lines:
        grid.add_row(" " * indent + "-", line)
    out.print(grid)


def screening(out: Console, outcome: coach.ScreeningOutcome) -> None:
    """The screening's verdict: clear, or the level with its reasons and advice, and for a
    lock what opens it again (answers that are clear, ``kneecoach screen``)."""
    if outcome.level == "clear":
        out.print("[green]Screening: no red flags.[/green]")
        return
    colour = "red" if outcome.locked else "yellow"
    out.print(f"[{colour}][bold]Screening: {outcome.level}.[/bold][/{colour}]")
    bullets(out, outcome.reasons)
    out.print(f"[{colour}]{outcome.advice}[/{colour}]")
    if outcome.locked:  # what opens it again, as the web's verdict says it
        once = (
            "your surgical team has cleared home exercise"
            if outcome.level == "surgical"
            else "a clinician has seen you"
        )
        out.print(f"Once {once}, answer the questions again: [bold]kneecoach screen[/bold].")


def clinic_changes(out: Console, changes: Sequence[ChangeView]) -> None:
    """What the person's clinicians changed or said, with author and date (the clinic app),
    the days written as the clinic's list writes them: ``6 Dec 2026`` when it was said,
    ``from 7 Dec`` for a dose."""
    if not changes:
        return
    out.print("[bold]From your clinic[/bold]")
    for change in changes:
        # A clinician's words and name are text, not Rich markup: "[/]" in a note would
        # otherwise stop the person's `today` with a markup error, "[red]" would colour it.
        said = escape(f"{change.author}: {_change_line(change)}")
        out.print(f"  {_said_on(change.created_at)} {said}", highlight=False)


def _change_line(change: ChangeView) -> str:
    """A message's text, or the change in words with the clinician's note in brackets. The
    words are the clinic's (``ChangeView.summary``), so the terminal says what the pages say."""
    if change.kind == "message":
        return change.text
    return f"{change.summary} ({change.text})" if change.text else change.summary


def _said_on(moment: dt.datetime) -> str:
    """``6 Dec 2026``: the day on the process's clock, which Django sets to the clinic's zone
    (``TIME_ZONE``) as the clinic's page dates it; the UTC day would date a message sent just
    after midnight in Oslo the day before."""
    return short_day_words(moment.astimezone().date(), weekday=False, year=True)


def sets_logged(item: coach.SessionItem) -> str:
    """``2 of 6``: the sets logged of those planned (each side counts), or ``-``."""
    if not item.logged:
        return "-"
    planned = item.dose.sets * max(1, len(item.sides))
    return f"{len(item.logged)} of {planned}"


def today(
    out: Console,
    view: coach.TodayView,
    *,
    rescreen_due: dt.date | None = None,
    questionnaire_due: DueNotice | None = None,
) -> None:
    """The day's session: a table that fits 80 columns, the key cues, advice and decisions.
    Under the title, what is due, as the Today page shows it above the session: the morning
    check-in, the weekly safety questions (``rescreen_due``: the day they were last answered)
    and a questionnaire, each naming the command that does it."""
    # A day without a session while a clinician has paused the programme is not a rest day.
    day_type = "paused" if view.state == "paused" else view.kind
    title = f"{day_words(view.day, year=True)}: {day_type}"
    if view.focus:
        title += f" ({view.focus} focus)"
    out.print(f"[bold]{title}[/bold]")
    if view.checkin_due:
        out.print("[yellow]Morning check-in due: kneecoach checkin --pain N (0-10).[/yellow]")
    if rescreen_due is not None:
        out.print(
            "[yellow]Time for this week's safety questions "
            f"(last answered {short_day_words(rescreen_due)}): kneecoach screen.[/yellow]"
        )
    if questionnaire_due is not None:
        out.print(f"[yellow]{escape(questionnaire_due_line(questionnaire_due))}[/yellow]")
    for line in view.advice:
        out.print(f"[cyan]{line}[/cyan]")
    if view.items:
        out.print(_session_table(view.items))
        cues = [f"{item.performed_as_name}: {item.cues[0]}" for item in view.items if item.cues]
        if cues:
            out.print("[bold]Key cues[/bold]")
            bullets(out, cues)
        out.print("Log it: [bold]kneecoach log[/bold] (guided) or kneecoach log --help.")
    elif view.next_training_day:
        out.print(f"Next training day: {day_words(view.next_training_day)}.")
    _decisions(out, view.decisions, shown=view.advice)


def _decisions(out: Console, decisions: Sequence[coach.DecisionView], shown: Sequence[str]) -> None:
    """The day's decisions, each a heading with its reasons as bullets, as ``explain`` lists
    them; a reason already printed above as the day's advice (a relief day's comfort measures)
    is not printed twice."""
    for decision in decisions:
        what = decision.exercise or "programme"
        out.print(f"[bold]{decision.kind}[/bold] {what}:")
        bullets(out, [reason for reason in decision.reasons if reason not in shown])


def questionnaire_due_line(due: DueNotice) -> str:
    """``Questionnaires due, your starting point (KOOS-12: ...; Knee pain, 0-10): kneecoach
    questionnaire fill koos12 (then nprs).``: the window (week 0 is the baseline, as the Today
    page says it), the forms' titles, and the command for the first, then the other forms'
    ids, each filled in with the same command."""
    several = len(due.missing) > 1
    when = "your starting point" if due.week == 0 else f"week {due.week}"
    then = f" (then {', '.join(due.missing[1:])})" if several else ""
    return (
        f"{'Questionnaires' if several else 'Questionnaire'} due, {when} "
        f"({'; '.join(due.titles)}): kneecoach questionnaire fill {due.first}{then}."
    )


def _session_table(items: Sequence[coach.SessionItem]) -> Table:
    # Fits 80 columns: the slug (what `log --exercise` takes) leads, the name wraps under it.
    table = Table(box=box.HORIZONTALS, show_lines=True, pad_edge=False)
    table.add_column("exercise", ratio=1)
    table.add_column("dose", no_wrap=True)
    table.add_column("sides", no_wrap=True)
    table.add_column("rest", no_wrap=True, justify="right")
    table.add_column("logged", no_wrap=True)
    for item in items:
        lines = [f"[bold]{item.exercise}[/bold]", item.name]
        if item.performed_as != item.exercise:
            lines.append(f"do it as: {done_as(item)}")
        if item.missing_equipment:
            # as the card says it: the exercise is done without what is not at hand
            missing = escape(", ".join(item.missing_equipment_names or item.missing_equipment))
            lines.append(f"[yellow]done without: {missing}[/yellow]")
        table.add_row(
            "\n".join(lines),
            item.dose.text.replace(" each side", "\neach side"),
            " then ".join(item.sides) or "both legs",
            f"{item.rest_seconds} s",
            sets_logged(item),
        )
    return table


def done_as(item: coach.SessionItem | coach.PlanItem) -> str:
    """The version done in the exercise's place and, for a substitute, why: "Side steps with a
    mini band (not at hand: Loop band for the ankles)", the equipment it stands in for being
    missing (a ladder variant is done for the knee's level, which its name says). The Today
    page's card and the plan give the same reason; the name is the catalogue's, as the
    equipment list writes it."""
    name = escape(item.performed_as_name)
    if item.substitute_for_name:
        return f"{name} (not at hand: {escape(item.substitute_for_name)})"
    return name


def introduce(out: Console, item: coach.SessionItem) -> None:
    """An exercise's heading in the guided session: name, dose, substitute, three cues."""
    out.print()
    out.rule(f"[bold]{item.name}[/bold]", align="left")
    out.print(f"Dose: {item.dose.text}" + (f", {item.dose.load}" if item.dose.load else ""))
    if item.performed_as != item.exercise:
        out.print(f"Do it as: {done_as(item)}")
    bullets(out, item.cues[:3])


def saved_set_text(saved: coach.SetView) -> str:
    """``saved: clamshell set 1 left: 12 reps, pain 3/10``."""
    amount = f"{saved.reps} reps" if saved.reps is not None else f"{saved.seconds} s"
    side_text = f" {saved.side}" if saved.side else ""
    where = f"{saved.exercise} set {saved.set_number}{side_text}"
    return f"saved: {where}: {amount}, pain {saved.pain}/10"


def pain_advice(out: Console, saved: coach.SetView) -> None:
    """The answer to a set's pain, the moment it is saved (the rule is the engine's)."""
    style = "red" if saved.pain_response == "stop_session" else "yellow"
    for paragraph in saved.pain_advice:
        out.print(f"  [{style}]{escape(paragraph)}[/{style}]")


def stop_report(
    out: Console, report: coach.StopView, event_words: Sequence[tuple[str, str]]
) -> None:
    """A reported stop: the events now recorded, named by ``event_words`` (the engine's, as the
    Today page names them: ``coach.stop_event_words``) in the middle of the sentence, and what
    the coach now advises (the relief the stop started, in the engine's words), or that none is
    left after a withdrawal."""
    day = short_day_words(report.day)
    if not report.events:
        out.print(f"saved: no stop recorded for {day}.")
        return
    words = dict(event_words)
    events = "; ".join(_lower_first(words.get(e, e)) for e in report.events)
    out.print(f"saved: the session on {day} stopped: {events}.")
    if report.advice:
        out.print("[yellow]What to do now:[/yellow]")
        bullets(out, [escape(line) for line in report.advice])
    bullets(out, ["Tomorrow, answer the safety questions again: kneecoach screen."])


def _lower_first(label: str) -> str:
    """A label ("The knee gave way") as the middle of a sentence says it ("the knee gave
    way")."""
    return label[:1].lower() + label[1:]


def plan(out: Console, view: coach.PlanView, day: dt.date) -> None:
    """The calendar as a table; ``>`` marks ``day`` (a date)."""
    table = Table(
        title=f"Plan ({view.state})",
        caption=f"> marks {short_day_words(day)}",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("date", no_wrap=True)
    table.add_column("day", no_wrap=True)
    table.add_column("focus", no_wrap=True)
    table.add_column("doses", ratio=1)
    table.add_column("done", no_wrap=True)
    styles = {"training": "bold", "rest": "dim", "relief": "cyan"}
    for entry in view.days:
        doses = "\n".join(_plan_item_text(item) for item in entry.items)
        marker = ">" if entry.day == day else " "
        table.add_row(
            f"{marker}{short_day_words(entry.day)}",
            f"[{styles.get(entry.kind, '')}]{entry.kind}[/]",
            entry.focus or "",
            doses,
            done_text(entry),
        )
    out.print(table)


def _plan_item_text(item: coach.PlanItem) -> str:
    """``side-steps: 2 x 10 reps each side``, and under it what to do when it is not the
    exercise itself (a variant or a substitute, with the equipment not at hand), as today's
    table says it (``done_as``)."""
    line = f"{item.exercise}: {item.dose.text}"
    if item.performed_as != item.exercise:
        line += f"\ndo it as: {done_as(item)}"
    return line


def done_text(entry: coach.PlanDay) -> str:
    """The plan's "done" column, as the plan page tells a day done from one partly done
    (``PlanDay.done``): ``yes`` when every prescribed set is logged and nothing stopped the
    session, ``3/24`` (sets) for a session begun and not finished, ``partly`` for one stopped
    when its day no longer prescribes sets (the stop turned it into relief), nothing when none
    is logged. As narrow as the heading, so the doses keep their width on an 80-column
    terminal."""
    if not entry.logged:
        return ""
    if entry.done:
        return "yes"
    if entry.sets_prescribed:
        return f"{entry.sets_done}/{entry.sets_prescribed}"
    return "partly"


def sparkline(points: Sequence[float], low: float | None = None, high: float | None = None) -> str:
    """A one-line chart of ``points`` scaled between ``low`` and ``high`` (default min / max)."""
    if not points:
        return ""
    lo = min(points) if low is None else low
    hi = max(points) if high is None else high
    span = hi - lo or 1.0
    return "".join(
        SPARKS[max(0, min(len(SPARKS) - 1, round((p - lo) / span * (len(SPARKS) - 1))))]
        for p in points
    )


def progress(out: Console, view: coach.ProgressView) -> None:
    """Pain trends, volume per exercise and side, adherence and the weaker side."""
    pains = Table(title="Pain (0-10)")
    for column in ("measure", "trend", "first", "last"):
        pains.add_column(column)
    for label, series in (
        ("during (max)", view.pain_during),
        ("after", view.pain_after),
        ("next morning", view.pain_morning),
    ):
        numbers = [p.value for p in series]
        pains.add_row(
            label,
            sparkline(numbers, 0, 10),
            f"{numbers[0]:g}" if numbers else "-",
            f"{numbers[-1]:g}" if numbers else "-",
        )
    out.print(pains)
    volume = Table(title="Volume per session")
    for column in ("exercise", "side", "trend", "last", "max pain"):
        volume.add_column(column)
    for exercise in view.exercises:
        for index, (side, points) in enumerate(exercise.volume.items()):
            numbers = [p.value for p in points]
            volume.add_row(
                exercise.exercise if index == 0 else "",
                side,
                sparkline(numbers),
                f"{numbers[-1]:g} {exercise.unit}",
                _max_pain(exercise.side_pain.get(side, ())),
            )
    out.print(volume)
    if view.adherence is not None:
        out.print(
            f"Adherence: {view.sets_done} of {view.sets_prescribed} prescribed sets done "
            f"({view.adherence:.0%})."
        )
    if view.weaker_side:
        out.print(f"Weaker side: [bold]{view.weaker_side}[/bold]")
        bullets(out, view.weaker_side_reasons)
    else:
        out.print("Weaker side: no clear difference yet.")


def _max_pain(points: Sequence[coach.SeriesPoint]) -> str:
    """The highest pain in ``points`` (one side's sessions), or ``-``."""
    return f"{max(p.value for p in points):g}" if points else "-"


def explain(out: Console, view: coach.ExplainView, day: dt.date) -> None:
    """The programme state, the current doses and the last 30 decisions with their reasons."""
    out.print(f"[bold]{day_words(day, year=True)}: programme state {view.state}[/bold]")
    for line in view.advice:
        out.print(f"[cyan]{line}[/cyan]")
    if view.doses:
        out.print("[bold]Current doses[/bold]")
        for dose in view.doses:
            out.print(f"  {dose.exercise}: {dose.text} (level {dose.level:+d})")
    out.print("[bold]Decisions[/bold]")
    if not view.decisions:  # as the progress page says it
        out.print(
            "  No decisions yet: the coach starts adjusting your doses once you have logged "
            "a few sessions."
        )
    for decision in view.decisions[-30:]:
        what = decision.exercise or "programme"
        change = ""
        if decision.before and decision.after and decision.before != decision.after:
            change = f" ({decision.before.text} -> {decision.after.text})"
        # "9 Nov" as the clinic's list of decisions writes it, right-aligned under "10 Nov"
        when = short_day_words(decision.day, weekday=False)
        out.print(f"  {when:>6} [bold]{decision.kind}[/bold] {what}{change}")
        bullets(out, decision.reasons, indent=6)
