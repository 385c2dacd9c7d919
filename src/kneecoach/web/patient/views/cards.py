"""The Today page's exercise cards: each card's set form and logged sets, rendered to HTML and
reused from the cache while everything a card shows is unchanged."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from kneecoach.web.coach import services as coach
from kneecoach.web.patient import pages
from kneecoach.web.patient.forms import (
    SetForm,
    plain_set_fields,
    set_field_messages,
)
from kneecoach.web.requests import active_language as _language

# The csrf_token a cached card is rendered with; each request puts its own token in its place.
CSRF_SLOT = "kneecoach-csrf-token-slot"


def render_cards(request: HttpRequest, page: pages.TodayPage, cards: list[dict[str, Any]]) -> None:
    """Each card's HTML, reused from the cache when everything it shows is unchanged.

    The cards are most of the Today page's rendering time, and most requests show the same
    cards as the last one (a set logged changes one card). The cache key is the whole context
    a card is rendered from (the session item with its dose and logged sets, from which the set
    form's values follow; the video checks, the day, the language), so nothing has to be
    invalidated; a card showing a refused form is never cached. The CSRF token is the one
    per-request value: the card is rendered with a placeholder and the request's token goes in
    afterwards.
    """
    shared = {
        "day": page.day,
        "camera": page.camera,
        "log_set_url": reverse("log_set", args=[page.day]),
        "log_set_api": reverse("api:log_set", args=[page.day]),
        "delete_set_url": reverse("delete_set", args=[page.day]),
        "pain_choices": tuple(range(11)),
        "timer_words": _timer_words(),
        "field_messages": json.dumps(set_field_messages()),
        "language": _language(),
    }
    token = get_token(request)
    for card in cards:
        html = _card_html(card, shared)
        card["html"] = mark_safe(html.replace(CSRF_SLOT, token))  # noqa: S308 - our template


def _card_html(card: dict[str, Any], shared: dict[str, Any]) -> str:
    refused = card.pop("refused")
    if refused is not None:
        return _render_card(card, shared, refused)
    # The figure is keyed by its exercise and language (both in the key), not its 20 kB text.
    described = repr(sorted({**shared, **card, "svg": None}.items()))
    key = "today-card:" + hashlib.sha256(described.encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = _render_card(card, shared, None)
        cache.set(key, html, timeout=3600)
    return str(html)


def _render_card(card: dict[str, Any], shared: dict[str, Any], refused: SetForm | None) -> str:
    card.update(_set_card(card["item"], refused))
    context = {**shared, "card": card, "item": card["item"], "csrf_token": CSRF_SLOT}
    return render_to_string("patient/_exercise_card.html", context)


def _set_card(item: coach.SessionItem, refused: SetForm | None) -> dict[str, Any]:
    """A card's set form as plain fields: the refused form (posted values and errors) when it
    was this card's, else the next set's initial values."""
    number, side = pages.next_set(item)
    unit = "seconds" if item.dose.seconds is not None else "reps"
    row = ["set_number", *(["side"] if item.sides else []), unit]
    auto_id = f"id_{item.exercise}_%s"
    values: Any = refused.data if refused is not None else pages.set_initial(item)
    errors: Any = refused.errors if refused is not None else {}
    return {
        "unit": unit,
        "hidden": plain_set_fields(["exercise"], values, errors, auto_id)[0],
        # The first ``row_size`` share a row; then the pain buttons, the load and the note.
        "fields": plain_set_fields([*row, "pain", "load", "note"], values, errors, auto_id),
        "row_size": len(row),
        "seconds_id": auto_id % "seconds",
        "top_errors": _errors_not_beside_a_field(errors, item),
        "conflict": getattr(refused, "conflict", False),
        "next_number": number,
        "next_side": side,
        "next_side_word": {"left": _("left"), "right": _("right")}.get(side or "", ""),
        "done": pages.sets_done(item) >= pages.sets_to_do(item),
    }


def logged_rows(
    page: pages.TodayPage,
    item: coach.SessionItem,
    checks: Mapping[tuple[str, int, str | None], pages.VideoCheckBrief],
) -> list[dict[str, Any]]:
    """Each logged set with its newest camera check and where to attach a video of it."""
    rows = []
    for logged in item.logged:
        key = (item.exercise, logged.set_number, logged.side)
        attach = reverse(
            "attach_video",
            args=[page.day, item.exercise, logged.set_number, logged.side or "both"],
        )
        check = checks.get(key)
        check_url = reverse("video_check", args=[check.id]) if check else None
        rows.append(
            set_row(logged, timed=item.dose.seconds is not None)
            | {"check": check, "check_url": check_url, "attach_url": attach}
        )
    return rows


def set_row(logged: coach.SetView, *, timed: bool) -> dict[str, Any]:
    """A logged set as a table row and its "Change" and "Delete" forms take it
    (``_set_actions.html``): the set, its form key, and its amount in the exercise's unit."""
    return {
        "set": logged,
        "key": f"{logged.set_number}-{logged.side or 'both'}",
        "amount": logged.seconds if timed else logged.reps,
    }


def _timer_words() -> dict[str, str]:
    """The countdowns' wording (two per card), translated once per page."""
    return {
        "start": _("Start"),
        "pause": _("Pause"),
        "resume": _("Resume"),
        "started": _("Started:"),
        "paused": _("Paused at"),
        "left": _("seconds left"),
        "done": _("Time is up."),
        "reset": _("Reset"),
        "set_label": _("Timer for the set"),
        "rest_label": _("Rest timer"),
    }


def _errors_not_beside_a_field(
    errors: Mapping[str, Sequence[Any]], item: coach.SessionItem
) -> list[str]:
    """The messages for fields this card does not show (seconds on a reps exercise, the side
    of a two-legged one, the exercise itself) and for the form as a whole."""
    shown = {"set_number", "pain", "load", "note", "replace"}
    shown.add("seconds" if item.dose.seconds is not None else "reps")
    if item.sides:
        shown.add("side")
    return [str(m) for name, ms in errors.items() if name not in shown for m in ms]
