"""The patient's files on the clinic's patient page: the clinician of the patient's consented
clinic downloads the handout, the plan, the diary and the FHIR record the patient downloads for
themselves (one export, the sharing app's); every download is audited; nobody else gets any."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import icalendar
import pytest
from django.test import Client

from kneecoach.web.clinic import models
from kneecoach.web.coach import models as coach_models
from kneecoach.web.coach import services as coach
from tests.web.access import check_access, logged_in_client, make_user, token_client
from tests.web.clinic.conftest import World, enrol, log_day
from tests.web.sharing.test_handout import pdf_text

pytestmark = pytest.mark.django_db

FORMATS = ("pdf", "ics", "csv", "fhir")


def _page_url(world: World, fmt: str) -> str:
    return f"/clinic/patients/{world.patient.pk}/download/{fmt}/"


def _api_url(world: World, fmt: str) -> str:
    return f"/api/clinic/patients/{world.patient.pk}/download/{fmt}"


def _events(data: bytes) -> list[tuple[str, str, str]]:
    calendar = icalendar.Calendar.from_ical(data)
    return [
        (str(e["UID"]), str(e["SUMMARY"]), str(e["DESCRIPTION"])) for e in calendar.walk("VEVENT")
    ]


def _bundle_without_time(data: bytes) -> dict[str, Any]:
    bundle: dict[str, Any] = json.loads(data)
    assert bundle["resourceType"] == "Bundle"
    for moment in ("id", "timestamp"):  # the export's moment, and the id made from it
        bundle.pop(moment)
    return bundle


def test_the_clinician_downloads_the_handout_the_patient_prints(world: World) -> None:
    response = logged_in_client(world.clinician_a).get(_page_url(world, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response.content.startswith(b"%PDF-")
    text = "\n".join(pdf_text(response.content))
    assert "For pat" in text
    for item in coach.today(world.patient, world.today).items:
        assert item.name in text  # each of the patient's exercises, by name


def test_the_downloads_and_the_handout_are_in_the_clinic_pages_language(world: World) -> None:
    client = logged_in_client(world.clinician_a)
    client.post("/i18n/setlang/", {"language": "nb", "next": "/clinic/"})
    page = client.get(f"/clinic/patients/{world.patient.pk}/").content.decode()
    assert "Nedlastinger" in page and "Pasientens program til utskrift (PDF)" in page
    text = "\n".join(pdf_text(client.get(_page_url(world, "pdf")).content))
    assert "Ditt kneprogram" in text


def test_the_clinicians_plan_diary_and_record_are_what_the_patient_downloads(
    world: World,
) -> None:
    log_day(world.patient, world.today, pain=3, pain_after=2)
    clinician = logged_in_client(world.clinician_a)
    patient = logged_in_client(world.patient)

    ics = clinician.get(_page_url(world, "ics"))
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in ics["Content-Disposition"]
    events = _events(ics.content)
    assert events and events == _events(patient.get("/export/ics/").content)

    diary = clinician.get(_page_url(world, "csv"))
    assert diary["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(diary.content.decode())))
    assert {row["record"] for row in rows} >= {"set", "pain_after"}
    assert diary.content == patient.get("/export/csv/").content

    fhir = clinician.get(_page_url(world, "fhir"))
    assert fhir["Content-Type"] == "application/fhir+json"
    bundle = _bundle_without_time(fhir.content)
    resources = [entry["resource"] for entry in bundle["entry"]]
    (person,) = [r for r in resources if r["resourceType"] == "Patient"]
    profile = coach_models.Profile.objects.get(user=world.patient)
    assert person["identifier"][0]["value"] == str(profile.uuid)
    assert bundle == _bundle_without_time(patient.get("/export/fhir/").content)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_api_gives_the_clinician_the_same_files(world: World, fmt: str) -> None:
    page = logged_in_client(world.clinician_a).get(_page_url(world, fmt))
    api = token_client(world.clinician_a).get(_api_url(world, fmt))
    assert api.status_code == 200, api.content[:300]
    assert api["Content-Type"] == page["Content-Type"]
    assert "attachment" in api["Content-Disposition"]
    if fmt == "fhir":
        assert _bundle_without_time(api.content) == _bundle_without_time(page.content)
    elif fmt == "ics":
        assert _events(api.content) == _events(page.content)
    else:
        assert api.content == page.content


def test_each_download_by_a_clinician_is_in_the_audit_log(world: World) -> None:
    logged_in_client(world.clinician_a).get(_page_url(world, "csv"))
    token_client(world.clinician_a).get(_api_url(world, "fhir"))
    rows = models.AuditEvent.objects.filter(patient=world.patient, action="export_downloaded")
    assert sorted(rows.values_list("actor_name", "detail")) == [("carl", "csv"), ("carl", "fhir")]
    mine = token_client(world.patient).get("/api/me/clinic/audit").json()
    assert {(r["actor"], r["action"], r["detail"]) for r in mine} >= {
        ("carl", "export_downloaded", "csv"),
        ("carl", "export_downloaded", "fhir"),
    }


@pytest.mark.parametrize("fmt", FORMATS)
def test_another_clinician_the_patient_and_anonymous_get_no_file(world: World, fmt: str) -> None:
    audits = models.AuditEvent.objects.count()
    for outsider in (world.clinician_b, world.patient, world.other_patient):
        check_access(_page_url(world, fmt), owner=world.clinician_a, other=outsider)
        check_access(_api_url(world, fmt), owner=world.clinician_a, other=outsider, api=True)
    # only the clinician's own downloads (two a round) were audited
    assert models.AuditEvent.objects.count() == audits + 6


def test_a_format_the_clinic_does_not_offer_is_refused_naming_the_field(world: World) -> None:
    page = logged_in_client(world.clinician_a).get(_page_url(world, "json"))
    assert page.status_code == 422
    api = token_client(world.clinician_a).get(_api_url(world, "json"))
    assert api.status_code == 422
    assert "format" in json.dumps(api.json())
    assert logged_in_client(world.clinician_b).get(_page_url(world, "json")).status_code == 404
    assert Client().get(_api_url(world, "json")).status_code in (401, 422)
    assert not models.AuditEvent.objects.filter(action="export_downloaded").exists()


def test_the_patient_page_links_each_download(world: World) -> None:
    page = logged_in_client(world.clinician_a).get(f"/clinic/patients/{world.patient.pk}/")
    for fmt in FORMATS:
        assert _page_url(world, fmt).encode() in page.content


def test_a_patient_not_yet_onboarded_has_no_files_and_no_download_is_audited(
    world: World,
) -> None:
    newcomer = make_user("nina")
    enrol(newcomer, world.clinician_a)
    client = logged_in_client(world.clinician_a)
    for fmt in FORMATS:
        url = f"/clinic/patients/{newcomer.pk}/download/{fmt}/"
        assert client.get(url).status_code == 404
        api = token_client(world.clinician_a).get(
            f"/api/clinic/patients/{newcomer.pk}/download/{fmt}"
        )
        assert api.status_code == 404 and api.json()["field"] == "patient"
    assert not models.AuditEvent.objects.filter(action="export_downloaded").exists()
