"""A clinician's programme change with a number out of range or not a number at all: the page
shows the form again with the message on that field and everything typed kept, the API answers
4xx JSON naming the field, and nothing is saved. The form's number inputs carry the bounds of
the input model (``ChangeInput``), the one place they are defined."""

from __future__ import annotations

import re

import pytest

from kneecoach.programme import limits
from kneecoach.web.coach import models as coach_models
from tests.web.access import logged_in_client, token_client
from tests.web.clinic.conftest import World

pytestmark = pytest.mark.django_db

_FORM = {
    "kind": "dose",
    "exercise": "clamshell",
    "level": "0",
    "sets": "2",
    "amount": "10",
    "load": "",
    "starts_on": "",
    "note": "typed with care",
}

# (the form's field, what was typed); each is refused on that field.
_BAD_FORM_VALUES = [
    ("sets", "0"),
    ("sets", "21"),
    ("sets", "two"),
    ("amount", "999"),  # reps over REPS_MAX (the 500 of the screenshot)
    ("amount", "0"),
    ("amount", "ten"),
    ("amount", "3601"),
    ("level", "99"),
    ("level", "x"),
    ("load", "L" * (limits.LOAD_MAX + 1)),
    ("starts_on", "2001-01-01"),
    ("starts_on", "9999-12-31"),
    ("starts_on", "someday"),
]


@pytest.mark.parametrize("action", ["preview", "save"])
@pytest.mark.parametrize(("field", "typed"), _BAD_FORM_VALUES)
def test_a_refused_change_shows_the_form_again_with_the_message_on_its_field_and_all_typed(
    world: World, action: str, field: str, typed: str
) -> None:
    client = logged_in_client(world.clinician_a)
    posted = _FORM | {field: typed, "action": action}
    response = client.post(f"/clinic/patients/{world.patient.pk}/changes/", posted)
    assert 400 <= response.status_code < 500, response.status_code
    form = response.context["change_form"]
    assert list(form.errors) == [field], form.errors
    html = response.content.decode()
    for name in ("sets", "amount", "load", "starts_on"):
        value = posted[name]
        if value and len(value) < 30:
            assert f'name="{name}" value="{value}"' in _input_tag(html, name), name
    assert "typed with care</textarea>" in html
    said = {
        ("amount", "999"): "Reps: choose 1 to 500.",
        ("sets", "0"): "Sets: choose 1 to 20.",
        ("sets", "two"): "Sets: choose 1 to 20.",
        ("amount", "ten"): "Reps or seconds: choose 1 to 3600.",
    }
    if (field, typed) in said:
        assert said[field, typed] in html
    assert not coach_models.ClinicianOverride.objects.exists()


def _input_tag(html: str, name: str) -> str:
    found = re.search(rf'<input type="[a-z]+" name="{name}"[^>]*>', html)
    assert found, name
    return found.group(0)


_BAD_API_VALUES = [
    ("sets", 0),
    ("sets", 21),
    ("sets", "two"),
    ("reps", 999),
    ("reps", "ten"),
    ("seconds", 3601),
    ("level", 99),
    ("level", "x"),
    ("starts_on", "2001-01-01"),
    ("starts_on", "9999-12-31"),
    ("starts_on", "someday"),
]


@pytest.mark.parametrize("path", ["/changes/preview", "/changes"])
@pytest.mark.parametrize(("field", "value"), _BAD_API_VALUES)
def test_the_api_refuses_a_change_out_of_range_with_4xx_json_naming_the_field(
    world: World, path: str, field: str, value: object
) -> None:
    body = {"exercise": "clamshell", "level": 0, "sets": 2, "reps": 10} | {field: value}
    client = token_client(world.clinician_a)
    response = client.post(
        f"/api/clinic/patients/{world.patient.pk}{path}", body, content_type="application/json"
    )
    assert 400 <= response.status_code < 500, (response.status_code, response.content)
    assert response.json()["field"] == field
    assert not coach_models.ClinicianOverride.objects.exists()


def test_the_change_forms_number_inputs_carry_the_input_models_bounds(world: World) -> None:
    html = logged_in_client(world.clinician_a).get(f"/clinic/patients/{world.patient.pk}/")
    page = html.content.decode()
    sets = _input_tag(page, "sets")
    amount = _input_tag(page, "amount")
    assert 'min="1"' in sets and f'max="{limits.SETS_MAX}"' in sets
    widest = max(limits.REPS_MAX, limits.SECONDS_MAX)
    assert 'min="1"' in amount and f'max="{widest}"' in amount


_PLAIN_REFUSALS = [
    # (the change, the field at fault, English, Bokmål); Clamshell takes 2-3 sets of 10-15
    # reps, its hold version (level -2) 10-30 seconds.
    (
        {"sets": 4, "reps": 12},
        "sets",
        "Sets: choose 2 to 3 for this version (the programme's range).",
        "Sett: velg 2 til 3 for denne versjonen (programmets spenn).",
    ),
    (
        {"sets": 2, "reps": 6},
        "reps",
        "Reps: choose 10 to 15 for this version (the programme's range).",
        "Repetisjoner: velg 10 til 15 for denne versjonen (programmets spenn).",
    ),
    (
        {"sets": 2, "seconds": 40, "level": -2},
        "seconds",
        "Seconds: choose 10 to 30 for this version (the programme's range).",
        "Sekunder: velg 10 til 30 for denne versjonen (programmets spenn).",
    ),
    (
        {"reps": 12},
        "sets",
        "Sets: give the number of sets, 2 to 3 for this version.",
        "Sett: oppgi antall sett, 2 til 3 for denne versjonen.",
    ),
    (
        {"sets": 2, "level": 9, "reps": 12},
        "level",
        "Variant: choose a step from -2 to 3 for this exercise.",
        "Variant: velg et trinn fra -2 til 3 for denne øvelsen.",
    ),
]


@pytest.mark.parametrize(
    ("change", "field", "english", "norwegian"),
    _PLAIN_REFUSALS,
    ids=["sets", "reps", "seconds", "no-sets", "level"],
)
def test_a_refused_dose_says_in_plain_words_what_the_programme_allows(
    world: World, change: dict[str, object], field: str, english: str, norwegian: str
) -> None:
    body = {"exercise": "clamshell", "level": 0} | change
    url = f"/api/clinic/patients/{world.patient.pk}/changes"
    for language, words in (("en", english), ("nb", norwegian)):
        client = token_client(world.clinician_a)
        response = client.post(
            url, body, content_type="application/json", headers={"accept-language": language}
        )
        assert response.status_code == 422
        assert response.json() == {"error": "invalid", "message": words, "field": field}


def test_the_change_forms_number_refusals_say_the_range_in_bokmal(world: World) -> None:
    client = logged_in_client(world.clinician_a)
    client.post("/settings/language/", {"language": "nb", "next": "/clinic/"})
    url = f"/clinic/patients/{world.patient.pk}/changes/"
    html = client.post(url, _FORM | {"sets": "0", "action": "preview"}).content.decode()
    assert "Sett: velg 1 til 20." in html
    html = client.post(url, _FORM | {"amount": "999", "action": "save"}).content.decode()
    assert "Repetisjoner: velg 1 til 500." in html
