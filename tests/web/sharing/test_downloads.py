"""Downloads in every format and the read-only FHIR API: access, content types, contents."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import fhirkit
import icalendar
import pytest
from django.contrib.auth.models import User
from django.test import Client
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.patient import Patient

from kneecoach.catalog.loader import default_catalog
from kneecoach.programme import diary_json as programme_io
from kneecoach.web.coach import services as coach
from kneecoach.web.outcomes import services as outcomes
from tests.web.access import check_access, logged_in_client, token_client
from tests.web.sharing.test_calendar_feed import done_as, onboard_without_equipment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("ics", "text/calendar; charset=utf-8"),
        ("fhir", "application/fhir+json"),
        ("csv", "text/csv; charset=utf-8"),
        ("json", "application/json"),
    ],
)
def test_download_page_and_api_access(
    owner: User, other: User, fmt: str, content_type: str
) -> None:
    page = check_access(f"/export/{fmt}/", owner=owner, other=other, other_status=200)
    assert page["Content-Type"] == content_type
    assert "attachment" in page["Content-Disposition"]
    api = check_access(f"/api/export/{fmt}", owner=owner, other=other, api=True, other_status=200)
    assert api["Content-Type"] == content_type


def test_downloads_parse_with_their_formats_own_readers(owner: User) -> None:
    client = logged_in_client(owner)
    calendar = icalendar.Calendar.from_ical(client.get("/export/ics/").content)
    assert calendar.walk("VEVENT")
    bundle = Bundle.model_validate_json(client.get("/export/fhir/").content)
    assert bundle.entry is not None
    assert any(type(e.resource).__name__ == "CarePlan" for e in bundle.entry)
    rows = list(csv.DictReader(io.StringIO(client.get("/export/csv/").content.decode())))
    assert {row["record"] for row in rows} >= {"set", "pain_after", "checkin"}
    assert json.loads(client.get("/export/json/").content)["user"] == "olivia"
    pdf = client.get("/export/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_each_person_downloads_only_their_own_data(owner: User, other: User) -> None:
    mine = json.loads(logged_in_client(owner).get("/export/fhir/").content)
    theirs = json.loads(logged_in_client(other).get("/export/fhir/").content)
    ids = {e["fullUrl"] for e in mine["entry"]}
    assert not ids & {e["fullUrl"] for e in theirs["entry"]}
    pain = [e for e in mine["entry"] if e["resource"].get("valueInteger") is not None]
    assert pain  # Olivia's logged pain
    assert not [e for e in theirs["entry"] if e["resource"].get("valueInteger") is not None]


def test_fhir_api_for_the_person(owner: User, other: User) -> None:
    response = check_access("/api/fhir/me", owner=owner, other=other, api=True, other_status=200)
    assert response["Content-Type"] == "application/fhir+json"
    bundle = Bundle.model_validate_json(response.content)
    assert [str(issue) for issue in fhirkit.validate(response.content)] == []  # R4 4.0.1 itself
    assert bundle.entry is not None
    (patient,) = [e.resource for e in bundle.entry if isinstance(e.resource, Patient)]
    assert patient.identifier is not None
    assert patient.identifier[0].value == str(owner.kneecoach_profile.uuid)


def test_unknown_format_is_404_on_the_page_and_422_in_the_api(owner: User) -> None:
    assert logged_in_client(owner).get("/export/xml/").status_code == 404
    response = token_client(owner).get("/api/export/xml")
    assert response.status_code == 422
    assert response.json()["field"] == "format"


def test_library_handout_is_public_and_unknown_exercise_is_404(db: None) -> None:
    response = Client().get("/exercises/clamshell/handout.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert Client().get("/exercises/no-such-thing/handout.pdf").status_code == 404


def test_filled_questionnaires_travel_in_the_fhir_bundle(owner: User, today: dt.date) -> None:
    koos = dict.fromkeys(("P1", "P2", "P3", "P4", "P5", "Q1", "Q2"), 1)
    outcomes.fill(owner, "koos", koos, today, today_=today)
    bundle = json.loads(token_client(owner).get("/api/fhir/me").content)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("QuestionnaireResponse") == 1
    codes = {
        c["code"] for e in bundle["entry"] for c in e["resource"].get("code", {}).get("coding", [])
    }
    assert {"72102-7", "72098-7", "72091-2"} <= codes  # KOOS Pain, QOL, the panel
    assert "72101-9" not in codes  # Symptoms unanswered: no score, no observation
    assert [str(issue) for issue in fhirkit.validate(bundle)] == []  # R4 4.0.1 itself


def test_json_export_carries_the_questionnaires_scored_and_still_feeds_advise(
    owner: User, today: dt.date
) -> None:
    outcomes.fill(owner, "nprs", {"pain": 4}, today, today_=today)
    text = logged_in_client(owner).get("/export/json/").content
    document = json.loads(text)
    (filled,) = document["questionnaires"]
    assert filled["questionnaire"] == "nprs"
    assert filled["answers"] == {"pain": 4}
    assert filled["scores"] == {"pain": 4.0}
    request = programme_io.parse_advise_request({**document, "today": str(today)})
    assert request.profile is not None


def test_the_fhir_care_plan_describes_what_a_person_without_equipment_does(
    today: dt.date,
) -> None:
    """The coded exercise stays the programme's; its activity and goal describe the substitute
    done in its place, as Today names it, so a clinician reading it sees no cable machine."""
    user = onboard_without_equipment("nils", today)
    bundle = json.loads(token_client(user).get("/api/fhir/me").content)
    assert [str(issue) for issue in fhirkit.validate(bundle)] == []  # R4 4.0.1 itself
    resources = [e["resource"] for e in bundle["entry"]]
    (plan,) = [r for r in resources if r["resourceType"] == "CarePlan"]
    activities = {
        a["detail"]["code"]["coding"][1]["code"]: a["detail"]["description"]
        for a in plan["activity"]
    }
    goals = {r["description"]["text"] for r in resources if r["resourceType"] == "Goal"}
    catalog = default_catalog()
    curl = done_as(user, today)["hamstring-curl"]
    assert curl != "hamstring-curl"
    cable = coach.exercise_name(catalog, "hamstring-curl", "en")
    home = coach.exercise_name(catalog, curl, "en")
    expected = f"{home} (in place of {cable}): 2 x 10 reps each side"
    assert activities["hamstring-curl"] == expected
    assert expected in goals
    assert not any(text.startswith(f"{cable}:") for text in goals)
