"""The clinic overview's first-page latency as the number of patients grows (SQLite).

Seeds a fresh SQLite data dir, in steps, up to ``--patients`` people (default 10,000) spread
over four clinics, half of them in the first clinic (the one measured, so the table the query
runs over grows with the total: 500 patients at 1,000, 5,000 at 10,000). Each person gets 12
weeks of diary by bulk insert: a session every other day with a set of one exercise on each leg,
a morning check-in every day, a screening. Their flags are stored as the app stores them:
the pure rules of ``programme.flags`` run on each synthetic diary (pain rising, left/right
difference), and the overview's columns (last session, latest pain, the day a session fell due,
a relief period's start) written on the enrolment. The engine's replay is not run while
seeding (10,000 replays of 12 weeks would take minutes and the overview never replays); the
app's own path from a diary change to the stored flags is tested in tests/web/clinic.

At 1,000 and at 10,000 patients it prints the median and p95 over ``--repeat`` runs of the
first page of the overview for the clinic's clinician, for every sort and for the filters,
through the use case (``clinic.services.overview``: the SQL and the values) and through the
page (the Django test client: the view, the template, the HTML), the database's own share of
the use case (the queries' time), and the query plan's use of the indexes.

    .venv/bin/python bench/clinic.py [--patients 10000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any

CLINICS = 4
WEEKS = 12
TODAY = dt.date(2026, 12, 1)
STEPS = (1_000, 10_000)


def _setup(data_dir: str) -> None:
    os.environ["KNEECOACH_DATA_DIR"] = data_dir
    os.environ["KNEECOACH_DEBUG"] = "1"
    os.environ.pop("DATABASE_URL", None)
    from django.core.management import call_command

    from kneecoach import web

    web.setup()
    call_command("migrate", verbosity=0)


def _clinics() -> tuple[list[Any], Any]:
    from django.contrib.auth.models import User

    from kneecoach.web.clinic import models

    clinics = [models.Clinic.objects.create(name=f"Clinic {i + 1}") for i in range(CLINICS)]
    user = User.objects.create_user("bench-clinician", password="x" * 12)
    models.Clinician.objects.create(clinic=clinics[0], user=user, role="admin")
    return clinics, user


def _seed(first: int, last: int, clinics: list[Any], rng: random.Random) -> None:
    """People ``first`` .. ``last - 1``, with diaries, flags and enrolments, in bulk."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.db import transaction
    from django.utils import timezone

    from kneecoach.programme import flags as rules
    from kneecoach.programme import values
    from kneecoach.web.clinic import models
    from kneecoach.web.coach import models as coach

    start = TODAY - dt.timedelta(weeks=WEEKS)
    unusable = make_password(None)
    now = timezone.now()
    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(username=f"p{n:05d}", password=unusable) for n in range(first, last)]
        )
        profiles = coach.Profile.objects.bulk_create(
            [
                coach.Profile(
                    user=u,
                    trained=False,
                    painful_side="right",
                    start_date=start,
                    weekdays=list(range(7)),
                    equipment=["mat", "mini-band"],
                    screening_status="clear",
                )
                for u in users
            ]
        )
        diaries = {p.pk: _diary(start, rng) for p in profiles}
        sessions = coach.LoggedSession.objects.bulk_create(
            [
                coach.LoggedSession(profile=p, day=s.date, pain_after=s.pain_after)
                for p in profiles
                for s in diaries[p.pk].sessions
            ],
            batch_size=5000,
        )
        by_key = {(s.profile_id, s.day): s for s in sessions}
        coach.LoggedSet.objects.bulk_create(
            [
                coach.LoggedSet(
                    session=by_key[(p.pk, s.date)],
                    exercise=x.exercise,
                    set_number=x.set_number,
                    side=x.side or "both",
                    reps=x.reps,
                    pain=x.pain,
                )
                for p in profiles
                for s in diaries[p.pk].sessions
                for x in s.sets
            ],
            batch_size=5000,
        )
        coach.MorningCheckin.objects.bulk_create(
            [
                coach.MorningCheckin(profile=p, day=c.date, pain=c.pain)
                for p in profiles
                for c in diaries[p.pk].checkins
            ],
            batch_size=5000,
        )
        coach.ScreeningRecord.objects.bulk_create(
            [
                coach.ScreeningRecord(profile=p, answered_on=start, answers={}, result="clear")
                for p in profiles
            ]
        )
        enrolments, flags = [], []
        for index, (user, profile) in enumerate(zip(users, profiles, strict=True)):
            diary = diaries[profile.pk]
            found = [
                f
                for f in (
                    rules.pain_rising_rule(rules.pain_reports(diary)),
                    rules.side_difference_rule(diary),
                )
                if f is not None
            ]
            relief = TODAY - dt.timedelta(days=rng.randint(1, 12)) if rng.random() < 0.05 else None
            if relief is not None:
                found.append(rules.Flag("relief", relief, {}))
            last_session = max(s.date for s in diary.sessions)
            overdue = rng.random() < 0.1
            due = last_session + dt.timedelta(days=2)
            if overdue:
                last_session -= dt.timedelta(days=rng.randint(4, 20))
                due = last_session + dt.timedelta(days=2)
            flags += [
                models.Flag(patient=user, kind=f.kind, since=f.since, detail=f.detail)
                for f in found
            ]
            clinic = clinics[0] if (first + index) % 2 == 0 else clinics[1 + index % 3]
            reports = rules.pain_reports(diary)
            enrolments.append(
                models.Enrolment(
                    clinic=clinic,
                    patient=user,
                    display_name=user.username,
                    accepted_at=now,
                    last_session=last_session,
                    latest_pain=reports[-1].pain,
                    programme_state="relief" if relief else "training",
                    due_since=due,
                    relief_since=relief,
                    unseen_flags=len(found),
                    unseen_red=sum(rules.is_red(f.kind) for f in found),
                    flags_updated_at=now,
                )
            )
        models.Flag.objects.bulk_create(flags, batch_size=5000)
        models.Enrolment.objects.bulk_create(enrolments, batch_size=5000)
    del values  # imported for the type of the diaries only


def _diary(start: dt.date, rng: random.Random) -> Any:
    """12 weeks: a session every other day (a set of clamshells a leg), a check-in every day;
    pain wanders between 0 and 8 so some people end flagged."""
    from kneecoach.programme import values

    sessions, checkins = [], []
    pain = rng.randint(0, 4)
    for offset in range(WEEKS * 7):
        day = start + dt.timedelta(days=offset)
        pain = max(0, min(8, pain + rng.choice((-1, 0, 0, 0, 1))))
        checkins.append(values.MorningCheckin(day, pain))
        if offset % 2:
            continue
        weak = rng.random() < 0.2
        sets = tuple(
            values.SetLog(
                "clamshell",
                1,
                pain=pain,
                side=side,
                reps=10 - (2 if weak and side == "right" else 0),
            )
            for side in ("left", "right")
        )
        sessions.append(values.SessionLog(day, sets, pain_after=pain))
    return values.Diary(sessions=tuple(sessions), checkins=tuple(checkins))


def _timed(work: Callable[[], object], repeat: int) -> tuple[float, float]:
    work()  # warm: the first run reads the pages off the disk
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        work()
        samples.append((time.perf_counter() - began) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def _sql_ms(work: Callable[[], object], repeat: int) -> float:
    """The median over runs of the time the database took for the use case's queries (the
    part that would grow with the number of patients), timed around each query's execution."""
    from django.db import connection

    spent: list[float] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(time.perf_counter() - began)

    totals = []
    for _ in range(repeat):
        spent.clear()
        with connection.execute_wrapper(timed):
            work()
        totals.append(sum(spent) * 1000)
    return statistics.median(totals)


def _measure(user: Any, total: int, repeat: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from kneecoach.web.clinic import models, services
    from kneecoach.web.clinic.usecases import overview as overview_usecase

    if not getattr(_measure, "ready", False):
        setup_test_environment()  # the test client's host name, as in the test suite
        _measure.ready = True  # type: ignore[attr-defined]
    client = Client()
    client.force_login(user)
    in_clinic = models.Enrolment.objects.filter(clinic__clinicians__user=user).count()
    print(f"\n{total:>6} patients ({in_clinic} in the measured clinic), first page of 25:")
    cases = [(sort, "") for sort in services.SORTS] + [
        ("attention", f) for f in ("flagged", "pain_rising", "inactive", "relief_long")
    ]
    for sort, flag in cases:
        use_case = _timed(
            lambda s=sort, f=flag: services.overview(user, TODAY, sort=s, flag=f), repeat
        )
        page = _timed(lambda s=sort, f=flag: client.get(f"/clinic/?sort={s}&flag={f}"), repeat)
        sql = _sql_ms(lambda s=sort, f=flag: services.overview(user, TODAY, sort=s, flag=f), repeat)
        label = f"sort={sort}" + (f" flag={flag}" if flag else "")
        print(
            f"  {label:<32} SQL median {sql:5.2f} ms   use case median {use_case[0]:6.1f} ms"
            f"  p95 {use_case[1]:6.1f} ms   page median {page[0]:6.1f} ms  p95 {page[1]:6.1f} ms"
        )
    clinic_id = models.Clinician.objects.get(user=user).clinic_id
    rows = overview_usecase._ordered(
        overview_usecase._filtered(clinic_id, "", "", TODAY), "attention"
    )[:25]
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
    print(f"  plan (sort=attention): {plan}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=STEPS[-1])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kneecoach-bench-clinic-") as data_dir:
        _setup(data_dir)
        clinics, user = _clinics()
        rng = random.Random(15)
        seeded = 0
        for step in [s for s in STEPS if s < args.patients] + [args.patients]:
            began = time.perf_counter()
            for first in range(seeded, step, 1000):
                _seed(first, min(step, first + 1000), clinics, rng)
            print(f"seeded {step - seeded} patients in {time.perf_counter() - began:.1f} s")
            seeded = step
            _measure(user, seeded, args.repeat)


if __name__ == "__main__":
    main()
