"""The ``analyse`` command's terminal output (no camera extra needed: a made-up result)."""

from __future__ import annotations

import io

from rich.console import Console

from kneecoach.motion.command import _rep_table
from kneecoach.motion.models import Analysis, Rep


def analysis(measure: str, unit: str, reps: list[Rep]) -> Analysis:
    return Analysis(
        exercise="x",
        side="left",
        side_detected="left",
        view="front",
        measure=measure,
        unit=unit,
        rep_count=len(reps),
        reps=reps,
        active_s=4.0,
        duration_s=5.0,
        fps=30.0,
        frames=150,
        frames_analysed=75,
        person_fraction=1.0,
        faults=[],
    )


def printed(result: Analysis) -> str:
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(_rep_table(result))
    return console.export_text()


def rep(peak: float, range_: float, hold_s: float = 0.0, down_s: float = 0.0) -> Rep:
    return Rep(
        number=1,
        start_s=0.5,
        peak_s=1.0,
        end_s=2.0,
        peak=peak,
        range=range_,
        up_s=0.5,
        hold_s=hold_s,
        down_s=down_s,
    )


def test_a_step_is_printed_with_a_decimal_and_no_hold_or_down_columns() -> None:
    text = printed(analysis("foot speed", "leg lengths/s", [rep(1.26, 0.74)]))
    assert "1.3" in text and "0.7" in text
    assert "hold s" not in text and "down s" not in text


def test_an_angle_is_printed_to_the_degree_with_its_hold_and_way_down() -> None:
    text = printed(analysis("knee flexion", "deg", [rep(88.6, 61.4, hold_s=1.5, down_s=1.2)]))
    assert " 89 " in text and " 61 " in text and "88.6" not in text
    assert "hold s" in text and "1.5" in text and "1.2" in text
