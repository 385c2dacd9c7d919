"""The stored flags and the overview's columns, kept up by the diary observer from what it reads
and counts in hand, always equal the flags computed from scratch (the whole diary replayed, the
calendar and the questionnaires queried anew), after any sequence of diary writes, clinicians
marking flags seen, and rows changed behind the observer's back (an admin, a script)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kneecoach.catalog.loader import default_catalog
from kneecoach.errors import Conflict, NotFound
from kneecoach.programme import engine
from kneecoach.web.clinic import flagging, models, services
from kneecoach.web.coach import models as coach_models
from kneecoach.web.coach import replay, repository
from kneecoach.web.coach import services as coach
from kneecoach.web.outcomes import services as outcomes
from tests.web.clinic.conftest import World

pytestmark = pytest.mark.django_db

Stored = tuple[dict[str, tuple[Any, ...]], dict[str, object], int]


def stored(patient_id: int) -> Stored:
    flags = {
        f.kind: (f.since, f.detail, f.seen_at is not None)
        for f in models.Flag.objects.filter(patient_id=patient_id)
    }
    enrolment = models.Enrolment.objects.get(patient_id=patient_id, status="active")
    columns = {k: getattr(enrolment, k) for k in flagging.OVERVIEW_COLUMNS}
    unseen = models.Flag.objects.filter(patient_id=patient_id, seen_at__isnull=True).count()
    return flags, columns, unseen


def from_scratch(patient_id: int, today: dt.date) -> tuple[dict[str, Any], dict[str, object]]:
    """The observer's answer with nothing remembered: the engine's full replay, plain queries."""
    profile = coach_models.Profile.objects.get(user_id=patient_id)
    diary = repository.read_diary(profile)
    advice = engine.advise(
        repository.domain_profile(profile),
        default_catalog(),
        diary,
        today,
        horizon_days=replay.PLAN_HORIZON_DAYS,
    )
    last = max((s.date for s in diary.sessions), default=None)
    planned = profile.scheduled.filter(kind="training")
    if last is not None:
        planned = planned.filter(day__gt=last)
    next_due = list(planned.order_by("day").values_list("day", flat=True)[:1])
    due = outcomes.due_for_profile(profile, today)
    found, columns = flagging.compute(diary, advice, profile.screening_status, next_due, due, today)
    return {f.kind: (f.since, f.detail) for f in found}, columns


OPS = st.one_of(
    st.tuples(
        st.just("set"),
        st.integers(0, 4),  # days back from now
        st.integers(0, 9),  # which of the day's exercises
        st.integers(1, 3),  # set number
        st.integers(0, 10),  # pain
        st.booleans(),  # replace
    ),
    st.tuples(st.just("delete"), st.integers(0, 4), st.integers(0, 9), st.integers(1, 3)),
    st.tuples(st.just("pain_after"), st.integers(0, 4), st.integers(0, 10)),
    st.tuples(st.just("checkin"), st.integers(0, 4), st.integers(0, 10), st.booleans()),
    st.tuples(st.just("seen"), st.integers(0, 9)),
    st.tuples(st.just("scribble"), st.integers(0, 2)),
    st.tuples(st.just("drop_flag"), st.integers(0, 9)),
    st.tuples(st.just("advance"), st.integers(1, 3)),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(OPS, min_size=1, max_size=12))
def test_stored_flags_equal_flags_from_scratch_after_any_writes(
    world: World, monkeypatch: pytest.MonkeyPatch, ops: list[tuple[Any, ...]]
) -> None:
    patient, clinician = world.patient, world.clinician_a
    told: list[dt.date] = []
    monkeypatch.setattr(
        replay,
        "DIARY_OBSERVERS",
        [*replay.DIARY_OBSERVERS, lambda _p, _d, _a, today: told.append(today)],
    )
    items = coach.today(patient, world.today).items
    start = coach_models.Profile.objects.get(user=patient).start_date
    with transaction.atomic():  # each example starts from the world fixture's rows
        now = world.today
        for op in ops:
            before = stored(patient.pk)
            told.clear()
            behind_its_back = _apply(op, patient, clinician, items, start, now)
            if op[0] == "advance":
                now += dt.timedelta(days=op[1])
                coach.today(patient, now)  # the first view of a new day replays
            if not told:
                continue
            flags, columns, unseen = stored(patient.pk)
            expected_flags, expected_columns = from_scratch(patient.pk, told[-1])
            assert {k: v[:2] for k, v in flags.items()} == expected_flags, op
            assert columns == expected_columns | {"unseen_flags": unseen}, op
            if not behind_its_back:  # a flag seen stays seen until its evidence changes
                for kind, (since, detail, seen) in flags.items():
                    old = before[0].get(kind)
                    unchanged = old is not None and old[:2] == (since, detail)
                    assert seen == (unchanged and old[2]), (op, kind)
        transaction.set_rollback(True)


def _apply(
    op: tuple[Any, ...],
    patient: Any,
    clinician: Any,
    items: Any,
    start: dt.date,
    now: dt.date,
) -> bool:
    """Run one step; True when it changed rows behind the observer's back."""
    kind = op[0]
    day = max(start, now - dt.timedelta(days=op[1])) if kind != "seen" else now
    try:
        if kind == "set":
            _, _, which, number, pain, replace = op
            item = items[which % len(items)]
            data = coach.SetInput(
                exercise=item.exercise,
                set_number=number,
                side=item.sides[0] if item.sides else None,
                reps=None if item.dose.seconds else item.dose.reps,
                seconds=item.dose.seconds,
                pain=pain,
            )
            coach.log_set(patient, day, data, today_=now, replace=replace)
        elif kind == "delete":
            item = items[op[2] % len(items)]
            side = item.sides[0] if item.sides else None
            coach.delete_set(patient, day, item.exercise, op[3], side, today_=now)
        elif kind == "pain_after":
            coach.record_pain_after(patient, day, op[2], today_=now)
        elif kind == "checkin":
            coach.checkin(patient, day, op[2], swelling=op[3], replace=True, today_=now)
        elif kind == "seen":
            flags = list(models.Flag.objects.filter(patient=patient).order_by("kind"))
            if flags:
                flag = flags[op[1] % len(flags)]
                services.mark_flag_seen(clinician, patient.pk, flag.kind, timezone.now())
        elif kind == "scribble":  # an admin's edit of the overview's columns
            field = ("latest_pain", "programme_state", "unseen_flags")[op[1]]
            value = {"latest_pain": 10, "programme_state": "odd", "unseen_flags": 9}[field]
            models.Enrolment.objects.filter(patient=patient).update(**{field: value})
            return True
        elif kind == "drop_flag":  # a flag row deleted with no service involved
            flags = list(models.Flag.objects.filter(patient=patient).order_by("kind"))
            if flags:
                flags[op[1] % len(flags)].delete()
            return True
    except (Conflict, NotFound):
        pass
    return False


def test_no_write_when_nothing_stored_changes(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A set that changes the diary but nothing the clinic stores writes no clinic row."""
    item = coach.today(world.patient, world.today).items[0]
    data = coach.SetInput(
        exercise=item.exercise,
        set_number=1,
        side=item.sides[0] if item.sides else None,
        reps=None if item.dose.seconds else item.dose.reps,
        seconds=item.dose.seconds,
        pain=2,
    )
    coach.log_set(world.patient, world.today, data, today_=world.today)
    told: list[dt.date] = []
    monkeypatch.setattr(
        replay,
        "DIARY_OBSERVERS",
        [*replay.DIARY_OBSERVERS, lambda _p, _d, _a, today: told.append(today)],
    )
    again = dataclasses.replace(data, effort=5)  # in the diary, read by no flag rule
    with CaptureQueriesContext(connection) as queries:
        coach.log_set(world.patient, world.today, again, today_=world.today, replace=True)
    assert told == [world.today]  # the observer ran
    sql = [q["sql"] for q in queries.captured_queries]
    assert [s for s in sql if s.startswith(("UPDATE", "INSERT", "DELETE")) and "clinic_" in s] == []
    assert len([s for s in sql if "clinic_" in s]) == 1  # one read: enrolment, flags, next due
