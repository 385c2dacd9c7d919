"""Cold start of the CLI: repeated fresh processes of `kneecoach today`, `advise` and `--help`.

Target: `kneecoach today` under 400 ms (issues 2 and 17). Prints median and p95 per command,
and the median CPU time (user + system) of the processes, which a busy shared machine disturbs
less than the wall-clock time. `today` is timed three ways: on an unchanged database (its memo
answers, kneecoach.cli.today_memo), after a write (each run preceded by an untimed UPDATE of the
person's row, so it takes the full path and remembers), and with the memo off
(KNEECOACH_TERMINAL_MEMO=off: the full path, remembering nothing).
Run: .venv/bin/python bench/cli.py [--runs 20]
Compare commits on a machine whose speed drifts (check the old one out with ``git worktree add
/tmp/old COMMIT``): .venv/bin/python bench/cli.py --compare /tmp/old . --runs 15
Where even alternating rounds drift too much, count instructions instead (valgrind's cachegrind,
about 15 s a run; the same count to 0.1% whatever else the machine does, but not a measure of
time: page faults, cache misses and the kernel's share are not in it):
.venv/bin/python bench/cli.py --compare /tmp/old . --instructions
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kneecoach.config import SQLITE_NAME

KNEECOACH = [sys.executable, "-m", "kneecoach.cli"]


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(args: list[str], env: dict[str, str], stdin: str | None = None) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds) of one fresh process."""
    started, cpu = time.perf_counter(), _cpu_seconds()
    result = subprocess.run(
        [*KNEECOACH, *args], env=env, input=stdin, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {result.stderr.strip()}")
    return elapsed, _cpu_seconds() - cpu


def _touch(env: dict[str, str]) -> None:
    """A write that changes nothing any page shows (the memo cannot know that): an UPDATE."""
    database = Path(env["KNEECOACH_DATA_DIR"]) / SQLITE_NAME
    with sqlite3.connect(database, isolation_level=None) as connection:
        connection.execute("UPDATE auth_user SET first_name = first_name WHERE username = 'demo'")


def _run_after_write(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    _touch(env)
    return _run(args, env)


def _report(label: str, runs: list[tuple[float, float]], target_ms: float | None = None) -> None:
    ms = sorted(wall * 1000 for wall, _ in runs)
    cpu_ms = statistics.median(cpu * 1000 for _, cpu in runs)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    verdict = ""
    if target_ms is not None:
        verdict = "  OK" if statistics.median(ms) < target_ms else f"  ABOVE {target_ms:.0f} ms"
    print(
        f"{label:<28} median {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms   "
        f"CPU {cpu_ms:7.1f} ms{verdict}"
    )


def _bytecode(env: dict[str, str], folder: Path, *, compile_every_run: bool) -> None:
    """Installed kneecoach runs from cached bytecode (pip compiles it; a source checkout writes
    __pycache__ on the first run). Where PYTHONDONTWRITEBYTECODE is set (CI, some containers),
    every process would compile our ~40 modules again (~40-150 ms here), so the children keep
    their bytecode in the benchmark's own folder instead of the source tree; the warm-up run
    below fills it. ``--no-bytecode-cache`` measures the compile-every-time case."""
    if compile_every_run:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
        return
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")


def _prepared_env(folder: Path, source: Path | None, *, compile_every_run: bool) -> dict[str, str]:
    """The environment of one checkout's runs: its own data directory in ``folder``, migrated
    and holding the demo person (made by that checkout's own code), and its own bytecode cache.
    ``source``: the checkout's ``src`` folder put first on the import path (None: the path this
    process was given, e.g. ``PYTHONPATH=src``)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KNEECOACH_")}
    env.pop("DATABASE_URL", None)
    env["KNEECOACH_DATA_DIR"] = str(folder)
    if source is not None:
        env["PYTHONPATH"] = str(source)
    _bytecode(env, folder, compile_every_run=compile_every_run)
    _run(["migrate"], env)
    _run(["demo"], env)
    return env


def _compare(checkouts: list[Path], runs: int, *, compile_every_run: bool) -> None:
    """``kneecoach today`` of several checkouts, one fresh process of each in turn, ``runs``
    rounds: a machine whose speed drifts (a shared one) moves them all alike, so the ratios
    hold where the absolute figures do not. The first checkout is the baseline."""
    with tempfile.TemporaryDirectory(prefix="kneecoach-bench-") as folder:
        envs = []
        for index, checkout in enumerate(checkouts):
            data = Path(folder) / str(index)
            data.mkdir()
            envs.append(_prepared_env(data, checkout / "src", compile_every_run=compile_every_run))
        today = ["today", "--user", "demo"]
        for env in envs:
            _run(today, env)  # warm the bytecode cache and the OS file cache
        for label, run in (("unchanged database", _run), ("after a write", _run_after_write)):
            cpu: list[list[float]] = [[] for _ in checkouts]
            for _ in range(runs):
                for times, env in zip(cpu, envs, strict=True):
                    times.append(run(today, env)[1] * 1000)
            print(f"kneecoach today --user demo, {label}, {runs} rounds alternating, median CPU")
            baseline = statistics.median(cpu[0])
            for checkout, times in zip(checkouts, cpu, strict=True):
                median = statistics.median(times)
                print(f"{checkout!s:<40} {median:7.1f} ms   x{median / baseline:5.2f}")


def _instructions(args: list[str], env: dict[str, str]) -> int:
    """Instructions one fresh process executes in user space (cachegrind's ``I refs``), with a
    fixed hash seed so that two runs of the same code on the same data count alike."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("--instructions needs valgrind (Debian: apt-get install valgrind)")
    result = subprocess.run(
        [
            valgrind, "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
            *KNEECOACH, *args,
        ],
        env={**env, "PYTHONHASHSEED": "0"}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    found = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    if result.returncode != 0 or found is None:
        raise SystemExit(f"{' '.join(args)} under valgrind failed: {result.stderr.strip()[-500:]}")
    return int(found.group(1).replace(",", ""))


def _compare_instructions(checkouts: list[Path], *, compile_every_run: bool) -> None:
    """``kneecoach today`` of several checkouts counted in instructions, on an unchanged
    database and after a write (each count once: it repeats to 0.1%)."""
    today = ["today", "--user", "demo"]
    with tempfile.TemporaryDirectory(prefix="kneecoach-bench-") as folder:
        envs = []
        for index, checkout in enumerate(checkouts):
            data = Path(folder) / str(index)
            data.mkdir()
            env = _prepared_env(data, checkout / "src", compile_every_run=compile_every_run)
            _run(today, env)  # bytecode cached, the day's decisions saved and remembered
            envs.append(env)
        for label, before in (("unchanged database", None), ("after a write", _touch)):
            print(f"kneecoach today --user demo, {label}, instructions (cachegrind)")
            counts = []
            for env in envs:
                if before is not None:
                    before(env)
                counts.append(_instructions(today, env))
            for checkout, count in zip(checkouts, counts, strict=True):
                print(f"{checkout!s:<40} {count / 1e6:9.1f} M   x{count / counts[0]:5.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="compile every module from source in every process (PYTHONDONTWRITEBYTECODE=1)",
    )
    parser.add_argument(
        "--compare",
        nargs="+",
        type=Path,
        metavar="CHECKOUT",
        help="alternate `today` between these checkouts (folders holding src/), the first as the "
        "baseline, and print each one's median CPU and its ratio to the baseline",
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="with --compare: count each checkout's instructions (valgrind) instead of timing",
    )
    options = parser.parse_args()
    if options.compare and options.instructions:
        _compare_instructions(options.compare, compile_every_run=options.no_bytecode_cache)
        return
    if options.compare:
        _compare(options.compare, options.runs, compile_every_run=options.no_bytecode_cache)
        return
    with tempfile.TemporaryDirectory(prefix="kneecoach-bench-") as folder:
        env = _prepared_env(Path(folder), None, compile_every_run=options.no_bytecode_cache)
        request = Path(folder) / "request.json"
        export = subprocess.run(
            [*KNEECOACH, "export", "--format", "json", "--user", "demo"],
            env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        document = json.loads(export.stdout)
        request.write_text(
            json.dumps({"profile": document["profile"], "diary": document["diary"]}),
            encoding="utf-8",
        )
        _run(["today", "--user", "demo"], env)  # warm the OS file cache once
        cache = "off" if options.no_bytecode_cache else "on"
        print(
            f"{options.runs} fresh processes each, Python {sys.version.split()[0]}, "
            f"bytecode cache {cache}"
        )
        today = ["today", "--user", "demo"]
        full_path = {**env, "KNEECOACH_TERMINAL_MEMO": "off"}
        for label, run, target in (
            ("kneecoach today --user demo", lambda: _run(today, env), 400.0),
            ("  after a write", lambda: _run_after_write(today, env), 400.0),
            ("  memo off (full path)", lambda: _run(today, full_path), 400.0),
            ("kneecoach advise FILE", lambda: _run(["advise", str(request)], env), None),
            ("kneecoach --help", lambda: _run(["--help"], env), None),
        ):
            _report(label, [run() for _ in range(options.runs)], target)


if __name__ == "__main__":
    main()
