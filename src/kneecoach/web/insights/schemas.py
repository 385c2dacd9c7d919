"""The charts' numbers: what the progress page's charts, their data tables and
``GET /api/progress/charts/{name}`` all read. Below both ``charts`` (which builds and draws them)
and ``pages`` (which puts them on the Progress page), so neither imports the other's caller.
"""

from __future__ import annotations

from pydantic import BaseModel


class ChartSeries(BaseModel):
    """One line or set of bars; ``values`` line up with the chart's ``x`` (None: no value)."""

    key: str
    label: str
    values: list[float | None]


class ChartData(BaseModel):
    """What one chart draws, as numbers: the SVG, the data table and the API all read this."""

    name: str
    kind: str
    title: str
    description: str
    x_title: str
    y_title: str
    x: list[str]
    x_labels: list[str]
    y_max: float | None
    unit: str
    series: list[ChartSeries]

    @property
    def empty(self) -> bool:
        return not any(v is not None for s in self.series for v in s.values)

    def rows(self) -> list[tuple[str, list[float | None]]]:
        """The data table: one row per x, one column per series."""
        return [
            (label, [s.values[i] for s in self.series]) for i, label in enumerate(self.x_labels)
        ]
