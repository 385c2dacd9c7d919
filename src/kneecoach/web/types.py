"""Input types shared by every channel's schemas: ``Text``, the free text a database can store.

Low in the web layer (pydantic only) so that the API's routers, the use cases
(``clinic.services``) and the API module itself import it without importing each other.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator


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
