"""The demo person's printable handout (``kneecoach export --format pdf``, the web download, the
clinic's copy), in-process, split into its two halves: building the HTML (the use case and its
templates) and WeasyPrint turning it into PDF bytes (``exports.pdf.html_to_pdf``: parse, style,
lay out, draw, write).

Target: find where the ~4 s go. Prints the CPU time (``process_time``, which the shared machine's
load disturbs less) and the wall time of each half for three cases: the first handout in the
process (imports, templates, fonts: what each ``kneecoach export`` pays), a new handout in a warm
process (the web), the same handout again (same HTML: a second download, the clinic's copy);
also the page count and a digest of the PDF, to compare two commits' output byte for byte.
``--profile K`` adds cProfile's top K lines (new handouts), ``--pdf FILE`` keeps the PDF.

    uptime
    PYTHONPATH=src .venv/bin/python bench/handout.py --handouts 5

The data directory is ``KNEECOACH_DATA_DIR`` (made and filled with the demo on first use) or a
fresh temporary one; the handout's day is fixed, so every run prints the same document. To
compare two commits, run each checkout's copy alternately on one data directory
(``PYTHONPATH=<checkout>/src``): the split works on both, as it wraps ``pdf.html_to_pdf`` where
the use case looks it up.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import hashlib
import io
import os
import pstats
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
from request_cpu import prepare  # the same data directory: migrated, with the demo

SECRET = "bench-handout-Zx9c8v7b6n5m4Q3w2e1rTyUiOpAsDfGhJkLmN0p"  # noqa: S105 - a bench's own
TODAY = dt.date(2026, 12, 7)  # fixed, so that two runs (two commits) print the same handout


class Split:
    """CPU and wall seconds spent inside ``html_to_pdf`` (WeasyPrint), summed over calls."""

    def __init__(self, html_to_pdf: Callable[[str], bytes]) -> None:
        self.html_to_pdf = html_to_pdf
        self.cpu = self.wall = 0.0
        self.html_size = 0

    def __call__(self, html: str) -> bytes:
        self.html_size = len(html)
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return self.html_to_pdf(html)
        finally:
            self.cpu += time.process_time() - cpu
            self.wall += time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--handouts", type=int, default=5)
    parser.add_argument("--profile", type=int, metavar="K", help="print cProfile's top K lines")
    parser.add_argument("--pdf", type=Path, help="write the handout here")
    args = parser.parse_args()

    data_dir = Path(os.environ.setdefault("KNEECOACH_DATA_DIR", tempfile.mkdtemp()))
    os.environ.setdefault("KNEECOACH_SECRET_KEY", SECRET)
    prepare(data_dir)
    from kneecoach.web import setup  # Django's settings read the environment set above

    setup()
    from kneecoach.exports import pdf
    from kneecoach.web.coach import services as coach
    from kneecoach.web.sharing import services as sharing

    user = coach.resolve_user("demo")
    split = Split(pdf.html_to_pdf)
    pdf.html_to_pdf = split  # type: ignore[assignment]  # the use case looks it up at each call
    forget = getattr(split.html_to_pdf, "cache_clear", lambda: None)  # absent before the memo

    def fresh() -> bytes:
        forget()  # a handout not made before in this process
        return sharing.handout_pdf(user, TODAY, "en")

    def again() -> bytes:
        return sharing.handout_pdf(user, TODAY, "en")

    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; data {data_dir}")
    data = timed("first in the process", fresh, 1, split)  # what each `kneecoach export` pays
    pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    digest = hashlib.sha256(data).hexdigest()[:16]
    print(f"  {pages} pages, {len(data)} bytes, sha256 {digest}..., HTML {split.html_size} chars")
    timed("a new handout, warm", fresh, args.handouts, split)
    timed("the same handout again", again, args.handouts, split)
    if args.pdf:
        args.pdf.write_bytes(data)
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(repeat, fresh, args.handouts)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)


def timed(label: str, work: Callable[[], bytes], times: int, split: Split) -> bytes:
    """Runs ``work`` ``times`` times; prints the mean CPU and wall time per handout, whole and
    split into its halves."""
    split.cpu = split.wall = 0.0
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(times):
        data = work()
    cpu, wall = (time.process_time() - cpu) / times, (time.perf_counter() - wall) / times
    html_cpu, html_wall = cpu - split.cpu / times, wall - split.wall / times
    print(
        f"{label:<24} CPU {cpu * 1000:6.0f} ms (HTML {html_cpu * 1000:4.0f} + PDF "
        f"{split.cpu / times * 1000:5.0f})   wall {wall * 1000:6.0f} ms (HTML "
        f"{html_wall * 1000:4.0f} + PDF {split.wall / times * 1000:5.0f})   mean of {times}"
    )
    return data


def repeat(work: Callable[[], Any], times: int) -> None:
    for _ in range(times):
        work()


if __name__ == "__main__":
    main()
