"""Forms of the patient pages. They check shape (numbers, ranges, choices); the domain's rules
(a unilateral exercise needs a side, no future dates, ...) come back as KneecoachErrors and are
shown beside the field they name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kneecoach.programme import limits
from kneecoach.web.coach import services as coach
from kneecoach.web.coach.services import SET_SIDES
from kneecoach.web.form_errors import show_error as show_error
from kneecoach.web.patient.models import Units
from kneecoach.web.patient.services import (
    START_DAYS_AHEAD,
    START_DAYS_BACK,
    equipment_options,
)

NOTE_MAX = limits.SET_NOTE_MAX  # kept: older imports name them here
LOAD_MAX = limits.LOAD_MAX

SIDE_CHOICES = [("left", _("Left")), ("right", _("Right"))]
PAINFUL_SIDE_CHOICES = [("left", _("Left knee")), ("right", _("Right knee")), ("both", _("Both"))]
TRAINED_CHOICES = [
    ("yes", _("Yes, I do strength training regularly")),
    ("no", _("No, or not for a while")),
]
WEEKDAY_CHOICES = [(str(day), name) for day, name in WEEKDAYS.items()]
LANGUAGE_NAMES = {"en": "English", "nb": "Norsk bokmål"}
LANGUAGE_CHOICES = [(code, LANGUAGE_NAMES[code]) for code in limits.LANGUAGES]


PAIN_CHOICES = [(str(n), str(n)) for n in range(limits.PAIN_MIN, limits.PAIN_MAX + 1)]
PAIN_ERROR = _("Choose a number from 0 to 10.")


def pain_field(label: Any, *, required: bool = True) -> forms.TypedChoiceField:
    """Pain 0-10 as eleven large buttons (one tap, nothing chosen until the person chooses)."""
    return forms.TypedChoiceField(
        label=label,
        choices=PAIN_CHOICES,
        coerce=int,
        empty_value=None,
        required=required,
        help_text=_("0 = no pain, 10 = the worst pain you can imagine."),
        widget=forms.RadioSelect(attrs={"class": "pain-scale"}),
        error_messages={"required": PAIN_ERROR, "invalid_choice": PAIN_ERROR},
    )


class ScreeningForm(forms.Form):
    """One question per screening item, in the page's language: yes / no / not sure, or the
    question's own answers (S5: when the knee was operated on). S5C is optional."""

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in coach.screening_questions(language):
            self.fields[question.id] = forms.ChoiceField(
                label=question.text,
                choices=[(c.value, c.label) for c in question.choices],
                widget=forms.RadioSelect,
                required=question.required,
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


class SideField(forms.ChoiceField):
    """Left or right, offered; ``both`` (work with both legs together, the same as no side) is
    taken too but not offered, as the API and the CLI take it (``inputs.SET_SIDES``)."""

    def valid_value(self, value: Any) -> bool:
        return value in SET_SIDES or super().valid_value(value)


def set_field_messages() -> dict[str, str]:
    """What the set form says of a number it refuses (not a whole number, out of range, left
    out where the dose counts it), naming the field and its range from ``programme.limits`` in
    the page's language: the no-JavaScript form shows it beside the field, and the page's script
    shows it for the API's 422 on that field (``data-field-messages``), where the API's own
    message is the validator's English."""
    whole = {
        "set_number": (
            gettext("Set: enter a whole number from %(low)s to %(high)s."),
            limits.SET_NUMBER_MIN,
            limits.SETS_MAX,
        ),
        "reps": (
            gettext("Reps: enter a whole number from %(low)s to %(high)s."),
            0,
            limits.REPS_MAX,
        ),
        "seconds": (
            gettext("Seconds: enter a whole number from %(low)s to %(high)s."),
            0,
            limits.SECONDS_MAX,
        ),
    }
    messages = {
        name: text % {"low": low, "high": high} for name, (text, low, high) in whole.items()
    }
    messages["load"] = gettext("Band or weight: at most %(max)s characters.") % {"max": LOAD_MAX}
    messages["note"] = gettext("Note: at most %(max)s characters.") % {"max": NOTE_MAX}
    return messages


class SetForm(forms.Form):
    """One set of one exercise (one side); ``reps`` or ``seconds`` as the dose counts them.
    A refused number or text gets ``set_field_messages``' words, not Django's."""

    exercise = forms.CharField(widget=forms.HiddenInput, max_length=limits.EXERCISE_SLUG_MAX)
    set_number = forms.IntegerField(
        label=_("Set"), min_value=limits.SET_NUMBER_MIN, max_value=limits.SETS_MAX
    )
    side = SideField(label=_("Side"), choices=SIDE_CHOICES, required=False)
    reps = forms.IntegerField(
        label=_("Reps"),
        min_value=0,
        max_value=limits.REPS_MAX,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    seconds = forms.IntegerField(
        label=_("Seconds"),
        min_value=0,
        max_value=limits.SECONDS_MAX,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    load = forms.CharField(label=_("Band or weight"), max_length=LOAD_MAX, required=False)
    pain = pain_field(_("Knee pain during the set"))
    note = forms.CharField(label=_("Note"), max_length=NOTE_MAX, required=False)
    replace = forms.BooleanField(label=_("Yes, replace the set I logged before"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, message in set_field_messages().items():
            self.fields[name].error_messages.update(
                dict.fromkeys(
                    ("required", "invalid", "min_value", "max_value", "max_length"), message
                )
            )


class DeleteSetForm(forms.Form):
    """Which logged set to delete."""

    exercise = forms.CharField(max_length=limits.EXERCISE_SLUG_MAX)
    set_number = forms.IntegerField(min_value=limits.SET_NUMBER_MIN, max_value=limits.SETS_MAX)
    side = forms.ChoiceField(choices=[*SIDE_CHOICES, ("", "")], required=False)


class PainAfterForm(forms.Form):
    pain = pain_field(_("Pain now, about an hour after the session"))


class StopForm(forms.Form):
    """What made the person stop the session at once (``coach.StopInput``), the events named
    in ``language`` by the engine (``coach.stop_event_words``); ``withdraw`` takes one back (the
    page's "reported by mistake" button)."""

    events = forms.MultipleChoiceField(
        label=_("What happened?"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick everything that happened."),
        error_messages={
            "required": _("Tick what happened: one or more of these."),
            "invalid_choice": _("Tick what happened: one or more of these."),
        },
    )
    withdraw = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_stop_%s")  # ids of its own beside the page's other forms
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["events"])
        field.choices = coach.stop_event_words(language)  # the engine's words, as the terminal's


class CheckinForm(forms.Form):
    pain = pain_field(_("Knee pain this morning"))
    swelling = forms.BooleanField(label=_("The knee is more swollen than usual"), required=False)
    stiffness = forms.BooleanField(label=_("The knee is stiffer than usual"), required=False)
    cannot_bear_weight = forms.BooleanField(
        label=_("I cannot put weight on the leg normally"), required=False
    )
    before_session = forms.BooleanField(
        label=_("This is about this morning, before today's session"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Asked only once refused for it (``coach.checkin``, field before_session), and kept
        # while the person answers it; not on a form shown again for another reason.
        self._before_session = self.fields.pop("before_session")
        if self.is_bound and "before_session" in self.data:
            self.offer_before_session()

    def offer_before_session(self) -> None:
        """Ask whether this check-in is about this morning, before today's session."""
        self.fields["before_session"] = self._before_session


@dataclass(frozen=True, slots=True)
class PlainField:
    """One field of a set form, ready for plain HTML: what ``{{ field }}`` with its widget
    template would print (same ids, labels, values, ``aria-*`` and errors), at a fraction of the
    cost. The Today page draws one set form per exercise card; through the widget templates
    they were most of the page's rendering time."""

    name: str
    id: str
    label: str
    tag: str  # "input", "select" or "radios" (the pain buttons)
    type: str
    value: str | None
    attrs: str  # already escaped: ' inputmode="numeric" min="0" ... id="..."'
    errors: tuple[str, ...]
    options: tuple[tuple[str, str, bool], ...] = ()


def plain_set_fields(
    names: Sequence[str],
    values: Mapping[str, Any],
    errors: Mapping[str, Sequence[Any]],
    auto_id: str,
) -> list[PlainField]:
    """``SetForm``'s fields ``names`` with ``values`` (the posted data, or the initial values of
    an unbound form) and ``errors``. No form is built and no widget template is rendered."""
    return [_plain_field(name, values.get(name), errors.get(name, ()), auto_id) for name in names]


def _plain_field(name: str, value: Any, errors: Sequence[Any], auto_id: str) -> PlainField:
    field = SetForm.base_fields[name]
    widget = field.widget
    field_id = auto_id % name
    attrs: dict[str, Any] = {**widget.attrs, **field.widget_attrs(widget)}
    radios = isinstance(widget, forms.RadioSelect)
    if radios:
        attrs.pop("class", None)
    if field.required and not widget.is_hidden:
        attrs["required"] = True
    if errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field_id}_error"
    attrs["id"] = field_id
    shown = None if value is None or value == "" else str(value)
    options: tuple[tuple[str, str, bool], ...] = ()
    if isinstance(field, forms.ChoiceField):
        choices = cast(list[tuple[Any, Any]], field.choices)
        options = tuple((str(v), str(label), str(v) == shown) for v, label in choices)
    return PlainField(
        name=name,
        id=field_id,
        label=str(field.label),
        tag="radios" if radios else "select" if isinstance(widget, forms.Select) else "input",
        type=getattr(widget, "input_type", ""),
        value=shown,
        attrs=_attributes(attrs),
        errors=tuple(str(e) for e in errors),
        options=options,
    )


def _attributes(attrs: Mapping[str, Any]) -> SafeString:
    """HTML attributes in the order given (as the widget templates print them), escaped;
    ``True`` is a bare attribute (``required``)."""
    return SafeString(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
        )
    )
