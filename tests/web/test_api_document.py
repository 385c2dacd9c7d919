"""The OpenAPI document tells the truth (issue 12).

- Every component name is one model's: ninja merges each model's definitions into one table by
  class name, so two models of the same name would silently share (overwrite) one component.
- The bounds of ``programme.limits`` are declared (ranges, allowed words).
- Every operation, called with real data by a signed-in person with two weeks of diary, answers
  a status its document lists, with a body its schema for that status accepts.
"""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema_rs
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from ninja.openapi.schema import OpenAPISchema

from kneecoach.programme import limits
from kneecoach.programme.values import STOP_EVENTS
from kneecoach.web.accounts.services import create_token
from kneecoach.web.camera.models import Status, VideoCheck
from kneecoach.web.clinic.demo import create_clinic_demo
from kneecoach.web.coach import services as coach
from kneecoach.web.coach.models import LoggedSession, LoggedSet
from kneecoach.web.urls import api

pytestmark = pytest.mark.django_db

NOT_CALLED = {("post", "/api/video-checks")}
"""Operations this walk does not call: a video upload (multipart; tests/web/camera has it)."""


def test_no_two_models_share_a_component_name(monkeypatch: pytest.MonkeyPatch) -> None:
    clashes: list[str] = []
    add = OpenAPISchema.add_schema_definitions

    def checked(self: OpenAPISchema, definitions: dict[str, Any]) -> None:
        for name, definition in definitions.items():
            if name in self.schemas and self.schemas[name] != definition:
                clashes.append(name)
        add(self, definitions)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", checked)
    api.get_openapi_schema()
    assert clashes == []


def _body_schema(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    body = document["paths"][path][method]["requestBody"]["content"]["application/json"]
    ref: str = body["schema"]["$ref"]
    schema: dict[str, Any] = document["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return schema


def _resolved(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    found: dict[str, Any] = document["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return found


def _field(document: dict[str, Any], schema: dict[str, Any], name: str) -> dict[str, Any]:
    """A property's schema, the ``null`` branch of an optional one left out."""
    prop: dict[str, Any] = schema["properties"][name]
    branches = [b for b in prop.get("anyOf", [prop]) if b.get("type") != "null"]
    assert len(branches) == 1, prop
    return _resolved(document, branches[0])


def test_the_document_declares_the_bounds_of_the_inputs() -> None:
    document = api.get_openapi_schema()
    sets = _body_schema(document, "post", "/api/sessions/{day}/sets")
    ranges = {
        "set_number": (limits.SET_NUMBER_MIN, limits.SETS_MAX),
        "pain": (limits.PAIN_MIN, limits.PAIN_MAX),
        "reps": (0, limits.REPS_MAX),
        "seconds": (0, limits.SECONDS_MAX),
        "effort": (limits.EFFORT_MIN, limits.EFFORT_MAX),
    }
    for name, (low, high) in ranges.items():
        field = _field(document, sets, name)
        assert (field.get("minimum"), field.get("maximum")) == (low, high), name
    assert _field(document, sets, "side")["enum"] == ["left", "right", "both"]
    assert _field(document, sets, "load")["maxLength"] == limits.LOAD_MAX
    assert _field(document, sets, "note")["maxLength"] == limits.SET_NOTE_MAX
    settings = _body_schema(document, "put", "/api/settings")
    assert _field(document, settings, "language")["enum"] == list(limits.LANGUAGES)
    assert _field(document, settings, "units")["enum"] == list(limits.UNITS)
    assert _field(document, settings, "painful_side")["enum"] == ["left", "right", "both"]
    assert _field(document, settings, "weekdays")["items"]["maximum"] == limits.WEEKDAY_MAX
    onboarding = _body_schema(document, "post", "/api/onboarding")
    answers = _field(document, onboarding, "answers")["additionalProperties"]
    assert set(answers["enum"]) >= {"yes", "no", "not_sure"}
    stop = _body_schema(document, "post", "/api/sessions/{day}/stop")
    assert _field(document, stop, "events")["items"]["enum"] == list(STOP_EVENTS)
    for path in ("/api/checkins", "/api/sessions/{day}/pain-after"):
        pain = _field(document, _body_schema(document, "post", path), "pain")
        assert (pain["minimum"], pain["maximum"]) == (limits.PAIN_MIN, limits.PAIN_MAX)
    token = _field(document, _body_schema(document, "post", "/api/tokens"), "name")
    assert (token["minLength"], token["maxLength"]) == (1, limits.TOKEN_NAME_MAX)


@pytest.fixture
def demo() -> tuple[User, User]:
    """The demo person (two weeks of diary, enrolled) and the demo clinic's admin."""
    today = timezone.localdate(timezone=ZoneInfo("Europe/Oslo"))
    person = User.objects.get(username=coach.create_demo(today))
    clinician = User.objects.get(username=create_clinic_demo(today))
    return person, clinician


def _calls(person: User) -> list[tuple[str, str, str, Any]]:
    """(method, the document's path, the real URL, a JSON body or None): every operation."""
    sessions = LoggedSession.objects.filter(profile__user=person).order_by("day")
    first, last = sessions.first(), sessions.last()
    assert first is not None and last is not None
    logged = LoggedSet.objects.filter(session=last).order_by("pk").first()
    assert logged is not None
    check = VideoCheck.objects.create(
        profile=last.profile, logged_set=logged, size_bytes=1000, unit="reps",
        status=Status.FAILED, error_code="no_person", error_message="no person was seen",
    )  # fmt: skip
    token = create_token(person, "another app").info.id
    day = last.day.isoformat()
    answers = {q.id: "no" for q in coach.screening_questions()}
    a_set = {"exercise": logged.exercise, "set_number": 1, "pain": 2, "replace": True,
             "side": logged.side if logged.side != "both" else None,
             **({"seconds": 30} if logged.seconds is not None else {"reps": 8})}  # fmt: skip
    side = f"?side={logged.side}" if logged.side != "both" else ""
    settings = {"trained": False, "painful_side": "right", "equipment": ["mat"],
                "weekdays": [0, 2, 4], "language": "en", "units": "metric"}  # fmt: skip
    return [
        ("get", "/api/health", "/api/health", None),
        ("get", "/api/me", "/api/me", None),
        ("put", "/api/me/email", "/api/me/email", {"email": "demo@example.com"}),
        ("get", "/api/me/data", "/api/me/data", None),
        ("get", "/api/tokens", "/api/tokens", None),
        ("post", "/api/tokens", "/api/tokens", {"name": "walk"}),
        ("get", "/api/onboarding", "/api/onboarding", None),
        ("post", "/api/onboarding", "/api/onboarding",
         {"answers": answers, "trained": False, "start_date": first.day.isoformat()}),
        ("get", "/api/today", "/api/today", None),
        ("get", "/api/today/{day}", f"/api/today/{first.day}", None),
        ("get", "/api/sessions/{day}", f"/api/sessions/{day}", None),
        ("post", "/api/sessions/{day}/sets", f"/api/sessions/{day}/sets", a_set),
        ("post", "/api/sessions/{day}/pain-after", f"/api/sessions/{day}/pain-after",
         {"pain": 1}),
        ("post", "/api/checkins", "/api/checkins", {"pain": 1, "replace": True}),
        ("post", "/api/screening", "/api/screening", {"answers": answers}),
        ("get", "/api/settings", "/api/settings", None),
        ("put", "/api/settings", "/api/settings", settings),
        ("get", "/api/plan", "/api/plan", None),
        ("get", "/api/progress", "/api/progress", None),
        ("get", "/api/progress/charts/{name}", "/api/progress/charts/pain", None),
        ("get", "/api/exercises", "/api/exercises", None),
        ("get", "/api/exercises/{slug}", f"/api/exercises/{logged.exercise}", None),
        ("get", "/api/video-checks/{check_id}", f"/api/video-checks/{check.uuid}", None),
        ("post", "/api/video-checks/{check_id}/confirm",
         f"/api/video-checks/{check.uuid}/confirm", {"value": 8}),
        ("delete", "/api/video-checks/{check_id}/video",
         f"/api/video-checks/{check.uuid}/video", None),
        ("post", "/api/calendar-feed", "/api/calendar-feed", None),
        ("get", "/api/calendar-feed", "/api/calendar-feed", None),
        ("get", "/api/export/{format}", "/api/export/json", None),
        ("get", "/api/fhir/me", "/api/fhir/me", None),
        ("get", "/api/questionnaires", "/api/questionnaires", None),
        ("get", "/api/questionnaires/{qid}", "/api/questionnaires/nprs", None),
        ("post", "/api/questionnaires/{qid}/responses", "/api/questionnaires/nprs/responses",
         {"answers": {"pain": 3}}),
        ("get", "/api/outcomes", "/api/outcomes", None),
        ("get", "/api/me/clinic", "/api/me/clinic", None),
        ("get", "/api/me/clinic/audit", "/api/me/clinic/audit", None),
        ("get", "/api/me/clinic/changes", "/api/me/clinic/changes", None),
        ("delete", "/api/me/clinic", "/api/me/clinic", None),
        ("post", "/api/sessions/{day}/stop", f"/api/sessions/{day}/stop",
         {"events": ["giving_way"]}),
        # Last: what removes data the calls above read.
        ("delete", "/api/sessions/{day}/sets/{exercise}/{set_number}",
         f"/api/sessions/{day}/sets/{logged.exercise}/{logged.set_number}{side}", None),
        ("delete", "/api/calendar-feed", "/api/calendar-feed", None),
        ("delete", "/api/tokens/{token_id}", f"/api/tokens/{token}", None),
    ]  # fmt: skip


def _send(client: Client, method: str, url: str, body: Any) -> Any:
    data = json.dumps(body) if body is not None else None
    return client.generic(
        method.upper(), url, data or "", content_type="application/json",
        HTTP_AUTHORIZATION=client.defaults["HTTP_AUTHORIZATION"],
    )  # fmt: skip


def test_every_operation_answers_real_data_as_its_document_says(demo: tuple[User, User]) -> None:
    person, clinician = demo
    document = api.get_openapi_schema()
    called: set[tuple[str, str]] = set()
    problems: list[str] = []
    statuses: list[int] = []

    def call(client: Client, method: str, path: str, url: str, body: Any = None) -> Any:
        called.add((method, path))
        response = _send(client, method, url, body)
        statuses.append(response.status_code)
        problems.extend(_conformance(document, method, path, response))
        return response

    _clinic_walk(_client(clinician), call)
    patient = _client(person)
    for method, path, url, body in _calls(person):
        call(patient, method, path, url, body)
    everything = {(m, p) for p, operations in document["paths"].items() for m in operations}
    assert everything - called == NOT_CALLED
    assert problems == []
    # Real data: most answers are successes, not refusals.
    assert sum(200 <= s < 300 for s in statuses) >= 0.9 * len(statuses), statuses


def _client(user: User) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {create_token(user, 'walk').token}")


def _clinic_walk(client: Client, call: Any) -> None:
    """The clinic's operations, as the demo clinic's admin, each with what an earlier one
    answered (a patient's id, a new clinician's id)."""
    overview = call(client, "get", "/api/clinic/patients", "/api/clinic/patients").json()
    flagged = next(row for row in overview["rows"] if row["flags"])
    patient, kind = flagged["id"], flagged["flags"][0]["kind"]
    base = f"/api/clinic/patients/{patient}"
    session = call(client, "get", "/api/clinic/patients/{patient_id}", base).json()
    exercise = _an_exercise(session)
    change = {"exercise": exercise, "sets": 3, "reps": 10, "note": "walk"}
    for method, path, url, body in [
        ("post", "/api/clinic/patients/{patient_id}/flags/{kind}/seen",
         f"{base}/flags/{kind}/seen", None),
        ("post", "/api/clinic/invitations", "/api/clinic/invitations", None),
        ("post", "/api/clinic/desk-accounts", "/api/clinic/desk-accounts",
         {"username": "desk-person", "password": "a long enough password"}),
        ("post", "/api/clinic/patients/{patient_id}/notes", f"{base}/notes", {"text": "a note"}),
        ("post", "/api/clinic/patients/{patient_id}/messages", f"{base}/messages",
         {"text": "a message"}),
        ("post", "/api/clinic/patients/{patient_id}/changes/preview", f"{base}/changes/preview",
         change),
        ("post", "/api/clinic/patients/{patient_id}/changes", f"{base}/changes", change),
        *[("get", "/api/clinic/patients/{patient_id}/download/{format}",
           f"{base}/download/{fmt}", None) for fmt in ("pdf", "ics", "csv", "fhir")],
        ("get", "/api/clinic/audit", "/api/clinic/audit", None),
        ("get", "/api/clinic/clinicians", "/api/clinic/clinicians", None),
    ]:  # fmt: skip
        call(client, method, path, url, body)
    member = call(
        client,
        "post",
        "/api/clinic/clinicians",
        "/api/clinic/clinicians",
        {"username": "colleague", "password": "a long enough password"},
    ).json()
    call(client, "patch", "/api/clinic/clinicians/{member_id}",
         f"/api/clinic/clinicians/{member['id']}", {"active": False})  # fmt: skip
    invitation = call(client, "post", "/api/clinic/invitations", "/api/clinic/invitations")
    newcomer = _client(User.objects.create_user("newcomer", password="a long enough password"))
    code = invitation.json()["code"]
    call(newcomer, "post", "/api/me/clinic/invitation", "/api/me/clinic/invitation", {"code": code})
    call(newcomer, "post", "/api/me/clinic", "/api/me/clinic", {"code": code})  # fmt: skip


def _an_exercise(page: dict[str, Any]) -> str:
    """An exercise slug anywhere in a patient's page (its plan or its diary)."""
    text = json.dumps(page)
    for exercise in ("vmo-lift", "glute-bridge", "clamshell", "wall-squat", "side-steps"):
        if f'"{exercise}"' in text:
            return exercise
    raise AssertionError("no exercise on the patient's page")


def _conformance(document: dict[str, Any], method: str, path: str, response: Any) -> list[str]:
    where = f"{method.upper()} {path} -> {response.status_code}"
    if response.status_code >= 500:
        return [f"{where}: {response.content[:300]!r}"]
    documented = document["paths"][path][method]["responses"]
    answer = documented.get(response.status_code) or documented.get(str(response.status_code))
    if answer is None:
        return [f"{where}: status not in the document ({sorted(map(str, documented))})"]
    content = answer.get("content", {}).get("application/json")
    if content is None or not response.get("Content-Type", "").startswith("application/json"):
        return []
    schema = {**content["schema"], "components": document["components"]}
    errors = [e.message for e in jsonschema_rs.validator_for(schema).iter_errors(response.json())]
    return [f"{where}: {message}" for message in errors[:3]]
