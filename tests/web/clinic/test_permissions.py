"""The permission matrix: every page and endpoint that touches a patient, for a clinician of the
same clinic, of another clinic, the patient, another patient, anonymous, and for a patient who
revoked consent. 0 leaks: only the same clinic's clinician gets the data, everyone else a 404
(pages: anonymous a redirect to log in; API: 401), in the one error shape, and their writes
change nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory

from kneecoach.web.clinic import models
from tests.web.access import logged_in_client, token_client
from tests.web.clinic.conftest import World, log_day, saved_rows

pytestmark = pytest.mark.django_db


def _change(world: World) -> dict[str, Any]:
    return {"exercise": "clamshell", "level": 0, "sets": 2, "reps": 10, "note": "easier for now"}


PAGE_CHANGES = [
    {"kind": "swap", "exercise": "clamshell", "replacement": "wall-squat", "level": "0"},
    {"kind": "add", "exercise": "vmo-lift", "level": "0", "note": "stronger quads"},
    {"kind": "pause", "level": "0", "note": "surgery on Friday"},
    {"kind": "resume", "level": "0"},
]
DOWNLOADS = ("pdf", "ics", "csv", "fhir")
"""The patient's files a clinician downloads (``clinic.services.CLINIC_FORMATS``)."""
API_CHANGES: list[dict[str, Any]] = [
    {"kind": "swap", "exercise": "clamshell", "replacement": "wall-squat", "sets": 2, "reps": 8},
    {"kind": "add", "exercise": "vmo-lift"},
    {"kind": "pause", "note": "surgery on Friday"},
    {"kind": "resume"},
]


def _each_kind(url: str, changes: list[dict[str, Any]], page: bool) -> list[Any]:
    """Preview and save of a swap, an addition, a pause and a resume."""
    found: list[Any] = []
    for change in changes:
        if page:
            found.append(("post", url, change | {"action": "preview"}, 200))
            found.append(("post", url, change | {"action": "save"}, 302))
        else:
            found.append(("post", f"{url}/preview", change, 200))
            found.append(("post", url, change, 201))
    return found


def page_endpoints(world: World, pid: int) -> list[tuple[str, str, dict[str, Any] | None, int]]:
    """(method, url, form data, status for the same clinic's clinician)."""
    change = {"exercise": "clamshell", "level": "0", "sets": "2", "amount": "10", "note": ""}
    return [
        *_each_kind(f"/clinic/patients/{pid}/changes/", PAGE_CHANGES, page=True),
        ("get", f"/clinic/patients/{pid}/", None, 200),
        ("get", f"/clinic/patients/{pid}/charts/pain.svg", None, 200),
        ("get", f"/clinic/patients/{pid}/charts/sides.svg", None, 200),
        ("post", f"/clinic/patients/{pid}/notes/", {"text": "knee warm"}, 302),
        ("post", f"/clinic/patients/{pid}/notes/", {"text": ""}, 422),
        ("post", f"/clinic/patients/{pid}/messages/", {"text": "well done"}, 302),
        ("post", f"/clinic/patients/{pid}/changes/", change | {"action": "preview"}, 200),
        ("post", f"/clinic/patients/{pid}/changes/", change | {"action": "save"}, 302),
        ("post", f"/clinic/patients/{pid}/flags/pain_rising/seen/", {}, 302),
        *[("get", f"/clinic/patients/{pid}/download/{fmt}/", None, 200) for fmt in DOWNLOADS],
    ]


def api_endpoints(world: World, pid: int) -> list[tuple[str, str, Any, int]]:
    change = _change(world)
    return [
        *_each_kind(f"/api/clinic/patients/{pid}/changes", API_CHANGES, page=False),
        ("get", f"/api/clinic/patients/{pid}", None, 200),
        ("post", f"/api/clinic/patients/{pid}/notes", {"text": "knee warm"}, 201),
        ("post", f"/api/clinic/patients/{pid}/messages", {"text": "well done"}, 201),
        ("post", f"/api/clinic/patients/{pid}/changes/preview", change, 200),
        ("post", f"/api/clinic/patients/{pid}/changes", change, 201),
        ("post", f"/api/clinic/patients/{pid}/flags/pain_rising/seen", None, 200),
        *[("get", f"/api/clinic/patients/{pid}/download/{fmt}", None, 200) for fmt in DOWNLOADS],
    ]


def _flag(world: World) -> None:
    log_day(world.patient, world.today, pain=7)
    log_day(world.revoked, world.today, pain=7)
    assert models.Flag.objects.filter(patient=world.patient, kind="pain_rising").exists()


def _page(client: Client, method: str, url: str, data: dict[str, Any] | None) -> Any:
    return client.get(url) if method == "get" else client.post(url, data or {})


def _api(client: Client, method: str, url: str, body: Any) -> Any:
    payload = json.dumps(body) if body is not None else ""
    return client.generic(method.upper(), url, data=payload, content_type="application/json")


def _refused_everywhere(world: World, pid: int, outsiders: list[Any]) -> None:
    before = saved_rows()
    audits = models.AuditEvent.objects.count()
    for method, url, data, _status in page_endpoints(world, pid):
        anonymous = _page(Client(), method, url, data)
        assert anonymous.status_code == 302, url
        assert anonymous["Location"].startswith("/accounts/login/")
        for user in outsiders:
            response = _page(logged_in_client(user), method, url, data)
            assert response.status_code == 404, (user.username, url, response.status_code)
            assert b"knee warm" not in response.content
    for method, url, body, _status in api_endpoints(world, pid):
        anonymous = _api(Client(), method, url, body)
        assert anonymous.status_code == 401, url
        assert set(anonymous.json()) == {"error", "message", "field"}
        for user in outsiders:
            response = _api(token_client(user), method, url, body)
            assert response.status_code == 404, (user.username, url, response.status_code)
            assert set(response.json()) == {"error", "message", "field"}
    assert saved_rows() == before, "a refused request changed saved data"
    assert models.AuditEvent.objects.count() == audits, "a refused request was audited as a view"


def test_only_the_same_clinics_clinician_reaches_a_patient(world: World) -> None:
    _flag(world)
    pid = world.patient.pk
    outsiders = [world.clinician_b, world.patient, world.other_patient, world.revoked]
    _refused_everywhere(world, pid, outsiders)
    for method, url, data, status in page_endpoints(world, pid):
        response = _page(logged_in_client(world.clinician_a), method, url, data)
        assert response.status_code == status, (url, response.status_code)
    for method, url, body, status in api_endpoints(world, pid):
        response = _api(token_client(world.clinician_a), method, url, body)
        assert response.status_code == status, (url, response.status_code, response.content)


def test_a_patient_who_revoked_consent_is_nobodys_patient(world: World) -> None:
    _flag(world)
    pid = world.revoked.pk
    outsiders = [world.clinician_a, world.admin_a, world.clinician_b, world.patient, world.revoked]
    _refused_everywhere(world, pid, outsiders)


@pytest.mark.parametrize("url", ["/clinic/", "/clinic/invite/", "/clinic/audit/", "/clinic/team/"])
def test_clinic_pages_are_for_clinicians_only(world: World, url: str) -> None:
    assert Client().get(url).status_code == 302
    for user in (world.patient, world.other_patient):
        assert logged_in_client(user).get(url).status_code == 404
    assert logged_in_client(world.admin_a).get(url).status_code == 200


def test_the_overview_lists_only_the_clinics_consenting_patients(world: World) -> None:
    names_a = [
        r["name"]
        for r in token_client(world.clinician_a).get("/api/clinic/patients").json()["rows"]
    ]
    assert sorted(names_a) == ["olga", "pat"]
    rows_b = token_client(world.clinician_b).get("/api/clinic/patients").json()["rows"]
    assert rows_b == []
    for user in (world.patient, world.revoked):
        response = token_client(user).get("/api/clinic/patients")
        assert response.status_code == 404
    assert Client().get("/api/clinic/patients").status_code == 401
    page = logged_in_client(world.clinician_b).get("/clinic/")
    assert f"/clinic/patients/{world.patient.pk}/".encode() not in page.content
    page = logged_in_client(world.clinician_a).get("/clinic/")
    assert f"/clinic/patients/{world.patient.pk}/".encode() in page.content
    assert f"/clinic/patients/{world.revoked.pk}/".encode() not in page.content


def test_audit_and_team_are_for_the_clinic_admin(world: World) -> None:
    logged_in_client(world.clinician_a).get(f"/clinic/patients/{world.patient.pk}/")
    admin = token_client(world.admin_a).get("/api/clinic/audit")
    assert admin.status_code == 200
    assert any(r["actor"] == "carl" and r["action"] == "viewed" for r in admin.json())
    assert token_client(world.clinician_a).get("/api/clinic/audit").status_code == 403
    assert token_client(world.clinician_b).get("/api/clinic/audit").status_code == 403
    assert token_client(world.patient).get("/api/clinic/audit").status_code == 404
    assert token_client(world.clinician_a).get("/api/clinic/clinicians").status_code == 403


def test_the_patients_own_side_shows_only_their_own_data(world: World) -> None:
    logged_in_client(world.clinician_a).get(f"/clinic/patients/{world.patient.pk}/")
    mine = token_client(world.patient).get("/api/me/clinic/audit").json()
    assert [r["patient"] for r in mine] and {r["patient"] for r in mine} == {"pat"}
    others = token_client(world.other_patient).get("/api/me/clinic/audit").json()
    assert all(r["patient"] == "olga" for r in others)
    assert not any(r["action"] == "viewed" for r in others)
    assert Client().get("/api/me/clinic").status_code == 401
    assert Client().get("/clinic/consent/").status_code == 302


def test_a_clinician_lands_on_the_overview_and_a_patient_on_their_day(world: World) -> None:
    assert logged_in_client(world.clinician_a).get("/")["Location"] == "/clinic/"
    assert logged_in_client(world.patient).get("/")["Location"] == "/today/"


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/clinic/invitations", None),
        ("/api/clinic/desk-accounts", {"username": "nils", "password": "a-long-password-1"}),
    ],
)
def test_only_clinicians_invite(world: World, url: str, body: Any) -> None:
    before = saved_rows()
    assert _api(Client(), "post", url, body).status_code == 401
    for user in (world.patient, world.revoked):
        response = _api(token_client(user), "post", url, body)
        assert response.status_code == 404
        assert set(response.json()) == {"error", "message", "field"}
    assert saved_rows() == before
    created = _api(token_client(world.clinician_b), "post", url, body)
    assert created.status_code == 201
    assert len(created.json()["code"]) == 8


def test_a_desk_account_logs_in_and_accepts_its_own_invitation(world: World) -> None:
    made = _api(
        token_client(world.clinician_a),
        "post",
        "/api/clinic/desk-accounts",
        {"username": "nils", "password": "a-long-password-1"},
    ).json()
    nils = authenticate(RequestFactory().post("/"), username="nils", password="a-long-password-1")
    assert nils is not None
    client = logged_in_client(nils)
    assert client.get("/api/me/clinic").json() is None
    accepted = client.post(
        "/api/me/clinic", data=json.dumps({"code": made["code"]}), content_type="application/json"
    )
    assert accepted.status_code == 201 and accepted.json()["clinic"] == "Fysio Nord"


def test_a_clinicians_nav_is_the_clinics_pages(world: World) -> None:
    html = logged_in_client(world.clinician_a).get("/clinic/").content.decode()
    nav = html.split('class="main-nav"')[1].split("</nav>")[0]
    assert 'href="/clinic/"' in nav and 'href="/today/"' not in nav
    patient_nav = logged_in_client(world.patient).get("/today/").content.decode()
    assert 'href="/today/"' in patient_nav.split('class="main-nav"')[1].split("</nav>")[0]
