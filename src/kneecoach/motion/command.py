"""``kneecoach analyse VIDEO --exercise SLUG``: the camera coach on the command line.

``register(app)`` adds the command to the main Typer app. Nothing heavy is imported here:
OpenCV, MediaPipe and scipy, and Rich, load inside the command (the lazy-import rule in
``kneecoach.motion``), so the CLI starts fast and works without the ``camera`` extra (the command
then says how to install it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from kneecoach.errors import InvalidInput, KneecoachError


def register(app: typer.Typer) -> None:
    """Add ``analyse`` to ``app``."""
    app.command("analyse")(analyse)


def analyse(
    video: Annotated[Path, typer.Argument(help="The video of one set.")],
    exercise: Annotated[
        str, typer.Option(metavar="SLUG", help="The exercise's slug, e.g. wall-squat.")
    ],
    side: Annotated[
        str | None, typer.Option(metavar="SIDE", help="left or right: the leg that worked.")
    ] = None,
    annotate: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Write the video with skeleton, counter and faults."),
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", metavar="FILE", help="Write the result as JSON.")
    ] = None,
) -> None:
    """Count repetitions and check form in a video (needs the camera extra)."""
    from rich.console import Console

    err = Console(stderr=True)
    try:
        result = _run(video, exercise, side, annotate)
    except KneecoachError as error:
        err.print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    if json_out is not None:
        json_out.write_text(json.dumps(result.model_dump(mode="json"), indent=2) + "\n")
    _print_summary(result)


def _run(video: Path, exercise: str, side: str | None, annotate: Path | None) -> Any:
    if side is not None and side not in ("left", "right"):
        raise InvalidInput(f"must be left or right, not {side!r}", field="--side")
    try:
        from rich.progress import Progress

        from kneecoach.motion.analysis import analyse_video
        from kneecoach.motion.annotate import Annotator
        from kneecoach.motion.quiet import native_logs_held
    except ImportError as missing:
        raise InvalidInput(
            f"the camera extra is not installed ({missing.name}); see docs/camera.md: "
            "make .venv/.installed-camera",
            field="camera",
        ) from None
    annotator = Annotator() if annotate is not None else None
    with native_logs_held(), Progress(transient=True) as bar:
        task = bar.add_task(f"Analysing {video.name}", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        result = analyse_video(
            video,
            exercise,
            side,  # type: ignore[arg-type]
            progress=progress,
            on_frame=annotator.collect if annotator else None,
        )
    if annotator is not None and annotate is not None:
        annotator.write(annotate, result)
    return result


def _print_summary(result: Any) -> None:
    from rich.console import Console

    console = Console()
    console.print(
        f"[bold]{result.exercise}[/]: {result.rep_count} reps, side {result.side}, "
        f"{result.view} view, active {result.active_s:.1f} s of {result.duration_s:.1f} s"
    )
    console.print(_rep_table(result))
    for fault in result.faults:
        console.print(f"  {fault.start_s:6.1f}-{fault.end_s:.1f} s  {fault.id}: {fault.message}")
    for note in result.notes:
        console.print(f"  note: {note}")


def _rep_table(result: Any) -> Any:
    """The reps as a table, with the same precision and columns as the web check page.

    An angle or a percentage is shown to the whole unit and a step's measures (around 1) with
    a decimal (``digits_for``); the hold and down columns are left out when no rep has one (a
    step has neither), rather than printing a column of zeros.
    """
    from rich.table import Table

    from kneecoach.motion.messages import digits_for, shows_phases

    digits = digits_for(result.unit)
    phases = shows_phases(result.reps)
    columns = ["rep", "start s", f"{result.measure} ({result.unit})", "range", "up s"]
    columns += ["hold s", "down s"] if phases else []
    table = Table(*columns, "faults")
    for rep in result.reps:
        faults = ", ".join(f.id for f in result.faults if f.rep == rep.number)
        cells = [
            str(rep.number),
            f"{rep.start_s:.1f}",
            f"{rep.peak:.{digits}f}",
            f"{rep.range:.{digits}f}",
            f"{rep.up_s:.1f}",
        ]
        cells += [f"{rep.hold_s:.1f}", f"{rep.down_s:.1f}"] if phases else []
        table.add_row(*cells, faults or "-")
    return table
