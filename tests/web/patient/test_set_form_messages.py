"""A refused number on the Today page's set form is said in the page's language with the field's
range ("Reps: enter a whole number from 0 to 500."), with the form shown again and what was typed
kept: not Django's "Enter a whole number.", the API's "Input should be less than or equal to
500" or the domain's English "give the reps done in this set"."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from kneecoach.web.patient.forms import set_field_messages
from tests.web.access import logged_in_client
from tests.web.patient.conftest import diary_rows, onboarded, today_for

pytestmark = pytest.mark.django_db

MESSAGES = {
    "en": {
        "reps": "Reps: enter a whole number from 0 to 500.",
        "set_number": "Set: enter a whole number from 1 to 20.",
    },
    "nb": {
        "reps": "Repetisjoner: skriv et helt tall fra 0 til 500.",
        "set_number": "Sett: skriv et helt tall fra 1 til 20.",
    },
}


def _client(language: str) -> tuple[Client, Any]:
    user = onboarded("kari", days_ago=0)
    client = logged_in_client(user)
    client.cookies["django_language"] = language
    return client, user


def _bridge(**fields: str) -> dict[str, str]:
    """A set of the glute bridge (both legs, counted in reps) with ``fields`` changed."""
    return {
        "exercise": "glute-bridge",
        "set_number": "1",
        "side": "",
        "reps": "10",
        "pain": "2",
    } | fields


@pytest.mark.parametrize("language", ["en", "nb"])
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"reps": "999"}, "reps"),
        ({"reps": "-1"}, "reps"),
        ({"reps": "ten"}, "reps"),
        ({"reps": ""}, "reps"),  # refused by the domain: the bridge counts reps
        ({"set_number": "25"}, "set_number"),
        ({"set_number": "x"}, "set_number"),
    ],
)
def test_a_refused_set_number_is_said_with_its_range_in_the_pages_language(
    language: str, fields: dict[str, str], field: str
) -> None:
    client, user = _client(language)
    before = diary_rows()
    response = client.post(f"/today/{today_for(user)}/sets/", _bridge(**fields))
    assert response.status_code == 422
    html = response.content.decode()
    card = html[html.index('id="ex-glute-bridge"') :]
    errors = re.search(rf'id="id_glute-bridge_{field}_error">(.*?)</div>', card, re.S)
    assert errors is not None
    assert errors.group(1).strip() == f"<p>{escape(MESSAGES[language][field])}</p>"
    typed = fields[field]
    if typed:
        assert re.search(rf'name="{field}" value="{re.escape(typed)}"', card)  # kept
    assert diary_rows() == before


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_cards_script_gets_the_field_messages_in_the_pages_language(language: str) -> None:
    """The page's script shows these for the API's 422 on a field (``data-field-messages``)."""
    client, _ = _client(language)
    html = client.get("/today/").content.decode()
    found = re.search(r'class="log-set"[^>]*data-field-messages="([^"]*)"', html, re.S)
    assert found is not None
    messages = json.loads(found.group(1).replace("&quot;", '"'))
    assert messages["reps"] == MESSAGES[language]["reps"]
    assert messages["set_number"] == MESSAGES[language]["set_number"]
    assert set(messages) == set(set_field_messages())
