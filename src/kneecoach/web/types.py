"""Input types shared by every channel's schemas: ``Text``, the free text a database can store,
and the closed sets of words (sides, answers, languages, units) as checked ``Literal`` types.

Low in the web layer (pydantic only) so that the API's routers, the use cases
(``clinic.services``) and the API module itself import it without importing each other.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BeforeValidator, StrictInt, WithJsonSchema

from kneecoach.programme import limits, values


def storable_text(value: object) -> object:
    """Text a database can store: no NUL character (PostgreSQL refuses it, and no person types
    one) and no lone surrogate (``"\\ud800"`` is valid JSON but no UTF-8 text: SQLite failed
    with a 500 on it). The pages never see either: a form's text arrives as UTF-8 and Django's
    fields refuse NUL. Checked before pydantic's own ``str`` check, whose message for a lone
    surrogate ("unable to parse raw data") does not say what to fix; not text: left to it."""
    if not isinstance(value, str):
        return value
    if "\x00" in value:
        raise ValueError("text must not contain NUL characters (\\u0000)")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(
            "text contains characters that cannot be stored (a lone surrogate such as "
            "\\ud800): send valid Unicode text"
        ) from None
    return value


Text = Annotated[str, BeforeValidator(storable_text)]
"""Every free-text value an operation reads (body, query, form and path)."""


# Closed sets of words, declared as enums in the OpenAPI document. Text's check runs first, so a
# NUL or a lone surrogate gets the message that says what to fix, as in any other text field.
Checked = BeforeValidator(storable_text)
Side = Annotated[Literal["left", "right"], Checked]
SetSide = Annotated[Literal["left", "right", "both"], Checked]
"""A logged set's side: ``both`` (or nothing) for work with both legs together."""
PainfulSide = Annotated[values.PainfulSide, Checked]
Answer = Annotated[
    Text, WithJsonSchema({"type": "string", "enum": list(get_args(values.AnyAnswer))})
]
"""An answer to a red-flag question. Which question takes which answers
(``screening.Question.choices``) is the domain's check, which names the question (``E1``), as the
page does; the document lists every answer any question takes."""
Weekday = Annotated[
    StrictInt,
    WithJsonSchema(
        {"type": "integer", "minimum": limits.WEEKDAY_MIN, "maximum": limits.WEEKDAY_MAX}
    ),
]
"""Monday = 0 ... Sunday = 6; checked by the profile's model, which names ``weekdays`` (not
``weekdays[2]``), as the page and the CLI do."""
Language = Annotated[limits.Language, Checked]
Units = Annotated[limits.Units, Checked]
StopEvent = Annotated[
    Text, WithJsonSchema({"type": "string", "enum": list(get_args(values.StopEvent))})
]
"""What stopped a session (docs/evidence.md#stop-rule); checked by the stop's input model, which
names ``events`` (not ``events[1]``), as the page and the CLI do; the document lists the words."""
