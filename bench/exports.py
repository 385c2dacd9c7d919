"""How long each export takes for the demo person (two weeks of diary), in-process, warm.

Prints median and p95 per format: the calendar feed (ics), the FHIR bundle, the PDF handout of
the person and of one library exercise (each laid out anew: the memo of PDFs by their HTML is
emptied before each run, or every run after the first would be served from it), and the JSON
export.
Run: .venv/bin/python bench/exports.py [--runs 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from collections.abc import Callable


def _report(label: str, work: Callable[[], bytes], runs: int) -> None:
    work()  # warm: templates, fonts, the replay memo
    times, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        size = len(work())
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(
        f"{label:<24} median {statistics.median(times):8.1f} ms   p95 {p95:8.1f} ms   {size} bytes"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("KNEECOACH_DATA_DIR", tempfile.mkdtemp(prefix="kneecoach-bench-"))
    os.environ.setdefault("KNEECOACH_DEBUG", "1")
    from django.core.management import call_command
    from django.db import transaction

    from kneecoach.web import setup

    setup()
    call_command("migrate", verbosity=0)
    from kneecoach.exports.pdf import html_to_pdf
    from kneecoach.web.coach import services as coach
    from kneecoach.web.sharing import services as sharing

    today = dt.date.today()
    with transaction.atomic():
        coach.create_demo(today)
    user = coach.resolve_user("demo")
    now = dt.datetime.now(dt.UTC)
    with transaction.atomic():
        _report("ics (calendar feed)", lambda: sharing.calendar(user, now), args.runs)
        _report("fhir (bundle)", lambda: sharing.fhir_bundle(user, today, now), args.runs)
        _report("json", lambda: coach.export(user, "json", today), args.runs)

        def person() -> bytes:
            html_to_pdf.cache_clear()
            return sharing.handout_pdf(user, today)

        def exercise() -> bytes:
            html_to_pdf.cache_clear()
            return sharing.exercise_handout_pdf("clamshell", "en")

        _report("pdf (person handout)", person, args.runs)
        _report("pdf (one exercise)", exercise, args.runs)


if __name__ == "__main__":
    main()
