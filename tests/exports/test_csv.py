"""The diary as CSV, read back with ``csv.DictReader`` as a spreadsheet or a script reads it:
by the header's names."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kneecoach.exports.csv import diary_to_csv
from kneecoach.programme.limits import EFFORT_MAX, PAIN_MAX, SETS_MAX
from kneecoach.programme.values import (
    MAX_REPS,
    MAX_SECONDS,
    STOP_EVENTS,
    Diary,
    MorningCheckin,
    SessionLog,
    SetLog,
    Side,
)

DAY = date(2026, 11, 2)
COLUMNS_BEFORE = [
    "record", "date", "exercise", "set", "side", "reps", "seconds", "load", "pain", "effort",
    "swelling", "stiffness", "cannot_bear_weight",
]  # fmt: skip
"""The header as readers knew it before the new columns."""


def read(diary: Diary) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(diary_to_csv(diary).decode("utf-8"))))


def clamshell(set_number: int = 1, *, flagged: bool = False) -> SetLog:
    return SetLog("clamshell", set_number, pain=2, side="left", reps=10, technique_flag=flagged)


def test_an_unreported_pain_after_is_not_a_row() -> None:
    unreported = SessionLog(DAY, (clamshell(),))
    reported_zero = SessionLog(DAY + timedelta(days=1), (clamshell(),), pain_after=0)
    rows = read(Diary(sessions=(unreported, reported_zero)))
    assert [(row["record"], row["date"], row["pain"]) for row in rows] == [
        ("set", "2026-11-02", "2"),
        ("set", "2026-11-03", "2"),
        ("pain_after", "2026-11-03", "0"),  # 0 is a report, not a missing one
    ]


def test_the_csv_carries_pain_before_stop_events_and_technique_flags() -> None:
    session = SessionLog(
        DAY,
        (clamshell(2, flagged=True), clamshell(1)),
        pain_after=4,
        pain_before=3,
        stop_events=frozenset({"sharp_pain", "pop"}),
    )
    rows = read(Diary(sessions=(session,)))
    assert [(r["record"], r["set"], r["pain"], r["technique_flag"], r["event"]) for r in rows] == [
        ("pain_before", "", "3", "", ""),
        ("set", "1", "2", "no", ""),
        ("set", "2", "2", "yes", ""),
        ("stop", "", "", "", "pop"),
        ("stop", "", "", "", "sharp_pain"),
        ("pain_after", "", "4", "", ""),
    ]


def test_new_columns_come_after_the_old_ones() -> None:
    """Readers that pick columns by name, or by their old position, read what they read before."""
    header = next(csv.reader(io.StringIO(diary_to_csv(Diary()).decode("utf-8"))))
    assert header == [*COLUMNS_BEFORE, "technique_flag", "event"]


# --- every diary value is in the CSV, and the rows map back to the diary ------------------------


@st.composite
def set_logs(draw: Any) -> SetLog:
    timed = draw(st.booleans())
    amount = draw(st.integers(0, MAX_SECONDS if timed else MAX_REPS))
    return SetLog(
        exercise=draw(st.sampled_from(["clamshell", "wall-sit", "step-up"])),
        set_number=draw(st.integers(1, SETS_MAX)),
        pain=draw(st.integers(0, PAIN_MAX)),
        side=draw(st.sampled_from([None, "left", "right"])),
        reps=None if timed else amount,
        seconds=amount if timed else None,
        # free text: commas, quotes and line breaks must survive the quoting
        load=draw(st.none() | st.text(st.characters(exclude_characters="\x00"), min_size=1)),
        effort=draw(st.none() | st.integers(0, EFFORT_MAX)),
        technique_flag=draw(st.booleans()),
    )


pains = st.none() | st.integers(0, PAIN_MAX)
days = st.integers(0, 60).map(lambda n: DAY + timedelta(days=n))


@st.composite
def diaries(draw: Any) -> Diary:
    session_days = draw(st.lists(days, unique=True, max_size=4))
    sessions = tuple(
        SessionLog(
            day,
            tuple(draw(st.lists(set_logs(), max_size=4))),
            pain_after=draw(pains),
            pain_before=draw(pains),
            stop_events=draw(st.frozensets(st.sampled_from(STOP_EVENTS))),
        )
        for day in session_days
    )
    checkins = tuple(
        MorningCheckin(
            day,
            draw(st.integers(0, PAIN_MAX)),
            swelling=draw(st.booleans()),
            stiffness=draw(st.booleans()),
            cannot_bear_weight=draw(st.booleans()),
        )
        for day in draw(st.lists(days, unique=True, max_size=4))
    )
    return Diary(sessions=sessions, checkins=checkins)


def _number(cell: str) -> int | None:
    return int(cell) if cell else None


def _flag(cell: str) -> bool:
    assert cell in ("yes", "no"), cell
    return cell == "yes"


SIDE_OF_CELL: dict[str, Side | None] = {"left": "left", "right": "right", "both": None}


def _set(row: dict[str, str]) -> SetLog:
    return SetLog(
        exercise=row["exercise"],
        set_number=int(row["set"]),
        pain=int(row["pain"]),
        side=SIDE_OF_CELL[row["side"]],
        reps=_number(row["reps"]),
        seconds=_number(row["seconds"]),
        load=row["load"] or None,
        effort=_number(row["effort"]),
        technique_flag=_flag(row["technique_flag"]),
    )


def diary_from_rows(rows: list[dict[str, str]]) -> Diary:
    """What a reader of the CSV rebuilds: the rows back to sessions and check-ins."""
    sessions: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"sets": [], "stop_events": set(), "pain_after": None, "pain_before": None}
    )
    checkins = []
    for row in rows:
        if row["record"] == "set":
            sessions[row["date"]]["sets"].append(_set(row))
        elif row["record"] in ("pain_before", "pain_after"):
            sessions[row["date"]][row["record"]] = int(row["pain"])
        elif row["record"] == "stop":
            sessions[row["date"]]["stop_events"].add(row["event"])
        else:
            assert row["record"] == "checkin", row
            checkins.append(
                MorningCheckin(
                    date.fromisoformat(row["date"]),
                    int(row["pain"]),
                    swelling=_flag(row["swelling"]),
                    stiffness=_flag(row["stiffness"]),
                    cannot_bear_weight=_flag(row["cannot_bear_weight"]),
                )
            )
    return Diary(
        sessions=tuple(
            SessionLog(
                date.fromisoformat(day),
                tuple(s["sets"]),
                pain_after=s["pain_after"],
                pain_before=s["pain_before"],
                stop_events=frozenset(s["stop_events"]),
            )
            for day, s in sessions.items()
        ),
        checkins=tuple(checkins),
    )


def _comparable(diary: Diary) -> Diary:
    """Order aside; a session with nothing in it (no set, no pain, no stop) has nothing to say."""

    def set_key(s: SetLog) -> tuple[object, ...]:
        return (s.exercise, s.set_number, s.side or "", repr(s))

    return Diary(
        sessions=tuple(
            SessionLog(
                s.date,
                tuple(sorted(s.sets, key=set_key)),
                s.pain_after,
                s.pain_before,
                s.stop_events,
            )
            for s in sorted(diary.sessions, key=lambda s: s.date)
            if s.sets or s.pain_after is not None or s.pain_before is not None or s.stop_events
        ),
        checkins=tuple(sorted(diary.checkins, key=lambda c: c.date)),
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(diaries())
def test_every_diary_value_is_in_the_csv_and_the_rows_map_back_to_the_diary(diary: Diary) -> None:
    assert _comparable(diary_from_rows(read(diary))) == _comparable(diary)
