"""Cold start of the CLI: repeated fresh processes of `kneecoach today`, `advise` and `--help`.

Target: `kneecoach today` under 400 ms (issue 2, section 6). Prints median and p95 per command,
and the median CPU time (user + system) of the processes, which a busy shared machine disturbs
less than the wall-clock time.
Run: .venv/bin/python bench/cli.py [--runs 20]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="compile every module from source in every process (PYTHONDONTWRITEBYTECODE=1)",
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kneecoach-bench-") as folder:
        env = {k: v for k, v in os.environ.items() if not k.startswith("KNEECOACH_")}
        env.pop("DATABASE_URL", None)
        env["KNEECOACH_DATA_DIR"] = folder
        _bytecode(env, Path(folder), compile_every_run=options.no_bytecode_cache)
        _run(["migrate"], env)
        _run(["demo"], env)
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
        for label, args, target in (
            ("kneecoach today --user demo", ["today", "--user", "demo"], 400.0),
            ("kneecoach advise FILE", ["advise", str(request)], None),
            ("kneecoach --help", ["--help"], None),
        ):
            _report(label, [_run(args, env) for _ in range(options.runs)], target)


if __name__ == "__main__":
    main()
