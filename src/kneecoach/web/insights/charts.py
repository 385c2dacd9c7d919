"""The progress charts: their data (``ChartData``, from the engine's ``ProgressView``) and their
drawing (pygal, server-side SVG, no JavaScript).

Each chart's numbers are built once here; the SVG, the page's data table and the JSON API all
read the same ``ChartData``. pygal's SVG carries its own ``<style>`` (and a config ``<script>``
even with ``js=[]``), so it is served from its own URL with its own Content-Security-Policy (see
``views.chart_svg``) and shown through ``<img>``, where no script runs.

Colours are the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies),
and each line also has its own dash pattern and dot shape, so no series is told apart by colour
alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import pygal
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from pygal.style import Style

from kneecoach.errors import NotFound
from kneecoach.web.coach import services as coach
from kneecoach.web.insights.schemas import ChartData, ChartSeries

# An SVG served on its own: its inline <style> may apply, nothing else may load or run.
SVG_CSP = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "frame-ancestors": ["'self'"],
}

CHART_NAMES = ("pain", "adherence", "volume", "holds", "sides", "sides-holds")
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
DASHES = ("", "8, 5", "2, 5", "12, 4, 2, 4", "4, 4", "16, 6", "1, 3")
Weekly = Sequence[tuple[dt.date, int, int]]
# The drawing's own size; the page scales it to the column (a phone's ~360 px at about 0.7).
CHART_WIDTH, CHART_HEIGHT = 520, 380


def day_label(day: dt.date) -> str:
    """A short date in the active language: ``4 Dec`` / ``4. des``."""
    return formats.date_format(day, pgettext("a short day on a chart: day, month", "j M"))


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def build_chart(name: str, view: coach.ProgressView, weekly: Weekly) -> ChartData:
    builders: dict[str, Callable[[], ChartData]] = {
        "pain": lambda: pain_chart(view),
        "adherence": lambda: adherence_chart(view, weekly),
        "volume": lambda: volume_chart(view, "reps"),
        "holds": lambda: volume_chart(view, "s"),
        "sides": lambda: sides_chart(view, "reps"),
        "sides-holds": lambda: sides_chart(view, "s"),
    }
    builder = builders.get(name)
    if builder is None:
        raise NotFound(f"unknown chart {name!r}; charts: {', '.join(CHART_NAMES)}", field="chart")
    return builder()


def build_charts(view: coach.ProgressView, weekly: Weekly) -> list[ChartData]:
    """Every chart with something to draw, in page order."""
    charts = [build_chart(name, view, weekly) for name in CHART_NAMES]
    return [chart for chart in charts if not chart.empty]


def _aligned(points: Sequence[coach.SeriesPoint], days: Sequence[dt.date]) -> list[float | None]:
    by_day = {p.day: p.value for p in points}
    return [by_day.get(day) for day in days]


def pain_chart(view: coach.ProgressView) -> ChartData:
    sources = (
        ("during", _("During exercise"), view.pain_during),
        ("after", _("After the session"), view.pain_after),
        ("morning", _("Next morning"), view.pain_morning),
    )
    days = sorted({p.day for _key, _label, points in sources for p in points})
    series = [ChartSeries(key=k, label=label, values=_aligned(p, days)) for k, label, p in sources]
    latest = "; ".join(
        f"{s.label.lower()} {_number(points[-1].value)} ({day_label(points[-1].day)})"
        for s, (_k, _l, points) in zip(series, sources, strict=True)
        if points
    )
    description = (
        ngettext(
            "Pain from 0 (none) to 10 (worst) on %(count)s day. Latest: %(latest)s.",
            "Pain from 0 (none) to 10 (worst) on %(count)s days. Latest: %(latest)s.",
            len(days),
        )
        % {"count": len(days), "latest": latest}
        if days
        else _("No pain scores logged yet.")
    )
    return ChartData(
        name="pain",
        kind="line",
        title=_("Pain"),
        description=description,
        x_title=_("Day"),
        y_title=_("Pain (0–10)"),
        x=[d.isoformat() for d in days],
        x_labels=[day_label(d) for d in days],
        y_max=10,
        unit="",
        series=series,
    )


def adherence_chart(view: coach.ProgressView, weekly: Weekly) -> ChartData:
    planned = [float(p) for _monday, p, _done in weekly]
    done = [float(d) for _monday, _p, d in weekly]
    share = (
        _("%(done)s of %(prescribed)s prescribed sets done (%(percent)s%%).")
        % {
            "done": view.sets_done,
            "prescribed": view.sets_prescribed,
            "percent": round(100 * view.adherence),
        }
        if view.adherence is not None
        else ""
    )
    return ChartData(
        name="adherence",
        kind="bar",
        title=_("Sessions per week"),
        description=f"{share} "
        + ngettext(
            "Planned and logged training sessions in %(count)s week.",
            "Planned and logged training sessions in each of %(count)s weeks.",
            len(weekly),
        )
        % {"count": len(weekly)},
        x_title=_("Week starting"),
        y_title=_("Sessions"),
        x=[monday.isoformat() for monday, _p, _d in weekly],
        x_labels=[day_label(monday) for monday, _p, _d in weekly],
        y_max=None,
        unit="",
        series=[
            ChartSeries(key="planned", label=_("Planned"), values=list(planned)),
            ChartSeries(key="done", label=_("Done"), values=list(done)),
        ],
    )


def volume_chart(view: coach.ProgressView, unit: str = "reps") -> ChartData:
    """Reps per session of the exercises counted in reps (``unit="reps"``), or seconds of the
    timed ones (``"s"``, as the engine names seconds): one unit per chart, so no axis mixes the
    two (issue 14)."""
    exercises = [e for e in view.exercises if e.unit == unit]
    days = sorted({p.day for e in exercises for points in e.volume.values() for p in points})
    series = []
    for exercise in exercises:
        total: dict[dt.date, float] = {}
        for points in exercise.volume.values():
            for p in points:
                total[p.day] = total.get(p.day, 0.0) + p.value
        series.append(
            ChartSeries(
                key=exercise.exercise,
                label=exercise.name,
                values=[total.get(day) for day in days],
            )
        )
    timed = unit == "s"
    description = (
        ngettext(
            "Seconds per session, both legs together, for %(count)s exercise",
            "Seconds per session, both legs together, for %(count)s exercises",
            len(series),
        )
        if timed
        else ngettext(
            "Repetitions per session, both legs together, for %(count)s exercise",
            "Repetitions per session, both legs together, for %(count)s exercises",
            len(series),
        )
    ) % {"count": len(series)} + ngettext(
        " over %(days)s session.", " over %(days)s sessions.", len(days)
    ) % {"days": len(days)}
    return ChartData(
        name="holds" if timed else "volume",
        kind="line",
        title=_("Time per exercise") if timed else _("Repetitions per exercise"),
        description=description,
        x_title=_("Day"),
        y_title=_("Seconds per session") if timed else _("Repetitions per session"),
        x=[d.isoformat() for d in days],
        x_labels=[day_label(d) for d in days],
        y_max=None,
        unit="",
        series=series,
    )


def sides_chart(view: coach.ProgressView, unit: str = "reps") -> ChartData:
    """Each leg's total for the one-legged exercises of one unit (``"reps"``, or ``"s"``)."""
    two_sided = [e for e in view.exercises if {"left", "right"} <= set(e.volume) and e.unit == unit]
    totals = {
        side: [float(sum(p.value for p in e.volume[side])) for e in two_sided]
        for side in ("left", "right")
    }
    weaker = {"left": _("left"), "right": _("right")}.get(view.weaker_side or "")
    summary = (
        _("The %(side)s leg looks weaker.") % {"side": weaker}
        if weaker
        else _("Neither leg stands out as weaker.")
    )
    timed = unit == "s"
    detail = (
        ngettext(
            "Total seconds on each leg, for %(count)s exercise done one leg at a time.",
            "Total seconds on each leg, for %(count)s exercises done one leg at a time.",
            len(two_sided),
        )
        if timed
        else ngettext(
            "Total repetitions on each leg, for %(count)s exercise done one leg at a time.",
            "Total repetitions on each leg, for %(count)s exercises done one leg at a time.",
            len(two_sided),
        )
    ) % {"count": len(two_sided)}
    return ChartData(
        name="sides-holds" if timed else "sides",
        kind="bar",
        title=_("Left vs right: seconds") if timed else _("Left vs right: repetitions"),
        description=f"{summary} {detail}",
        x_title=_("Exercise"),
        y_title=_("Total seconds") if timed else _("Total repetitions"),
        x=[e.exercise for e in two_sided],
        x_labels=[e.name.split(" (")[0] for e in two_sided],  # the name without its gloss
        y_max=None,
        unit="",
        series=[
            ChartSeries(key="left", label=_("Left leg"), values=list(totals["left"])),
            ChartSeries(key="right", label=_("Right leg"), values=list(totals["right"])),
        ],
    )


def _style() -> object:
    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#1b1f23",
        foreground_strong="#1b1f23",
        foreground_subtle="#c9d1d6",
        opacity="0.85",
        opacity_hover="1",
        colors=PALETTE,
        font_family='system-ui, "Noto Sans", "DejaVu Sans", sans-serif',
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=14,
        title_font_size=16,
        value_font_size=12,
        stroke_width=3,
    )


def _value_ticks(top: float, few: bool) -> list[int] | None:
    """Whole-number ticks: each one up to 12; a few round ones (``few``: a narrow axis)."""
    if top <= 12 and not few:
        return list(range(int(top) + 1))
    if not few:
        return None
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000) if top / s <= 4)
    return list(range(0, int(top) + step, step)) if top / step <= 4 else None


def render_svg(data: ChartData) -> str:
    """The chart as a standalone SVG document (pygal), with its title and description."""
    by_exercise = data.name.startswith("sides")  # long exercise names: bars lie across
    chart_class = (
        pygal.HorizontalBar if by_exercise else pygal.Bar if data.kind == "bar" else pygal.Line
    )
    long_legend = any(len(s.label) > 16 for s in data.series)  # wider than a third: one column
    whole_numbers = data.kind == "bar" and not data.empty
    top = max((v for s in data.series for v in s.values if v is not None), default=0)
    chart = chart_class(
        style=_style(),
        js=[],
        width=CHART_WIDTH,
        height=(
            160 + 64 * max(1, len(data.x_labels))
            if by_exercise
            else CHART_HEIGHT + (24 * len(data.series) if long_legend else 0)
        ),
        # lying bars: the values run along the bottom, the names label the bars themselves
        x_title=data.y_title if by_exercise else data.x_title,
        y_title=None if by_exercise else data.y_title,
        x_label_rotation=30 if len(data.x_labels) > 5 and not by_exercise else 0,
        show_minor_x_labels=len(data.x_labels) <= 14,
        x_labels_major_every=max(1, len(data.x_labels) // 7),
        legend_at_bottom=True,
        legend_at_bottom_columns=(
            1 if long_legend or by_exercise else min(3, max(1, len(data.series)))
        ),
        truncate_legend=-1,
        truncate_label=-1,  # whole names: a cut "Monstergange med…" says nothing (issue 14)
        y_labels=_value_ticks(top, by_exercise) if whole_numbers else None,
        include_x_axis=True,
        range=(0, data.y_max) if data.y_max is not None else None,
        dots_size=4,
        no_data_text=_("Nothing logged yet"),
        disable_xml_declaration=True,
        print_values=False,
    )
    chart.x_labels = data.x_labels
    for index, series in enumerate(data.series):
        dash = DASHES[index % len(DASHES)]
        chart.add(
            series.label,
            series.values,
            stroke_style={"width": 3, "dasharray": dash} if dash else {"width": 3},
        )
    svg: str = chart.render(is_unicode=True)
    return svg
