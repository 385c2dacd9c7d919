"""Template helpers for pages outside this app that show a person's questionnaires (the
clinician's patient page): the scale charts and a form's title in the active language."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from kneecoach.programme.questionnaires import questionnaire
from kneecoach.web.outcomes.charts import Chart, scale_chart
from kneecoach.web.outcomes.schemas import ScaleSeries

register = template.Library()


@register.filter
def scale_charts(series: tuple[ScaleSeries, ...] | None) -> list[Chart]:
    """Each scale over time as the questionnaire page draws it, MIC band included."""
    return [scale_chart(s) for s in series or ()]


@register.filter
def questionnaire_title(qid: str) -> str:
    """``koos12`` -> "KOOS-12" in the page's language."""
    language = "nb" if (get_language() or "en").startswith("nb") else "en"
    return questionnaire(qid).title.get(language)
