"""Counting attempts in fixed windows (see the package). ``Limit`` is imported by the settings,
so the model is imported only when counting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db.models import F


@dataclass(frozen=True, slots=True)
class Limit:
    """At most ``attempts`` in each ``window`` (windows start at whole multiples of it)."""

    attempts: int
    window: timedelta


def window_start(now: datetime, window: timedelta) -> datetime:
    seconds = window.total_seconds()
    return datetime.fromtimestamp(now.timestamp() // seconds * seconds, tz=UTC)


def attempt(scope: str, key: str, limit: Limit, now: datetime) -> timedelta | None:
    """Count one attempt at ``scope`` by ``key``; None while within ``limit``, else how long
    until the window ends. Refused attempts count too, so hammering does not shorten the wait.

    Runs inside the request's transaction: a refusal answered normally (429) is committed.
    """
    from kneecoach.web.throttle.models import AttemptWindow  # settings import this module

    start = window_start(now, limit.window)
    AttemptWindow.objects.filter(scope=scope, started_at__lt=start).delete()  # ended windows
    row, _ = AttemptWindow.objects.get_or_create(scope=scope, key=key, started_at=start)
    AttemptWindow.objects.filter(pk=row.pk).update(count=F("count") + 1)
    count = AttemptWindow.objects.values_list("count", flat=True).get(pk=row.pk)
    if count <= limit.attempts:
        return None
    return start + limit.window - now
