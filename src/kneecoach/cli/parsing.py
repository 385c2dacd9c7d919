"""What the command line's values mean: the clock (read here, at the edge, and passed down),
dates, weekdays and equipment lists. Each refusal is an ``InvalidInput`` naming the option."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from kneecoach.config import TIME_ZONE
from kneecoach.errors import InvalidInput
from kneecoach.programme.limits import EARLIEST_DATE, LATEST_DATE

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def clock_today() -> dt.date:
    """Today in the clinic's time zone (``config.TIME_ZONE``, which Django also makes the
    process's own once it is set up), read the same with Django or without it (``today``'s
    memo answers before any set-up): the one place the CLI reads the clock (callers look it up
    on this module, ``parsing.clock_today()``, so a test can set the clock)."""
    return dt.datetime.now(ZoneInfo(TIME_ZONE)).date()


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
    if not EARLIEST_DATE <= day <= LATEST_DATE:  # before any arithmetic on it (demo's start)
        raise InvalidInput(
            f"{text} is outside the dates kneecoach works with "
            f"({EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()})",
            field=option,
        )
    return day


def not_in_future(day: dt.date) -> dt.date:
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
    """``mat, mini-band`` -> {"mat", "mini-band"}; ``none`` or nothing -> the empty set."""
    text = value.strip().lower()
    if text in ("", "none"):
        return frozenset()
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def _spelling_key(name: str) -> str:
    """What is left of a name once case, spaces, hyphens and a plural ``s`` are dropped:
    ``Mini band``, ``mini-band``, ``miniband`` and ``mini bands`` share ``miniband``."""
    key = re.sub(r"[^a-z0-9]", "", name.lower())
    return key.removesuffix("s") if len(key) > 3 else key


def check_equipment(text: str, known: set[str]) -> frozenset[str]:
    """``parse_equipment``, each name read as the slug in ``known`` (the catalogue's
    equipment) it spells, however spaced or cased; refuses a name that spells none."""
    by_key = {_spelling_key(slug): slug for slug in known}
    chosen = parse_equipment(text)
    unknown = sorted(name for name in chosen if _spelling_key(name) not in by_key)
    if unknown:
        raise InvalidInput(
            f"unknown equipment {', '.join(unknown)}; use the names listed, or none",
            field="--equipment",
        )
    return frozenset(by_key[_spelling_key(name)] for name in chosen)
