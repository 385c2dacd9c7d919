"""Issue 14's minor layout items in a real browser: the phone header's tabs on one row, a page
no wider than the phone, in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_insights_pages import _log_in

ROWS = """() => new Set([...document.querySelectorAll('.main-nav li')]
    .map(li => Math.round(li.getBoundingClientRect().top))).size"""


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_phone_header_fits_one_row(phone: Any, language: str) -> None:
    _log_in(phone)
    phone.context.add_cookies([{"name": "django_language", "value": language, "url": phone.url}])
    for page in ("/today/", "/plan/", "/progress/"):
        phone.goto(page)
        assert phone.evaluate(ROWS) == 1, f"{page} in {language}: the tabs wrap"
        nav = phone.locator(".main-nav ul")
        assert nav.evaluate("n => n.scrollWidth <= n.clientWidth"), "the tabs scroll"
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, page


def test_the_desktop_plan_uses_the_width_and_marks_a_done_overflow_day(desktop: Any) -> None:
    _log_in(desktop)
    desktop.goto("/plan/")
    assert desktop.locator(".calendar").evaluate("c => c.getBoundingClientRect().width") >= 1000
    # An overflow cell (a day of the month before) that was trained: shown as done, like the
    # month's own done days. The demo's dates move with today, so one cell is made so here.
    done = desktop.locator(".day.status-logged:not(.outside)").first
    overflow = desktop.locator(".day.outside").first
    overflow.evaluate("d => { d.className = 'day status-logged outside'; }")
    background = "d => getComputedStyle(d).backgroundColor"
    assert overflow.evaluate(background) == done.evaluate(background)
    assert overflow.locator(".day-status").evaluate("s => getComputedStyle(s).display") != "none"


def test_the_desktop_charts_use_the_width(desktop: Any) -> None:
    _log_in(desktop)
    desktop.goto("/progress/")
    charts = desktop.locator(".chart img")
    assert charts.count() >= 2
    widths = charts.evaluate_all("imgs => imgs.map(i => i.getBoundingClientRect().width)")
    rows = charts.evaluate_all("imgs => imgs.map(i => Math.round(i.getBoundingClientRect().top))")
    assert min(widths) >= 500, widths
    assert rows[0] == rows[1], "two charts abreast on a desktop"
    main = desktop.locator("main").evaluate("m => m.getBoundingClientRect().width")
    assert main >= 1200, main
