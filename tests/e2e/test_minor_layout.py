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
