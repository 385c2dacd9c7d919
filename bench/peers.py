"""kneecoach beside wger under the same ``wrk`` load, with the ratios, in one run.

Runs the two peer harnesses (``kc_bench.sh`` and ``wger_bench.sh``: gunicorn on 127.0.0.1,
``wrk`` at each connection count, server CPU per request read from ``/proc``) in interleaved
rounds, so each kneecoach figure has a wger figure taken minutes apart on the same machine, and
prints one markdown table: req/s and CPU per request for both, and kneecoach's rate over wger's.
The issue's targets (docs/performance.md, "Beside wger"): log a set at least 3x wger's
workout-log POST, Today as JSON at least 10x wger's routine, the Today page at least 5x, server
CPU under 5 ms per request.

    uptime   # the machine's other work counts; the script prints the load average too
    .venv/bin/python bench/peers.py --harness PATH/TO/peers [--rounds 2] [--duration 20s]
        [--workers 2 4] [--database sqlite --database postgres://postgres@127.0.0.1/kc_speed]
        [--no-wger]

``--harness`` is the folder holding ``kneecoach/kc_bench.sh`` and ``wger/wger_bench.sh`` (the
wger one installs wger 2.1 from PyPI into its own venv on first use). kneecoach runs from this
checkout's sources with the interpreter running this script. With ``--no-wger`` (or where wger
cannot run) the ratios are taken against ``--wger-figures``, a TSV that an earlier run wrote
(``wger.tsv`` in the output folder), so the source of each figure is printed beside it.

The kneecoach harness runs from a copy with the project's wrk scripts (``bench/peers_lua/``)
over the shared ones: log_post sends ``"replace": true``, a correction, since a set logged again
without it is a 409. Each row prints its failed requests (non-2xx answers and socket errors);
a row with any gets no ratio, since an error answer is not the work being compared.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAIRS = (
    ("floor_health", "floor_version", "framework floor (/api/health vs /api/v2/version/)"),
    ("today_api", "routine_get", "Today as JSON vs wger's routine (7 exercises)"),
    ("today_page", "routine_get", "Today page (HTML) vs wger's routine"),
    ("log_post", "log_post", "log a set vs wger's workout-log POST"),
)
TARGETS = {"today_api": 10.0, "today_page": 5.0, "log_post": 3.0}
"""Issue 17's ratios over wger; and server CPU under ``CPU_TARGET_MS`` for Today and log a set."""
CPU_TARGET_MS = 5.0
Figures = dict[tuple[str, str], list[tuple[float, float, int]]]  # -> (rps, cpu, failed requests)
OWN_LUA = ROOT / "bench" / "peers_lua"
"""The project's wrk scripts, copied over the shared harness's own of the same name: its
``kc_post_set.lua`` sends no ``replace`` and so measured 409s once issue 14 made a set logged
again a question (every request but the first)."""


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def commit() -> str:
    result = subprocess.run(
        [shutil.which("git") or "git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    head = result.stdout.strip() or "unknown"
    status = subprocess.run(
        [shutil.which("git") or "git", "-C", str(ROOT), "status", "--porcelain", "-uno"],
        capture_output=True,
        text=True,
        check=False,
    )
    return f"{head} + uncommitted changes" if status.stdout.strip() else head


def read_summary(path: Path, into: Figures) -> None:
    with path.open() as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            cpu = row["srv_cpu_ms_per_req"]
            failed = int(row.get("non2xx") or 0) + int(row.get("sock_err") or 0)
            into[(row["scenario"], row["conns"])].append(
                (float(row["rps"]), float(cpu) if cpu not in ("", "-") else float("nan"), failed)
            )


def run_harness(script: Path, env: dict[str, str], out: Path, into: Figures) -> bool:
    out.mkdir(parents=True, exist_ok=True)
    env = env | {"BENCH_RESULTS_DIR": str(out)}
    print(f"-- {script.name} {env.get('KC_SERVE_ARGS', '')} (load {load_average()})", flush=True)
    result = subprocess.run(
        [shutil.which("bash") or "bash", str(script)], env=env, check=False, cwd=ROOT
    )
    if result.returncode != 0 or not (out / "summary.tsv").exists():
        print(f"   {script.name} failed (exit {result.returncode}); see {out}", file=sys.stderr)
        return False
    read_summary(out / "summary.tsv", into)
    return True


def own_harness(shared: Path, out: Path) -> Path:
    """The shared kneecoach harness with the project's wrk scripts over its own."""
    copy = out / "kc-harness"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(shared, copy)
    for lua in OWN_LUA.glob("*.lua"):
        shutil.copy(lua, copy / "lua" / lua.name)
    return copy


def median_pair(values: list[tuple[float, float, int]]) -> tuple[float, float]:
    return statistics.median(v[0] for v in values), statistics.median(v[1] for v in values)


def span(values: list[tuple[float, float, int]], index: int) -> str:
    low, high = min(v[index] for v in values), max(v[index] for v in values)
    number = "{:,.0f}" if index == 0 else "{:.1f}"
    if number.format(low) == number.format(high):
        return number.format(low)
    return f"{number.format(low)}-{number.format(high)}"


def table(label: str, kc: Figures, wger: Figures, conns: list[str]) -> None:
    print(f"\n{label}\n")
    print(
        "| path | conns | kneecoach req/s | CPU ms/req | failed | wger req/s | CPU ms/req "
        "| failed | ratio | target |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for ours, theirs, title in PAIRS:
        for c in conns:
            mine, peer = kc.get((ours, c)), wger.get((theirs, c))
            if not mine:
                continue
            ratio = "-"
            their_rps = their_cpu = their_failed = "-"
            if peer:
                ratio = f"{median_pair(mine)[0] / median_pair(peer)[0]:.1f}x"
                their_rps, their_cpu = span(peer, 0), span(peer, 1)
                their_failed = str(sum(v[2] for v in peer))
            failed = sum(v[2] for v in mine)
            verdict = target_verdict(ours, mine, peer)
            if failed or their_failed not in ("-", "0"):
                ratio = "invalid: failed requests"  # an error answer is not the work compared
                verdict = "-"
            print(
                f"| {title} | {c} | {span(mine, 0)} | {span(mine, 1)} | {failed} | {their_rps} "
                f"| {their_cpu} | {their_failed} | {ratio} | {verdict} |"
            )


def target_verdict(
    scenario: str,
    mine: list[tuple[float, float, int]],
    peer: list[tuple[float, float, int]] | None,
) -> str:
    """Whether the row meets issue 17's targets: its ratio over wger, CPU for Today and a set."""
    if scenario not in TARGETS:
        return "-"
    rps, cpu = median_pair(mine)
    parts = []
    if peer:
        wanted = TARGETS[scenario]
        met = rps / median_pair(peer)[0] >= wanted
        parts.append(f"{wanted:.0f}x {'met' if met else 'MISSED'}")
    if scenario != "today_page":  # the page's target is its ratio; CPU: Today JSON and a set
        parts.append(f"CPU < {CPU_TARGET_MS:.0f} ms {'met' if cpu < CPU_TARGET_MS else 'MISSED'}")
    return ", ".join(parts)


def write_figures(path: Path, figures: Figures) -> None:
    with path.open("w") as handle:
        handle.write("scenario\tconns\trps\tsrv_cpu_ms_per_req\tnon2xx\n")
        for (scenario, c), values in sorted(figures.items()):
            for rps, cpu, failed in values:
                handle.write(f"{scenario}\t{c}\t{rps}\t{cpu}\t{failed}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--harness", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--duration", default="20s")
    parser.add_argument("--warmup", default="5s")
    parser.add_argument("--conns", default="10 50")
    parser.add_argument("--workers", type=int, nargs="+", default=[2])
    parser.add_argument(
        "--database",
        action="append",
        help="'sqlite' or a DATABASE_URL; repeat for several (default sqlite)",
    )
    parser.add_argument("--scenarios", default="floor_health today_api today_page log_post")
    parser.add_argument("--no-wger", action="store_true")
    parser.add_argument("--wger-figures", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    out = args.out or Path(tempfile.mkdtemp(prefix="kneecoach-peers-"))
    databases = args.database or ["sqlite"]
    base = dict(os.environ) | {
        "BENCH_DURATION": args.duration,
        "BENCH_WARMUP": args.warmup,
        "BENCH_CONNS": args.conns,
    }
    kc_env = base | {
        "KC_REPO": str(ROOT),
        "KC_VENV": str(Path(sys.executable).parent.parent),
        "PYTHONPATH": str(ROOT / "src"),
        "BENCH_SCENARIOS": args.scenarios,
        # production start refuses to run without a mail setting; the bench sends no mail
        "KNEECOACH_EMAIL_URL": os.environ.get("KNEECOACH_EMAIL_URL", "console:"),
    }
    kc_harness = own_harness(args.harness / "kneecoach", out)
    started = load_average()
    print(f"kneecoach {commit()}; load average at the start {started}; results in {out}")

    wger: Figures = defaultdict(list)
    kc: dict[tuple[str, int], Figures] = defaultdict(lambda: defaultdict(list))
    if args.wger_figures:
        read_summary_short(args.wger_figures, wger)
    for round_ in range(1, args.rounds + 1):
        if not args.no_wger:
            run_harness(
                args.harness / "wger" / "wger_bench.sh",
                base | {"WGER_WORKERS": "2"},
                out / f"wger-{round_}",
                wger,
            )
        for database in databases:
            env = dict(kc_env)
            env.pop("DATABASE_URL", None)
            if database != "sqlite":
                env["DATABASE_URL"] = database
            for workers in args.workers:
                env["KC_SERVE_ARGS"] = f"--workers {workers}"
                name = "sqlite" if database == "sqlite" else "postgres"
                run_harness(
                    kc_harness / "kc_bench.sh",
                    env,
                    out / f"kc-{name}-{workers}w-{round_}",
                    kc[(name, workers)],
                )
    write_figures(out / "wger.tsv", wger)
    conns = args.conns.split()
    source = "measured in this run"
    if args.no_wger:
        source = f"from {args.wger_figures}" if args.wger_figures else "not run: no ratios"
    print(f"\nwger 2.1, 2 sync workers, SQLite ({source})")
    for (name, workers), figures in sorted(kc.items()):
        table(f"kneecoach on {name}, {workers} gthread workers", figures, wger, conns)
    print(
        f"\nkneecoach {commit()}, {args.rounds} round(s) of {args.duration}; "
        f"load average {started} at the start, {load_average()} at the end"
    )


def read_summary_short(path: Path, into: Figures) -> None:
    with path.open() as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            into[(row["scenario"], row["conns"])].append(
                (float(row["rps"]), float(row["srv_cpu_ms_per_req"]), int(row.get("non2xx") or 0))
            )


if __name__ == "__main__":
    main()
