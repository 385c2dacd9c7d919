"""What a person writes in the diary: sets (logged, corrected, deleted), whole sessions, pain after
a session, what made a session stop, the morning check-in. Each write replays the diary
(``replay.refresh``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any, cast

from django.db import IntegrityError, connections, router, transaction
from django.db.models import FilteredRelation, Q, QuerySet

from kneecoach.catalog.loader import default_catalog
from kneecoach.catalog.schema import Catalog
from kneecoach.errors import Conflict, InvalidInput, NotFound
from kneecoach.programme import values
from kneecoach.programme.pain import checkin_must_say_before_session_rule
from kneecoach.programme.pain_words import pain_advice
from kneecoach.programme.validation import check_set_fits_exercise
from kneecoach.programme.values import LOCKED_LEVELS
from kneecoach.web.coach import models
from kneecoach.web.coach.inputs import SetInput, StopInput
from kneecoach.web.coach.replay import refresh
from kneecoach.web.coach.repository import User, load_profile
from kneecoach.web.coach.schemas import CheckinView, SessionView, SetView, StopView
from kneecoach.web.coach.usecases.checks import require_exercise, require_unlocked
from kneecoach.web.coach.usecases.presenting import set_view, stop_advice
from kneecoach.web.compiled import CompiledRead


def _check_day(profile: models.Profile, day: dt.date, today_: dt.date, what: str) -> None:
    if day > today_:
        raise InvalidInput(f"cannot log {what} for a future date ({day})", field="date")
    if day < profile.start_date:
        raise InvalidInput(
            f"{day} is before the programme's start date {profile.start_date}", field="date"
        )


def _validated_set(catalog: Catalog, data: SetInput) -> values.SetLog:
    exercise = require_exercise(catalog, data.exercise)
    side = data.side
    check_set_fits_exercise(exercise, side, data.reps, data.seconds)
    return values.SetLog(
        exercise=exercise.slug,
        set_number=data.set_number,
        pain=data.pain,
        side=side if side in values.SIDES else None,
        reps=data.reps,
        seconds=data.seconds,
        load=data.load or None,
        effort=data.effort,
        technique_flag=data.technique_flag,
    )


def log_set(
    user: User,
    day: dt.date,
    data: SetInput,
    *,
    today_: dt.date,
    language: str | None = None,
    replace: bool = False,
    profile: models.Profile | None = None,
) -> SetView:
    """Save one set of ``day``'s session (created on the first set). The same set number and
    side logged again is a ``Conflict`` (asked, never silently overwritten); with ``replace``
    it corrects the earlier entry, which is never counted twice.

    The answer carries what to do now about the set's pain (``pain_response``, and
    ``pain_advice`` worded in ``language``, the profile's by default): ease off above 5/10,
    end the session at 8/10. ``profile``: the person's profile as this request already read it
    (``profile_record``; None: read it here)."""
    if profile is None:
        profile = load_profile(user)
    elif profile.user_id != user.pk:
        raise ValueError("the profile passed is another person's")
    require_unlocked(profile)
    _check_day(profile, day, today_, "a set")
    checked = _validated_set(default_catalog(), data)
    saved = _write_set(profile, day, checked, data.note, replace=replace)
    refresh(profile, today_)
    response, advice = pain_advice(saved.pain, language or profile.language)
    return dataclasses.replace(set_view(day, saved), pain_response=response, pain_advice=advice)


def _set_row(s: values.SetLog, note: str) -> models.LoggedSet:
    """The row a set is saved as (unsaved): the answer is built from it, not read back."""
    return models.LoggedSet(
        exercise=s.exercise,
        set_number=s.set_number,
        side=s.side or models.Side.BOTH,
        reps=s.reps,
        seconds=s.seconds,
        load=s.load or "",
        pain=s.pain,
        effort=s.effort,
        technique_flag=s.technique_flag,
        note=note,
    )


_SET_VALUES = ("reps", "seconds", "load", "pain", "effort", "technique_flag", "note")
"""What a correction (``replace``) writes over; the row's key and ``created_at`` stay."""


def _write_set(
    profile: models.Profile, day: dt.date, s: values.SetLog, note: str, *, replace: bool
) -> models.LoggedSet:
    """Insert the set, or with ``replace`` correct the one logged before (a ``Conflict``
    without it): one read of the day's session with that set, then one write.

    Two requests may log the same set at once on PostgreSQL (SQLite runs each writing request
    under ``BEGIN IMMEDIATE``, one at a time): the unique constraint then refuses the second
    insert, inside a savepoint so the request's transaction lives on, and the set is read again
    (a ``Conflict``, or corrected with ``replace``), as if it had been there at the first read."""
    row = _set_row(s, note)
    session_pk, set_pk = _session_and_set(profile, day, row)
    if set_pk is not None:
        if not replace:
            raise Conflict(_already_logged(s), field="set_number")
        if _update_set(models.LoggedSet.objects.filter(pk=set_pk), row):
            return row
        # deleted by another request since the read (PostgreSQL): saved anew below
    if session_pk is None:
        session_pk = _insert_session(profile, day)
    row.session_id = session_pk
    try:
        with _unique_race():
            row.save(force_insert=True)
    except _MaybeLostRace as refused:
        if _session_and_set(profile, day, row)[1] is None:
            raise refused.error from None  # not the race: another constraint refused the row
        if not replace:
            raise Conflict(_already_logged(s), field="set_number") from None
        _update_set(_same_set(session_pk, row), row)
    return row


def _session_and_set_query(
    profile: int, day: dt.date, exercise: str, set_number: int, side: str
) -> QuerySet[Any]:
    match = FilteredRelation(
        "sets",
        condition=Q(sets__exercise=exercise, sets__set_number=set_number, sets__side=side),
    )
    return (
        models.LoggedSession.objects.filter(profile_id=profile, day=day)
        .annotate(match=match)
        .values_list("pk", "match__pk")
    )


_SESSION_AND_SET = CompiledRead(_session_and_set_query, int, dt.date, str, int, str)
"""A left join of the day's session (one per day) with the set of one key (unique in it)."""


def _session_and_set(
    profile: models.Profile, day: dt.date, row: models.LoggedSet
) -> tuple[int | None, int | None]:
    """The ids of ``day``'s session and of its set keyed as ``row`` is (None where missing)."""
    found = _SESSION_AND_SET.rows(profile.pk, day, row.exercise, row.set_number, row.side)
    return (None, None) if not found else found[0]


def _same_set(session_pk: int, row: models.LoggedSet) -> QuerySet[models.LoggedSet]:
    return models.LoggedSet.objects.filter(
        session_id=session_pk, exercise=row.exercise, set_number=row.set_number, side=row.side
    )


def _update_set(rows: QuerySet[models.LoggedSet], row: models.LoggedSet) -> int:
    return rows.update(**{name: getattr(row, name) for name in _SET_VALUES})


def _insert_session(profile: models.Profile, day: dt.date) -> int:
    """A new session for ``day``, or the one another request saved since the read."""
    try:
        with _unique_race():
            return models.LoggedSession.objects.create(profile=profile, day=day).pk
    except _MaybeLostRace as refused:
        found = profile.sessions.filter(day=day).values_list("pk", flat=True).first()
        if found is None:
            raise refused.error from None
        return found


class _MaybeLostRace(Exception):
    """An insert refused by the database where another writer may have come between this
    request's read and its insert; the caller reads again to tell."""

    def __init__(self, error: IntegrityError) -> None:
        super().__init__(str(error))
        self.error = error


@contextmanager
def _unique_race() -> Iterator[None]:
    """Around an insert that may lose a race on a unique constraint.

    PostgreSQL: another transaction may insert the same key between our read and our insert;
    the refused insert runs in a savepoint (a failed statement aborts the whole transaction)
    and is handed back as ``_MaybeLostRace``. SQLite inside a transaction: a writing
    transaction holds the one write lock from ``BEGIN IMMEDIATE`` on, so no other writer can
    come between; no savepoint, and a refusal is a plain error. SQLite in autocommit (a script):
    the failed statement is all that is undone, so no savepoint either."""
    connection = connections[router.db_for_write(models.LoggedSet)]
    if connection.vendor == "sqlite" and connection.in_atomic_block:
        yield
        return
    savepoint = transaction.atomic(using=connection.alias)
    try:
        with savepoint if connection.vendor != "sqlite" else nullcontext():
            yield
    except IntegrityError as error:
        raise _MaybeLostRace(error) from error


def _already_logged(s: values.SetLog) -> str:
    side = f" ({s.side})" if s.side else ""
    return (
        f"set {s.set_number}{side} of {s.exercise} is already logged; "
        "send it again with replace to correct it"
    )


def delete_set(
    user: User,
    day: dt.date,
    exercise: str,
    set_number: int,
    side: str | None,
    *,
    today_: dt.date,
) -> tuple[SetView, ...]:
    """Delete one logged set (a set logged by mistake); the day's remaining sets come back. A
    session left without sets goes too, so an empty day never counts as a session done.

    One read of the day's sets finds the set and is the answer, less the set deleted: nothing
    is read back. The set is deleted through the ORM, which reads its video checks so that
    their ``post_delete`` removes the videos (``camera.signals``).

    That read locks the day's sets and their session until the request's transaction ends
    (PostgreSQL; SQLite writes one transaction at a time), so it must run in one (the request's,
    the CLI command's). Without the lock, two requests deleting the day's last two sets at once
    each read the other's set as still there (READ COMMITTED), and neither took the session; a
    session deleted only where no set is left is not enough, as neither sees the other's delete
    before it commits. With it, the second waits for the first to commit, then reads the day as
    the first left it: its set is the last, and the session goes with it."""
    profile = load_profile(user)
    require_unlocked(profile)
    _check_day(profile, day, today_, "a set")
    key = (exercise, set_number, side or models.Side.BOTH)
    day_sets = list(
        models.LoggedSet.objects.select_for_update()
        .filter(session__profile=profile, session__day=day)
        .order_by("exercise", "set_number", "side")
    )
    row = next((r for r in day_sets if (r.exercise, r.set_number, r.side) == key), None)
    if row is None:
        where = f"set {set_number}" + (f" ({side})" if side and side != "both" else "")
        raise NotFound(f"{where} of {exercise} is not logged on {day}", field="set_number")
    left = [r for r in day_sets if r is not row]
    row.delete()
    if not left:
        _delete_session_if_empty(row.session_id)
    refresh(profile, today_)
    return tuple(set_view(day, r) for r in left)


def _delete_session_if_empty(session_pk: int) -> None:
    """The session goes only if it still has no sets when deleted: a set another request
    logged since the day was read (PostgreSQL) keeps it, and is not deleted with it.

    One ``DELETE ... WHERE NOT EXISTS``, not the ORM's delete (which reads the session, then its
    sets to cascade to, before deleting): a session that goes has no sets to take along, and no
    table but the sets refers to a session. Plain SQL with the models' own table and column
    names, since the ORM has no public conditional delete in one statement."""
    session, logged = models.LoggedSession._meta, models.LoggedSet._meta
    link = models.LoggedSet.session.field.column
    key = cast(str, models.LoggedSession.id.field.column)  # a concrete field always has one
    database = router.db_for_write(models.LoggedSession)
    quote = connections[database].ops.quote_name
    with connections[database].cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {quote(session.db_table)} WHERE {quote(key)} = %s "  # noqa: S608 - quoted names from the models
            f"AND NOT EXISTS (SELECT 1 FROM {quote(logged.db_table)} WHERE {quote(link)} = %s)",
            [session_pk, session_pk],
        )


def _save_sets(session: models.LoggedSession, checked: Sequence[tuple[values.SetLog, str]]) -> None:
    """Insert the session's sets, or update those already logged under the same key, in one
    ``INSERT ... ON CONFLICT DO UPDATE`` (SQLite and PostgreSQL): the row of a set logged again
    keeps its pk, and two requests saving the same set at once cannot both insert it.

    A key sent twice in one call is saved once, with its last values: as the set-by-set
    ``update_or_create`` did, and PostgreSQL refuses an upsert that touches a row twice."""
    rows: dict[tuple[str, int, str], models.LoggedSet] = {}
    for s, note in checked:
        row = _set_row(s, note)
        row.session = session
        rows[(row.exercise, row.set_number, row.side)] = row
    if rows:
        models.LoggedSet.objects.bulk_create(
            rows.values(),
            update_conflicts=True,
            unique_fields=["session", "exercise", "set_number", "side"],
            update_fields=_SET_VALUES,
        )


def log_session(
    user: User,
    day: dt.date,
    sets: Sequence[SetInput],
    *,
    pain_after: int | None = None,
    pain_before: int | None = None,
    today_: dt.date,
) -> SessionView:
    """Save a whole session at once; every set is validated before anything is written. The
    session is written with only the pain given (``_upsert_session``), then its sets."""
    profile = load_profile(user)
    require_unlocked(profile)
    _check_day(profile, day, today_, "a session")
    catalog = default_catalog()
    checked = []
    for index, data in enumerate(sets):
        try:
            checked.append((_validated_set(catalog, data), data.note))
        except InvalidInput as error:
            raise InvalidInput(error.message, field=f"sets[{index}].{error.field}") from None
    values.SessionLog(date=day, sets=(), pain_after=pain_after, pain_before=pain_before)
    pains = {"pain_after": pain_after, "pain_before": pain_before}
    session = _upsert_session(profile, day, {k: v for k, v in pains.items() if v is not None})
    _save_sets(session, checked)
    refresh(profile, today_)
    return session_view(user, day)


def _upsert_session(
    profile: models.Profile, day: dt.date, given: Mapping[str, object]
) -> models.LoggedSession:
    """``day``'s session, inserted or, when logged before, with only the ``given`` columns
    written over (and ``updated_at``), in one ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``
    (SQLite and PostgreSQL). The row's other columns (the pain not given, the stop events)
    are never written back from an earlier read, so what another request saved meanwhile
    stays; and two requests creating the day's session at once cannot both insert it, so no
    savepoint is needed. The row returned carries its pk only: its other values are this
    request's, not necessarily the stored ones."""
    row = models.LoggedSession(profile=profile, day=day, **given)
    models.LoggedSession.objects.bulk_create(
        [row],
        update_conflicts=True,
        unique_fields=["profile", "day"],
        update_fields=[*given, "updated_at"],
    )
    return row


def record_pain_after(user: User, day: dt.date, pain: int, *, today_: dt.date) -> SessionView:
    """Pain about an hour after ``day``'s session (0-10)."""
    profile = load_profile(user)
    _check_day(profile, day, today_, "pain after a session")
    values.SessionLog(date=day, sets=(), pain_after=pain)  # validates 0-10 naming pain_after
    session = profile.sessions.filter(day=day).first()
    if session is None:
        raise NotFound(f"no session logged on {day}; log a set first", field="date")
    session.pain_after = pain
    session.save(update_fields=["pain_after", "updated_at"])
    refresh(profile, today_)
    return session_view(user, day)


def report_stop(
    user: User,
    day: dt.date,
    data: StopInput,
    *,
    today_: dt.date,
    language: str | None = None,
) -> StopView:
    """What made the person stop ``day``'s session at once (sharp sudden pain, a pop, new
    swelling, the knee giving way: the in-session stop rule, docs/evidence.md#stop-rule), added
    to the day's session, which is created when nothing was logged yet. The events are a set:
    one reported twice is recorded once. With ``data.withdraw`` they are taken back (reported by
    mistake); a session left with nothing in it goes, so an empty day never counts as a session.

    The answer is the events now recorded and what the engine now advises, worded in
    ``language`` (the profile's by default): the relief the stop started (``stop_advice``)."""
    profile = load_profile(user)
    require_unlocked(profile)
    _check_day(profile, day, today_, "a stopped session")
    if data.withdraw:
        events = _withdraw_stop_events(profile, day, data.events)
    else:
        events = _add_stop_events(profile, day, data.events)
    advice = refresh(profile, today_)
    return StopView(
        day=day,
        events=events,
        state=advice.state,
        advice=stop_advice(advice, day, events, language or profile.language),
    )


def _locked_session(profile: models.Profile, day: dt.date) -> models.LoggedSession | None:
    """``day``'s session, its row locked until the request's transaction ends (PostgreSQL; SQLite
    writes one transaction at a time), so two reports at once cannot lose one's events."""
    return models.LoggedSession.objects.select_for_update().filter(profile=profile, day=day).first()


def _add_stop_events(
    profile: models.Profile, day: dt.date, events: frozenset[str]
) -> tuple[str, ...]:
    session = _locked_session(profile, day)
    if session is None:
        _insert_session(profile, day)
        session = _locked_session(profile, day)
        assert session is not None  # noqa: S101 - inserted above, in this transaction
    recorded = tuple(sorted({*session.stop_events, *events}))
    if list(recorded) != list(session.stop_events):
        session.stop_events = list(recorded)
        session.save(update_fields=["stop_events", "updated_at"])
    return recorded


def _withdraw_stop_events(
    profile: models.Profile, day: dt.date, events: frozenset[str]
) -> tuple[str, ...]:
    session = _locked_session(profile, day)
    if session is None:
        return ()  # nothing was reported: nothing to take back
    recorded = tuple(sorted(set(session.stop_events) - events))
    if list(recorded) == list(session.stop_events):
        return recorded
    session.stop_events = list(recorded)
    session.save(update_fields=["stop_events", "updated_at"])
    if not recorded and session.pain_after is None and session.pain_before is None:
        _delete_session_if_empty(session.pk)  # a session that was only the stop, taken back
    return recorded


def session_view(user: User, day: dt.date) -> SessionView:
    profile = load_profile(user)
    session = profile.sessions.filter(day=day).first()
    if session is None:
        raise NotFound(f"no session logged on {day}", field="date")
    return SessionView(
        day=day,
        pain_before=session.pain_before,
        pain_after=session.pain_after,
        sets=tuple(set_view(day, row) for row in session.sets.order_by("exercise", "set_number")),
    )


def checkin(
    user: User,
    day: dt.date,
    pain: int,
    *,
    swelling: bool = False,
    stiffness: bool = False,
    cannot_bear_weight: bool = False,
    replace: bool = False,
    before_session: bool = False,
    today_: dt.date,
) -> CheckinView:
    """The next-morning check. One per morning: a second one is a ``Conflict`` unless
    ``replace`` (a correction). Today, after today's session (and none the day before), it is
    refused naming ``before_session`` unless that says it is about this morning, before the
    session (``pain.checkin_must_say_before_session_rule``): the session's own check-in is
    tomorrow morning. The page, the API and the terminal ask alike."""
    profile = load_profile(user)
    _check_day(profile, day, today_, "a check-in")
    if not before_session and _asks_before_session(profile, day, today_):
        raise InvalidInput(
            f"today's session is logged: its check-in is tomorrow morning "
            f"({day + dt.timedelta(days=1)}); for pain now give the pain after the session, "
            "or say this check-in is about this morning, before the session",
            field="before_session",
        )
    values.MorningCheckin(
        date=day,
        pain=pain,
        swelling=swelling,
        stiffness=stiffness,
        cannot_bear_weight=cannot_bear_weight,
    )
    fields = {
        "pain": pain,
        "swelling": swelling,
        "stiffness": stiffness,
        "cannot_bear_weight": cannot_bear_weight,
    }
    row = models.MorningCheckin(profile=profile, day=day, **fields)
    if replace:
        _save_checkin_over(row, fields)
    else:
        _insert_checkin(row)
    if profile.screening_status not in LOCKED_LEVELS:
        refresh(profile, today_)
    return CheckinView(day, pain, swelling, stiffness, cannot_bear_weight)


def _insert_checkin(row: models.MorningCheckin) -> None:
    """The morning's first check-in; one already saved is a ``Conflict``, never overwritten
    without ``replace``: read first (on SQLite a refused insert would end the request's
    transaction), and on PostgreSQL, where another request of this person may insert between
    the read and the insert, the unique constraint's refusal is that same ``Conflict``."""
    if _checkin_saved(row):
        raise _checkin_conflict(row.day)
    try:
        with _unique_race():
            row.save(force_insert=True)
    except _MaybeLostRace as refused:
        if not _checkin_saved(row):
            raise refused.error from None  # not the race: another constraint refused the row
        raise _checkin_conflict(row.day) from None


def _checkin_saved(row: models.MorningCheckin) -> bool:
    return models.MorningCheckin.objects.filter(profile_id=row.profile_id, day=row.day).exists()


def _checkin_conflict(day: dt.date) -> Conflict:
    return Conflict(
        f"a check-in for {day} is already saved; use replace to correct it", field="date"
    )


def _save_checkin_over(row: models.MorningCheckin, fields: Mapping[str, object]) -> None:
    """A correction: the morning's check-in inserted, or its values written over the saved one
    in the same statement (``INSERT ... ON CONFLICT DO UPDATE``; its pk and ``created_at``
    stay)."""
    models.MorningCheckin.objects.bulk_create(
        [row],
        update_conflicts=True,
        unique_fields=["profile", "day"],
        update_fields=list(fields),
    )


def has_session(user: User, day: dt.date) -> bool:
    return models.LoggedSession.objects.filter(profile__user_id=user.pk, day=day).exists()


def checkin_asks_before_session(user: User, day: dt.date, today_: dt.date) -> bool:
    """Whether a check-in for ``day`` must say it is about that morning, before the session
    (``checkin`` refuses it otherwise): a terminal asks first."""
    return _asks_before_session(load_profile(user), day, today_)


def _asks_before_session(profile: models.Profile, day: dt.date, today_: dt.date) -> bool:
    logged = set(
        profile.sessions.filter(day__range=(day - dt.timedelta(days=1), day)).values_list(
            "day", flat=True
        )
    )
    return checkin_must_say_before_session_rule(
        day,
        today_,
        session_on_day=day in logged,
        session_day_before=day - dt.timedelta(days=1) in logged,
    )
