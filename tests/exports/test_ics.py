"""The calendar feed, read back with the icalendar library (what calendar apps' parsers do)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import icalendar

from kneecoach.exports.ics import (
    CalendarEvent,
    CalendarSession,
    calendar_to_ics,
    sequence_rule,
    session_digest,
    session_slot_uids,
)

PERSON = uuid.UUID("6f1c1f7e-8f0e-4a56-9e0b-3c8f2a8e9d11")
STAMP = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)


def session(day: date, *lines: str) -> CalendarSession:
    return CalendarSession(day, "Knee exercises", lines or ("Clamshell: 3 x 10 reps each side",))


def feed(sessions: list[CalendarSession], served: dict[str, tuple[str, int]]) -> bytes:
    """What the web layer does on a fetch: slot UIDs, SEQUENCE from what was served before."""
    uids = session_slot_uids(PERSON, [s.date for s in sessions])
    events = []
    for s in sessions:
        uid, digest = uids[s.date], session_digest(s)
        sequence = sequence_rule(served.get(uid), digest)
        served[uid] = (digest, sequence)
        events.append(CalendarEvent(uid, sequence, s))
    return calendar_to_ics(events, name="kneecoach", stamp=STAMP, alarm_text="Knee exercises")


def events_of(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): e for e in calendar.events}


def sequence(event: icalendar.Event) -> int:
    """The event's SEQUENCE as written (a KeyError if it is missing, unlike ``event.sequence``)."""
    return int(str(event["SEQUENCE"]))


def test_feed_parses_with_one_all_day_event_per_session_and_an_alarm() -> None:
    days = [date(2026, 12, 1), date(2026, 12, 3)]
    data = feed([session(d, "Clamshell: 3 x 10 reps", "Wall squat: 2 x 30 s") for d in days], {})
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//kneecoach")
    events = list(calendar.walk("VEVENT"))
    assert [e.decoded("DTSTART") for e in events] == days
    first = events[0]
    assert first.decoded("DTEND") == date(2026, 12, 2)
    assert str(first["DESCRIPTION"]) == "Clamshell: 3 x 10 reps\nWall squat: 2 x 30 s"
    assert first.decoded("DTSTAMP") == STAMP
    alarms = first.walk("VALARM")
    assert len(alarms) == 1
    assert str(alarms[0]["ACTION"]) == "DISPLAY"
    assert alarms[0].decoded("TRIGGER") == timedelta(hours=8)
    assert data.count(b"\r\n") > 10  # RFC 5545 content lines end in CRLF


def test_uids_are_stable_from_one_fetch_to_the_next() -> None:
    sessions = [session(date(2026, 12, d)) for d in (1, 3, 5, 8)]
    served: dict[str, tuple[str, int]] = {}
    first, second = events_of(feed(sessions, served)), events_of(feed(sessions, served))
    assert first.keys() == second.keys()
    assert len(first) == 4
    assert {sequence(e) for e in second.values()} == {0}


def test_a_moved_session_keeps_its_uid_and_raises_sequence() -> None:
    served: dict[str, tuple[str, int]] = {}
    before = events_of(feed([session(date(2026, 12, 1)), session(date(2026, 12, 3))], served))
    # Relief moved Thursday's session to Friday: the week's 2nd session is the same event.
    after = events_of(feed([session(date(2026, 12, 1)), session(date(2026, 12, 4))], served))
    assert after.keys() == before.keys()
    moved = [uid for uid in after if after[uid].decoded("DTSTART") == date(2026, 12, 4)]
    assert len(moved) == 1
    assert before[moved[0]].decoded("DTSTART") == date(2026, 12, 3)
    assert sequence(after[moved[0]]) == 1
    untouched = next(uid for uid in after if uid != moved[0])
    assert sequence(after[untouched]) == 0


def test_a_change_of_plan_updates_rather_than_duplicates_events() -> None:
    """A client merging fetches by UID (as subscribed calendars do) ends with one event per
    session, holding the newest revision."""
    served: dict[str, tuple[str, int]] = {}
    week = [date(2026, 12, 1), date(2026, 12, 3), date(2026, 12, 5)]
    held: dict[str, icalendar.Event] = {}
    for lines in (("Clamshell: 3 x 10 reps",), ("Clamshell: 3 x 12 reps",)):
        for uid, event in events_of(feed([session(d, *lines) for d in week], served)).items():
            if uid not in held or sequence(event) > sequence(held[uid]):
                held[uid] = event
    assert len(held) == 3
    assert {str(e["DESCRIPTION"]) for e in held.values()} == {"Clamshell: 3 x 12 reps"}
    assert {sequence(e) for e in held.values()} == {1}


def test_sequence_rule_rises_only_on_a_revision() -> None:
    assert sequence_rule(None, "a") == 0
    assert sequence_rule(("a", 3), "a") == 3
    assert sequence_rule(("a", 3), "b") == 4


def test_slot_uids_differ_between_people_and_weeks() -> None:
    days = [date(2026, 12, 1), date(2026, 12, 8)]
    mine = session_slot_uids(PERSON, days)
    theirs = session_slot_uids(uuid.uuid4(), days)
    assert len(set(mine.values())) == 2
    assert not set(mine.values()) & set(theirs.values())


def test_non_ascii_text_and_long_lines_survive_folding() -> None:
    line = "Sideveis gange med strikk rundt anklene, halv knebøy: 3 x 10 repetisjoner på hver side"
    data = feed([session(date(2026, 12, 1), line)], {})
    assert max(len(raw) for raw in data.split(b"\r\n")) <= 75  # RFC 5545 3.1 folding
    (event,) = events_of(data).values()
    assert str(event["DESCRIPTION"]) == line
