"""Undo a request's writes when it ends in an error response instead of an exception.

ATOMIC_REQUESTS rolls a request back only when the view raises. The API's error handler and
the pages that catch a KneecoachError to show it beside a form return a response instead, so
they call this: a failed request then changes nothing already saved.
"""

from __future__ import annotations

from django.db import connections, transaction


def roll_back_request() -> None:
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            transaction.set_rollback(True, using=connection.alias)
