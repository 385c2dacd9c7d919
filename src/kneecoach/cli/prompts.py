"""The questions the commands ask on a terminal, each asked again until its answer is usable.

Nothing is asked without a terminal (or with ``KNEECOACH_NO_PROMPT=1``): ``need`` then refuses
with the option to pass instead. Callers look ``interactive`` up on this module
(``prompts.interactive()``) so a test can stand in for a terminal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.prompt import IntPrompt, Prompt

from kneecoach.errors import InvalidInput
from kneecoach.programme.screening import RECENT_SURGERY

if TYPE_CHECKING:  # the views' types only: importing the services needs Django set up
    from kneecoach.web.coach.services import ScreeningQuestion
    from kneecoach.web.outcomes.services import FormView

YES_NO_NOT_SURE = ("yes", "no", "not_sure")


def interactive() -> bool:
    """Whether there is a terminal to ask on (and asking is not turned off)."""
    return sys.stdin.isatty() and os.environ.get("KNEECOACH_NO_PROMPT") != "1"


def need[T](value: T | None, option: str, ask: Callable[[], T]) -> T:
    """The option's value; without it, ask on a terminal, or refuse when there is none."""
    if value is not None:
        return value
    if not interactive():
        raise InvalidInput("is required (no terminal to ask on)", field=option)
    return ask()


def ask_until_valid[T](out: Console, ask: Callable[[], str], check: Callable[[str], T]) -> str:
    """Ask again, saying what was wrong, until ``check`` accepts the answer (an InvalidInput
    at the end of a long onboarding would throw away every answer before it)."""
    while True:
        text = ask()
        try:
            check(text)
        except InvalidInput as error:
            out.print(f"  [red]{error.message}[/red]")
            continue
        return text


def _whole_number(out: Console, prompt: str, error: str, default: int | None = None) -> int:
    """A whole number, asked again until it is one, with ``error`` as the message for text
    that is not one too (Rich's own says "Please enter a valid integer number"), so both
    refusals say the same."""
    asking = IntPrompt(prompt, console=out)
    asking.validate_error_message = f"  [red]{error}[/red]"
    return asking() if default is None else asking(default=default)


def ask_int(out: Console, prompt: str, low: int, high: int, default: int | None = None) -> int:
    """A whole number from ``low`` to ``high``, asked again until it is one."""
    error = f"give a whole number from {low} to {high}"
    while True:
        value = _whole_number(out, prompt, error, default)
        if low <= value <= high:
            return value
        out.print(f"  [red]{error}[/red]")


STOP_KEY = "s"
"""Typed instead of a set's amount in the guided session: "I had to stop"."""


def ask_amount_or_stop(
    out: Console, prompt: str, low: int, high: int, default: int | None = None
) -> int | None:
    """A whole number from ``low`` to ``high`` (``ask_int``), or None when the person types
    ``s``: they had to stop the session (the in-session stop rule)."""
    shown = f"{prompt} ({STOP_KEY} = I had to stop)"
    while True:
        reply = Prompt.ask(shown, default=None if default is None else str(default), console=out)
        text = (reply or "").strip().lower()
        if text == STOP_KEY:
            return None
        try:
            value = int(text)
        except ValueError:
            out.print(
                f"  [red]give a whole number from {low} to {high}, "
                f"or {STOP_KEY} if you had to stop[/red]"
            )
            continue
        if low <= value <= high:
            return value
        out.print(f"  [red]give a whole number from {low} to {high}[/red]")


def ask_stop_events(out: Console, choices: Sequence[tuple[str, str]]) -> frozenset[str] | None:
    """What made the person stop, by number (``1,4`` for more than one), asked again until
    every number is one of ``choices`` (value, words); Enter alone goes back (None)."""
    out.print("[bold]What happened?[/bold] Stop the session now if any of these did:")
    for number, (_, named) in enumerate(choices, 1):
        out.print(f"  {number}. {named}")
    while True:
        reply = Prompt.ask(
            "  numbers, commas between (Enter: back to the set)",
            default="",
            show_default=False,
            console=out,
        )
        numbers = [n for n in reply.replace(" ", ",").split(",") if n]
        if not numbers:
            return None
        if all(n.isdigit() and 1 <= int(n) <= len(choices) for n in numbers):
            return frozenset(choices[int(n) - 1][0] for n in numbers)
        out.print(f"  [red]type numbers from 1 to {len(choices)}, e.g. 1,4[/red]")


def ask_pain(out: Console, prompt: str) -> int:
    """Pain from 0 (none) to 10 (worst), asked again until it is one; no default."""
    error = "pain is a whole number from 0 (none) to 10 (worst)"
    while True:
        value = _whole_number(out, prompt, error)
        if 0 <= value <= 10:
            return value
        out.print(f"  [red]{error}[/red]")


def screening_answers(
    out: Console, questions: Sequence[ScreeningQuestion], *, again: bool = False
) -> dict[str, str]:
    """The red-flag questions one by one (``again``: answered again, ``kneecoach screen``, not
    first, ``init``). No default: a safety answer must be typed, never taken from a stray
    Enter."""
    lead = "The safety questions again." if again else "First, some safety questions."
    out.print(
        f"[bold]{lead}[/bold] They check for knee problems that need a "
        "clinician rather than exercise. Answer y (yes), n (no) or ? (not sure)."
    )
    answers: dict[str, str] = {}
    for index, question in enumerate(questions, 1):
        if question.id == "S5C" and answers.get("S5") not in RECENT_SURGERY:
            continue  # asked only after an operation in the last 6 months
        out.print(f"\n[bold]{index}/{len(questions)}[/bold] {question.text}")
        values = tuple(choice.value for choice in question.choices)
        if values == YES_NO_NOT_SURE:
            reply = Prompt.ask("  answer", choices=["y", "n", "?"], console=out)
            answers[question.id] = {"y": "yes", "n": "no", "?": "not_sure"}[reply]
            continue
        for number, choice in enumerate(question.choices, 1):
            out.print(f"  {number}. {choice.label}")
        numbers = [str(n) for n in range(1, len(values) + 1)]
        reply = Prompt.ask("  answer", choices=numbers, console=out)
        answers[question.id] = values[int(reply) - 1]
    return answers


def questionnaire_answers(out: Console, form: FormView) -> dict[str, int | str | None]:
    """One question at a time on the terminal; Enter skips (the scoring guide decides what a
    skipped question does)."""
    out.print(f"[bold]{form.title}[/bold]\n{form.intro}")
    answers: dict[str, int | str | None] = {}
    for number, item in enumerate(form.items, start=1):
        out.print(f"\n{number}/{len(form.items)} {item.text}")
        for index, option in enumerate(item.options):
            out.print(f"  {index}  {option.label}")
        while True:
            reply = typer.prompt("Answer (Enter to skip)", default="", show_default=False)
            if not reply.strip():
                answers[item.id] = None
                break
            if reply.strip().isdigit() and int(reply) < len(item.options):
                answers[item.id] = item.options[int(reply)].value
                break
            out.print(f"  Type a number from 0 to {len(item.options) - 1}, or Enter.")
    return answers
