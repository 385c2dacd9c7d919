"""How the coach's notes read: whole sentences, and dates as the pages write them.

Pure helpers for the rendering of reasons (``reasons.render`` words a date with ``day_words``;
the services turn each reason into a sentence with ``sentence``), so a note reads "Pain after
the session on Friday 4 December was 6/10, above 5/10." rather than "pain after ... 2026-12-04".
The terminal writes its dates with the same helpers, so it says "Sunday 6 December" as the
pages do, never strftime's "Sunday 06 December".
"""

from __future__ import annotations

from datetime import date
from typing import Final

WEEKDAYS: Final = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "nb": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
}
MONTHS: Final = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    "nb": (
        "januar", "februar", "mars", "april", "mai", "juni",
        "juli", "august", "september", "oktober", "november", "desember",
    ),
}  # fmt: skip


def day_words(day: date, language: str = "en", *, year: bool = False) -> str:
    """A day as the pages write it: ``Friday 4 December``, in Bokmål ``fredag 4. desember``
    (Språkrådet: an ordinal dot after the day of the month); with ``year``, ``Friday 4 December
    2026`` / ``fredag 4. desember 2026`` (a heading's day may lie in another year)."""
    if language == "nb":
        words = f"{WEEKDAYS['nb'][day.weekday()]} {day.day}. {MONTHS['nb'][day.month - 1]}"
    else:
        words = f"{WEEKDAYS['en'][day.weekday()]} {day.day} {MONTHS['en'][day.month - 1]}"
    return f"{words} {day.year}" if year else words


def short_day_words(day: date, *, weekday: bool = True, year: bool = False) -> str:
    """A day in the pages' short forms (Django's ``D j M``, ``j M`` and ``j M Y``): ``Sun 6
    Dec``, ``6 Dec`` for a list of dates weeks apart, with ``year`` ``6 Dec 2026`` (the clinic's
    list dates what was said so, as it may lie in another year). English only: the terminal's
    one language (its ``--language`` options choose the questions' words, not its own)."""
    day_month = f"{day.day} {MONTHS['en'][day.month - 1][:3]}"
    if year:
        day_month = f"{day_month} {day.year}"
    return f"{WEEKDAYS['en'][day.weekday()][:3]} {day_month}" if weekday else day_month


def sentence(text: str) -> str:
    """One reason as one sentence: a capital first letter and a closing full stop."""
    words = text.strip()
    if not words:
        return words
    words = words[0].upper() + words[1:]
    return words if words[-1] in ".!?" else words + "."


def sentences(texts: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Each reason as a sentence, each said once (in the order first given)."""
    return tuple(dict.fromkeys(sentence(text) for text in texts if text.strip()))


def paragraph(texts: tuple[str, ...] | list[str]) -> str:
    """Reasons on one line as sentences, one after another ("... (stop at 8). Loaded ..."): a
    separator after a full stop read ".;"."""
    return " ".join(sentences(texts))
