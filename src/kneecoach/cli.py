"""The ``kneecoach`` command line: Typer for the commands, Rich for the tables and timers.

Every command calls the use cases in ``kneecoach.web.coach.services`` (the same functions the
pages and the JSON API call) inside one ``transaction.atomic()`` per command or per logged set,
and prints "saved" only after the commit. The clock is read here, at the edge: ``--date``
defaults to today in the local time zone and is passed down.

Start-up is kept fast: Django, Rich and the engine are imported inside the commands that need them,
so ``--help`` and ``advise`` never import Django.

Errors: a ``KneecoachError`` prints ``error: <field>: <message>`` on one line of stderr and exits 1
(3 when the red-flag screening blocks self-management); usage errors (unknown option, missing
argument) print one line and exit 2; Ctrl-C exits 130. Nothing already committed is lost in any
of these cases. docs/cli.md lists them per command.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kneecoach.errors import InvalidInput, KneecoachError, ScreeningBlocked

if TYPE_CHECKING:
    from rich.console import Console

    from kneecoach.web.coach import services


app = typer.Typer(
    name="kneecoach",
    help="A pain-guided knee exercise programme in your terminal.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

# Exit statuses beyond 0 (done), 1 (bad input) and 2 (usage); docs/cli.md lists them.
BLOCKED = 3  # the red-flag screening stops self-management (init, and any command after it)
INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
USER_HELP = (
    "Whose profile (a user name). Default: $KNEECOACH_USER, else the only profile in the database."
)
DATE_HELP = "The day to act on, as YYYY-MM-DD (default: today)."

UserOption = Annotated[
    str | None, typer.Option("--user", "-u", envvar="KNEECOACH_USER", help=USER_HELP)
]
DateOption = Annotated[str | None, typer.Option("--date", "-d", help=DATE_HELP)]


# --- edges: console, clock, database ----------------------------------------------------------


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def clock_today() -> dt.date:
    """Today, from the local clock: the one place the CLI reads it."""
    return dt.date.today()


def parse_date(value: str | None, option: str = "--date") -> dt.date:
    """An ISO date (YYYY-MM-DD); ``None`` is today, read from the local clock."""
    if value is None:
        return clock_today()
    text = value.strip()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):  # fromisoformat reads 2026-W48-3 too
            raise ValueError(text)
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2026-11-25", field=option
        ) from None
    from kneecoach.programme.validation import EARLIEST_DATE, LATEST_DATE

    if not EARLIEST_DATE <= day <= LATEST_DATE:  # before any arithmetic on it (demo's start)
        raise InvalidInput(
            f"{text} is outside the dates kneecoach works with "
            f"({EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()})",
            field=option,
        )
    return day


def _not_in_future(day: dt.date) -> dt.date:
    """A log is for a day that has come (today or before); returns today, from the clock.

    What a log saves besides itself (the decisions, the calendar ahead) is the replay as of
    today, whichever day the log is for: the saved decisions are always today's."""
    today = clock_today()
    if day > today:
        raise InvalidInput(f"{day} is in the future; log what has happened", field="--date")
    return today


def parse_weekdays(value: str) -> frozenset[int]:
    """``mon,wed,fri`` (or ``all``, or ``weekdays``) -> {0, 2, 4}."""
    text = value.strip().lower()
    if text in ("all", "every", "daily"):
        return frozenset(range(7))
    if text == "weekdays":
        return frozenset(range(5))
    days = set()
    for part in text.split(","):
        name = part.strip()[:3]
        if name not in WEEKDAYS:
            raise InvalidInput(
                f"unknown day {part.strip()!r}; use mon,tue,wed,thu,fri,sat,sun or all",
                field="--days",
            )
        days.add(WEEKDAYS.index(name))
    return frozenset(days)


def parse_equipment(value: str) -> frozenset[str]:
    text = value.strip().lower()
    if text in ("", "none"):
        return frozenset()
    return frozenset(part.strip() for part in text.split(",") if part.strip())


@contextmanager
def _database() -> Iterator[None]:
    """Django set up, one transaction around the block (committed when the block ends)."""
    from django.db import transaction

    _django()
    with transaction.atomic():
        yield


def _django(*, migrated: bool = True) -> None:
    """Set Django up once per process (the data directory, settings, apps), and with
    ``migrated`` make sure the database has this version's tables (``_ensure_tables``)."""
    from django.apps import apps

    if not apps.ready:
        from kneecoach.web import setup

        _local_secret()
        setup()
        if migrated:
            _ensure_tables()
    from django.utils import translation

    translation.activate("en")  # the terminal speaks English, whatever was active before


def _ensure_tables() -> None:
    """A new data directory (the default one, on first use) gets its tables at once: the
    terminal app is a personal tool and ``kneecoach migrate`` is safe to repeat. SQLite only:
    a PostgreSQL database may be a server's, so there the command stops with one line saying
    what to run. Cheap enough for every command: one query for the applied migrations, one
    folder listing per app (``kneecoach migrate`` itself loads the whole graph, ~0.1 s)."""
    from django.db import connection

    if not _unapplied_migrations():
        return
    from django.conf import settings

    where = settings.DATABASES["default"]["NAME"]
    if connection.vendor != "sqlite":
        raise KneecoachError(
            f"the database {where} is not set up for this version of kneecoach; "
            "run `kneecoach migrate` first",
            field="database",
        )
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    sys.stderr.write(f"kneecoach: database set up at {where}\n")


def _unapplied_migrations() -> bool:
    """Whether a migration file of an installed app is not recorded as applied (or there is no
    record at all: a new database)."""
    import importlib.util

    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return True
    applied = set(recorder.applied_migrations())
    for app in apps.get_app_configs():
        module, _ = MigrationLoader.migrations_module(app.label)
        spec = importlib.util.find_spec(module) if module else None
        for folder in (spec.submodule_search_locations or []) if spec else []:
            for path in Path(folder).glob("[0-9]*.py"):
                if (app.label, path.stem) not in applied:
                    return True
    return False


def _local_secret() -> None:
    """A throwaway Django secret for this process unless one is configured.

    The CLI serves no HTTP and signs nothing that outlives the process (password hashes do not
    use the secret), so a random per-process key is safe, and a person using only the terminal
    need not invent one. The web server still refuses to start without a real secret.
    """
    if not os.environ.get("KNEECOACH_SECRET_KEY"):
        import secrets

        os.environ["KNEECOACH_SECRET_KEY"] = secrets.token_urlsafe(48)


def _in_transaction[R](work: Callable[[], R]) -> R:
    with _database():
        return work()


def _services() -> Any:
    _django()
    from kneecoach.web.coach import services

    return services


def _interactive() -> bool:
    return sys.stdin.isatty() and os.environ.get("KNEECOACH_NO_PROMPT") != "1"


def _need[T](value: T | None, option: str, ask: Callable[[], T]) -> T:
    """The option's value; without it, ask on a terminal, or refuse when there is none."""
    if value is not None:
        return value
    if not _interactive():
        raise InvalidInput("is required (no terminal to ask on)", field=option)
    return ask()


# --- init -----------------------------------------------------------------------------------------


@app.command()
def init(
    user: Annotated[
        str | None,
        typer.Option(
            "--user",
            "-u",
            envvar="KNEECOACH_USER",
            help="User name for the new profile (default: your login name).",
        ),
    ] = None,
    trained: Annotated[
        bool | None,
        typer.Option(
            "--trained/--untrained", help="Used to regular strength training? (sets the rhythm)"
        ),
    ] = None,
    equipment: Annotated[
        str | None,
        typer.Option(help="Equipment at hand, comma-separated slugs, or 'none'."),
    ] = None,
    painful_side: Annotated[
        str | None, typer.Option(help="Which knee hurts: left, right or both.")
    ] = None,
    start: Annotated[
        str | None, typer.Option(help="First day, YYYY-MM-DD (default: today).")
    ] = None,
    days: Annotated[
        str | None, typer.Option(help="Days you can train: mon,wed,fri or 'all'.")
    ] = None,
    baseline_pain: Annotated[
        int | None, typer.Option(help="Your usual knee pain on most days, 0-10.")
    ] = None,
    language: Annotated[str, typer.Option(help="en or nb.")] = "en",
    no_red_flags: Annotated[
        bool,
        typer.Option(
            "--no-red-flags",
            help="Answer 'no' to every red-flag question (you have read them: "
            "`kneecoach questions`). Answers given with --red-flag still count.",
        ),
    ] = False,
    red_flag: Annotated[
        list[str] | None,
        typer.Option(
            "--red-flag",
            metavar="ID",
            help="A red-flag question id you answer 'yes' to (repeatable).",
        ),
    ] = None,
    date: DateOption = None,
) -> None:
    """Set up your profile: red-flag screening first, then your training details."""
    today = parse_date(date)
    console = _console()
    from kneecoach.programme.screening import QUESTIONS

    asked = not (no_red_flags or red_flag)
    answers = _screening_answers(QUESTIONS, no_red_flags, red_flag or [], console)
    if asked:
        _stop_if_screening_blocks(answers, console)
    username = user or _login_name()
    profile = _profile_input(
        trained, equipment, painful_side, start, days, baseline_pain, language, today, console
    )

    def work() -> services.OnboardResult:
        svc = _services()
        account = svc.ensure_user(username)
        result: services.OnboardResult = svc.onboard(account, profile, answers, today)
        return result

    result = _in_transaction(work)
    _print_screening(console, result.screening)
    if result.screening.locked:
        raise typer.Exit(BLOCKED)
    console.print(f"saved: profile for {username}, starting {result.profile.start_date}.")
    console.print("Next: [bold]kneecoach today[/bold] shows your first session.")


def _stop_if_screening_blocks(answers: dict[str, str], console: Console) -> None:
    """After the questions on a terminal: a blocking answer ends onboarding at once, with the
    reason and the advice, before any training question (as the web wizard does). Nothing is
    saved then; scripted ``--red-flag`` runs save the locked profile instead (see docs/cli.md)."""
    from kneecoach.programme.screening import screen_red_flags

    result = screen_red_flags(answers)
    if not result.locked:
        return
    console.print(f"\n[red][bold]Screening: {result.level}.[/bold][/red]")
    _print_bullets(console, [str(reason) for reason in result.reasons])
    console.print(f"[red]{result.advice}[/red]")
    console.print("Nothing was saved. Self-management is not safe until a clinician has seen you.")
    raise typer.Exit(BLOCKED)


def _login_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "me"


def _screening_answers(
    questions: Sequence[Any], no_red_flags: bool, yes_ids: Sequence[str], console: Console
) -> dict[str, str]:
    known = {q.id for q in questions}
    for question_id in yes_ids:
        if question_id.upper() not in known:
            raise InvalidInput(
                f"unknown question {question_id!r}; known: {', '.join(sorted(known))}",
                field="--red-flag",
            )
    yes = {q.upper() for q in yes_ids}
    if no_red_flags or yes:
        return {q.id: "yes" if q.id in yes else "no" for q in questions}
    if not _interactive():
        raise InvalidInput(
            "answer the red-flag questions: run on a terminal, or pass --no-red-flags "
            "(after reading `kneecoach questions`) and --red-flag ID for any yes",
            field="--no-red-flags",
        )
    from rich.prompt import Prompt

    console.print(
        "[bold]First, some safety questions.[/bold] They check for knee problems that need a "
        "clinician rather than exercise. Answer y (yes), n (no) or ? (not sure)."
    )
    from kneecoach.programme.screening import RECENT_SURGERY

    answers: dict[str, str] = {}
    for index, question in enumerate(questions, 1):
        if question.id == "S5C" and answers.get("S5") not in RECENT_SURGERY:
            continue  # asked only after an operation in the last 6 months
        console.print(f"\n[bold]{index}/{len(questions)}[/bold] {question.en}")
        # No default: a safety answer must be typed, never taken from a stray Enter.
        if question.choices == ("yes", "no", "not_sure"):
            reply = Prompt.ask("  answer", choices=["y", "n", "?"], console=console)
            answers[question.id] = {"y": "yes", "n": "no", "?": "not_sure"}[reply]
            continue
        for number, choice in enumerate(question.choices, 1):
            console.print(f"  {number}. {question.choice_label(choice)}")
        numbers = [str(n) for n in range(1, len(question.choices) + 1)]
        reply = Prompt.ask("  answer", choices=numbers, console=console)
        answers[question.id] = question.choices[int(reply) - 1]
    return answers


def _profile_input(
    trained: bool | None,
    equipment: str | None,
    painful_side: str | None,
    start: str | None,
    days: str | None,
    baseline_pain: int | None,
    language: str,
    today: dt.date,
    console: Console,
) -> services.ProfileInput:
    from rich.prompt import Confirm, Prompt

    from kneecoach.catalog.loader import default_catalog

    ProfileInput = _services().ProfileInput

    catalog = default_catalog()
    known_equipment = ", ".join(item.slug for item in catalog.equipment)
    trained_value = _need(
        trained,
        "--trained/--untrained",
        lambda: Confirm.ask(
            "\nDo you already do strength training regularly (2+ times a week)?",
            default=False,
            console=console,
        ),
    )
    equipment_text = _need(
        equipment,
        "--equipment",
        lambda: _ask_until_valid(
            console,
            lambda: Prompt.ask(
                f"Equipment at hand, comma-separated ({known_equipment}) or none",
                default="none",
                console=console,
            ),
            lambda text: _check_equipment(text, {item.slug for item in catalog.equipment}),
        ),
    )
    side = _need(
        painful_side,
        "--painful-side",
        lambda: Prompt.ask(
            "Which knee hurts?", choices=["left", "right", "both"], default="both", console=console
        ),
    )
    start_text = start if start is not None else today.isoformat()
    days_text = _need(
        days,
        "--days",
        lambda: _ask_until_valid(
            console,
            lambda: Prompt.ask(
                "Which days can you train? (e.g. mon,wed,fri or all)",
                default="all",
                console=console,
            ),
            parse_weekdays,
        ),
    )
    baseline = baseline_pain
    if baseline is None and _interactive():
        baseline = _ask_int(
            console, "Your usual knee pain on most days, 0 (none) to 10 (worst)", 0, 10, default=2
        )
    profile: services.ProfileInput = ProfileInput(
        trained=trained_value,
        start_date=parse_date(start_text, "--start"),
        painful_side=side.strip().lower(),
        equipment=parse_equipment(equipment_text),
        weekdays=parse_weekdays(days_text),
        baseline_pain=baseline,
        language=language,
    )
    return profile


def _ask_until_valid[T](console: Console, ask: Callable[[], str], check: Callable[[str], T]) -> str:
    """Ask again, saying what was wrong, until ``check`` accepts the answer (an InvalidInput
    at the end of a long onboarding would throw away every answer before it)."""
    while True:
        text = ask()
        try:
            check(text)
        except InvalidInput as error:
            console.print(f"  [red]{error.message}[/red]")
            continue
        return text


def _check_equipment(text: str, known: set[str]) -> frozenset[str]:
    chosen = parse_equipment(text)
    unknown = sorted(chosen - known)
    if unknown:
        raise InvalidInput(
            f"unknown equipment {', '.join(unknown)}; use the names listed, or none",
            field="--equipment",
        )
    return chosen


def _ask_int(console: Console, prompt: str, low: int, high: int, default: int | None = None) -> int:
    """A whole number from ``low`` to ``high``, asked again until it is one."""
    from rich.prompt import IntPrompt

    while True:
        if default is None:
            value = IntPrompt.ask(prompt, console=console)
        else:
            value = IntPrompt.ask(prompt, default=default, console=console)
        if low <= value <= high:
            return value
        console.print(f"  [red]give a whole number from {low} to {high}[/red]")


def _print_bullets(console: Console, lines: Sequence[str], indent: int = 2) -> None:
    """``- text`` lines whose wrapped continuation lines stay indented under the text."""
    if not lines:
        return
    from rich.table import Table

    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(width=indent + 1, no_wrap=True)
    grid.add_column()
    for line in lines:
        grid.add_row(" " * indent + "-", line)
    console.print(grid)


def _print_screening(console: Console, screening: services.ScreeningOutcome) -> None:
    if screening.level == "clear":
        console.print("[green]Screening: no red flags.[/green]")
        return
    colour = "red" if screening.locked else "yellow"
    console.print(f"[{colour}][bold]Screening: {screening.level}.[/bold][/{colour}]")
    _print_bullets(console, screening.reasons)
    console.print(f"[{colour}]{screening.advice}[/{colour}]")


@app.command()
def questions(language: Annotated[str, typer.Option(help="en or nb.")] = "en") -> None:
    """List the red-flag screening questions with their ids."""
    from kneecoach.programme.screening import QUESTIONS

    console = _console()
    for q in QUESTIONS:
        kind = q.level if q.kind == "flag" else "context"
        console.print(f"[bold]{q.id}[/bold] ({kind}) {q.nb if language == 'nb' else q.en}")
        if q.choices != ("yes", "no", "not_sure"):
            labels = ", ".join(f"{c} = {q.choice_label(c, language)}" for c in q.choices)
            console.print(f"    answers: {labels}")


# --- today ----------------------------------------------------------------------------------------


@app.command()
def today(user: UserOption = None, date: DateOption = None) -> None:
    """Today's session: exercises, doses, sides, rests and cues (or why it is a rest day)."""
    day = parse_date(date)
    view = _in_transaction(
        lambda: _services().today(_services().resolve_user(user), day, today_=clock_today())
    )
    _print_today(_console(), view)
    _print_clinic_changes(_console(), user)


def _print_clinic_changes(console: Console, user: str | None) -> None:
    """What the person's clinicians changed or said, with author and date (the clinic app)."""
    from kneecoach.web.clinic import services as clinic

    changes = _in_transaction(lambda: clinic.my_changes(_services().resolve_user(user)))
    if not changes:
        return
    console.print("[bold]From your clinic[/bold]")
    for change in changes:
        what = f"{change.exercise_name} set to {change.dose} from {change.starts_on}"
        text = f" ({change.text})" if change.kind == "dose" and change.text else ""
        line = f"{what}{text}" if change.kind == "dose" else change.text
        console.print(f"  {change.created_at:%Y-%m-%d} {change.author}: {line}", highlight=False)


def _sets_logged(item: services.SessionItem) -> str:
    if not item.logged:
        return "-"
    planned = item.dose.sets * max(1, len(item.sides))
    return f"{len(item.logged)} of {planned}"


def _print_today(console: Console, view: services.TodayView) -> None:
    from rich import box
    from rich.table import Table

    title = f"{view.day:%A %d %B %Y}: {view.kind}"
    if view.focus:
        title += f" ({view.focus} focus)"
    console.print(f"[bold]{title}[/bold]")
    if view.checkin_due:
        console.print("[yellow]Morning check-in due: kneecoach checkin --pain N (0-10).[/yellow]")
    for line in view.advice:
        console.print(f"[cyan]{line}[/cyan]")
    if view.items:
        # Fits 80 columns: the slug (what `log --exercise` takes) leads, the name wraps under it.
        table = Table(box=box.HORIZONTALS, show_lines=True, pad_edge=False)
        table.add_column("exercise", ratio=1)
        table.add_column("dose", no_wrap=True)
        table.add_column("sides", no_wrap=True)
        table.add_column("rest", no_wrap=True, justify="right")
        table.add_column("logged", no_wrap=True)
        for item in view.items:
            lines = [f"[bold]{item.exercise}[/bold]", item.name]
            if item.performed_as != item.exercise:
                lines.append(f"do it as: {item.performed_as_name}")
            if item.missing_equipment:
                lines.append(f"[yellow]needs: {', '.join(item.missing_equipment)}[/yellow]")
            table.add_row(
                "\n".join(lines),
                item.dose.text.replace(" each side", "\neach side"),
                " then ".join(item.sides) or "both legs",
                f"{item.rest_seconds} s",
                _sets_logged(item),
            )
        console.print(table)
        cues = [f"{item.performed_as_name}: {item.cues[0]}" for item in view.items if item.cues]
        if cues:
            console.print("[bold]Key cues[/bold]")
            _print_bullets(console, cues)
        console.print("Log it: [bold]kneecoach log[/bold] (guided) or kneecoach log --help.")
    elif view.next_training_day:
        console.print(f"Next training day: {view.next_training_day:%A %d %B}.")
    for decision in view.decisions:
        what = decision.exercise or "programme"
        console.print(f"[bold]{decision.kind}[/bold] {what}: {'; '.join(decision.reasons)}")


# --- log ------------------------------------------------------------------------------------------


@app.command()
def log(
    user: UserOption = None,
    date: DateOption = None,
    exercise: Annotated[
        str | None, typer.Option("--exercise", "-e", help="Exercise slug (non-interactive).")
    ] = None,
    set_number: Annotated[int, typer.Option("--set", help="Set number, from 1.")] = 1,
    side: Annotated[str | None, typer.Option(help="left or right (for one-leg exercises).")] = None,
    reps: Annotated[int | None, typer.Option(help="Reps done.")] = None,
    seconds: Annotated[int | None, typer.Option(help="Seconds done (timed exercises).")] = None,
    load: Annotated[str | None, typer.Option(help="Band colour or weight, free text.")] = None,
    pain: Annotated[int | None, typer.Option(help="Knee pain during the set, 0-10.")] = None,
    effort: Annotated[int | None, typer.Option(help="How hard the set felt, 0-10.")] = None,
    note: Annotated[str, typer.Option(help="A note on the set.")] = "",
    pain_after: Annotated[
        int | None, typer.Option(help="Knee pain about an hour after the session, 0-10.")
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
) -> None:
    """Log a session: guided on a terminal, or one set / pain after with options.

    \b
    Examples:
      kneecoach log                                  (guided, set by set)
      kneecoach log --exercise clamshell --set 1 --side left --reps 12 --pain 3
      kneecoach log --exercise clamshell --set 1 --side left --reps 10 --pain 3 --replace
      kneecoach log --exercise clamshell --set 1 --side left --delete
      kneecoach log --pain-after 2
    """
    day = parse_date(date)
    real_today = _not_in_future(day)
    console = _console()
    if delete:
        if exercise is None:
            raise InvalidInput("name the exercise of the set to delete", field="--exercise")
        _delete_one_set(console, user, day, real_today, exercise, set_number, side)
        return
    if exercise is not None:
        if pain is None:
            raise InvalidInput("give the pain during the set, 0-10", field="--pain")
        _log_one_set(
            console, user, day, real_today,
            exercise=exercise, set_number=set_number, side=side, reps=reps, seconds=seconds,
            load=load, pain=pain, effort=effort, note=note, replace=replace,
        )  # fmt: skip
    elif pain_after is None:
        if not _interactive():
            raise InvalidInput(
                "name the exercise to log a set (or run on a terminal for a guided session)",
                field="--exercise",
            )
        _guided_session(console, user, day, real_today, timers)
    if pain_after is not None:
        _in_transaction(
            lambda: _services().record_pain_after(
                _services().resolve_user(user), day, pain_after, today_=real_today
            )
        )
        console.print(f"saved: pain after the session on {day}: {pain_after}/10.")


def _log_one_set(
    console: Console,
    user: str | None,
    day: dt.date,
    real_today: dt.date,
    *,
    replace: bool,
    **fields: Any,
) -> None:
    SetInput = _services().SetInput

    data = SetInput(**fields)

    def work() -> services.SetView:
        svc = _services()
        saved: services.SetView = svc.log_set(
            svc.resolve_user(user), day, data, today_=real_today, replace=replace
        )
        return saved

    saved = _in_transaction(work)
    console.print(f"{_saved_set_text(saved)} ({day}).")
    _print_pain_advice(console, saved)


def _delete_one_set(
    console: Console,
    user: str | None,
    day: dt.date,
    real_today: dt.date,
    exercise: str,
    set_number: int,
    side: str | None,
) -> None:
    def work() -> tuple[services.SetView, ...]:
        svc = _services()
        left: tuple[services.SetView, ...] = svc.delete_set(
            svc.resolve_user(user), day, exercise, set_number, side, today_=real_today
        )
        return left

    left = _in_transaction(work)
    side_text = f" {side}" if side else ""
    where = f"{exercise} set {set_number}{side_text}"
    console.print(f"deleted: {where} ({day}); {len(left)} set(s) left that day.")


def _guided_session(
    console: Console, user: str | None, day: dt.date, real_today: dt.date, timers: bool
) -> None:
    view = _in_transaction(
        lambda: _services().today(_services().resolve_user(user), day, today_=real_today)
    )
    if not view.items:
        _print_today(console, view)
        return
    pending = [(item, _pending_sets(item)) for item in view.items]
    todo = [(item, sets) for item, sets in pending if sets]
    if not todo:
        console.print(f"Every set of {day} is logged already.")
        return
    console.print(
        f"[bold]Guided session, {day}[/bold]: {len(todo)} exercise(s) to do. "
        "Ctrl-C stops; every set already saved stays saved."
    )
    for item, sets in pending:
        if not sets:
            console.print(f"[dim]{item.name}: logged already[/dim]")
    for index, (item, sets) in enumerate(todo):
        _introduce(console, item)
        for number, (set_number, side) in enumerate(sets):
            saved = _guided_set(console, user, day, real_today, item, set_number, side, timers)
            if saved.pain_response == "stop_session":
                console.print("`kneecoach today` shows the relief day; check in tomorrow morning.")
                return
            last = index == len(todo) - 1 and number == len(sets) - 1
            if timers and item.rest_seconds and not last:
                _countdown(console, item.rest_seconds, "rest")
    console.print("\n[green]Session done. Well done.[/green]")
    console.print("In about an hour: kneecoach log --pain-after N (0-10).")


def _pending_sets(item: services.SessionItem) -> list[tuple[int, str | None]]:
    """The (set number, side) pairs of ``item`` not logged yet, in the order to do them."""
    done = {(s.set_number, s.side) for s in item.logged}
    return [
        (set_number, side)
        for set_number in range(1, item.dose.sets + 1)
        for side in (item.sides or (None,))
        if (set_number, side) not in done
    ]


def _introduce(console: Console, item: services.SessionItem) -> None:
    console.print()
    console.rule(f"[bold]{item.name}[/bold]", align="left")
    console.print(f"Dose: {item.dose.text}" + (f", {item.dose.load}" if item.dose.load else ""))
    if item.performed_as != item.exercise:
        console.print(f"Do it as: {item.performed_as_name}")
    _print_bullets(console, item.cues[:3])


def _guided_set(
    console: Console,
    user: str | None,
    day: dt.date,
    real_today: dt.date,
    item: services.SessionItem,
    set_number: int,
    side: str | None,
    timers: bool,
) -> services.SetView:
    """One set: (for a timed set, a countdown started with Enter), then what was done and the
    pain, asked again until saved. Returns the saved set (with what to do about its pain)."""
    from rich.prompt import Prompt

    from kneecoach.programme.values import MAX_REPS, MAX_SECONDS

    timed = item.dose.seconds is not None
    target = item.dose.seconds if timed else item.dose.reps
    label = f"set {set_number}/{item.dose.sets}" + (f", {side} leg" if side else "")
    console.print(f"\n[bold]{label}[/bold]: {target} {'s' if timed else 'reps'}")
    if timed and timers:
        Prompt.ask("  get in position, then press Enter to start", default="", show_default=False,
                   console=console)  # fmt: skip
        _countdown(console, int(target or 0), "keep going")
    while True:  # a refused set is asked again, not lost
        amount = _ask_int(
            console,
            "  seconds done" if timed else "  reps done",
            0,
            MAX_SECONDS if timed else MAX_REPS,
            default=target,
        )
        pain = _ask_pain(console, "  knee pain during the set (0-10)")
        data = _services().SetInput(
            exercise=item.exercise,
            set_number=set_number,
            side=side,
            reps=None if timed else amount,
            seconds=amount if timed else None,
            pain=pain,
            load=item.dose.load,
        )
        saved = _save_guided_set(console, user, day, real_today, data)
        if saved is not None:
            return saved


def _save_guided_set(
    console: Console, user: str | None, day: dt.date, real_today: dt.date, data: Any
) -> services.SetView | None:
    """Save one set and say what to do about its pain; on a refusal say why and return None
    (the caller asks for the set again)."""
    try:
        saved: services.SetView = _in_transaction(
            lambda: _services().log_set(
                _services().resolve_user(user), day, data, today_=real_today
            )
        )
    except KneecoachError as error:
        console.print(f"  [red]not saved: {error}; enter the set again[/red]")
        return None
    console.print(f"  [green]{_saved_set_text(saved)}[/green]")
    _print_pain_advice(console, saved)
    return saved


def _print_pain_advice(console: Console, saved: services.SetView) -> None:
    """The answer to a set's pain, the moment it is saved (the rule is the engine's)."""
    from rich.markup import escape

    style = "red" if saved.pain_response == "stop_session" else "yellow"
    for paragraph in saved.pain_advice:
        console.print(f"  [{style}]{escape(paragraph)}[/{style}]")


def _saved_set_text(saved: services.SetView) -> str:
    amount = f"{saved.reps} reps" if saved.reps is not None else f"{saved.seconds} s"
    side_text = f" {saved.side}" if saved.side else ""
    where = f"{saved.exercise} set {saved.set_number}{side_text}"
    return f"saved: {where}: {amount}, pain {saved.pain}/10"


def _ask_pain(console: Console, prompt: str) -> int:
    """Pain from 0 (none) to 10 (worst), asked again until it is one; no default."""
    from rich.prompt import IntPrompt

    while True:
        value = IntPrompt.ask(prompt, console=console)
        if 0 <= value <= 10:
            return value
        console.print("  [red]pain is a whole number from 0 (none) to 10 (worst)[/red]")


def _countdown(console: Console, seconds: int, label: str) -> None:
    """A Rich progress bar counting down; Ctrl-C skips the rest of it, not the session."""
    import time

    from rich.progress import BarColumn, Progress, TextColumn

    try:
        with Progress(
            TextColumn(f"  {label}"),
            BarColumn(bar_width=30),
            TextColumn("{task.fields[left]:>3} s left  (Ctrl-C skips)"),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task(label, total=seconds, left=seconds)
            for elapsed in range(1, seconds + 1):
                time.sleep(1)
                bar.update(task, completed=elapsed, left=seconds - elapsed)
    except KeyboardInterrupt:
        console.print("  (skipped)")


# --- check-in -------------------------------------------------------------------------------------


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
    day = parse_date(date)
    real_today = _not_in_future(day)
    console = _console()
    if pain is None:
        if not _interactive():
            raise InvalidInput("is required (no terminal to ask on)", field="--pain")
        from rich.prompt import Confirm

        pain = _ask_pain(console, "Knee pain this morning (0-10)")
        swelling = Confirm.ask("More swollen than usual?", default=False, console=console)
        stiffness = Confirm.ask("Stiffer than usual?", default=False, console=console)
    pain_value = pain
    _in_transaction(
        lambda: _services().checkin(
            _services().resolve_user(user),
            day,
            pain_value,
            swelling=swelling,
            stiffness=stiffness,
            cannot_bear_weight=cannot_bear_weight,
            replace=replace,
            today_=real_today,
        )
    )
    console.print(f"saved: check-in for {day}: pain {pain_value}/10.")
    if cannot_bear_weight:
        console.print(
            "[red]If you cannot bear weight after a fall or twist, see a clinician today.[/red]"
        )


# --- plan, progress, explain ----------------------------------------------------------------------


@app.command()
def plan(
    user: UserOption = None,
    date: DateOption = None,
    days: Annotated[int, typer.Option(help="How many days ahead (1-28).")] = 14,
    past: Annotated[int, typer.Option(help="Also show this many past days.")] = 0,
) -> None:
    """The calendar: training, rest and relief days with their doses."""
    day = parse_date(date)
    view = _in_transaction(
        lambda: _services().plan(
            _services().resolve_user(user), day, days=days, past_days=past, today_=clock_today()
        )
    )
    from rich import box
    from rich.table import Table

    console = _console()
    table = Table(
        title=f"Plan ({view.state})",
        caption=f"> marks {day:%a %d %b}",
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
        doses = "\n".join(f"{d.exercise}: {d.text}" for d in entry.items)
        marker = ">" if entry.day == day else " "
        table.add_row(
            f"{marker}{entry.day:%a %d %b}",
            f"[{styles.get(entry.kind, '')}]{entry.kind}[/]",
            entry.focus or "",
            doses,
            "yes" if entry.logged else "",
        )
    console.print(table)


SPARKS = "▁▂▃▄▅▆▇█"


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


@app.command()
def progress(user: UserOption = None, date: DateOption = None) -> None:
    """Progress: volume per exercise and side, pain trends, adherence, the weaker side."""
    day = parse_date(date)
    view = _in_transaction(
        lambda: _services().progress(_services().resolve_user(user), day, clock=clock_today())
    )
    from rich.table import Table

    console = _console()
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
    console.print(pains)
    volume = Table(title="Volume per session")
    for column in ("exercise", "side", "trend", "last", "max pain"):
        volume.add_column(column)
    for series in view.exercises:
        for index, (side, points) in enumerate(series.volume.items()):
            numbers = [p.value for p in points]
            volume.add_row(
                series.exercise if index == 0 else "",
                side,
                sparkline(numbers),
                f"{numbers[-1]:g} {series.unit}",
                f"{max(p.value for p in series.pain):g}" if series.pain else "-",
            )
    console.print(volume)
    if view.adherence is not None:
        console.print(
            f"Adherence: {view.sets_done} of {view.sets_prescribed} prescribed sets done "
            f"({view.adherence:.0%})."
        )
    if view.weaker_side:
        console.print(f"Weaker side: [bold]{view.weaker_side}[/bold]")
        _print_bullets(console, view.weaker_side_reasons)
    else:
        console.print("Weaker side: no clear difference yet.")


@app.command()
def explain(user: UserOption = None, date: DateOption = None) -> None:
    """Why today's doses are what they are: the engine's decisions and their reasons."""
    day = parse_date(date)
    view = _in_transaction(
        lambda: _services().explain(_services().resolve_user(user), day, today_=clock_today())
    )
    console = _console()
    if view.screening and view.screening.locked:
        _print_screening(console, view.screening)
        return
    console.print(f"[bold]{day}: programme state {view.state}[/bold]")
    for line in view.advice:
        console.print(f"[cyan]{line}[/cyan]")
    if view.doses:
        console.print("[bold]Current doses[/bold]")
        for dose in view.doses:
            console.print(f"  {dose.exercise}: {dose.text} (level {dose.level:+d})")
    console.print("[bold]Decisions[/bold]")
    for decision in view.decisions[-30:]:
        what = decision.exercise or "programme"
        change = ""
        if decision.before and decision.after and decision.before != decision.after:
            change = f" ({decision.before.text} -> {decision.after.text})"
        console.print(f"  {decision.day} [bold]{decision.kind}[/bold] {what}{change}")
        _print_bullets(console, decision.reasons, indent=6)
    _print_clinic_changes(console, user)


# --- export, advise -------------------------------------------------------------------------------


@app.command()
def export(
    format: Annotated[
        str, typer.Option("--format", "-f", help="json, csv, ics, pdf or fhir.")
    ] = "json",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    user: UserOption = None,
    date: DateOption = None,
) -> None:
    """Export your data: json (profile, diary, decisions), csv (the diary), ics (the plan as a
    calendar), pdf (the printable handout) or fhir (an HL7 FHIR R4 bundle)."""
    day = parse_date(date)
    formats = ("json", "csv", "ics", "pdf", "fhir")
    if format not in formats:
        raise InvalidInput(f"unknown format {format!r}; use {', '.join(formats)}", field="--format")

    def work() -> bytes:
        from kneecoach.web.sharing import services as sharing

        person = _services().resolve_user(user)
        now = dt.datetime.now(dt.UTC)
        return bytes(sharing.export(person, format, day, now, clock=clock_today()).data)

    data = _in_transaction(work)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        output.write_bytes(data)
    except OSError as error:
        raise InvalidInput(f"cannot write: {error.strerror}", field="--output") from None
    _console(stderr=True).print(f"saved: {len(data)} bytes to {output}")


@app.command()
def advise(
    source: Annotated[
        str, typer.Argument(help="JSON file with a profile and a diary, or - for stdin.")
    ] = "-",
    date: DateOption = None,
) -> None:
    """JSON in (profile + diary) -> JSON out (screening, decisions with reasons, next sessions).

    No database is used. The schema is in docs/programme.md.
    """
    from kneecoach.catalog.loader import default_catalog
    from kneecoach.programme import diary_json as io

    if source == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(source).read_text(encoding="utf-8")
        except OSError as error:
            raise InvalidInput(f"cannot read: {error.strerror}", field=source) from None

    try:
        request = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}",
            field=source if source != "-" else "stdin",
        ) from None
    if not isinstance(request, dict):
        raise InvalidInput("the input must be a JSON object", field="$")
    if date is not None or "today" not in request:
        request["today"] = parse_date(date).isoformat()
    answer = io.advise_json(request, default_catalog())
    sys.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2) + "\n")


# --- maintenance ----------------------------------------------------------------------------------


@app.command()
def migrate() -> None:
    """Create or update the database tables (safe to run again)."""
    from django.core.management import call_command

    _django(migrated=False)
    call_command("migrate", interactive=False, verbosity=0)
    from django.conf import settings

    _console().print(f"database ready: {settings.DATABASES['default']['NAME']}")


@app.command()
def worker(
    batch: Annotated[
        bool, typer.Option("--batch", help="Run the jobs waiting now, then stop.")
    ] = False,
    interval: Annotated[
        float, typer.Option(help="Seconds between looks at the queue when it is empty.")
    ] = 1.0,
) -> None:
    """Run background jobs (the camera coach's video analyses) until stopped with Ctrl-C.

    Start one per machine beside the web server (``make run`` starts one for you); several
    workers share the queue safely.
    """
    from django.core.management import call_command

    if interval <= 0:
        raise InvalidInput("must be more than 0", field="--interval")
    _django()
    from kneecoach.web.camera.services import reap_stale_checks, sweep_orphan_videos

    _in_transaction(reap_stale_checks)  # checks left running by a worker that died
    _in_transaction(sweep_orphan_videos)  # files no check names (a request that failed late)
    call_command(
        "db_worker", queue_name="*", batch=batch, interval=interval, reload=False,
        verbosity=1,
    )


@app.command()
def demo(
    date: DateOption = None,
    days: Annotated[int, typer.Option(help="Days of diary to make up (1-60).")] = 14,
    clinic: Annotated[
        bool, typer.Option(help="Also the demo clinic: 'clinician' and four patients.")
    ] = True,
) -> None:
    """Create (or recreate) the demo person 'demo' (password kneecoach-demo) with a diary, and
    the demo clinic (clinician 'clinician', password kneecoach-clinic)."""
    if not 1 <= days <= 60:
        raise InvalidInput("must be from 1 to 60", field="--days")
    day = parse_date(date)
    name = _in_transaction(lambda: _services().create_demo(day, days=days))
    _console().print(
        f"saved: demo profile '{name}' (password kneecoach-demo) with {days} days of diary."
    )
    if clinic:
        from kneecoach.web.clinic.demo import create_clinic_demo

        who = _in_transaction(lambda: create_clinic_demo(day, days=days))
        _console().print(f"saved: demo clinic, clinician '{who}' (password kneecoach-clinic).")


# --- entry point ----------------------------------------------------------------------------------


def _register_plugins() -> None:
    """The camera coach adds ``kneecoach analyse`` when its module is present; the outcome
    questionnaires add ``kneecoach questionnaire``."""
    from kneecoach.questionnaire_cli import register as register_questionnaire

    register_questionnaire(app)
    try:
        from kneecoach.motion.command import register
    except ImportError:
        return
    register(app)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns (and, as a console script, exits with) the exit status."""
    # pydantic looks for third-party plugins by scanning every installed distribution's entry
    # points (~12 ms of each start); kneecoach uses none. An explicit setting is respected.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _register_plugins()
    command = typer.main.get_command(app)
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = command.main(args=args, prog_name="kneecoach", standalone_mode=False)
    except KneecoachError as error:
        _error_line(str(error))
        return BLOCKED if isinstance(error, ScreeningBlocked) else 1
    except KeyboardInterrupt:
        return _interrupted()
    except Exception as error:
        exit_code = _click_error_exit_code(error)
        if exit_code is None:
            raise
        return exit_code
    if result == INTERRUPTED:  # Typer turns Ctrl-C inside a command into Exit(130), silently
        return _interrupted()
    return result if isinstance(result, int) else 0


def _interrupted() -> int:
    sys.stderr.write("\n")  # the terminal's cursor is still after the ^C
    _error_line("interrupted; everything reported as saved is saved")
    return INTERRUPTED


def _click_error_exit_code(error: Exception) -> int | None:
    """Typer vendors click; its usage errors and aborts are printed here on one line."""
    if type(error).__name__ == "NoArgsIsHelpError":  # plain `kneecoach` (or a bare group)
        sys.stdout.write(str(getattr(error, "message", "")) + "\n")
        return 0
    if type(error).__name__ == "Abort":  # end of input (Ctrl-D) at a prompt
        _error_line("stopped at the end of input; everything reported as saved is saved")
        return 1
    format_message = getattr(error, "format_message", None)
    exit_code = getattr(error, "exit_code", None)
    if format_message is None or not isinstance(exit_code, int):
        return None
    _error_line(" ".join(str(format_message()).split()) + " (see kneecoach --help)")
    return exit_code


def _error_line(message: str) -> None:
    sys.stderr.write(f"error: {' '.join(message.split())}\n")
    sys.stderr.flush()


def run() -> None:
    raise SystemExit(main())


if __name__ == "__main__":
    run()
