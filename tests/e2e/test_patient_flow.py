"""The patient's first days on a phone, in a real browser against the real server.

Sign up -> safety questions -> onboarding with yesterday as the start date -> yesterday's session
logged (several sets, both legs of a one-leg exercise, a timed set run on the countdown) -> pain
after -> this morning's check-in prompt on Today -> Norwegian. Starting yesterday is what makes
"the next morning" today without touching the clock: the person fills in the session they did
yesterday (a past day's page, /today/<date>/), as anyone who forgot to log it would.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS

PASSWORD = "a-long-e2e-password-42"
Look = Callable[[Any, str], Path]


def oslo_today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Oslo")).date()


def sign_up(page: Any, username: str) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create the account").click()


def answer_screening(page: Any, answer: str = "No", *, first: str | None = None) -> None:
    groups = page.locator("fieldset.choices")
    for index in range(groups.count()):
        choice = first if (index == 0 and first) else answer
        groups.nth(index).get_by_label(choice, exact=True).check()


def onboard(page: Any, look: Look, start: dt.date) -> None:
    expect(page.get_by_role("heading", name="First, a few safety questions")).to_be_visible()
    look(page, "patient-onboarding-1-screening")
    answer_screening(page)
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_role("heading", name="Your training so far")).to_be_visible()
    page.get_by_role("button", name="Next").click()  # nothing chosen: the form comes back
    expect(page.locator(".field-errors").get_by_text("This field is required.")).to_be_visible()
    # issue 14: the summary at the top names the question and links to it
    summary = page.get_by_role("alert").filter(has_text="1 answer is missing or wrong")
    summary.get_by_role("link", name="Are you used to strength training?").click()
    expect(page.locator("#id_trained_0")).to_be_focused()
    look(page, "patient-onboarding-2-history-error")
    page.get_by_label("No, or not for a while").check()
    usual = page.get_by_role("group", name="How much does your knee usually hurt? (optional)")
    choose_pain(usual, 3)
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_role("heading", name="Your equipment")).to_be_visible()
    for name in (
        "Exercise mat",
        "Loop band for the ankles",
        "Mini band (small loop band)",
        "A clear stretch of wall",
    ):
        page.get_by_label(name).check()
    page.get_by_label("Soft ball, about half the size of a football").check()
    look(page, "patient-onboarding-3-equipment")
    page.get_by_role("button", name="Next").click()

    expect(page.get_by_role("heading", name="Your knee and your week")).to_be_visible()
    page.get_by_label("Right knee").check()
    page.get_by_label("Start date").fill(start.isoformat())
    look(page, "patient-onboarding-4-schedule")
    page.get_by_role("button", name="Make my plan").click()
    expect(page.get_by_role("status")).to_contain_text("Your programme is ready.")


def choose_pain(scope: Any, pain: int) -> None:
    """One tap on the pain button (0-10); the buttons are labels around radio inputs."""
    scope.locator(f"input[type=radio][value='{pain}']").check()


def open_card(card: Any) -> None:
    """Unfold an exercise's card: only the exercise to do now is open (issue 14)."""
    folded = card.locator("details.card-body:not([open]) > summary")
    if folded.count():
        folded.click()


def log_set(
    card: Any,
    *,
    set_number: int,
    pain: int | None,
    side: str | None = None,
    amount: int | None = None,
    note: str = "",
) -> None:
    # The previous set's save must have come back first: on its answer the form moves on to
    # the next set and side by itself, which would overwrite what is typed meanwhile.
    open_card(card)
    # By name, not label, so that the same steps work in both languages.
    form = card.locator("form.log-set")
    expect(form.locator("button[type=submit]")).to_be_enabled()
    form.locator("input[name=set_number]").fill(str(set_number))
    if side:
        form.locator("select[name=side]").select_option(side)
    if amount is not None:
        form.locator("input[name=reps], input[name=seconds]").fill(str(amount))
    if pain is not None:
        choose_pain(form, pain)
    form.locator("input[name=note]").fill(note)
    form.locator("button[type=submit]").click()


def test_sign_up_to_next_morning_check_in_on_a_phone(phone: Any, look: Look) -> None:
    today = oslo_today()
    yesterday = today - dt.timedelta(days=1)
    sign_up(phone, "nora")
    onboard(phone, look, start=yesterday)
    expect(phone).to_have_url("/today/")
    look(phone, "patient-today-first-day")

    phone.goto(f"/today/{yesterday.isoformat()}/")
    expect(phone.get_by_role("heading", name=re.compile("Your session on"))).to_be_visible()

    lift = phone.locator("#ex-vmo-lift")
    expect(lift.locator("svg[role=img]")).to_be_visible()
    expect(lift.get_by_role("row")).to_have_count(2)  # header + "no sets yet"
    # The painful (right) leg comes first; the form moves on to the next set and side by itself.
    expect(lift.get_by_label("Side")).to_have_value("right")
    log_set(lift, set_number=1, side="right", pain=3, note="<script>alert(1)</script>")
    expect(lift.locator("form [data-status]")).to_contain_text("Logged: 1 (Right)")
    expect(lift.get_by_label("Side")).to_have_value("left")
    log_set(lift, set_number=1, side="left", pain=2)
    log_set(lift, set_number=2, side="right", pain=2)
    expect(lift.locator("tbody tr")).to_have_count(3)
    expect(lift.get_by_role("cell", name="<script>alert(1)</script>")).to_be_visible()
    if lift.locator("table.logged[data-attach-url]").count():  # the server has the camera extra
        # A row the page script added links to that set's upload page, reversed by the server.
        expect(
            lift.locator("tbody tr").nth(2).get_by_role("link", name="Check with video")
        ).to_have_attribute("href", f"/today/{yesterday.isoformat()}/sets/vmo-lift/2/right/video/")

    log_set(lift, set_number=2, side="left", pain=None)  # no pain chosen: asked, nothing sent
    expect(lift.get_by_text("Choose a number from 0 to 10.")).to_be_visible()
    expect(lift.locator("tbody tr")).to_have_count(3)
    look(phone, "patient-yesterday-logging")

    walks = phone.locator("#ex-monster-walks")
    open_card(walks)
    timer = walks.locator(".timer[data-kind=work]")
    expect(timer).to_be_visible()
    timer.get_by_role("button", name="Start").click()
    expect(timer.get_by_role("button", name="Pause")).to_be_visible()
    phone.wait_for_timeout(2300)
    timer.get_by_role("button", name="Pause").focus()
    phone.keyboard.press("Enter")  # the keyboard works the timer too
    expect(timer.get_by_role("button", name="Resume")).to_be_visible()
    seconds = walks.get_by_label("Seconds:", exact=True)
    expect(seconds).to_have_value(re.compile(r"^[23]$"))
    choose_pain(walks, 1)
    walks.get_by_role("button", name="Log this set").click()
    expect(walks.locator("tbody tr")).to_have_count(1)
    look(phone, "patient-yesterday-timed-set")

    after = phone.locator("#pain-after")
    expect(after).to_be_visible()
    choose_pain(after, 2)
    after.get_by_role("button", name="Save pain after").click()
    expect(phone.get_by_role("status").first).to_contain_text("Pain after the session saved")
    look(phone, "patient-yesterday-pain-after")

    phone.goto("/today/")
    checkin = phone.locator("section.checkin")
    expect(checkin.get_by_role("heading", name="Good morning: how is the knee?")).to_be_visible()
    look(phone, "patient-today-checkin-prompt")
    choose_pain(checkin, 2)
    checkin.get_by_label("The knee is stiffer than usual").check()
    checkin.get_by_role("button", name="Save the check-in").click()
    expect(phone.get_by_role("status").first).to_contain_text("check-in is saved")
    expect(phone.locator("section.checkin")).to_have_count(0)

    phone.get_by_role("button", name="Norsk (bokmål)").click()
    expect(phone.locator("html")).to_have_attribute("lang", "nb")
    expect(phone.get_by_role("heading", name=re.compile("^I dag"))).to_be_visible()
    look(phone, "patient-today-nb")


def shoot(page: Any, name: str) -> None:
    """A screenshot only: axe-core is a script, so it cannot run where scripts are off (the same
    pages are checked by axe in the other tests)."""
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_logging_works_without_javascript(chromium: Any, server: str) -> None:
    context = chromium.new_context(
        base_url=server,
        viewport={"width": 390, "height": 844},
        java_script_enabled=False,
        locale="en-GB",
    )
    page = context.new_page()
    page.problems = []
    try:
        sign_up(page, "nils")
        answer_screening(page)
        page.get_by_role("button", name="Next").click()
        page.get_by_label("Yes, I do strength training regularly").check()
        page.get_by_role("button", name="Next").click()
        page.get_by_label("Exercise mat").check()
        page.get_by_role("button", name="Next").click()
        page.get_by_label("Left knee").check()
        page.get_by_role("button", name="Make my plan").click()
        expect(page).to_have_url("/today/")
        card = page.locator("article.exercise").first
        expect(card.locator(".timer")).to_be_hidden()  # the countdown needs JavaScript
        card.get_by_role("button", name="Log this set").click()  # no pain chosen
        expect(page.get_by_text("Choose a number from 0 to 10.")).to_be_visible()
        shoot(page, "patient-nojs-error")
        card = page.locator("article.exercise").first
        choose_pain(card, 1)
        card.get_by_role("button", name="Log this set").click()
        expect(page.get_by_role("status").first).to_contain_text("Set 1")
        expect(page.locator("article.exercise").first.locator("tbody tr")).to_have_count(1)
        shoot(page, "patient-nojs-logged")
    finally:
        context.close()


def test_a_red_flag_stops_the_wizard(phone: Any, look: Look) -> None:
    sign_up(phone, "ragna")
    answer_screening(phone, first="Yes")
    phone.get_by_role("button", name="Next").click()
    expect(phone.get_by_role("heading", name="Call the emergency number now")).to_be_visible()
    look(phone, "patient-screening-emergency")
    phone.goto("/today/")
    expect(phone).to_have_url(re.compile("/start/screening/$"))
    expect(phone.get_by_role("heading", name="Call the emergency number now")).to_be_visible()


def test_settings_on_a_phone_and_today_on_a_desktop(phone: Any, desktop: Any, look: Look) -> None:
    for page in (phone, desktop):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill("demo")
        page.get_by_label("Password:", exact=True).fill("kneecoach-demo")
        page.get_by_role("button", name="Log in").click()
    expect(phone).to_have_url("/today/")
    phone.get_by_role("link", name="Settings").click()
    expect(phone.get_by_role("heading", name="Settings")).to_be_visible()
    look(phone, "patient-settings")
    phone.get_by_role("group", name="Days you can train").get_by_label("Monday").uncheck()
    for day in ("Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        phone.get_by_role("group", name="Days you can train").get_by_label(day).uncheck()
    phone.get_by_role("button", name="Save settings").click()
    summary = phone.get_by_role("alert").filter(has_text="1 answer is missing or wrong")
    expect(summary).to_contain_text("Choose at least one day of the week.")  # at the top
    group = phone.get_by_role("group", name="Days you can train")
    expect(group.get_by_text("Choose at least one day of the week.")).to_be_visible()
    look(phone, "patient-settings-error")
    desktop.goto("/today/")
    look(desktop, "patient-today-desktop")


def test_a_recent_operation_waits_for_the_surgical_team(phone: Any, look: Look) -> None:
    """Issue 13 item 8 on the page: S5 is asked as "when", and a recent operation without the
    surgical team's clearance stops the wizard with advice to ask that team."""
    sign_up(phone, "siri")
    answer_screening(phone)
    surgery = phone.locator("fieldset.choices").filter(has_text="last operated on")
    surgery.get_by_label("In the last 6 months", exact=True).check()
    look(phone, "patient-screening-surgery-question")
    phone.get_by_role("button", name="Next").click()
    heading = phone.get_by_role("heading", name="Ask your surgical team before you start")
    expect(heading).to_be_visible()
    expect(phone.get_by_text("surgical team (the ward or clinic")).to_be_visible()
    look(phone, "patient-screening-surgical")
