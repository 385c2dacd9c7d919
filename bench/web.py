"""Web throughput and latency on loopback, with the server started as ``make run`` starts it.

A fresh SQLite data dir with the demo person, gunicorn (gthread) on 127.0.0.1, then for each
endpoint ``--clients`` threads, each with its own keep-alive connection, send requests back to
back for ``--seconds`` (after a short warm-up). Prints requests/s and p50/p99/max latency.
The patient's Today page and the log-a-set endpoint (``POST /api/sessions/{day}/sets``, as the
page's script sends it: session cookie and CSRF header) run as the logged-in demo person.
Target (issue 3): p99 < 100 ms with 50 concurrent clients on 2 cores, SQLite.

The clients run in this Python process on the same cores as the server, so the figures are a
floor for what the server does alone. Only 127.0.0.1 is contacted.

    .venv/bin/python bench/web.py [--clients 50] [--seconds 10] [--workers 2] [--threads 4]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kneecoach.web.serve import start_local

HOST = "127.0.0.1"
DEMO = ("demo", "kneecoach-demo")
MAX_CLIENTS = 200
MAX_SECONDS = 60


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
    body: str | None = None
    expect: int = 200


def log_a_set_call(port: int, cookie: str) -> tuple[str, Call]:
    """The demo's first exercise today, as the Today page's script logs a set of it (the same
    set logged again is a correction, so every request writes and the diary does not grow)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    conn.request("GET", "/api/today", headers={"Cookie": cookie})
    response = conn.getresponse()
    page = json.loads(response.read())
    assert response.status == 200 and page["session"], f"/api/today: {response.status}"
    items: list[dict[str, Any]] = page["session"]["items"]
    body: dict[str, Any] = {"exercise": "glute-bridge", "set_number": 1, "reps": 8, "pain": 2}
    if items:  # a training day: the first exercise at its dose (on a rest day, a bridge)
        item = items[0]
        body.update(
            exercise=item["exercise"],
            side=item["sides"][0] if item["sides"] else None,
            reps=item["dose"]["reps"],
            seconds=item["dose"]["seconds"],
        )
    return f"/api/sessions/{page['day']}/sets", Call("POST", json.dumps(body), 201)


def client_loop(
    port: int,
    path: str,
    headers: dict[str, str],
    stop_at: float,
    warm_until: float,
    result: Result,
    call: Call = Call(),
) -> None:
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    while (start := time.perf_counter()) < stop_at:
        try:
            conn.request(call.method, path, body=call.body, headers=headers)
            response = conn.getresponse()
            response.read()
            ok = response.status == call.expect
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=10)
            ok = False
        end = time.perf_counter()
        if start >= warm_until:
            if ok:
                result.latencies.append(end - start)
            else:
                result.errors += 1
    conn.close()


def run(
    port: int,
    path: str,
    headers: dict[str, str],
    clients: int,
    seconds: float,
    call: Call = Call(),
    label: str | None = None,
) -> None:
    warm = 1.0
    now = time.perf_counter()
    results = [Result() for _ in range(clients)]
    threads = [
        threading.Thread(
            target=client_loop,
            args=(port, path, headers, now + warm + seconds, now + warm, r, call),
        )
        for r in results
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = sorted(x for r in results for x in r.latencies)
    errors = sum(r.errors for r in results)
    name = label or path
    if not latencies:
        print(f"{name:<22} no successful requests ({errors} errors)")
        return
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(
        f"{name:<22} {len(latencies) / seconds:8.0f} req/s   p50 "
        f"{statistics.median(latencies) * 1000:6.1f} ms   p99 {p99 * 1000:6.1f} ms   max "
        f"{latencies[-1] * 1000:6.1f} ms   errors {errors}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    clients = max(1, min(args.clients, MAX_CLIENTS))
    seconds = max(1.0, min(args.seconds, MAX_SECONDS))
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="kneecoach-bench-") as data_dir:
        server = start_local(Path(data_dir), port, workers=args.workers, threads=args.threads)
        try:
            cookie = demo_session_cookie(port)
            print(
                f"kneecoach web bench: {clients} clients x {seconds:.0f} s per endpoint, "
                f"gunicorn gthread {args.workers} workers x {args.threads} threads, SQLite, "
                f"{os.cpu_count()} CPUs shared by clients and server"
            )
            run(port, "/", {}, clients, seconds)
            run(port, "/accounts/login/", {}, clients, seconds)
            run(port, "/api/health", {}, clients, seconds)
            run(port, "/accounts/", {"Cookie": cookie}, clients, seconds)
            run(port, "/api/me", {"Cookie": cookie}, clients, seconds)
            run(port, "/today/", {"Cookie": cookie}, clients, seconds)
            path, call = log_a_set_call(port, cookie)
            headers = {
                "Cookie": cookie,
                "Content-Type": "application/json",
                "X-CSRFToken": cookie.split("csrftoken=")[1].split(";")[0],
            }
            run(port, path, headers, clients, seconds, call, label="POST log-a-set")
        finally:
            server.terminate()
            server.wait(timeout=15)


if __name__ == "__main__":
    main()
