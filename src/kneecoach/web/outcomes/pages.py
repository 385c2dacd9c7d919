"""The outcome pages' view-models: what ``outcomes/outcomes.html`` renders, built by one call
from the use cases (``usecases/``) and the charts (``charts.py``). The JSON twin
(``GET /api/outcomes``) returns the use case's ``OutcomesView`` itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kneecoach.web.outcomes.charts import Chart, scale_chart
from kneecoach.web.outcomes.schemas import FormView, OutcomesView
from kneecoach.web.outcomes.usecases.answers import User
from kneecoach.web.outcomes.usecases.schedule import outcomes
from kneecoach.web.outcomes.usecases.wording import list_questionnaires


@dataclass(frozen=True, slots=True)
class OutcomesPage:
    """The Questionnaires page: the schedule and scores, each scale drawn, every form to open."""

    page: OutcomesView
    charts: list[Chart]
    forms: tuple[FormView, ...]


def outcomes_page(user: User, today: dt.date, language: str) -> OutcomesPage:
    view = outcomes(user, today, language)
    return OutcomesPage(
        page=view,
        charts=[scale_chart(s) for s in view.series],
        forms=list_questionnaires(language),
    )
