"""The stored flags and the overview's columns, kept up by the diary observer from what it reads
and counts in hand, always equal the flags computed from scratch (the whole diary replayed, the
calendar and the questionnaires queried anew), after any sequence of diary writes, screenings
(one that locks the programme included), questionnaires filled in, new days, clinicians marking
flags seen, and rows changed behind the observer's back (an admin, a script)."""

from __future__ import annotations

import contextlib
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
from kneecoach.errors import Conflict, NotFound, ScreeningBlocked
from kneecoach.programme import engine, questionnaires
from kneecoach.programme import flags as rules
from kneecoach.web.clinic import flagging, models, services
from kneecoach.web.coach import models as coach_models
from kneecoach.web.coach import replay, repository
from kneecoach.web.coach import services as coach
from kneecoach.web.outcomes import services as outcomes
from kneecoach.web.outcomes.usecases import answers
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


def from_scratch(
    patient_id: int, today: dt.date, locked: bool = False
) -> tuple[dict[str, Any], dict[str, object]]:
    """The observer's answer with nothing remembered: the engine's full replay (none after a
    screening that locked the programme), plain queries."""
    profile = coach_models.Profile.objects.get(user_id=patient_id)
    diary = repository.read_diary(profile)
    advice = (
        None
        if locked
        else engine.advise(
            repository.domain_profile(profile),
            default_catalog(),
            diary,
            today,
            horizon_days=replay.PLAN_HORIZON_DAYS,
        )
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
    st.tuples(st.just("rescreen"), st.sampled_from(["clear", "soon", "urgent"])),
    st.tuples(st.just("nprs"), st.integers(0, 4), st.integers(0, 10)),
    st.tuples(st.just("fill_due")),
    st.tuples(st.just("advance"), st.integers(7, 14)),  # into the next questionnaire window
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(OPS, min_size=1, max_size=14))
def test_stored_flags_equal_flags_from_scratch_after_any_writes(
    world: World, monkeypatch: pytest.MonkeyPatch, ops: list[tuple[Any, ...]]
) -> None:
    patient, clinician = world.patient, world.clinician_a
    told: list[tuple[str, dt.date, bool]] = []  # (observer, today, advice None)
    monkeypatch.setattr(
        replay,
        "DIARY_OBSERVERS",
        [
            *replay.DIARY_OBSERVERS,
            lambda _p, _d, a, today: told.append(("diary", today, a is None)),
        ],
    )
    monkeypatch.setattr(
        answers,
        "OUTCOME_OBSERVERS",
        [*answers.OUTCOME_OBSERVERS, lambda _p, today: told.append(("forms", today, False))],
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
                with contextlib.suppress(ScreeningBlocked):
                    coach.today(patient, now)  # the first view of a new day replays
            if not told:
                continue
            flags, columns, unseen = stored(patient.pk)
            assert columns["unseen_flags"] == unseen, op
            red = sum(rules.is_red(k) and not seen for k, (*_, seen) in flags.items())
            assert columns["unseen_red"] == red, op
            diary_told = [t for t in told if t[0] == "diary"]
            if diary_told:
                _, today, locked = diary_told[-1]
                expected_flags, expected_columns = from_scratch(patient.pk, today, locked)
                assert {k: v[:2] for k, v in flags.items() if k != "questionnaire_due"} == {
                    k: v for k, v in expected_flags.items() if k != "questionnaire_due"
                }, op
                counts = {"unseen_flags": unseen, "unseen_red": red}
                assert columns == expected_columns | counts, op
            # questionnaire_due is recomputed by both observers: the last one told decides
            expected_due, _ = from_scratch(patient.pk, told[-1][1], told[-1][2])
            due = flags.get("questionnaire_due")
            assert (due[:2] if due else None) == expected_due.get("questionnaire_due"), op
            if not behind_its_back:  # a flag seen stays seen until its evidence changes
                for kind, (since, detail, seen) in flags.items():
                    old = before[0].get(kind)
                    kept_seen = old is not None and old[:2] == (since, detail) and old[2]
                    assert seen == kept_seen, (op, kind)
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
    dated = kind in ("set", "delete", "pain_after", "checkin", "nprs")
    day = max(start, now - dt.timedelta(days=op[1])) if dated else now
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
            # before_session: a check-in today after today's session is that morning's (the
            # terminal and the page ask; here any check-in on any day is a fair write)
            coach.checkin(
                patient, day, op[2], swelling=op[3], replace=True, before_session=True, today_=now
            )
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
        elif kind == "rescreen":
            questions = coach.screening_questions()
            replies = {q.id: "no" for q in questions}
            for q in questions:
                if q.level == op[1]:
                    replies[q.id] = "yes"
                    break
            coach.rescreen(patient, replies, now)
        elif kind == "nprs":
            outcomes.fill(patient, "nprs", {"pain": op[2]}, day, today_=now)
        elif kind == "fill_due":  # every form the current window still misses
            profile = coach_models.Profile.objects.get(user=patient)
            due = outcomes.due_for_profile(profile, now)
            for qid in due.missing if due else ():
                form = {i.id: i.options[0].value for i in questionnaires.questionnaire(qid).items}
                outcomes.fill(patient, qid, form, now, today_=now)
        elif kind == "drop_flag":  # a flag row deleted with no service involved
            flags = list(models.Flag.objects.filter(patient=patient).order_by("kind"))
            if flags:
                flags[op[1] % len(flags)].delete()
            return True
    except (Conflict, NotFound, ScreeningBlocked):
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
