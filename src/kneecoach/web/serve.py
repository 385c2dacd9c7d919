"""``python -m kneecoach.web.serve``: run the web app under gunicorn, a production WSGI server.

``make run``, ``make serve``, the end-to-end tests and ``bench/web.py`` all start the server
through this one module, so what is measured and tested is what people run. Static files are
served by WhiteNoise inside the app; put a TLS proxy in front for the internet (see the docs).
"""

from __future__ import annotations

import argparse
import os
import sys


def default_workers() -> int:
    """One gthread worker per core (at most 4): threads, not processes, absorb the waiting."""
    return max(1, min(os.cpu_count() or 1, 4))


def gunicorn_argv(host: str, port: int, *, workers: int, threads: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "kneecoach.web.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--worker-class",
        "gthread",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        # X-Forwarded-* is believed from a proxy on this machine only.
        "--forwarded-allow-ips",
        "127.0.0.1,::1",
        "--no-control-socket",  # several servers (tests, bench) may run side by side
        "--graceful-timeout",
        "10",
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m kneecoach.web.serve", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args(argv)
    command = gunicorn_argv(args.host, args.port, workers=args.workers, threads=args.threads)
    os.execv(command[0], command)  # noqa: S606 - our own interpreter, fixed arguments


if __name__ == "__main__":
    main()
