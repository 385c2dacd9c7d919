"""Progress names the version of each exercise the person does, as the plan and Today do: a
person without a band is not told about "Side steps with a band"; timed walks are charted as
time, not as holds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from kneecoach.web.coach import services as coach
from kneecoach.web.insights import pages
from tests.web.access import make_user
from tests.web.insights.conftest import local_today, log_day, onboard

pytestmark = pytest.mark.django_db
BANDED = ("side-steps", "monster-walks")


@pytest.mark.parametrize("language", ["en", "nb"])
def test_progress_names_the_version_done_in_decisions_and_chart_legends(language: str) -> None:
    user = make_user("nils")
    today = local_today()
    start = today - dt.timedelta(days=2)
    onboard(user, start, equipment=frozenset())
    done = {
        item.exercise: item.performed_as_name
        for item in coach.today(user, start, language=language).items
        if item.exercise in BANDED
    }
    assert set(done) == set(BANDED)
    log_day(user, start, pain=1, pain_after=1)
    coach.checkin(user, start + dt.timedelta(days=1), 1, today_=start + dt.timedelta(days=1))
    coach.today(user, today)
    with translation.override(language):
        page = pages.progress_page(user, today, language)
    decided = [d for d in page.decisions if d.exercise in BANDED]
    assert decided
    for decision in decided:
        assert decision.name is not None and decision.exercise is not None
        assert decision.name.startswith(done[decision.exercise])
    legends = {
        series.key: (chart.name, chart.title, series.label)
        for chart in page.charts
        for series in chart.series
        if series.key in BANDED
    }
    assert set(legends) == set(BANDED)
    for exercise, (_name, _title, label) in legends.items():
        assert label.startswith(done[exercise])
    _name, title, _label = legends["monster-walks"]
    assert title == {"en": "Time per exercise", "nb": "Tid per øvelse"}[language]
