"""Path converters the apps' URLs share: ``<isodate:day>`` is ``2026-05-01``, a ``date``.

Registered when this module is imported (by each ``urls.py`` that uses it), as Django's
``register_converter`` expects.
"""

from __future__ import annotations

import datetime as dt

from django.urls import register_converter


class IsoDateConverter:
    """``2026-05-01`` <-> ``datetime.date``; anything else is a 404, not a 500."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> dt.date:
        return dt.date.fromisoformat(value)  # ValueError -> no match (404)

    def to_url(self, value: dt.date | str) -> str:
        return value if isinstance(value, str) else value.isoformat()


register_converter(IsoDateConverter, "isodate")
