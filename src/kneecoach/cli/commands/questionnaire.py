"""``kneecoach questionnaire list|fill|scores``: the outcome questionnaires in the terminal.

The same use cases as the Questionnaires page and ``/api/questionnaires``
(``web.outcomes.services``); the person comes from ``coach.services.resolve_user``.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from pydantic import TypeAdapter

from kneecoach.cli import parsing, prompts, render, startup
from kneecoach.cli.options import command_group
from kneecoach.errors import InvalidInput
from kneecoach.programme.wording import short_day_words
from kneecoach.web.coach import services as coach
from kneecoach.web.outcomes import services as outcomes

questionnaire_app = typer.Typer(
    help="Outcome questionnaires: KOOS, KOOS-12, pain 0-10 (NPRS), change (PGIC).",
    no_args_is_help=True,
)
app = command_group()
app.add_typer(questionnaire_app, name="questionnaire")

USER_HELP = "Whose profile (a user name). Default: $KNEECOACH_USER, else the only profile."
UserOption = Annotated[
    str | None,
    typer.Option("--user", "-u", envvar="KNEECOACH_USER", metavar="NAME", help=USER_HELP),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date", "-d", metavar="YYYY-MM-DD", help="The day, as YYYY-MM-DD (default: today)."
    ),
]
LanguageOption = Annotated[
    str,
    typer.Option("--language", "-l", metavar="en|nb", help="en or nb: the questions' language."),
]


def _language(value: str) -> str:
    if value not in ("en", "nb"):
        raise InvalidInput("use en or nb", field="--language")
    return value


@questionnaire_app.command("list")
def list_forms(
    user: UserOption = None, date: DateOption = None, language: LanguageOption = "en"
) -> None:
    """The questionnaires, and which are due now for you (baseline, then every 4 weeks)."""
    day = parsing.parse_date(date)
    lang = _language(language)

    def work() -> tuple[tuple[outcomes.FormView, ...], outcomes.OutcomesView]:
        forms = outcomes.list_questionnaires(lang)
        person = coach.resolve_user(user)
        return forms, outcomes.outcomes(person, day, lang)

    forms, view = startup.in_transaction(work)
    out = render.console()
    missing = set(view.due_now.missing) if view.due_now else set()
    for form in forms:
        due = "  [bold]due now[/bold]" if form.id in missing else ""
        count = f"{len(form.items)} question{'' if len(form.items) == 1 else 's'}"
        out.print(f"{form.id:<7} {form.title} ({count}){due}")
    if view.due_now is None:
        out.print("Nothing is due now.")


def _parse_answer(text: str) -> tuple[str, int | str | None]:
    item, sep, value = text.partition("=")
    if not sep or not item.strip():
        raise InvalidInput(f"{text!r}: write ITEM=VALUE, e.g. P1=2", field="--answer")
    raw = value.strip()
    if not raw:
        return item.strip(), None
    return item.strip(), int(raw) if raw.lstrip("-").isdigit() else raw


@questionnaire_app.command("fill")
def fill(
    form: Annotated[str, typer.Argument(help="koos, koos12, nprs or pgic.")],
    answer: Annotated[
        list[str] | None,
        typer.Option(
            "--answer",
            "-a",
            metavar="ITEM=VALUE",
            help="One answer, repeatable (P1=2, pain=4, change=much_improved); "
            "without it, the questions are asked one by one.",
        ),
    ] = None,
    user: UserOption = None,
    date: DateOption = None,
    language: LanguageOption = "en",
) -> None:
    """Fill in a questionnaire; the scores are printed when it is saved."""
    day = parsing.parse_date(date)
    today = parsing.not_in_future(day)
    lang = _language(language)
    questions = startup.in_transaction(lambda: outcomes.questionnaire_form(form, lang))
    if answer:
        answers = dict(_parse_answer(text) for text in answer)
    elif prompts.interactive():
        answers = prompts.questionnaire_answers(render.console(), questions)
    else:
        raise InvalidInput("give --answer ITEM=VALUE (no terminal to ask on)", field="--answer")
    saved = startup.in_transaction(
        lambda: outcomes.fill(
            coach.resolve_user(user), form, answers, day, today_=today, language=lang
        )
    )
    out = render.console()
    out.print(f"saved: {saved.title} on {short_day_words(saved.answered_on)}")
    for score in saved.scores:
        value = "not scored (too few answers)" if score.value is None else f"{score.value:g}"
        out.print(f"  {score.name}: {value}")


@questionnaire_app.command("scores")
def scores(
    user: UserOption = None,
    date: DateOption = None,
    language: LanguageOption = "en",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (as /api/outcomes).")] = False,
) -> None:
    """Every scale over time, its change since the first answer, and whether the change reaches
    the minimal important change."""
    day = parsing.parse_date(date)
    lang = _language(language)
    view = startup.in_transaction(lambda: outcomes.outcomes(coach.resolve_user(user), day, lang))
    if as_json:
        sys.stdout.write(TypeAdapter(type(view)).dump_json(view, indent=2).decode() + "\n")
        return
    out = render.console()
    if not view.series:
        out.print("No answers yet: `kneecoach questionnaire fill koos12`.")
    for series in view.series:
        out.print(_series_line(series))
    if view.due_now:
        out.print(f"Due now (week {view.due_now.week}): {', '.join(view.due_now.missing)}")


def _series_line(series: outcomes.ScaleSeries) -> str:
    """``KOOS pain: 2 Nov 50, 30 Nov 75; change +25, MIC 8 (important improvement)``."""
    points = ", ".join(
        f"{short_day_words(point.day, weekday=False)} {point.value:g}" for point in series.points
    )
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
    return line
