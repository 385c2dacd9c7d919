"""Questionnaires, the calendar settings and the downloads in a real browser, as the demo person
on a phone: filling in the KOOS-12 and NPRS, the chart, the calendar address made and copied;
screenshots, axe-core, no CSP violation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.e2e.test_insights_pages import _log_in

Look = Callable[[Any, str], Path]


def _fill(page: Any, answers: dict[str, str]) -> None:
    for item, value in answers.items():
        page.locator(f'input[name="{item}"][value="{value}"]').check()
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_url("**/outcomes/")


def test_questionnaires_on_a_phone(phone: Any, look: Look) -> None:
    _log_in(phone)
    phone.goto("/outcomes/")
    look(phone, "outcomes-due")
    phone.goto("/outcomes/koos12/")
    look(phone, "questionnaire-koos12")
    _fill(phone, {"P1": "2", "P5": "2", "P6": "3", "P8": "1", "A4": "1", "A3": "2", "Q1": "3"})
    _fill_again = {"P1": "1", "P5": "1", "P6": "1", "P8": "0", "A4": "0", "A3": "1", "Q1": "1"}
    phone.goto("/outcomes/koos12/")
    _fill(phone, _fill_again)
    expect(phone.get_by_role("status")).to_contain_text("answers are saved")
    expect(phone.locator("figure").first).to_contain_text("KOOS-12 Pain")
    expect(phone.locator("svg.scale-chart").first).to_be_visible()
    look(phone, "outcomes-chart")


def test_calendar_address_is_made_copied_and_stopped(phone: Any, look: Look) -> None:
    _log_in(phone)
    phone.context.grant_permissions(["clipboard-read", "clipboard-write"])
    phone.goto("/settings/calendar/")
    phone.get_by_role("button", name="Make a calendar address").click()
    field = phone.get_by_label("Your calendar address")
    url = field.input_value()
    assert "/calendar/" in url and url.endswith(".ics")
    phone.get_by_role("button", name="Copy").click()
    expect(phone.get_by_role("button", name="Copied")).to_be_visible()
    assert phone.evaluate("navigator.clipboard.readText()") == url
    look(phone, "calendar-settings")
    feed = phone.request.get(url)
    assert feed.status == 200 and b"BEGIN:VCALENDAR" in feed.body()
    phone.get_by_role("button", name="Stop the calendar").click()
    assert phone.request.get(url).status == 404


def test_account_page_offers_the_downloads(phone: Any, look: Look) -> None:
    _log_in(phone)
    phone.goto("/accounts/")
    link = phone.get_by_role("link", name="Your programme to print (PDF)")
    expect(link).to_be_visible()
    response = phone.request.get(link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    look(phone, "account-downloads")
