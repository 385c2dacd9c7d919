"""Template filter for the patient pages: the emergency and out-of-hours numbers in advice text
become tap-to-call ``tel:`` links, so a person on a phone in trouble does not retype them."""

from __future__ import annotations

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

PHONE_NUMBERS = re.compile(r"(?<![\d.])(116 117|113|112|111|999|911)(?![\d.])")
"""The numbers the screening's advice names (Norway's 113 and 116 117, Europe's 112, the UK's
999 and 111, North America's 911); nothing else in advice text looks like them."""


@register.filter
def phone_links(text: str) -> SafeString:
    """``text`` escaped, each known emergency number a ``tel:`` link."""
    escaped = str(conditional_escape(text))
    return mark_safe(  # noqa: S308 - every piece is escaped above or built by format_html
        PHONE_NUMBERS.sub(
            lambda m: format_html(
                '<a class="tel" href="tel:{}">{}</a>', m.group(1).replace(" ", ""), m.group(1)
            ),
            escaped,
        )
    )
