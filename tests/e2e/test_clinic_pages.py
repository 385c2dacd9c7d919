"""The clinic side in a real browser: the invitation (a clinician makes a code, a new person
signs up, sees who will see their data and accepts), the overview and a patient's page with a
previewed and saved change, on a phone and a desktop, in English and Norwegian Bokmål.
Screenshots, axe-core, no CSP violation. The demo clinic (``kneecoach demo``) is the data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

Look = Callable[[Any, str], Path]
PASSWORD = "a-long-e2e-password-42"


def _log_in(page: Any, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password:", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _charts_painted(page: Any) -> None:
    """Every chart loaded (chromium paints an image once it has been on screen)."""
    page.wait_for_load_state("networkidle")
    height = page.evaluate("document.body.scrollHeight")
    for y in range(0, height, 600):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(40)
    page.evaluate("window.scrollTo(0, 0)")
    broken = page.evaluate(
        "[...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
    )
    assert broken == [], f"images that did not load: {broken}"
    assert page.locator("img.chart").count() == 2


def _norwegian(page: Any) -> None:
    page.locator('button[name="language"][value="nb"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "nb")


def test_the_invitation_on_a_phone(phone: Any, desktop: Any, look: Look) -> None:
    _log_in(desktop, "clinician", "kneecoach-clinic")
    desktop.goto("/clinic/invite/")
    desktop.get_by_role("button", name="Make a new code and link").click()
    code = desktop.locator(".invitation-code").inner_text()
    assert len(code) == 8
    look(desktop, "desktop-clinic-invite")

    phone.goto("/accounts/signup/")
    phone.get_by_label("Username").fill("sigrid")
    phone.get_by_label("Password:", exact=True).fill(PASSWORD)
    phone.get_by_label("Password confirmation").fill(PASSWORD)
    phone.get_by_role("button", name="Create the account").click()
    phone.goto("/clinic/join/")
    look(phone, "phone-clinic-join")
    phone.get_by_label("Code from your clinic").fill("WRONG123")
    phone.get_by_role("button", name="Continue").click()
    expect(phone.locator(".form-errors, .field-errors").first).to_contain_text("unknown")
    look(phone, "phone-clinic-join-error")
    phone.get_by_label("Code from your clinic").fill(code.lower())
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", name="Who will see your data")).to_be_visible()
    expect(phone.get_by_text("clinician", exact=False).first).to_be_visible()
    look(phone, "phone-clinic-join-preview")
    phone.get_by_role("button", name="Accept and share my data").click()
    expect(phone.get_by_role("status")).to_contain_text("Your clinic can now see your training")
    expect(phone.get_by_text("Demo Physio can see your data")).to_be_visible()
    look(phone, "phone-clinic-consent")
    _norwegian(phone)
    expect(phone.get_by_role("heading", name="Klinikken din")).to_be_visible()
    look(phone, "phone-clinic-consent-nb")
    phone.get_by_role("button", name="Slutt å dele dataene mine").click()
    expect(phone.get_by_text("Ingen klinikk kan se dataene dine.")).to_be_visible()


def test_the_overview_on_a_phone_and_a_desktop(phone: Any, desktop: Any, look: Look) -> None:
    _log_in(desktop, "clinician", "kneecoach-clinic")
    desktop.goto("/clinic/")
    table = desktop.get_by_role("table")
    expect(table).to_contain_text("kari")
    expect(table).to_contain_text("pain 7/10")
    expect(table).to_contain_text("relief period since")
    expect(table).to_contain_text("no session since one was due")
    look(desktop, "desktop-clinic-overview")
    desktop.get_by_label("Show").select_option("pain_rising")
    desktop.get_by_role("button", name="Show").click()
    expect(desktop.get_by_role("status")).to_contain_text("1 patient")
    look(desktop, "desktop-clinic-overview-filtered")

    _log_in(phone, "clinician", "kneecoach-clinic")
    phone.goto("/clinic/")
    expect(phone.get_by_role("link", name="kari")).to_be_visible()
    look(phone, "phone-clinic-overview")
    _norwegian(phone)
    expect(phone.get_by_role("heading", name="Pasienter")).to_be_visible()
    expect(phone.get_by_role("table")).to_contain_text("smerte 7/10")
    look(phone, "phone-clinic-overview-nb")


def test_a_patients_page_with_a_previewed_change(phone: Any, desktop: Any, look: Look) -> None:
    _log_in(desktop, "clinician", "kneecoach-clinic")
    desktop.goto("/clinic/")
    desktop.get_by_role("link", name="liv").click()
    expect(desktop.get_by_role("heading", name="Change the programme")).to_be_visible()
    _charts_painted(desktop)
    look(desktop, "desktop-clinic-patient")
    form = desktop.locator("form", has=desktop.get_by_role("button", name="Preview"))
    form.get_by_label("Exercise").select_option("clamshell")
    form.get_by_label("Variant").select_option("-1")
    form.get_by_label("Sets").fill("2")
    form.get_by_label("Reps or seconds per set").fill("10")
    form.get_by_label("Note the patient sees").fill("gentler for a week")
    form.get_by_role("button", name="Preview").click()
    expect(desktop.get_by_role("heading", name="the next sessions")).to_be_visible()
    look(desktop, "desktop-clinic-preview")
    desktop.locator("form", has=desktop.get_by_role("button", name="Preview")).get_by_role(
        "button", name="Save the change"
    ).click()
    expect(desktop.get_by_role("status")).to_contain_text("The change is saved")
    expect(desktop.get_by_text("gentler for a week").first).to_be_visible()
    desktop.goto("/clinic/")
    desktop.get_by_role("link", name="kari").click()
    _norwegian(desktop)
    expect(desktop.get_by_role("heading", name="Endre programmet")).to_be_visible()
    look(desktop, "desktop-clinic-patient-nb")

    _log_in(phone, "clinician", "kneecoach-clinic")
    phone.goto("/clinic/")
    phone.get_by_role("link", name="kari").click()
    expect(phone.get_by_role("heading", name="Flags")).to_be_visible()
    _charts_painted(phone)
    look(phone, "phone-clinic-patient")
    phone.get_by_role("button", name="Log out").click()
    _log_in(phone, "liv", "kneecoach-demo")
    phone.goto("/today/")
    changes = phone.get_by_role("region", name="From your clinic")
    expect(changes).to_contain_text("clinician")
    expect(changes).to_contain_text("gentler for a week")
    look(phone, "phone-today-clinic-change")
