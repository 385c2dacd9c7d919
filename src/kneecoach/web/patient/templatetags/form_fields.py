"""Template tag for the patient pages: a form's fields (``patient/_fields.html``), kept in the
cache while the form is unbound.

An unbound form's fields print the same HTML for the same form class, initial values and
language, and drawing them through Django's widget templates is costly: the Today page's
pain-after form alone (eleven pain buttons) was about a seventh of the page's CPU. The key is
everything the HTML follows from, so nothing is invalidated; a bound form (posted values, maybe
errors) is always rendered afresh. Only for forms whose fields the class alone decides (not
built per instance from arguments).
"""

from __future__ import annotations

import hashlib

from django import forms, template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

FIELDS_TEMPLATE = "patient/_fields.html"


def fields_cache_key(form: forms.Form, skip: str) -> str:
    """Everything an unbound form's fields are printed from, as a cache key."""
    kind = type(form)
    described = repr(
        (
            FIELDS_TEMPLATE,
            f"{kind.__module__}.{kind.__qualname__}",
            tuple(form.fields),
            sorted((name, repr(value)) for name, value in form.initial.items()),
            form.prefix,
            form.auto_id,
            skip,
            get_language(),
        )
    )
    return "form-fields:" + hashlib.sha256(described.encode()).hexdigest()


@register.simple_tag
def form_fields(form: forms.Form, skip: str = "") -> SafeString:
    """``{% include "patient/_fields.html" with form=form skip=skip %}``, cached when unbound."""
    if form.is_bound:
        return mark_safe(render_to_string(FIELDS_TEMPLATE, {"form": form, "skip": skip}))  # noqa: S308 - our template
    key = fields_cache_key(form, skip)
    html = cache.get(key)
    if html is None:
        html = render_to_string(FIELDS_TEMPLATE, {"form": form, "skip": skip})
        cache.set(key, html, timeout=3600)
    return mark_safe(str(html))  # noqa: S308 - rendered from our template, autoescaped
