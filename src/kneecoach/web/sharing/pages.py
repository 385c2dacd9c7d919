"""The sharing pages' view-models: what ``sharing/calendar.html`` (Settings › Calendar) renders,
built from the feed's state (``usecases.feed``). The JSON twin (``GET /api/calendar-feed``)
answers the same address as ``url``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kneecoach.web.sharing.schemas import FeedView


@dataclass(frozen=True, slots=True)
class CalendarPage:
    """The feed, its address to copy (``url``) and the same address as a ``webcal://`` link,
    which opens the subscription in the phone's calendar app; both None without a live feed."""

    feed: FeedView
    url: str | None
    webcal: str | None


def calendar_page(feed: FeedView, absolute: Callable[[str], str]) -> CalendarPage:
    """``absolute``: the request's ``build_absolute_uri`` (the address is this server's)."""
    url = absolute(feed.path) if feed.path else None
    webcal = "webcal://" + url.split("://", 1)[1] if url else None
    return CalendarPage(feed=feed, url=url, webcal=webcal)
