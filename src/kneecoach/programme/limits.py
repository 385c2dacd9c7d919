"""Every bound on what a person, a clinician or a client may enter, defined once.

The domain's values (``values``, ``io``), the coach's input models (``web/coach/inputs.py``), the
pages' forms, the API's schemas (and so the OpenAPI document) and the CLI's prompts all read
these numbers and choices, so a value one channel accepts is never refused by another.

Why these numbers (issue 12 unified three sets of limits):

- **Set number 1-20, reps 0-500, seconds 0-3600**: the domain's bounds, not the page's old 10,
  100 and 600. A clinician may prescribe up to ``SETS_MAX`` sets of up to ``REPS_MAX`` reps or
  ``SECONDS_MAX`` seconds (``io.OverrideIn``, the dose rules), and a person must be able to log
  every set that is prescribed, and a few more: the page refused set 11 of a 12-set dose the CLI
  and the API accepted. Zero reps or seconds is a real log (a set tried and abandoned).
- **Pain and effort 0-10**: the numeric rating scale the pain-monitoring model uses
  (docs/evidence.md).
- **Text lengths** are the database's columns (``LoggedSet.load`` is 40 characters,
  ``ApiToken.name`` 80, ``User.email`` 254) or, for text columns, a size a person writes.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, get_args

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(9000, 12, 31)
"""The calendar the engine works in. Its replay steps a day back from today and plans up to a
year ahead; far inside ``date``'s own limits (years 1-9999), this keeps every such step a real
date, so a mistyped year is refused by name instead of overflowing."""

PAIN_MIN = 0
PAIN_MAX = 10
"""Every pain rating: during a set, after a session, next morning, at onboarding."""
EFFORT_MIN = 0
EFFORT_MAX = 10
"""Rating of perceived effort of a set (optional)."""

SET_NUMBER_MIN = 1
SETS_MAX = 20
"""The most sets a dose may prescribe, and so the highest set number a person may log."""
REPS_MAX = 500
SECONDS_MAX = 3600
"""Reps or seconds of one set (logged from 0: a set tried and abandoned; prescribed from 1)."""

LEVEL_MAX = 20
"""A dose's level: 0 the exercise, -k its k-th easier variant, +k its k-th harder one (the
catalogue's own ladder is narrower: the use case checks the exercise's levels)."""

EXERCISE_SLUG_MAX = 60
"""A catalogue slug (``catalog.schema.Slug``, the ``exercise`` columns)."""
LOAD_MAX = 40
"""A band colour or a weight, as written (``LoggedSet.load``)."""
SET_NOTE_MAX = 500
"""A person's note on a set."""
CLINIC_TEXT_MAX = 4000
"""A clinician's note or message, and the note of a programme change."""
TOKEN_NAME_MAX = 80
"""The name of an API token (``ApiToken.name``)."""
EMAIL_MAX = 254
"""An e-mail address (Django's ``User.email``)."""
USERNAME_MAX = 150
"""A user name (Django's ``User.username``)."""
PASSWORD_MIN = 10
PASSWORD_MAX = 128
"""A first password a clinic sets for an account (the person changes it under Account)."""
TIME_ZONE_MAX = 64
"""An IANA time zone name (``Profile.time_zone``)."""

WEEKDAY_MIN = 0
WEEKDAY_MAX = 6
"""Monday = 0 ... Sunday = 6."""

Language = Literal["en", "nb"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
Units = Literal["metric", "imperial"]
UNITS: tuple[Units, ...] = get_args(Units)
