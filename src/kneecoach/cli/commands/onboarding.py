"""``kneecoach init``: the red-flag screening first, then the training details, then the profile
saved by ``coach.services.onboard`` (the same use case as the web's onboarding wizard); and
``kneecoach screen``: the red-flag questions answered again, asked as ``init`` asks them, saved by
``coach.services.rescreen`` (the same use case as the web's Settings page and ``POST
/api/screening``)."""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Sequence
from typing import Annotated

import typer
from rich.console import Console
from rich.prompt import Confirm, Prompt

from kneecoach.catalog.loader import default_catalog
from kneecoach.cli import parsing, prompts, render, startup
from kneecoach.cli.options import BLOCKED, DateOption, UserOption, command_group
from kneecoach.errors import InvalidInput
from kneecoach.programme import limits
from kneecoach.programme.wording import day_words, short_day_words
from kneecoach.web.coach import services as coach
from kneecoach.web.coach.services import ProfileInput

app = command_group()

NoRedFlagsOption = Annotated[
    bool,
    typer.Option(
        "--no-red-flags",
        help="Answer 'no' to every red-flag question (you have read them: "
        "`kneecoach questions`). Answers given with --red-flag still count.",
    ),
]
RedFlagOption = Annotated[
    list[str] | None,
    typer.Option(
        "--red-flag",
        metavar="ID",
        help="A red-flag question id you answer 'yes' to (repeatable).",
    ),
]


@app.command()
def init(
    user: Annotated[
        str | None,
        typer.Option(
            "--user",
            "-u",
            envvar="KNEECOACH_USER",
            metavar="NAME",
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
        typer.Option(metavar="SLUGS", help="Equipment at hand, comma-separated slugs, or 'none'."),
    ] = None,
    painful_side: Annotated[
        str | None, typer.Option(metavar="SIDE", help="Which knee hurts: left, right or both.")
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(metavar="YYYY-MM-DD", help="First day, YYYY-MM-DD (default: today)."),
    ] = None,
    days: Annotated[
        str | None, typer.Option(metavar="DAYS", help="Days you can train: mon,wed,fri or 'all'.")
    ] = None,
    baseline_pain: Annotated[
        int | None, typer.Option(metavar="0-10", help="Your usual knee pain on most days, 0-10.")
    ] = None,
    language: Annotated[str, typer.Option(metavar="en|nb", help="en or nb.")] = "en",
    no_red_flags: NoRedFlagsOption = False,
    red_flag: RedFlagOption = None,
    date: DateOption = None,
) -> None:
    """Set up your profile: red-flag screening first, then your training details."""
    today = parsing.parse_date(date)
    out = render.console()
    asked = not (no_red_flags or red_flag)
    answers = _screening_answers(no_red_flags, red_flag or [], out)
    if asked:
        _stop_if_screening_blocks(answers, today, out)
    username = user or _login_name()
    startup.ensure_database()  # before the training questions: a database to set up says so
    profile = _profile_input(
        trained, equipment, painful_side, start, days, baseline_pain, language, today, out
    )
    result = startup.in_transaction(
        lambda: coach.onboard(coach.ensure_user(username), profile, answers, today)
    )
    render.screening(out, result.screening)
    if result.screening.locked:
        raise typer.Exit(BLOCKED)
    start_day = result.profile.start_date  # may lie ahead, in another year: written in full
    out.print(f"saved: profile for {username}, starting {day_words(start_day, year=True)}.")
    out.print("Next: [bold]kneecoach today[/bold] shows your first session.")


@app.command()
def screen(
    user: UserOption = None,
    no_red_flags: NoRedFlagsOption = False,
    red_flag: RedFlagOption = None,
) -> None:
    """Answer the red-flag safety questions again: weekly, and the day after a stopped session."""
    # Today's answers, as the web's page and the API take them: no --date, since the use case
    # dates the answers and rebuilds the plan on the one day it is given.
    day = parsing.clock_today()
    out = render.console()
    # The profile first: 22 questions answered for nobody would be thrown away.
    person = startup.in_transaction(lambda: _onboarded(user))
    answers = _screening_answers(no_red_flags, red_flag or [], out, again=True)
    outcome = startup.in_transaction(lambda: coach.rescreen(person, answers, day))
    render.screening(out, outcome)
    out.print(f"saved: your answers to the safety questions on {short_day_words(day)}.")
    if outcome.locked:  # as the first screening's lock (init): every command now exits 3
        raise typer.Exit(BLOCKED)
    out.print("Next: [bold]kneecoach today[/bold] shows the day's session.")


def _onboarded(username: str | None) -> coach.User:
    """The person whose questions these are; ``NotFound`` (naming ``user``) before
    onboarding, as the web's page sends such a person to the onboarding wizard."""
    person = coach.resolve_user(username)
    coach.get_profile(person)
    return person


def _screening_answers(
    no_red_flags: bool, yes_ids: Sequence[str], out: Console, *, again: bool = False
) -> dict[str, str]:
    """The answers from ``--no-red-flags`` / ``--red-flag``, or asked on a terminal (``again``:
    by ``screen``, which says so where ``init`` says they come first)."""
    questions = coach.screening_questions("en")
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
    if not prompts.interactive():
        raise InvalidInput(
            "answer the red-flag questions: run on a terminal, or pass --no-red-flags "
            "(after reading `kneecoach questions`) and --red-flag ID for any yes",
            field="--no-red-flags",
        )
    return prompts.screening_answers(out, questions, again=again)


def _stop_if_screening_blocks(answers: dict[str, str], today: dt.date, out: Console) -> None:
    """After the questions on a terminal: a blocking answer ends onboarding at once, with the
    reason and the advice, before any training question (as the web wizard does). Nothing is
    saved then; scripted ``--red-flag`` runs save the locked profile instead (see docs/cli.md)."""
    verdict = coach.screening_verdict(answers, today)
    if not verdict.locked:
        return
    out.print(f"\n[red][bold]Screening: {verdict.level}.[/bold][/red]")
    render.bullets(out, verdict.reasons)
    out.print(f"[red]{verdict.advice}[/red]")
    out.print("Nothing was saved. Self-management is not safe until a clinician has seen you.")
    raise typer.Exit(BLOCKED)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "me"


def _profile_input(
    trained: bool | None,
    equipment: str | None,
    painful_side: str | None,
    start: str | None,
    days: str | None,
    baseline_pain: int | None,
    language: str,
    today: dt.date,
    out: Console,
) -> ProfileInput:
    """The training details from the options, the missing ones asked on a terminal."""
    catalog = default_catalog()
    known = {item.slug for item in catalog.equipment}
    known_equipment = ", ".join(item.slug for item in catalog.equipment)
    trained_value = prompts.need(
        trained,
        "--trained/--untrained",
        lambda: Confirm.ask(
            "\nDo you already do strength training regularly (2+ times a week)?",
            default=False,
            console=out,
        ),
    )
    equipment_text = prompts.need(
        equipment,
        "--equipment",
        lambda: prompts.ask_until_valid(
            out,
            lambda: Prompt.ask(
                f"Equipment at hand, comma-separated ({known_equipment}) or none",
                default="none",
                console=out,
            ),
            lambda text: parsing.check_equipment(text, known),
        ),
    )
    side = prompts.need(
        painful_side,
        "--painful-side",
        lambda: Prompt.ask(
            "Which knee hurts?", choices=["left", "right", "both"], default="both", console=out
        ),
    )
    start_text = start if start is not None else today.isoformat()
    days_text = prompts.need(
        days,
        "--days",
        lambda: prompts.ask_until_valid(
            out,
            lambda: Prompt.ask(
                "Which days can you train? (e.g. mon,wed,fri or all)",
                default="all",
                console=out,
            ),
            parsing.parse_weekdays,
        ),
    )
    baseline = baseline_pain
    if baseline is None and prompts.interactive():
        baseline = prompts.ask_int(
            out,
            "Your usual knee pain on most days, 0 (none) to 10 (worst)",
            limits.PAIN_MIN,
            limits.PAIN_MAX,
            default=2,
        )
    return ProfileInput(
        trained=trained_value,
        start_date=parsing.parse_date(start_text, "--start"),
        painful_side=side.strip().lower(),
        equipment=parsing.check_equipment(equipment_text, known),
        weekdays=parsing.parse_weekdays(days_text),
        baseline_pain=baseline,
        language=language,
    )
