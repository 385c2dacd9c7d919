"""The plan as an iCalendar feed (RFC 5545): one all-day event per planned training session.

A pure function from worded domain values to bytes; the web layer words the sessions (exercise
names and doses in the person's language), keeps each event's SEQUENCE and reads the clock.

UIDs are stable from one fetch to the next, so a subscribed calendar updates its events instead
of adding copies. A UID names a *slot*, not a day: the n-th training session of an ISO week
(``session_slot_uids``). When the plan moves Tuesday's session to Wednesday, the week's second
session keeps its UID, its DTSTART changes and its SEQUENCE rises (``sequence_rule``), which is
how RFC 5545 (3.8.7.4) tells a client that an event it holds was revised.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import icalendar

PRODID = "-//kneecoach//kneecoach calendar feed//EN"
SLOT_NAMESPACE = uuid.UUID("0b7cf0a4-3c1e-5c55-9d51-5f3a0c6a1e16")
"""uuid5 namespace of calendar slots; fixed for ever (changing it would duplicate every event)."""
UID_DOMAIN = "kneecoach"
ALARM_HOUR = 8
"""The reminder fires at 08:00 on the session's day (TRIGGER relative to the all-day start)."""


@dataclass(frozen=True, slots=True)
class CalendarSession:
    """One planned training day, worded: a title and one line per exercise with its dose."""

    date: date
    summary: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """A session with its stable UID and its revision number (RFC 5545 SEQUENCE)."""

    uid: str
    sequence: int
    session: CalendarSession


def session_slot_uids(person: uuid.UUID, days: Iterable[date]) -> dict[date, str]:
    """Each training day's UID: uuid5 of the person and the day's slot, the n-th training day
    (by date) of its ISO week. A session moved within its week keeps its slot and so its UID."""
    uids: dict[date, str] = {}
    counts: dict[tuple[int, int], int] = {}
    for day in sorted(set(days)):
        year, week, _ = day.isocalendar()
        counts[(year, week)] = counts.get((year, week), 0) + 1
        slot = f"{person}/{year}-W{week:02d}/{counts[(year, week)]}"
        uids[day] = f"{uuid.uuid5(SLOT_NAMESPACE, slot)}@{UID_DOMAIN}"
    return uids


def session_digest(session: CalendarSession) -> str:
    """What a subscriber sees of an event (day, title, exercises), as a digest: a change of it is
    a revision."""
    text = "\n".join((session.date.isoformat(), session.summary, *session.lines))
    return hashlib.sha256(text.encode()).hexdigest()


def sequence_rule(previous: tuple[str, int] | None, digest: str) -> int:
    """RFC 5545 3.8.7.4: SEQUENCE starts at 0 and rises by one with each revision. ``previous`` is
    the (digest, sequence) last served for this UID, None for a new event."""
    if previous is None:
        return 0
    last_digest, last_sequence = previous
    return last_sequence if last_digest == digest else last_sequence + 1


def calendar_to_ics(
    events: Sequence[CalendarEvent],
    *,
    name: str,
    stamp: datetime,
    alarm_text: str,
) -> bytes:
    """The feed: a VCALENDAR with one all-day VEVENT per event, each with a display VALARM.

    ``stamp``: the time of the fetch, in UTC (DTSTAMP); ``name``: the calendar's display name
    (X-WR-CALNAME, read by Apple, Google and Outlook calendars)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    for event in sorted(events, key=lambda e: (e.session.date, e.uid)):
        calendar.add_component(_vevent(event, stamp, alarm_text))
    return bytes(calendar.to_ical())


def _vevent(event: CalendarEvent, stamp: datetime, alarm_text: str) -> icalendar.Event:
    session = event.session
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", session.date)
    vevent.add("dtend", session.date + timedelta(days=1))
    vevent.add("summary", session.summary)
    vevent.add("description", "\n".join(session.lines))
    vevent.add("transp", "TRANSPARENT")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", alarm_text)
    alarm.add("trigger", timedelta(hours=ALARM_HOUR), parameters={"RELATED": "START"})
    vevent.add_component(alarm)
    return vevent
