"""How a page shows a refused input: the domain's error beside the field it names."""

from __future__ import annotations

from django import forms

from kneecoach.errors import KneecoachError


def show_error(form: forms.Form, error: KneecoachError) -> None:
    """A domain error beside the field it names (``sets[0].pain`` -> ``pain``), else on top."""
    field = (error.field or "").rsplit(".", 1)[-1]
    form.add_error(field if field in form.fields else None, error.message)
