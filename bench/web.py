"""Web throughput and latency on loopback, with the server started as ``make run`` starts it.

A fresh SQLite data dir with the demo person, gunicorn (gthread) on 127.0.0.1, then for each
endpoint two runs of ``--clients`` clients, each on its own keep-alive connection:

- closed loop: every client sends its next request as soon as the last one is answered. This
  measures throughput; with N clients the median latency is about N / throughput, whatever the
  server does, so it says how many requests per second fit, not how fast a person is served.
- paced: every client sends one request every ``--interval`` seconds (1 s: fifty people using the
  app at once, each tapping about once a second), at a random phase; each connects at its first
  request, as a browser does when its person opens the page (all fifty connecting at once
  pinned most keep-alive connections to one gunicorn worker). Latency is counted from
  the moment the request was due, so a server that falls behind is not flattered by clients
  that wait for it. The issue's target (p99 < 100 ms, 50 clients, 2 cores, SQLite) is judged
  on this run; see docs/performance.md.

The patient's Today page and the log-a-set endpoint (``POST /api/sessions/{day}/sets``, as the
page's script sends it: session cookie and CSRF header) run as the logged-in demo person.
The clients are one asyncio loop in this process (pre-built requests, raw sockets, minimal
parsing) so that they take as little of the shared CPUs from the server as they can; run
``uptime`` first, the machine's other work counts. Only 127.0.0.1 is contacted.

    .venv/bin/python bench/web.py [--clients 50] [--seconds 8] [--interval 1.0]
                                  [--workers 2] [--threads 4] [--only today,log-a-set]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import random
import re
import socket
import statistics
import tempfile
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kneecoach.web.serve import start_local

HOST = "127.0.0.1"
DEMO = ("demo", "kneecoach-demo")
MAX_CLIENTS = 200
MAX_SECONDS = 60
WARM_SECONDS = 1.0


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def demo_session_cookie(port: int) -> str:
    """Log the demo person in through the real form (CSRF and all); returns the Cookie header."""
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    html = response.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert csrf_cookie and token, "no CSRF token on the log-in page"
    body = urllib.parse.urlencode(
        {"username": DEMO[0], "password": DEMO[1], "csrfmiddlewaretoken": token.group(1)}
    )
    headers = {
        "Cookie": f"csrftoken={csrf_cookie.group(1)}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    conn.request("POST", "/accounts/login/", body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie") or "")
    assert response.status == 302 and session, f"demo log-in failed: {response.status}"
    return f"csrftoken={csrf_cookie.group(1)}; sessionid={session.group(1)}"


@dataclass(frozen=True)
class Call:
    """What each client sends over and over: GET by default, or a JSON POST (log-a-set)."""

    method: str = "GET"
    bodies: tuple[str, ...] = ()  # sent in turn
    expect: int = 200


def log_a_set_call(port: int, cookie: str) -> tuple[str, Call]:
    """The demo's first exercise today, as the Today page's script logs a set of it (the same
    set logged again, with ``replace``, is a correction, so the diary does not grow; without it
    every request after the first would be a 409). The pain alternates between
    2 and 3, so every request really changes the diary and the engine replays a new one."""
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    conn.request("GET", "/api/today", headers={"Cookie": cookie})
    response = conn.getresponse()
    page = json.loads(response.read())
    assert response.status == 200 and page["session"], f"/api/today: {response.status}"
    items: list[dict[str, Any]] = page["session"]["items"]
    body: dict[str, Any] = {
        "exercise": "glute-bridge",
        "set_number": 1,
        "reps": 8,
        "pain": 2,
        "replace": True,
    }
    if items:  # a training day: the first exercise at its dose (on a rest day, a bridge)
        item = items[0]
        body.update(
            exercise=item["exercise"],
            side=item["sides"][0] if item["sides"] else None,
            reps=item["dose"]["reps"],
            seconds=item["dose"]["seconds"],
        )
    bodies = tuple(json.dumps({**body, "pain": pain}) for pain in (2, 3))
    return f"/api/sessions/{page['day']}/sets", Call("POST", bodies, 201)


def raw_requests(port: int, path: str, headers: dict[str, str], call: Call) -> list[bytes]:
    """The requests' bytes (one per body), built once and sent over and over."""
    lines = [f"{call.method} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: keep-alive"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    head = "\r\n".join(lines)
    if not call.bodies:
        return [(head + "\r\n\r\n").encode()]
    return [
        f"{head}\r\nContent-Length: {len(body.encode())}\r\n\r\n".encode() + body.encode()
        for body in call.bodies
    ]


async def exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> int:
    """Send one request, read the whole response (Content-Length framed); its status."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    match = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", head)
    if match is None:
        raise ConnectionError("a response without Content-Length")
    await reader.readexactly(int(match.group(1)))
    return status


async def client(
    port: int,
    requests: list[bytes],
    expect: int,
    schedule: Schedule,
    result: Result,
) -> None:
    loop = asyncio.get_running_loop()
    due = schedule.first_due()
    if schedule.interval:  # a person's browser connects when they first open the page
        await asyncio.sleep(max(0.0, due - loop.time()))
    reader, writer = await asyncio.open_connection(HOST, port)
    sent = 0
    try:
        while due < schedule.stop_at:
            if schedule.interval:
                await asyncio.sleep(max(0.0, due - loop.time()))
            start = due if schedule.interval else loop.time()
            try:
                request = requests[sent % len(requests)]
                sent += 1
                ok = await exchange(reader, writer, request) == expect
            except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError):
                writer.close()
                reader, writer = await asyncio.open_connection(HOST, port)
                ok = False
            end = loop.time()
            if start >= schedule.warm_until:
                if ok:
                    result.latencies.append(end - start)
                else:
                    result.errors += 1
            due = due + schedule.interval if schedule.interval else end
    finally:
        writer.close()


@dataclass
class Schedule:
    """When a client sends: back to back (``interval`` 0) or every ``interval`` seconds from a
    random phase; only requests due after ``warm_until`` count."""

    warm_until: float
    stop_at: float
    interval: float
    rng: random.Random

    def first_due(self) -> float:
        start = self.warm_until - WARM_SECONDS
        return start + (self.rng.uniform(0, self.interval) if self.interval else 0.0)


async def load(
    port: int, requests: list[bytes], expect: int, clients: int, seconds: float, interval: float
) -> list[Result]:
    loop = asyncio.get_running_loop()
    now = loop.time()
    rng = random.Random(2026)
    results = [Result() for _ in range(clients)]
    schedules = [
        Schedule(now + WARM_SECONDS, now + WARM_SECONDS + seconds, interval, rng) for _ in results
    ]
    await asyncio.gather(
        *(
            client(port, requests, expect, sched, r)
            for sched, r in zip(schedules, results, strict=True)
        )
    )
    return results


def run(
    port: int,
    path: str,
    headers: dict[str, str],
    clients: int,
    seconds: float,
    call: Call = Call(),
    label: str | None = None,
    interval: float = 0.0,
) -> None:
    requests = raw_requests(port, path, headers, call)
    results = asyncio.run(load(port, requests, call.expect, clients, seconds, interval))
    latencies = sorted(x for r in results for x in r.latencies)
    errors = sum(r.errors for r in results)
    mode = f"paced {interval:g} s" if interval else "closed"
    name = f"{label or path} [{mode}]"
    if not latencies:
        print(f"{name:<34} no successful requests ({errors} errors)")
        return
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(
        f"{name:<34} {len(latencies) / seconds:7.0f} req/s   p50 "
        f"{statistics.median(latencies) * 1000:7.1f} ms   p99 {p99 * 1000:7.1f} ms   max "
        f"{latencies[-1] * 1000:7.1f} ms   errors {errors}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--interval", type=float, default=1.0, help="paced run: s per client")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--only", default="", help="comma-separated: " + ",".join(ENDPOINTS))
    args = parser.parse_args()
    clients = max(1, min(args.clients, MAX_CLIENTS))
    seconds = max(1.0, min(args.seconds, MAX_SECONDS))
    interval = max(0.05, min(args.interval, 10.0))
    only = [name for name in args.only.split(",") if name] or list(ENDPOINTS)
    unknown = sorted(set(only) - set(ENDPOINTS))
    if unknown:
        parser.error(f"--only: unknown {', '.join(unknown)}; choose from {', '.join(ENDPOINTS)}")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="kneecoach-bench-") as data_dir:
        server = start_local(Path(data_dir), port, workers=args.workers, threads=args.threads)
        try:
            cookie = demo_session_cookie(port)
            print(
                f"kneecoach web bench: {clients} clients x {seconds:.0f} s per run, "
                f"gunicorn gthread {args.workers} workers x {args.threads} threads, SQLite, "
                f"{os.cpu_count()} CPUs shared by clients and server; "
                f"load average {os.getloadavg()[0]:.2f} at the start",
                flush=True,
            )
            for name in only:
                path, headers, call = ENDPOINTS[name](port, cookie)
                for pace in (0.0, interval):
                    run(port, path, headers, clients, seconds, call, name, pace)
        finally:
            server.terminate()
            server.wait(timeout=15)
        print(f"load average {os.getloadavg()[0]:.2f} at the end")


def _get(path: str, *, signed_in: bool) -> Endpoint:
    def endpoint(port: int, cookie: str) -> tuple[str, dict[str, str], Call]:
        return path, ({"Cookie": cookie} if signed_in else {}), Call()

    return endpoint


def _log_a_set(port: int, cookie: str) -> tuple[str, dict[str, str], Call]:
    path, call = log_a_set_call(port, cookie)
    headers = {
        "Cookie": cookie,
        "Content-Type": "application/json",
        "X-CSRFToken": cookie.split("csrftoken=")[1].split(";")[0],
    }
    return path, headers, call


Endpoint = Callable[[int, str], tuple[str, dict[str, str], Call]]
ENDPOINTS: dict[str, Endpoint] = {
    "home": _get("/", signed_in=False),
    "health": _get("/api/health", signed_in=False),
    "account": _get("/accounts/", signed_in=True),
    "today": _get("/today/", signed_in=True),
    "api-today": _get("/api/today", signed_in=True),
    "log-a-set": _log_a_set,
}


if __name__ == "__main__":
    main()
