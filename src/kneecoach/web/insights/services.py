"""The insights app's public interface: what other apps call. Nothing is defined here; the Plan,
Progress and Exercise library pages' values live in ``insights.pages``, the charts' numbers in
``insights.schemas``."""

from __future__ import annotations

from kneecoach.web.insights.charts import SVG_CSP, build_chart, render_svg
from kneecoach.web.insights.pages import exercise_page, figure_url, local_today

__all__ = ["SVG_CSP", "build_chart", "exercise_page", "figure_url", "local_today", "render_svg"]
