"""Plan, Progress and the Exercise library in a real browser, as the demo person on a phone
(and the plan and progress on a desktop): screenshots, axe-core, no CSP violation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

Look = Callable[[Any, str], Path]


def _log_in(page: Any) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("demo")
    page.get_by_label("Password:", exact=True).fill("kneecoach-demo")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _images_loaded(page: Any) -> None:
    """Every image loaded and painted: chromium paints an animated SVG image only once it has
    been on screen, so the page is scrolled through before the full-page screenshot."""
    page.wait_for_load_state("networkidle")
    height = page.evaluate("document.body.scrollHeight")
    for y in range(0, height, 600):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(60)
    page.evaluate("window.scrollTo(0, 0)")
    broken = page.evaluate(
        "[...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
    )
    assert broken == [], f"images that did not load: {broken}"


def test_plan_on_a_phone_and_a_desktop(phone: Any, desktop: Any, look: Look) -> None:
    _log_in(phone)
    phone.goto("/plan/")
    expect(phone.get_by_role("heading", name="Your plan")).to_be_visible()
    expect(phone.locator('[aria-current="date"]')).to_be_visible()
    look(phone, "phone-plan")
    # The plan reaches 28 days ahead: in a month's first days it ends inside this month, and
    # the demo's logged sessions are all in the last one.
    forward = phone.get_by_role("link", name="Next month")
    if forward.count():
        assert phone.locator(".day.status-logged").count() > 0
        forward.click()
    else:
        phone.get_by_role("link", name="Previous month").click()
        assert phone.locator(".day.status-logged").count() > 0
    assert "month=" in phone.url
    look(phone, "phone-plan-next-month")
    phone.goto("/plan/?month=not-a-month")
    expect(phone.get_by_role("alert")).to_contain_text("month must look like 2026-05")
    look(phone, "phone-plan-bad-month")

    _log_in(desktop)
    desktop.goto("/plan/")
    expect(desktop.locator(".weekday-names")).to_be_visible()
    look(desktop, "desktop-plan")


def test_progress_chart_has_the_demo_data(phone: Any, desktop: Any, look: Look) -> None:
    _log_in(phone)
    phone.goto("/progress/")
    expect(phone.get_by_role("heading", name="Your progress")).to_be_visible()
    chart = phone.locator('img[data-chart="pain"]')
    expect(chart).to_be_visible()
    _images_loaded(phone)
    # The chart image is drawn from the same numbers as its data table and /api/progress.
    api = phone.request.get("/api/progress/charts/pain").json()
    logged = [v for s in api["series"] for v in s["values"] if v is not None]
    assert len(logged) >= 10, api
    svg = phone.request.get("/progress/charts/pain.svg").text()
    assert svg.count('class="value"') >= len(logged)
    phone.get_by_text("The numbers behind this chart").first.click()
    expect(phone.locator("table").first).to_be_visible()
    expect(phone.get_by_role("heading", name="What the coach decided, and why")).to_be_visible()
    look(phone, "phone-progress")

    _log_in(desktop)
    desktop.goto("/progress/")
    _images_loaded(desktop)
    look(desktop, "desktop-progress")


def test_library_and_one_exercise_on_a_phone(phone: Any, look: Look) -> None:
    phone.goto("/exercises/")  # public: no log-in
    expect(phone.get_by_role("heading", name="The exercises")).to_be_visible()
    expect(phone.locator(".exercise-card")).to_have_count(7)
    _images_loaded(phone)
    phone.wait_for_timeout(1200)  # the figures half-way through their movement
    look(phone, "phone-library")
    phone.get_by_role("link", name="Side steps with a band").click()
    expect(phone.get_by_role("heading", name="Common faults and how to fix them")).to_be_visible()
    _images_loaded(phone)
    look(phone, "phone-exercise-side-steps")
    phone.goto("/exercises/no-such-exercise/")
    expect(phone.get_by_role("alert")).to_contain_text("unknown exercise")
    look(phone, "phone-exercise-404")


def test_library_in_norwegian(phone: Any, look: Look) -> None:
    phone.goto("/exercises/")
    phone.locator('button[name="language"][value="nb"]').click()
    expect(phone.get_by_role("heading", name="Øvelsene")).to_be_visible()
    look(phone, "phone-library-nb")


def test_a_library_figure_pauses_and_honours_reduced_motion(phone: Any, look: Look) -> None:
    """Issue 14: the library's figures have Today's pause control: ticking "Pause the drawing"
    shows the still picture; where the system asks for reduced motion the still comes first and
    the control plays the drawing."""
    phone.goto("/exercises/vmo-lift/")
    moving, still = phone.locator(".figure-moving"), phone.locator(".figure-still")
    expect(moving).to_be_visible()
    expect(still).to_be_hidden()
    pause = phone.get_by_label("Pause the drawing")
    pause.check()
    expect(still).to_be_visible()
    expect(moving).to_be_hidden()
    look(phone, "phone-exercise-paused")
    pause.uncheck()
    expect(moving).to_be_visible()

    phone.emulate_media(reduced_motion="reduce")
    phone.goto("/exercises/")
    expect(phone.locator(".figure-still").first).to_be_visible()
    expect(phone.locator(".figure-moving").first).to_be_hidden()
    play = phone.get_by_label("Play the drawing").first
    play.check()
    expect(phone.locator(".figure-moving").first).to_be_visible()
    look(phone, "phone-library-reduced-motion")
