"""Forms of the patient pages. They check shape (numbers, ranges, choices); the domain's rules
(a unilateral exercise needs a side, no future dates, ...) come back as KneecoachErrors and are
shown beside the field they name."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from kneecoach.errors import KneecoachError
from kneecoach.web.coach import services as coach
from kneecoach.web.patient.models import Units
from kneecoach.web.patient.services import (
    START_DAYS_AHEAD,
    START_DAYS_BACK,
    answer_options,
    equipment_options,
)

NOTE_MAX = 500
LOAD_MAX = 40

SIDE_CHOICES = [("left", _("Left")), ("right", _("Right"))]
PAINFUL_SIDE_CHOICES = [("left", _("Left knee")), ("right", _("Right knee")), ("both", _("Both"))]
TRAINED_CHOICES = [
    ("yes", _("Yes, I do strength training regularly")),
    ("no", _("No, or not for a while")),
]
WEEKDAY_CHOICES = [(str(day), name) for day, name in WEEKDAYS.items()]
LANGUAGE_CHOICES = [("en", "English"), ("nb", "Norsk bokmål")]


def pain_field(label: Any, *, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=10,
        required=required,
        help_text=_("0 = no pain, 10 = the worst pain you can imagine."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def show_error(form: forms.Form, error: KneecoachError) -> None:
    """A domain error beside the field it names (``sets[0].pain`` -> ``pain``), else on top."""
    field = (error.field or "").rsplit(".", 1)[-1]
    form.add_error(field if field in form.fields else None, error.message)


class ScreeningForm(forms.Form):
    """One yes / no / not sure question per red flag, in the page's language."""

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(o.value, o.name) for o in answer_options(language)]
        for question in coach.screening_questions(language):
            self.fields[question.id] = forms.ChoiceField(
                label=question.text,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please answer this question.")},
            )


class HistoryForm(forms.Form):
    trained = forms.ChoiceField(
        label=_("Are you used to strength training?"),
        choices=TRAINED_CHOICES,
        widget=forms.RadioSelect,
        help_text=_("If not, you will train every other day; if so, three days on, one off."),
    )
    baseline_pain = pain_field(
        _("How much does your knee usually hurt? (optional)"), required=False
    )


class EquipmentForm(forms.Form):
    equipment = forms.MultipleChoiceField(
        label=_("What do you have at hand?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Exercises that need something you lack get a substitute."),
    )

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["equipment"])
        field.choices = [(o.value, o.name) for o in equipment_options(language)]


class ScheduleForm(forms.Form):
    painful_side = forms.ChoiceField(
        label=_("Which knee hurts?"), choices=PAINFUL_SIDE_CHOICES, widget=forms.RadioSelect
    )
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    weekdays = forms.MultipleChoiceField(
        label=_("Days you can train"),
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one day of the week.")},
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        self.today = today
        super().__init__(*args, **kwargs)

    def clean_start_date(self) -> dt.date:
        start: dt.date = self.cleaned_data["start_date"]
        earliest = self.today - dt.timedelta(days=START_DAYS_BACK)
        latest = self.today + dt.timedelta(days=START_DAYS_AHEAD)
        if not earliest <= start <= latest:
            raise forms.ValidationError(
                _("Choose a date from %(earliest)s to %(latest)s.")
                % {"earliest": earliest.isoformat(), "latest": latest.isoformat()}
            )
        return start


class SettingsForm(forms.Form):
    trained = HistoryForm.base_fields["trained"]
    equipment = EquipmentForm.base_fields["equipment"]
    painful_side = ScheduleForm.base_fields["painful_side"]
    weekdays = ScheduleForm.base_fields["weekdays"]
    language = forms.ChoiceField(
        label=_("Language"), choices=LANGUAGE_CHOICES, widget=forms.RadioSelect
    )
    units = forms.ChoiceField(label=_("Units"), choices=Units.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["equipment"])
        field.choices = [(o.value, o.name) for o in equipment_options(language)]


class SetForm(forms.Form):
    """One set of one exercise (one side); ``reps`` or ``seconds`` as the dose counts them."""

    exercise = forms.CharField(widget=forms.HiddenInput, max_length=80)
    set_number = forms.IntegerField(label=_("Set"), min_value=1, max_value=10)
    side = forms.ChoiceField(label=_("Side"), choices=SIDE_CHOICES, required=False)
    reps = forms.IntegerField(
        label=_("Reps"),
        min_value=0,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    seconds = forms.IntegerField(
        label=_("Seconds"),
        min_value=0,
        max_value=600,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    load = forms.CharField(label=_("Band or weight"), max_length=LOAD_MAX, required=False)
    pain = forms.IntegerField(
        label=_("Pain (0-10)"),
        min_value=0,
        max_value=10,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(label=_("Note"), max_length=NOTE_MAX, required=False)


class PainAfterForm(forms.Form):
    pain = pain_field(_("Pain now, about an hour after the session"))


class CheckinForm(forms.Form):
    pain = pain_field(_("Knee pain this morning"))
    swelling = forms.BooleanField(label=_("The knee is more swollen than usual"), required=False)
    stiffness = forms.BooleanField(label=_("The knee is stiffer than usual"), required=False)
