"""The patient pages' cached form fields (``{% form_fields %}``) print exactly what including
``patient/_fields.html`` prints, and only an unbound form is kept in the cache."""

from __future__ import annotations

import pytest
from django import forms
from django.core.cache import cache
from django.template import Context, Template
from django.utils import translation

from kneecoach.web.patient.forms import CheckinForm, PainAfterForm
from kneecoach.web.patient.templatetags.form_fields import fields_cache_key

INCLUDED = Template('{% include "patient/_fields.html" with form=form %}')
TAGGED = Template("{% load form_fields %}{% form_fields form %}")


def _both(form: forms.Form) -> tuple[str, str]:
    return INCLUDED.render(Context({"form": form})), TAGGED.render(Context({"form": form}))


@pytest.mark.parametrize("language", ["en", "nb"])
@pytest.mark.parametrize("pain", [None, 0, 4, 10])
def test_an_unbound_form_prints_what_the_include_prints_and_is_kept(
    language: str, pain: int | None
) -> None:
    cache.clear()
    with translation.override(language):
        form = PainAfterForm(initial={"pain": pain})
        included, first = _both(form)
        assert cache.get(fields_cache_key(form, "")) is not None
        _, second = _both(PainAfterForm(initial={"pain": pain}))
    assert first == second == included
    assert 'name="pain"' in included


def test_another_language_or_initial_value_is_another_entry() -> None:
    cache.clear()
    with translation.override("en"):
        english = TAGGED.render(Context({"form": CheckinForm()}))
    with translation.override("nb"):
        norwegian = TAGGED.render(Context({"form": CheckinForm()}))
    assert english != norwegian
    keys = {fields_cache_key(PainAfterForm(initial={"pain": p}), "") for p in (None, 1, 2)}
    assert len(keys) == 3


def test_a_bound_form_is_rendered_afresh_with_its_errors_and_never_kept() -> None:
    cache.clear()
    form = PainAfterForm(data={"pain": "11"})
    assert not form.is_valid()
    included, tagged = _both(form)
    assert tagged == included
    assert "has-error" in tagged
    assert cache.get(fields_cache_key(form, "")) is None
