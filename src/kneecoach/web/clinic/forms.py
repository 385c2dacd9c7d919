"""The clinic pages' forms: they parse text into values; the use cases decide what is valid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError

from kneecoach.programme import limits
from kneecoach.web.clinic import services
from kneecoach.web.clinic.schemas import change_bounds


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your clinic"),
        max_length=64,
        help_text=_("Eight letters and digits, e.g. K7QM-2XPA"),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Private note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.CLINIC_TEXT_MAX,
        help_text=_("Only your clinic's clinicians see notes."),
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message to the patient"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.CLINIC_TEXT_MAX,
        help_text=_("Shown on the patient's Today page with your name and the date."),
    )


KIND_CHOICES = [
    ("dose", _("Set the dose or variant of an exercise")),
    ("swap", _("Swap an exercise for another")),
    ("add", _("Add an exercise to every session")),
    ("pause", _("Pause the programme")),
    ("resume", _("Resume the programme")),
]


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Change"), choices=KIND_CHOICES, initial="dose", required=False
    )
    exercise = forms.ChoiceField(label=_("Exercise"), required=False)
    replacement = forms.ChoiceField(
        label=_("Swap in"),
        required=False,
        help_text=_("For a swap: the exercise done in its place (any catalogue entry)."),
    )
    level = forms.TypedChoiceField(label=_("Variant"), coerce=int)
    sets = forms.IntegerField(
        label=_("Sets"),
        min_value=change_bounds("sets")[0],
        max_value=change_bounds("sets")[1],
        required=False,
        help_text=_("For a swap or an addition, leave empty to keep the coach's dose."),
    )
    amount = forms.IntegerField(
        label=_("Reps or seconds per set"),
        required=False,
        # Reps or seconds, whichever the exercise counts: the widest of the two.
        min_value=min(change_bounds("reps")[0], change_bounds("seconds")[0]),
        max_value=max(change_bounds("reps")[1], change_bounds("seconds")[1]),
        help_text=_("Seconds for timed exercises (planks, walks), reps for the others."),
    )
    load = forms.CharField(label=_("Band or load"), required=False, max_length=limits.LOAD_MAX)
    starts_on = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note the patient sees"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limits.CLINIC_TEXT_MAX,
    )

    change_input: services.ChangeInput

    def __init__(self, choices: list[services.ExerciseChoice], *args: object, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.choices = {c.slug: c for c in choices}
        exercise_field = self.fields["exercise"]
        assert isinstance(exercise_field, forms.ChoiceField)  # noqa: S101
        exercise_field.choices = [("", "–"), *((c.slug, c.name) for c in choices)]
        replacement_field = self.fields["replacement"]
        assert isinstance(replacement_field, forms.ChoiceField)  # noqa: S101
        replacement_field.choices = [("", "–"), *((c.slug, c.name) for c in choices)]
        self._say_bounds_in_words()
        level_field = self.fields["level"]
        assert isinstance(level_field, forms.ChoiceField)  # noqa: S101
        levels = sorted({level for c in choices for level, _name in c.levels})
        level_field.choices = [(level, _level_label(level)) for level in levels]

    def _say_bounds_in_words(self) -> None:
        """The number fields' refusals say what they take ("Sets: choose 1 to 20."), in the
        request's language, where Django said "Ensure this value is greater than or equal to
        1." (set here, not on the class, so the words are the active language's)."""
        words = _range_words()
        for name in ("sets", "amount"):
            said = words[name]
            field = self.fields[name]
            assert isinstance(field, forms.IntegerField)  # noqa: S101
            message = said % {"low": field.min_value, "high": field.max_value}
            field.error_messages.update(min_value=message, max_value=message, invalid=message)

    def clean(self) -> dict[str, object]:
        """The fields read as the use cases' input, ``ChangeInput``: a value its bounds refuse
        (999 reps where the field takes seconds up to 3600) is an error on its field here, the
        form shown again with all that was typed, never a server error."""
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            self.change_input = self._input(data)
        except ValidationError as error:
            for problem in error.errors():
                name = str(problem["loc"][0]) if problem["loc"] else ""
                field = form_field_of(name)
                self.add_error(field if field in self.fields else None, _refusal(name, problem))
        return data

    def change(self) -> services.ChangeInput:
        """The change, once ``is_valid()`` said yes."""
        return self.change_input

    def _input(self, data: dict[str, object]) -> services.ChangeInput:
        kind = str(data["kind"] or "dose")
        dosed = data["replacement"] if kind == "swap" else data["exercise"]
        choice = self.choices.get(str(dosed))
        timed = choice is not None and (choice.timed or data["level"] in choice.seconds_levels)
        return services.ChangeInput.model_validate(
            {
                "kind": kind,
                "exercise": "" if kind in ("pause", "resume") else data["exercise"],
                "replacement": (data["replacement"] or None) if kind == "swap" else None,
                "level": data["level"],
                "sets": data["sets"],
                "reps": None if timed else data["amount"],
                "seconds": data["amount"] if timed else None,
                "load": data["load"] or None,
                "note": data["note"] or "",
                "starts_on": data["starts_on"],
            }
        )


def form_field_of(input_field: str) -> str:
    """The form field a ``ChangeInput`` field is typed in: reps and seconds share ``amount``."""
    return "amount" if input_field in ("reps", "seconds") else input_field


def _range_words() -> dict[str, str]:
    """Each number field's refusal, saying what it takes, in the active language."""
    return {
        "sets": gettext("Sets: choose %(low)s to %(high)s."),
        "amount": gettext("Reps or seconds: choose %(low)s to %(high)s."),
        "reps": gettext("Reps: choose %(low)s to %(high)s."),
        "seconds": gettext("Seconds: choose %(low)s to %(high)s."),
        "level": gettext("Variant: choose a step from %(low)s to %(high)s."),
    }


def _refusal(field: str, problem: Any) -> str:
    """A bound of ``ChangeInput`` in plain words, in the page's language."""
    if field in ("sets", "reps", "seconds", "level"):
        low, high = change_bounds(field)
        return _range_words()[field] % {"low": low, "high": high}
    if field == "starts_on":
        latest = date_format(limits.LATEST_DATE, "j M Y")
        return gettext("From: choose a date up to %(latest)s.") % {"latest": latest}
    return str(problem["msg"])


def _level_label(level: int) -> str:
    if level == 0:
        return str(_("the exercise itself"))
    if level < 0:
        return str(_("easier, step %(step)s")) % {"step": -level}
    return str(_("harder, step %(step)s")) % {"step": level}


class ClinicianForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=limits.USERNAME_MAX)
    password = forms.CharField(
        label=_("First password"),
        widget=forms.PasswordInput,
        min_length=limits.PASSWORD_MIN,
        max_length=limits.PASSWORD_MAX,
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("clinician", _("clinician")), ("admin", _("clinic admin"))]
    )


class DeskAccountForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=limits.USERNAME_MAX)
    password = forms.CharField(
        label=_("First password"),
        widget=forms.PasswordInput,
        min_length=limits.PASSWORD_MIN,
        max_length=limits.PASSWORD_MAX,
        help_text=_("Give it to the person; they change it under Account."),
    )
