"""Server CPU per request, in one process on Django's test client: no network, no other
process, so the figure is the code's own and moves little with the machine's load.

Scenarios (the demo person): ``today`` (``GET /api/today``, bearer token), ``page`` (``GET
/today/``, signed in), ``log`` (``POST /api/sessions/{day}/sets``: a correction of set 1 of
today's first exercise, pain alternating 2 and 3, so every request changes the diary, writes and
replays), ``health`` (``GET /api/health``, the framework's floor). Prints the mean CPU time per
request after a few warm-ups; ``--profile K`` adds cProfile's top K lines, ``--queries`` one
request's SQL statements. On PostgreSQL on this machine it adds the database backend's own CPU
per request (from ``/proc``), which the server process's figure does not include.

    uptime
    PYTHONPATH=src .venv/bin/python bench/request_cpu.py today page log --requests 300

The data directory is ``KNEECOACH_DATA_DIR`` (made and filled with the demo on first use) or a
fresh temporary one. To compare two commits, run each checkout's copy alternately on one data
directory (``PYTHONPATH=<checkout>/src``).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SECRET = "bench-request-cpu-Qw8e7r6t5y4u3i2o1pAsDfGhJkLzXcVbNm"  # noqa: S105 - a bench's own
WARM_UPS = 5


def prepare(data_dir: Path) -> None:
    """The data directory migrated and holding the demo person (once; bench/handout.py uses
    it too)."""
    marker = data_dir / "demo-ready"
    if marker.exists():
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    for command in ("migrate", "demo"):
        subprocess.run(
            [sys.executable, "-m", "kneecoach.cli", command], check=True, stdout=subprocess.DEVNULL
        )
    marker.touch()


def scenarios() -> dict[str, Callable[[], Any]]:
    """Each scenario as a function making one request (Django set up, the demo signed in)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from kneecoach.web.accounts import services

    user = get_user_model().objects.get(username="demo")
    services.revoke_all_tokens(user)  # each run makes one; the account holds at most 20
    token = services.create_token(user, "bench").token
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}", SERVER_NAME="127.0.0.1")
    page = json.loads(api.get("/api/today").content)
    item = page["session"]["items"][0]
    body: dict[str, Any] = {
        "exercise": item["exercise"],
        "set_number": 1,
        "reps": item["dose"]["reps"] or None,
        "seconds": item["dose"]["seconds"] or None,
        "pain": 2,
        "replace": True,
    }
    if item["sides"]:
        body["side"] = item["sides"][0]
    bodies = [json.dumps({**body, "pain": pain}) for pain in (2, 3)]
    sent = [0]
    browser = Client(SERVER_NAME="127.0.0.1")
    browser.force_login(user)

    def expect(response: Any, status: int) -> None:
        if response.status_code != status:
            raise SystemExit(f"{response.status_code} instead of {status}: {response.content!r}")

    def log() -> None:
        sent[0] += 1
        url = f"/api/sessions/{page['day']}/sets"
        expect(api.post(url, bodies[sent[0] % 2], content_type="application/json"), 201)

    return {
        "today": lambda: expect(api.get("/api/today"), 200),
        "page": lambda: expect(browser.get("/today/"), 200),
        "log": log,
        "health": lambda: expect(api.get("/api/health"), 200),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenario", nargs="+", choices=["today", "page", "log", "health"])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--profile", type=int, metavar="K", help="print cProfile's top K lines")
    parser.add_argument("--queries", action="store_true", help="print one request's SQL")
    args = parser.parse_args()

    data_dir = Path(os.environ.setdefault("KNEECOACH_DATA_DIR", tempfile.mkdtemp()))
    os.environ.setdefault("KNEECOACH_SECRET_KEY", SECRET)
    os.environ["KNEECOACH_ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    prepare(data_dir)
    from kneecoach.web import setup  # Django's settings read the environment set above

    setup()
    made = scenarios()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; data {data_dir}")
    for name in args.scenario:
        request = made[name]
        for _ in range(WARM_UPS):
            request()
        database_before = database_cpu_seconds()
        started = time.process_time()
        for _ in range(args.requests):
            request()
        spent = (time.process_time() - started) / args.requests * 1000
        print(f"{name:<7} {spent:6.2f} ms CPU per request ({args.requests} requests)", end="")
        database_after = database_cpu_seconds()
        if database_before is not None and database_after is not None:
            database = (database_after - database_before) / args.requests * 1000
            print(f", PostgreSQL's backend {database:.2f} ms more", end="")
        print()
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(repeat, request, args.requests)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)
        if args.queries:
            print_queries(request)


def database_cpu_seconds() -> float | None:
    """The CPU time (user + system) of this connection's PostgreSQL backend so far, read from
    ``/proc``: the database's own share of a request, which on a machine that also runs the
    server adds to the server's. None on SQLite (it runs inside this process, in the figure
    above) or when the server is on another machine (no such process here)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def repeat(request: Callable[[], Any], times: int) -> None:
    for _ in range(times):
        request()


def print_queries(request: Callable[[], Any]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        request()
    for query in captured.captured_queries:
        print("   ", query["sql"][:200])
    print(f"    {len(captured.captured_queries)} statements")


if __name__ == "__main__":
    main()
