"""The diary as CSV: one row per logged set, pain report (before and after a session), stop
event and morning check-in.

A pure function from domain values to bytes (UTF-8, header row, ``\\r\\n`` line ends as the CSV
RFC asks), so spreadsheets and the test's ``csv.DictReader`` read it the same way.

Readers pick columns by the header's names: columns are only ever added, at the end
(``technique_flag`` and ``event`` came after ``cannot_bear_weight``). A row leaves the cells
that do not apply to its record empty; an empty cell is never a measurement, so a pain that was
not reported (``SessionLog.pain_after`` None, ``pain_before`` None) is no row at all.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from kneecoach.programme.values import Diary, SessionLog, SetLog

COLUMNS = (
    "record",
    "date",
    "exercise",
    "set",
    "side",
    "reps",
    "seconds",
    "load",
    "pain",
    "effort",
    "swelling",
    "stiffness",
    "cannot_bear_weight",
    "technique_flag",
    "event",
)

RECORD_ORDER = ("pain_before", "set", "stop", "pain_after", "checkin")
"""Within a day, rows follow the session: pain before it, its sets, what stopped it, pain about
an hour after it; then the check-in (its place since the first version of the file)."""

Row = dict[str, str]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _row(record: str, day: date, **cells: object) -> Row:
    return {"record": record, "date": day.isoformat()} | {k: _cell(v) for k, v in cells.items()}


def _set_row(day: date, s: SetLog) -> Row:
    return _row(
        "set",
        day,
        exercise=s.exercise,
        set=s.set_number,
        side=s.side or "both",
        reps=s.reps,
        seconds=s.seconds,
        load=s.load,
        pain=s.pain,
        effort=s.effort,
        technique_flag=s.technique_flag,
    )


def _pain_rows(record: str, day: date, pain: int | None) -> list[Row]:
    """A reported pain is a row; an unreported one (None) is none, not a row with an empty pain."""
    return [] if pain is None else [_row(record, day, pain=pain)]


def _session_rows(session: SessionLog) -> list[Row]:
    """Stop events in name order, as the JSON export lists them."""
    day = session.date
    sets = sorted(session.sets, key=lambda s: (s.exercise, s.set_number, s.side or ""))
    return [
        *_pain_rows("pain_before", day, session.pain_before),
        *(_set_row(day, s) for s in sets),
        *(_row("stop", day, event=event) for event in sorted(session.stop_events)),
        *_pain_rows("pain_after", day, session.pain_after),
    ]


def diary_to_csv(diary: Diary) -> bytes:
    """Rows sorted by date; within a day in ``RECORD_ORDER``, sets by exercise, set and side."""
    rows = [row for session in diary.sessions for row in _session_rows(session)]
    rows += [
        _row(
            "checkin",
            c.date,
            pain=c.pain,
            swelling=c.swelling,
            stiffness=c.stiffness,
            cannot_bear_weight=c.cannot_bear_weight,
        )
        for c in diary.checkins
    ]
    rows.sort(key=lambda r: (r["date"], RECORD_ORDER.index(r["record"])))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, restval="", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
