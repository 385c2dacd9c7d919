"""Crash durability: are acknowledged writes still there after ``kill -9`` of the server?

Starts the real server (``python -m kneecoach.web.serve``, gunicorn, as ``make run`` does) on a
fresh SQLite data directory, or on PostgreSQL with ``--database-url`` (or ``DATABASE_URL``),
runs writer threads that log sets through the JSON API with bearer tokens, and in each cycle
``kill -9``s the server's whole process group in the middle of the load. While it is down,
the database gets its own integrity check (SQLite's ``PRAGMA integrity_check``, PostgreSQL's
``amcheck`` on every index); then the server is started again and every write
it had answered 201 to, in this cycle and all earlier ones, is looked for through the API. Each
write has its own set (day, exercise, set number, side) and a note naming it, so a missing or
rolled-back write cannot hide behind another one.

    python bench/durability.py                       # 10 cycles on SQLite
    python bench/durability.py --cycles 3 --writers 8
    python bench/durability.py --database-url postgres://postgres@127.0.0.1:5432/kneecoach

Prints the cycles, the writes acknowledged, the writes lost and the integrity checks. The server
runs in debug mode with ``make run``'s settings (local_env): what is measured is the storage,
not the error pages. tests/web/test_durability.py runs two short cycles of it in ``make test``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

START_DAYS_BACK = 27  # the programme started this long ago: that many days can take sets

SETUP = """
import json, sys, datetime as dt
from kneecoach.cli.startup import ensure_database
ensure_database()
from django.db import transaction
from kneecoach.catalog.loader import default_catalog
from kneecoach.web.accounts.services import create_token
from kneecoach.web.coach import services as coach
writers, days_back = int(sys.argv[1]), int(sys.argv[2])
today = dt.date.today()
start = today - dt.timedelta(days=days_back)
tokens = []
with transaction.atomic():
    for i in range(writers):
        user = coach.ensure_user(f"durability-{i}-{today:%Y%m%d%H%M%S}-{dt.datetime.now():%f}")
        coach.onboard(
            user,
            coach.ProfileInput(trained=False, start_date=start, painful_side="left",
                               equipment=frozenset({"mat", "mini-band", "ankle-band", "wall",
                                                    "soft-ball"})),
            {q.id: "no" for q in coach.screening_questions()},
            today,
        )
        tokens.append(create_token(user, "durability").token)
exercises = [
    {"slug": e.slug, "sides": e.unilateral or e.dose.per_side, "timed": e.dose.timed}
    for e in default_catalog().exercises
]
print(json.dumps({"tokens": tokens, "start": start.isoformat(), "exercises": exercises}))
"""


@dataclass(frozen=True)
class Write:
    """One set, acknowledged by the server (201)."""

    token: str
    day: str
    exercise: str
    set_number: int
    side: str | None
    note: str


@dataclass
class Figures:
    cycles: int = 0
    acknowledged: int = 0
    lost: int = 0
    failed_requests: int = 0
    errors: list[str] = field(default_factory=list)
    integrity: list[str] = field(default_factory=list)
    lost_writes: list[Write] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    from kneecoach.web.serve import local_env

    env = local_env(data_dir)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [*sys.path[:1], env.get("PYTHONPATH")]))
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "from kneecoach.cli import main; raise SystemExit(main())", *args],
        env=env, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"kneecoach {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def setup(env: dict[str, str], writers: int) -> dict[str, object]:
    cli(env, "migrate")
    done = subprocess.run(
        [sys.executable, "-c", SETUP, str(writers), str(START_DAYS_BACK)],
        env=env, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"setting the writers up failed:\n{done.stderr}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def start_server(
    env: dict[str, str], port: int, log: Path, processes: int = 2
) -> subprocess.Popen[bytes]:
    """The server in a process group of its own (gunicorn's master and workers), so one
    ``killpg`` is the power cut."""
    argv = [sys.executable, "-m", "kneecoach.web.serve", "--host", "127.0.0.1",
            "--port", str(port), "--workers", str(processes), "--threads", "4",
            "--no-job-worker"]  # fmt: skip
    with log.open("ab") as out:
        process = subprocess.Popen(
            argv, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2):
                return process
        except OSError:
            time.sleep(0.1)
    kill(process)
    raise RuntimeError(f"the server did not start:\n{log.read_text()[-3000:]}")


def kill(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def request(port: int, token: str, method: str, path: str, body: object = None) -> object:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=data,
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as response:  # noqa: S310
        return json.loads(response.read() or b"null")


def set_keys(
    start: dt.date, exercises: list[dict[str, object]], writer: int
) -> Iterator[tuple[str, str, int, str | None]]:
    """Every (day, exercise, set number, side) a writer can log, each once, in a fixed order."""
    days = [(start + dt.timedelta(days=k)).isoformat() for k in range(START_DAYS_BACK + 1)]
    random.Random(writer).shuffle(days)
    for day in days:
        for set_number in range(1, 21):
            for exercise in exercises:
                for side in ("left", "right") if exercise["sides"] else (None,):
                    yield day, str(exercise["slug"]), set_number, side


class Writers:
    """Threads that log sets until the server stops answering; each keeps what was acked."""

    def __init__(
        self,
        port: int,
        setup: dict[str, object],
        keys: list[Iterator[tuple[str, str, int, str | None]]],
        cycle: int,
    ) -> None:
        self.port = port
        self.tokens: list[str] = setup["tokens"]  # type: ignore[assignment]
        self.timed = {str(e["slug"]): bool(e["timed"]) for e in setup["exercises"]}  # type: ignore[attr-defined]
        self.keys = keys
        self.cycle = cycle
        self.acked: list[Write] = []
        self.failed = 0
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [
            threading.Thread(target=self.write, args=(i,), daemon=True)
            for i in range(len(self.tokens))
        ]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def wait_for(self, count: int, timeout: float = 60.0) -> None:
        """Until ``count`` writes of this cycle are acknowledged (or ``timeout`` seconds)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.acked) >= count:
                    return
            time.sleep(0.02)

    def join(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def write(self, index: int) -> None:
        token, keys = self.tokens[index], self.keys[index]
        sequence = 0
        while not self.stop.is_set():
            day, exercise, set_number, side = next(keys)
            sequence += 1
            note = f"c{self.cycle}-w{index}-{sequence}"
            body = {"exercise": exercise, "set_number": set_number, "side": side, "pain": 2,
                    "note": note, "seconds" if self.timed[exercise] else "reps": 10}  # fmt: skip
            try:
                request(self.port, token, "POST", f"/api/sessions/{day}/sets", body)
            except urllib.error.HTTPError as error:  # answered, but not 201: a server problem
                with self.lock:
                    self.errors.append(f"{error.code} {error.read()[:200]!r}")
                continue
            except (OSError, http.client.HTTPException):
                # Refused, or cut off before the whole answer came (a 201 status line with half
                # a body included): not acknowledged, so it may or may not be saved.
                with self.lock:
                    self.failed += 1
                time.sleep(0.05)
                continue
            with self.lock:
                self.acked.append(Write(token, day, exercise, set_number, side, note))


def missing(port: int, writes: list[Write]) -> list[Write]:
    """The acknowledged writes the restarted server does not have (by day's notes)."""
    saved: dict[tuple[str, str], set[str]] = {}
    for write in writes:
        key = (write.token, write.day)
        if key not in saved:
            saved[key] = notes_on(port, write.token, write.day)
    return [w for w in writes if w.note not in saved[(w.token, w.day)]]


def notes_on(port: int, token: str, day: str) -> set[str]:
    """The notes of the sets saved on ``day`` (none when no session is saved that day: 404)."""
    try:
        session = request(port, token, "GET", f"/api/sessions/{day}")
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return set()
        raise
    return {s["note"] for s in session["sets"]}  # type: ignore[index]


def integrity_check(data_dir: Path, database_url: str | None) -> str:
    """The database's own check, with the server dead: SQLite's ``PRAGMA integrity_check`` of
    the file (its WAL recovered on open); on PostgreSQL, ``amcheck``'s ``bt_index_check`` with
    ``heapallindexed`` on every index of the tables (each table row has its index entries)."""
    if database_url:
        return postgres_check(database_url)
    with contextlib.closing(sqlite3.connect(data_dir / "kneecoach.sqlite3")) as db:
        rows = db.execute("PRAGMA integrity_check").fetchall()
    return "; ".join(str(row[0]) for row in rows)


BTREE_INDEXES = """
SELECT c.oid FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_am a ON a.oid = c.relam
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE a.amname = 'btree' AND n.nspname = current_schema() AND i.indisvalid
"""


def postgres_check(database_url: str) -> str:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as db:
        try:
            db.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        except psycopg.Error as error:
            return f"n/a (amcheck: {str(error).strip().splitlines()[0]})"
        indexes = [row[0] for row in db.execute(BTREE_INDEXES).fetchall()]
        try:
            for oid in indexes:
                db.execute("SELECT bt_index_check(%s::regclass, true)", (oid,))
        except psycopg.Error as error:
            return f"failed: {str(error).strip().splitlines()[0]}"
    return "ok"


def run(
    cycles: int = 10,
    writers: int = 4,
    load_seconds: tuple[float, float] = (1.0, 3.0),
    database_url: str | None = None,
    data_dir: Path | None = None,
    seed: int = 2026,
    processes: int = 2,
) -> Figures:
    """``cycles`` times: start the server, load it until each writer could have had a write
    acknowledged and then for a random time in ``load_seconds``, ``kill -9`` it, check the
    file; then restart and count the acknowledged writes missing. ``processes``: gunicorn
    worker processes (4 threads each)."""
    rng = random.Random(seed)
    folder = data_dir or Path(tempfile.mkdtemp(prefix="kneecoach-durability-"))
    env = server_env(folder, database_url)
    port = free_port()
    log = folder / "durability-server.log"
    people = setup(env, writers)
    start = dt.date.fromisoformat(str(people["start"]))
    keys = [set_keys(start, people["exercises"], i) for i in range(writers)]  # type: ignore[arg-type]
    figures = Figures()
    acked: list[Write] = []
    for cycle in range(1, cycles + 1):
        server = start_server(env, port, log, processes)
        lost = missing(port, acked)  # what the cuts so far lost, seen by the restarted server
        figures.lost_writes.extend(w for w in lost if w not in figures.lost_writes)
        load = Writers(port, people, keys, cycle)
        load.start()
        load.wait_for(writers)  # under way (a loaded machine's first answers are slow)
        time.sleep(rng.uniform(*load_seconds))
        kill(server)  # kill -9, the whole process group, mid-request
        load.join()
        acked.extend(load.acked)
        figures.failed_requests += load.failed
        figures.errors.extend(load.errors)
        figures.integrity.append(integrity_check(folder, database_url))
        figures.cycles = cycle
    server = start_server(env, port, log, processes)
    try:
        lost = missing(port, acked)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    figures.lost_writes.extend(w for w in lost if w not in figures.lost_writes)
    figures.acknowledged = len(acked)
    figures.lost = len(figures.lost_writes)
    return figures


def report(figures: Figures, database: str) -> str:
    ok = sum(1 for result in figures.integrity if result == "ok")
    lines = [
        f"database: {database}",
        f"cycles (kill -9 under write load): {figures.cycles}",
        f"writes acknowledged (201): {figures.acknowledged}",
        f"writes lost: {figures.lost}",
        f"requests cut off or refused (not acknowledged): {figures.failed_requests}",
        f"requests answered with an error: {len(figures.errors)}",
        f"integrity_check: {ok} of {len(figures.integrity)} ok "
        f"({', '.join(sorted(set(figures.integrity)))})",
    ]
    lines += [f"  lost: {w.day} {w.exercise} set {w.set_number} {w.side} ({w.note})"
              for w in figures.lost_writes[:20]]  # fmt: skip
    lines += [f"  error: {e}" for e in figures.errors[:10]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=10)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    figures = run(
        cycles=args.cycles, writers=args.writers, database_url=args.database_url, seed=args.seed
    )
    where = args.database_url.rsplit("@", 1)[-1] if args.database_url else "SQLite (WAL)"
    print(report(figures, where))
    broken = [r for r in figures.integrity if r != "ok" and not r.startswith("n/a")]
    sys.exit(1 if figures.lost or figures.errors or broken else 0)


if __name__ == "__main__":
    main()
