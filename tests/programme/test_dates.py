"""The engine's calendar guard (``validation.check_dates``): a date it cannot compute with is
refused by name (``InvalidInput``), never an ``OverflowError`` from ``today - ONE_DAY`` or a
replay walking thousands of years (issue 11, item 2)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kneecoach.errors import InvalidInput, KneecoachError
from kneecoach.programme.engine import advise
from kneecoach.programme.limits import LATEST_DATE
from kneecoach.programme.validation import MAX_PROGRAMME_DAYS
from kneecoach.programme.values import Diary

from .fixtures import CATALOG, MONDAY, profile


@pytest.mark.parametrize("today", [date.min, date(1, 1, 2), date(1899, 12, 31), date.max])
def test_a_today_outside_the_engines_calendar_is_refused_by_name(today: date) -> None:
    with pytest.raises(InvalidInput) as refused:
        advise(profile(start_date=today), CATALOG, Diary(), today, horizon_days=28)
    assert refused.value.field in {"today", "profile.start_date"}
    assert isinstance(refused.value, KneecoachError)


def test_a_start_date_at_the_calendars_edge_is_refused_by_name() -> None:
    with pytest.raises(InvalidInput) as refused:
        advise(profile(start_date=date.max), CATALOG, Diary(), MONDAY)
    assert refused.value.field == "profile.start_date"


@pytest.mark.parametrize("years", [-11, 11, 7000])
def test_today_more_than_ten_years_from_the_start_is_refused(years: int) -> None:
    today = MONDAY + timedelta(days=365 * years)
    if today > LATEST_DATE:
        today = LATEST_DATE
    with pytest.raises(InvalidInput) as refused:
        advise(profile(), CATALOG, Diary(), today)
    assert refused.value.field == "today"


def test_the_whole_window_either_side_of_the_start_is_planned() -> None:
    for today in (
        MONDAY - timedelta(days=MAX_PROGRAMME_DAYS),
        MONDAY + timedelta(days=MAX_PROGRAMME_DAYS),
    ):
        advice = advise(profile(), CATALOG, Diary(), today, horizon_days=366)
        assert advice.next_sessions[-1].date == today + timedelta(days=365)
