"""The diary as CSV: one row per logged set, pain-after report and morning check-in.

A pure function from domain values to bytes (UTF-8, header row, ``\\r\\n`` line ends as the CSV
RFC asks), so spreadsheets and the test's ``csv.DictReader`` read it the same way.
"""

from __future__ import annotations

import csv
import io

from kneecoach.programme.values import Diary

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
)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def diary_to_csv(diary: Diary) -> bytes:
    """Rows sorted by date; within a day: sets (by exercise, set, side), pain after, check-in."""
    rows: list[tuple[object, ...]] = []
    for session in sorted(diary.sessions, key=lambda s: s.date):
        for s in sorted(session.sets, key=lambda s: (s.exercise, s.set_number, s.side or "")):
            rows.append(
                (
                    "set",
                    session.date,
                    s.exercise,
                    s.set_number,
                    s.side or "both",
                    s.reps,
                    s.seconds,
                    s.load,
                    s.pain,
                    s.effort,
                    None,
                    None,
                    None,
                )
            )
        rows.append(
            (
                "pain_after",
                session.date,
                None,
                None,
                None,
                None,
                None,
                None,
                session.pain_after,
                None,
                None,
                None,
                None,
            )
        )
    for c in diary.checkins:
        rows.append(
            (
                "checkin",
                c.date,
                None,
                None,
                None,
                None,
                None,
                None,
                c.pain,
                None,
                c.swelling,
                c.stiffness,
                c.cannot_bear_weight,
            )
        )
    order = {"set": 0, "pain_after": 1, "checkin": 2}
    rows.sort(key=lambda r: (str(r[1]), order[str(r[0])]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8")
