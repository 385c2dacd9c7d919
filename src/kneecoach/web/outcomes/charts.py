"""Each outcome scale over time as a small inline SVG (no script, no style: the page's CSP
allows it inline), with the minimal important change drawn as a band around the first score:
a later score outside the band has changed by at least the MIC."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import formats

from kneecoach.web.outcomes.schemas import ScaleSeries

WIDTH, HEIGHT = 320, 180
LEFT, RIGHT, TOP, BOTTOM = 36, 12, 12, 28


@dataclass(frozen=True, slots=True)
class ChartPoint:
    x: float
    y: float
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Chart:
    series: ScaleSeries
    width: int
    height: int
    points: tuple[ChartPoint, ...]
    polyline: str
    band_top: float | None
    band_height: float | None
    ticks: tuple[tuple[float, str], ...]
    left: int
    right: int
    bottom: float
    band_width: int


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def scale_chart(series: ScaleSeries) -> Chart:
    span = series.high - series.low or 1.0
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y_of(value: float) -> float:
        clamped = min(max(value, series.low), series.high)
        return round(TOP + inner_h * (1 - (clamped - series.low) / span), 1)

    count = len(series.points)
    points = tuple(
        ChartPoint(
            x=round(LEFT + (inner_w * i / (count - 1) if count > 1 else inner_w / 2), 1),
            y=y_of(p.value),
            label=formats.date_format(p.day, "j M"),
            value=_number(p.value),
        )
        for i, p in enumerate(series.points)
    )
    band_top = band_height = None
    if series.mic is not None:
        first = series.points[0].value
        top, bottom = y_of(first + series.mic), y_of(first - series.mic)
        band_top, band_height = top, round(bottom - top, 1)
    ticks = tuple(
        (y_of(series.low + span * share), _number(series.low + span * share))
        for share in (0.0, 0.5, 1.0)
    )
    return Chart(
        series=series,
        width=WIDTH,
        height=HEIGHT,
        points=points,
        polyline=" ".join(f"{p.x},{p.y}" for p in points),
        band_top=band_top,
        band_height=band_height,
        ticks=ticks,
        left=LEFT,
        right=WIDTH - RIGHT,
        bottom=HEIGHT - BOTTOM,
        band_width=WIDTH - RIGHT - LEFT,
    )
