"""The audit log a person and a clinic admin read says each event in plain words (English and
Bokmål), a flag seen by its name, and its time as the rest of the site writes one ("6 Dec 2026
08:53"), never the stored codes or the US short format ("12/06/2026 8:53 a.m.")."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from kneecoach.web.clinic import flagging, models, services
from tests.web.access import logged_in_client
from tests.web.clinic.conftest import World

pytestmark = pytest.mark.django_db

CODES = re.compile(r"\b(consent_given|flag_seen|pain_rising|consent_ended|export_downloaded)\b")


def _audit_cells(html: str) -> str:
    return html[html.index('<table class="audit">') : html.index("</table>")]


def test_the_patients_audit_log_says_each_event_in_words_and_dates_it_as_the_site_does(
    world: World,
) -> None:
    flagging.set_flag(world.patient.pk, "pain_rising", world.today)
    services.mark_flag_seen(world.clinician_a, world.patient.pk, "pain_rising", timezone.now())
    client = logged_in_client(world.patient)
    cells = _audit_cells(client.get("/clinic/consent/").content.decode())
    assert "gave consent to the clinic: Fysio Nord" in cells
    assert "marked a flag as seen: Pain rising" in cells
    assert not CODES.search(cells), cells
    first = models.AuditEvent.objects.filter(patient=world.patient).order_by("-at").first()
    assert first is not None
    local = timezone.localtime(first.at)
    assert f"{local.day} {local:%b %Y %H:%M}" in cells
    assert not re.search(r"\d+/\d+/\d{4}|a\.m\.|p\.m\.", cells), cells
    client.post("/settings/language/", {"language": "nb", "next": "/clinic/consent/"})
    norwegian = _audit_cells(client.get("/clinic/consent/").content.decode())
    assert "ga samtykke til klinikken: Fysio Nord" in norwegian
    assert "markerte et flagg som sett: Økende smerte" in norwegian
    assert not CODES.search(norwegian), norwegian


def test_the_clinic_admins_audit_log_says_a_view_and_a_preview_in_words(world: World) -> None:
    clinician = logged_in_client(world.clinician_a)
    clinician.get(f"/clinic/patients/{world.patient.pk}/")
    form = {"exercise": "clamshell", "level": "0", "sets": "2", "amount": "10", "note": ""}
    clinician.post(f"/clinic/patients/{world.patient.pk}/changes/", form | {"action": "preview"})
    page = logged_in_client(world.admin_a).get("/clinic/audit/").content.decode()
    cells = _audit_cells(page)
    assert "viewed the patient&#x27;s page" in cells
    assert "previewed a programme change: Clamshell" in cells
    assert ": clamshell<" not in cells
    assert not CODES.search(cells), cells


def test_a_file_a_clinician_downloaded_is_named_in_words(world: World) -> None:
    """``export_downloaded`` with its format (``csv``) reads "downloaded a file: the diary
    (CSV)", in English and Bokmål."""
    clinician = logged_in_client(world.clinician_a)
    assert clinician.get(f"/clinic/patients/{world.patient.pk}/download/csv/").status_code == 200
    client = logged_in_client(world.patient)
    cells = _audit_cells(client.get("/clinic/consent/").content.decode())
    assert "downloaded a file: the diary (CSV)" in cells
    assert not CODES.search(cells), cells
    client.post("/settings/language/", {"language": "nb", "next": "/clinic/consent/"})
    norwegian = _audit_cells(client.get("/clinic/consent/").content.decode())
    assert "lastet ned en fil: dagboken (CSV)" in norwegian
