"""``kneecoach questionnaire list|fill|scores``: the outcome questionnaires in the terminal.

The same use cases as the Questionnaires page and ``/api/questionnaires`` (``web.outcomes
.services``). ``register(app)`` adds the group to the main Typer app; the CLI's own edges (the
database transaction, dates, the user) are borrowed from ``kneecoach.cli`` when a command runs.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kneecoach.errors import InvalidInput

if TYPE_CHECKING:
    from kneecoach.web.outcomes.services import FormView

questionnaire_app = typer.Typer(
    help="Outcome questionnaires: KOOS, KOOS-12, pain 0-10 (NPRS), change (PGIC).",
    no_args_is_help=True,
)

USER_HELP = "Whose profile (a user name). Default: $KNEECOACH_USER, else the only profile."
UserOption = Annotated[
    str | None, typer.Option("--user", "-u", envvar="KNEECOACH_USER", help=USER_HELP)
]
DateOption = Annotated[
    str | None, typer.Option("--date", "-d", help="The day, as YYYY-MM-DD (default: today).")
]
LanguageOption = Annotated[
    str, typer.Option("--language", "-l", help="en or nb: the questions' language.")
]


def register(app: typer.Typer) -> None:
    """Add ``questionnaire`` to ``app``."""
    app.add_typer(questionnaire_app, name="questionnaire")


def _cli() -> Any:
    from kneecoach import cli

    return cli


def _outcomes() -> Any:
    _cli()._django()
    from kneecoach.web.outcomes import services

    return services


def _language(value: str) -> str:
    if value not in ("en", "nb"):
        raise InvalidInput("use en or nb", field="--language")
    return value


@questionnaire_app.command("list")
def list_forms(
    user: UserOption = None, date: DateOption = None, language: LanguageOption = "en"
) -> None:
    """The questionnaires, and which are due now for you (baseline, then every 4 weeks)."""
    cli = _cli()
    day = cli.parse_date(date)
    lang = _language(language)

    def work() -> tuple[Any, Any]:
        services = _outcomes()
        forms = services.list_questionnaires(lang)
        person = cli._services().resolve_user(user)
        return forms, services.outcomes(person, day, lang)

    forms, view = cli._in_transaction(work)
    console = cli._console()
    missing = set(view.due_now.missing) if view.due_now else set()
    for form in forms:
        due = "  [bold]due now[/bold]" if form.id in missing else ""
        count = f"{len(form.items)} question{'' if len(form.items) == 1 else 's'}"
        console.print(f"{form.id:<7} {form.title} ({count}){due}")
    if view.due_now is None:
        console.print("Nothing is due now.")


def _parse_answer(text: str) -> tuple[str, int | str | None]:
    item, sep, value = text.partition("=")
    if not sep or not item.strip():
        raise InvalidInput(f"{text!r}: write ITEM=VALUE, e.g. P1=2", field="--answer")
    raw = value.strip()
    if not raw:
        return item.strip(), None
    return item.strip(), int(raw) if raw.lstrip("-").isdigit() else raw


def _ask(form: FormView) -> dict[str, int | str | None]:
    """One question at a time on the terminal; Enter skips (the scoring guide decides what a
    skipped question does)."""
    cli = _cli()
    console = cli._console()
    console.print(f"[bold]{form.title}[/bold]\n{form.intro}")
    answers: dict[str, int | str | None] = {}
    for number, item in enumerate(form.items, start=1):
        console.print(f"\n{number}/{len(form.items)} {item.text}")
        for index, option in enumerate(item.options):
            console.print(f"  {index}  {option.label}")
        while True:
            reply = typer.prompt("Answer (Enter to skip)", default="", show_default=False)
            if not reply.strip():
                answers[item.id] = None
                break
            if reply.strip().isdigit() and int(reply) < len(item.options):
                answers[item.id] = item.options[int(reply)].value
                break
            console.print(f"  Type a number from 0 to {len(item.options) - 1}, or Enter.")
    return answers


@questionnaire_app.command("fill")
def fill(
    form: Annotated[str, typer.Argument(help="koos, koos12, nprs or pgic.")],
    answer: Annotated[
        list[str] | None,
        typer.Option(
            "--answer",
            "-a",
            help="ITEM=VALUE, repeatable (P1=2, pain=4, change=much_improved); "
            "without it, the questions are asked one by one.",
        ),
    ] = None,
    user: UserOption = None,
    date: DateOption = None,
    language: LanguageOption = "en",
) -> None:
    """Fill in a questionnaire; the scores are printed when it is saved."""
    cli = _cli()
    day = cli.parse_date(date)
    today = cli._not_in_future(day)
    lang = _language(language)
    questions = cli._in_transaction(lambda: _outcomes().questionnaire_form(form, lang))
    if answer:
        answers = dict(_parse_answer(text) for text in answer)
    elif cli._interactive():
        answers = _ask(questions)
    else:
        raise InvalidInput("give --answer ITEM=VALUE (no terminal to ask on)", field="--answer")

    def work() -> Any:
        person = cli._services().resolve_user(user)
        return _outcomes().fill(person, form, answers, day, today_=today, language=lang)

    saved = cli._in_transaction(work)
    console = cli._console()
    console.print(f"saved: {saved.title} on {saved.answered_on}")
    for score in saved.scores:
        value = "not scored (too few answers)" if score.value is None else f"{score.value:g}"
        console.print(f"  {score.name}: {value}")


@questionnaire_app.command("scores")
def scores(
    user: UserOption = None,
    date: DateOption = None,
    language: LanguageOption = "en",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (as /api/outcomes).")] = False,
) -> None:
    """Every scale over time, its change since the first answer, and whether the change reaches
    the minimal important change."""
    cli = _cli()
    day = cli.parse_date(date)
    lang = _language(language)
    view = cli._in_transaction(
        lambda: _outcomes().outcomes(cli._services().resolve_user(user), day, lang)
    )
    if as_json:
        from pydantic import TypeAdapter

        sys.stdout.write(TypeAdapter(type(view)).dump_json(view, indent=2).decode() + "\n")
        return
    console = cli._console()
    if not view.series:
        console.print("No answers yet: `kneecoach questionnaire fill koos12`.")
    for series in view.series:
        points = ", ".join(f"{p.day:%d %b} {p.value:g}" for p in series.points)
        line = f"[bold]{series.name}[/bold]: {points}"
        if series.change is not None:
            mark = (
                " (important improvement)"
                if series.important_improvement
                else " (important worsening)"
                if series.important_worsening
                else ""
            )
            mic = f", MIC {series.mic:g}" if series.mic is not None else ""
            line += f"; change {series.change:+g}{mic}{mark}"
        console.print(line)
    if view.due_now:
        console.print(f"Due now (week {view.due_now.week}): {', '.join(view.due_now.missing)}")
