"""``python -m kneecoach.web.serve``: run the web app under gunicorn, a production WSGI server.

``make run``, ``make serve``, the end-to-end tests and ``bench/web.py`` all start the server
through this one module, so what is measured and tested is what people run. Beside gunicorn it
starts one ``kneecoach worker`` for background jobs (``--no-job-worker`` when workers run on
other machines). Static files are
served by WhiteNoise inside the app; put a TLS proxy in front for the internet (see the docs).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

from kneecoach.config import TIME_ZONE, Config, ConfigError, load_config, require_mail


def default_workers() -> int:
    """One gthread worker per core (at most 4): threads, not processes, absorb the waiting."""
    return max(1, min(os.cpu_count() or 1, 4))


def gunicorn_argv(
    host: str, port: int, *, workers: int, threads: int, trusted_proxies: Sequence[str]
) -> list[str]:
    """The gunicorn command. ``trusted_proxies`` (``KNEECOACH_TRUSTED_PROXIES``: addresses and
    networks) are the peers whose ``X-Forwarded-Proto`` gunicorn believes, so the server and
    ``web/clientip.py`` trust the same proxies. None trusted is an empty list, which gunicorn
    reads as no peer at all; leaving the option out would fall back to gunicorn's default (the
    loopback, or ``$FORWARDED_ALLOW_IPS``), trusting a proxy the app was told not to trust."""
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
        "--forwarded-allow-ips",  # gunicorn >= 24.1 takes networks as well as addresses
        ",".join(trusted_proxies),
        "--no-control-socket",  # several servers (tests, bench) may run side by side
        "--graceful-timeout",
        "10",
    ]


def local_env(data_dir: Path) -> dict[str, str]:
    """The environment ``make run`` gives the server: debug on, SQLite under ``data_dir``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KNEECOACH_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(KNEECOACH_DEBUG="1", KNEECOACH_DATA_DIR=str(data_dir))
    return env


def start_local(
    data_dir: Path,
    port: int,
    *,
    workers: int = 2,
    threads: int = 4,
    extra_env: Mapping[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    """What ``make run`` does, for the browser tests and bench/web.py: migrate, create the demo
    person, start this module (gunicorn and a job worker) on 127.0.0.1:``port``; returns once
    /api/health answers. ``terminate()`` on the result stops both. ``extra_env``: settings on
    top of ``make run``'s (the browser tests trust the loopback as a proxy, see their conftest)."""
    env = {**local_env(data_dir), **(extra_env or {})}
    cli = [sys.executable, "-c", "from kneecoach.cli import main; main()"]
    for command in ("migrate", "demo"):
        subprocess.run([*cli, command], env=env, check=True, capture_output=True)  # noqa: S603
    log_path = data_dir / "server.log"
    argv = [
        sys.executable,
        "-m",
        "kneecoach.web.serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--threads",
        str(threads),
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 120  # a loaded 2-core machine boots the workers slowly
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2):
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"the server did not start:\n{log_path.read_text()}")


def worker_argv() -> list[str]:
    """``kneecoach worker``: the background jobs (camera analyses) beside the web server."""
    return [
        sys.executable,
        "-c",
        "from kneecoach.cli import main; raise SystemExit(main())",
        "worker",
    ]


def run_with_worker(server: list[str], *, job_grace_s: float = 300.0) -> int:
    """Run the server and one job worker until either stops or we are told to stop.

    The children run in sessions of their own, so a Ctrl-C in the terminal reaches only this
    process, which asks each child to stop exactly once: a second signal would make the worker
    abandon the analysis it is running (and leave its video behind). The worker gets
    ``job_grace_s`` to finish that analysis before it is killed.
    """
    worker = subprocess.Popen(worker_argv(), start_new_session=True)  # noqa: S603
    web = subprocess.Popen(server, start_new_session=True)  # noqa: S603
    stop = {"asked": False}

    def forward(signum: int, frame: object) -> None:
        if stop["asked"]:
            return
        stop["asked"] = True
        for child in (web, worker):
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    while web.poll() is None and worker.poll() is None and not stop["asked"]:
        time.sleep(0.5)
    asked = stop["asked"]
    forward(signal.SIGTERM, None)
    code = web.wait()
    try:
        worker.wait(timeout=job_grace_s)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
    return 0 if asked else code or 1


def safe_configuration() -> Config:
    """The environment's configuration, or a stop with one line (``error: <variable>: <why>``,
    exit 1) before gunicorn starts, when it would make the workers fail to load or run unsafely;
    gunicorn would otherwise print each worker's traceback and keep trying."""
    try:
        config = load_config()
        require_mail(config)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
    return config


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m kneecoach.web.serve", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--no-job-worker",
        action="store_true",
        help="do not start `kneecoach worker` beside the server (run workers elsewhere)",
    )
    args = parser.parse_args(argv)
    config = safe_configuration()
    # Django sets TZ to its TIME_ZONE in each process that loads the settings (the gunicorn
    # workers, the job worker); set here, the gunicorn master's log lines carry the same offset.
    os.environ["TZ"] = TIME_ZONE
    time.tzset()
    command = gunicorn_argv(
        args.host,
        args.port,
        workers=args.workers,
        threads=args.threads,
        trusted_proxies=config.trusted_proxies,
    )
    if args.no_job_worker:
        os.execv(command[0], command)  # noqa: S606 - our own interpreter, fixed arguments
    sys.exit(run_with_worker(command))


if __name__ == "__main__":
    main()
