"""Time to plan and decide: ``advise`` over a 12-week diary (target: under 5 ms).

Run: ``.venv/bin/python bench/engine.py [--runs N]``. Prints the median and p95 over many runs
(time.perf_counter) for an untrained and a trained person, each with 12 weeks of sessions, every
set logged per side, a morning check-in after each session, a flare and a relief period, and one
clinician override. Also prints the JSON round trip (``advise_json``) for the same diary. No
assertions: the figures are for reading (the project keeps timings out of the tests).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

from kneecoach.catalog.loader import load_catalog
from kneecoach.catalog.schema import Catalog
from kneecoach.programme.advice import advice_to_json
from kneecoach.programme.diary_json import advise_json
from kneecoach.programme.engine import advise
from kneecoach.programme.values import (
    ClinicianOverride,
    Diary,
    Dose,
    MorningCheckin,
    Profile,
    ScreeningRecord,
    SessionLog,
    SetLog,
)

START = date(2025, 1, 6)
WEEKS = 12
EQUIPMENT = frozenset(
    {"mat", "ankle-band", "mini-band", "wall", "soft-ball", "cable-machine", "ankle-strap",
     "ankle-weight", "resistance-band", "chair", "towel", "cushion"}
)  # fmt: skip
CLEAR = dict.fromkeys(
    ("E1", *(f"U{i}" for i in range(1, 9)), *(f"S{i}" for i in range(1, 8))), "no"
)


def session(catalog: Catalog, day: date, offset: int, focus: str | None) -> SessionLog:
    """All exercises of the focus at the top of their ranges; pain varies, with a flare day."""
    sets: list[SetLog] = []
    flare = offset == 40
    for exercise in catalog.exercises:
        if focus is not None and exercise.focus != focus:
            continue
        timed = exercise.dose.seconds is not None
        high = (exercise.dose.seconds or exercise.dose.reps or (1, 1))[1]
        sided = exercise.unilateral or exercise.dose.per_side
        for number in range(1, exercise.dose.sets[1] + 1):
            for side in ("left", "right") if sided else (None,):
                pain = 8 if flare else (offset * 7 + number) % 5
                amount = high - (1 if side == "left" and offset % 3 == 0 else 0)
                sets.append(
                    SetLog(exercise.slug, number, pain, side, None if timed else amount,  # type: ignore[arg-type]
                           amount if timed else None, effort=4)
                )  # fmt: skip
    return SessionLog(day, tuple(sets), pain_after=3, pain_before=2)


def twelve_week_diary(catalog: Catalog, trained: bool) -> Diary:
    sessions: list[SessionLog] = []
    checkins: list[MorningCheckin] = []
    focus_cycle = ["hip", "knee", "hip", None, "knee", "hip", "knee", None]
    for offset in range(WEEKS * 7):
        day = START + timedelta(days=offset)
        if 41 <= offset <= 45:  # relief period after the flare: check-ins only
            checkins.append(MorningCheckin(day, 5 if offset < 44 else 1))
            continue
        if trained:
            focus = focus_cycle[offset % 8]
            if focus is not None:
                sessions.append(session(catalog, day, offset, focus))
        elif offset % 2 == 0:
            sessions.append(session(catalog, day, offset, None))
        checkins.append(MorningCheckin(day + timedelta(days=1), 2 if offset % 5 else 3))
    override = ClinicianOverride(
        START + timedelta(days=60), "clamshell", Dose("clamshell", 0, 2, reps=12, per_side=True)
    )
    seen: set[date] = set()
    unique = [c for c in checkins if not (c.date in seen or seen.add(c.date))]  # type: ignore[func-returns-value]
    return Diary(
        tuple(sessions),
        tuple(unique),
        (override,),
        (ScreeningRecord(START, dict(CLEAR)),),  # type: ignore[arg-type]
    )


def timings(fn: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Median, p95 and minimum wall time in ms (the minimum shows the cost on a quiet CPU)."""
    for _ in range(min(runs, 20)):
        fn()  # warm up
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - began) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))], samples[0]


def show(label: str, figures: tuple[float, float, float]) -> str:
    median, p95, best = figures
    return f"{label}: median {median:.2f} ms, p95 {p95:.2f} ms, min {best:.2f} ms"


def to_request(profile: Profile, diary: Diary, today: date) -> str:
    """The same diary as an ``advise`` JSON request (docs/programme.md)."""
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return json.dumps({
        "today": today.isoformat(),
        "profile": {"trained": profile.trained, "start_date": profile.start_date.isoformat(),
                    "equipment": sorted(profile.equipment), "painful_side": profile.painful_side,
                    "weekdays": [days[d] for d in sorted(profile.weekdays)]},
        "diary": {
            "sessions": [{"date": s.date.isoformat(), "pain_before": s.pain_before,
                          "pain_after": s.pain_after,
                          "sets": [{"exercise": x.exercise, "set": x.set_number, "side": x.side,
                                    "reps": x.reps, "seconds": x.seconds, "pain": x.pain,
                                    "effort": x.effort} for x in s.sets]} for s in diary.sessions],
            "checkins": [{"date": c.date.isoformat(), "pain": c.pain} for c in diary.checkins],
            "screenings": [{"date": r.date.isoformat(), "answers": dict(r.answers)}
                           for r in diary.screenings],
        },
    })  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()
    catalog = load_catalog()
    today = START + timedelta(days=WEEKS * 7)
    print(f"advise over a {WEEKS}-week diary, {args.runs} runs (target: median under 5 ms)")
    for trained in (False, True):
        profile = Profile(trained=trained, start_date=START, equipment=EQUIPMENT,
                          painful_side="left")  # fmt: skip
        diary = twelve_week_diary(catalog, trained)
        report(catalog, profile, diary, today, args.runs)


def report(catalog: Catalog, profile: Profile, diary: Diary, today: date, runs: int) -> None:
    sets = sum(len(s.sets) for s in diary.sessions)
    advice = advise(profile, catalog, diary, today)
    label = "trained" if profile.trained else "untrained"
    print(
        f"  {label}: {len(diary.sessions)} sessions, {sets} sets, {len(diary.checkins)} "
        f"check-ins -> {len(advice.decisions)} decisions"
    )
    figures = timings(lambda: advise(profile, catalog, diary, today), runs)
    print(show("    advise (plan + decide)", figures))
    figures = timings(lambda: advice_to_json(advise(profile, catalog, diary, today)), runs)
    print(show("    advise + JSON dict    ", figures))
    request = to_request(profile, diary, today)
    figures = timings(lambda: advise_json(request, catalog), max(runs // 5, 20))
    print(show(f"    advise_json ({len(request) // 1024} KiB)", figures))


if __name__ == "__main__":
    main()
