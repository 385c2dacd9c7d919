"""The patient pages' JSON twins: shapes, 4xx bodies naming the field, nothing saved on bad
input, and the owner / other user / anonymous matrix on every endpoint and page."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from kneecoach.web.coach import models
from kneecoach.web.coach import services as coach
from tests.web.access import (
    assert_json_twin,
    check_access,
    csrf_session_post,
    logged_in_client,
    make_user,
    token_client,
)
from tests.web.patient.conftest import ALL_NO, diary_rows, onboarded, today_for

pytestmark = pytest.mark.django_db


def _set(**fields: Any) -> dict[str, Any]:
    return {
        "exercise": "vmo-lift",
        "set_number": 1,
        "side": "right",
        "reps": 8,
        "pain": 2,
        **fields,
    }


def _post(client: Client, url: str, body: Any, method: str = "post") -> Any:
    return client.generic(method.upper(), url, data=_json(body), content_type="application/json")


def _json(body: Any) -> str:
    return json.dumps(body)


def _onboarding(start: dt.date, **fields: Any) -> dict[str, Any]:
    return {
        "answers": ALL_NO,
        "trained": True,
        "start_date": start.isoformat(),
        "painful_side": "left",
        "equipment": ["mat"],
        "weekdays": [0, 2, 4],
        **fields,
    }


# --- onboarding -----------------------------------------------------------------------------------


def test_onboarding_through_the_api_then_today() -> None:
    user = make_user("kari")
    client = token_client(user)
    page = client.get("/api/onboarding").json()
    assert page["onboarded"] is False
    assert [q["id"] for q in page["questions"]] == [q.id for q in coach.screening_questions()]
    assert {"value": "mat", "name": "Exercise mat"} in page["equipment"]
    response = _post(client, "/api/onboarding", _onboarding(today_for(user)))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["screening"]["level"] == "clear"
    assert body["profile"]["weekdays"] == [0, 2, 4]
    assert client.get("/api/onboarding").json()["onboarded"] is True
    assert client.get("/api/today").json()["session"]["kind"] in {"training", "rest"}


def test_the_onboarding_page_and_its_twin_agree() -> None:
    client = logged_in_client(make_user("kari"))
    page = client.get("/start/screening/").context["page"]
    assert_json_twin(page, client.get("/api/onboarding"))


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"answers": {**ALL_NO, "E1": "perhaps"}}, "E1"),
        ({"answers": {}}, "E1"),
        ({"painful_side": "middle"}, "painful_side"),
        ({"equipment": ["jetpack"]}, "equipment"),
        ({"weekdays": []}, "weekdays"),
        ({"weekdays": [7]}, "weekdays"),
        ({"start_date": "2020-01-01"}, "start_date"),
        ({"start_date": "not a date"}, "start_date"),
        ({"baseline_pain": 11}, "baseline_pain"),
        ({"language": "xx"}, "language"),
        ({"time_zone": "Mars/Base"}, "time_zone"),
        ({"trained": "sometimes"}, "trained"),
    ],
)
def test_bad_onboarding_names_the_field_and_saves_nothing(
    fields: dict[str, Any], field: str
) -> None:
    user = make_user("kari")
    before = diary_rows()
    response = _post(token_client(user), "/api/onboarding", _onboarding(today_for(user), **fields))
    assert response.status_code == 422, response.content
    body = response.json()
    assert set(body) == {"error", "message", "field"}
    assert body["field"] == field, body
    assert diary_rows() == before


@pytest.mark.parametrize("written", ["{day}T00:00:00", "{day}T00:00", "{day:%Y%m%d}"])
def test_a_start_date_is_written_yyyy_mm_dd_only(written: str) -> None:
    """pydantic's lax dates took a midnight datetime or a compact date; the API's dates are
    ``YYYY-MM-DD`` everywhere, as its paths are."""
    user = make_user("kari")
    day = today_for(user)
    fields = {"start_date": written.format(day=day)}
    response = _post(token_client(user), "/api/onboarding", _onboarding(day, **fields))
    assert response.status_code == 422, response.content
    assert response.json()["field"] == "start_date"
    assert not models.Profile.objects.filter(user=user).exists()


def test_a_red_flag_through_the_api_locks_the_programme() -> None:
    user = make_user("kari")
    client = token_client(user)
    body = _post(
        client, "/api/onboarding", _onboarding(today_for(user), answers={**ALL_NO, "E1": "yes"})
    ).json()
    assert body["screening"]["locked"] is True
    today = client.get("/api/today").json()
    assert today["locked"] is True and today["session"] is None
    assert today["screening"]["level"] == "emergency"
    refused = _post(client, f"/api/sessions/{today_for(user)}/sets", _set())
    assert refused.status_code == 409
    assert refused.json()["field"] == "screening"


def test_a_blank_optional_screening_answer_is_left_out_not_refused() -> None:
    """S5C left blank (no recent operation) is not answered, in the wizard's body and on
    screening again alike; a required question left blank is refused naming it."""
    user = make_user("kari")
    client = token_client(user)
    blank = {**ALL_NO, "S5C": ""}
    body = _post(client, "/api/onboarding", _onboarding(today_for(user), answers=blank)).json()
    assert body["screening"]["level"] == "clear"
    again = _post(client, "/api/screening", {"answers": blank})
    assert again.status_code == 200 and again.json()["level"] == "clear"
    assert "S5C" not in models.ScreeningRecord.objects.latest("pk").answers
    refused = _post(client, "/api/screening", {"answers": {**ALL_NO, "E1": ""}})
    assert refused.status_code == 422 and refused.json()["field"] == "E1"


def test_a_recent_operation_not_cleared_locks_and_sends_to_the_surgical_team() -> None:
    """Issue 13 item 8: S5 in the last 6 months without S5C (optional) locks the programme with
    the surgical team's advice; answering S5C yes later opens it."""
    user = make_user("kari")
    client = token_client(user)
    answers = {k: v for k, v in ALL_NO.items() if k != "S5C"} | {"S5": "within_6_months"}
    body = _post(client, "/api/onboarding", _onboarding(today_for(user), answers=answers)).json()
    assert body["screening"]["level"] == "surgical" and body["screening"]["locked"] is True
    assert "surgical team" in body["screening"]["advice"]
    refused = _post(client, f"/api/sessions/{today_for(user)}/sets", _set())
    assert refused.status_code == 409
    cleared = _post(client, "/api/screening", {"answers": answers | {"S5C": "yes"}}).json()
    assert cleared["level"] == "clear" and cleared["locked"] is False
    page = client.get("/api/onboarding").json()
    s5 = next(q for q in page["questions"] if q["id"] == "S5")
    assert [c["value"] for c in s5["choices"]] == [
        "no", "over_6_months", "within_6_months", "not_sure",
    ]  # fmt: skip


# --- sets, pain after, check-ins ------------------------------------------------------------------


def test_logging_a_set_returns_it_and_today_shows_it() -> None:
    user = onboarded("kari")
    client = token_client(user)
    day = today_for(user)
    response = _post(client, f"/api/sessions/{day}/sets", _set(note="<b>ok</b>", load="green"))
    assert response.status_code == 201
    assert response.json() == {
        "day": day.isoformat(),
        "exercise": "vmo-lift",
        "set_number": 1,
        "side": "right",
        "reps": 8,
        "seconds": None,
        "load": "green",
        "pain": 2,
        "effort": None,
        "note": "<b>ok</b>",
        "pain_response": "carry_on",
        "pain_advice": [],
    }
    item = client.get("/api/today").json()["session"]["items"][0]
    assert [s["side"] for s in item["logged"]] == ["right"]
    again = _post(client, f"/api/sessions/{day}/sets", _set(pain=3))  # the same set again: asked
    assert again.status_code == 409 and again.json()["field"] == "set_number"
    assert models.LoggedSet.objects.get().pain == 2
    again = _post(client, f"/api/sessions/{day}/sets", _set(pain=3, replace=True))  # a correction
    assert again.status_code == 201
    assert models.LoggedSet.objects.get().pain == 3
    assert client.get(f"/api/sessions/{day}").json()["sets"][0]["pain"] == 3


def test_a_set_is_deleted_through_the_api_and_the_day_goes_with_its_last_set() -> None:
    user = onboarded("kari")
    client = token_client(user)
    day = today_for(user)
    _post(client, f"/api/sessions/{day}/sets", _set())
    _post(client, f"/api/sessions/{day}/sets", _set(side="left"))
    url = f"/api/sessions/{day}/sets/vmo-lift/1"
    left = client.delete(f"{url}?side=left")
    assert left.status_code == 200
    assert [(s["set_number"], s["side"]) for s in left.json()] == [(1, "right")]
    missing = client.delete(f"{url}?side=left")
    assert missing.status_code == 404 and missing.json()["field"] == "set_number"
    assert client.delete(f"{url}?side=right").json() == []
    assert not models.LoggedSession.objects.exists()


@pytest.mark.parametrize("language", ["en", "nb"])
def test_a_set_above_the_pain_limit_is_answered_at_once(language: str) -> None:
    """Issue 14 blocker 2: the moment a set is logged above 5/10 the answer says ease off or
    stop that exercise; at 8/10 or more, end the session, with the relief advice."""
    user = onboarded("kari")
    client = token_client(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    day = today_for(user)
    fine = _post(client, f"/api/sessions/{day}/sets", _set(pain=5)).json()
    assert (fine["pain_response"], fine["pain_advice"]) == ("carry_on", [])
    sore = _post(client, f"/api/sessions/{day}/sets", _set(set_number=2, pain=6)).json()
    assert sore["pain_response"] == "ease_off"
    words = {
        "en": ("above the limit of 5", "Ease off now"),
        "nb": ("over grensen på 5", "roligere"),
    }
    assert all(w in sore["pain_advice"][0] for w in words[language])
    flare = _post(client, f"/api/sessions/{day}/sets", _set(set_number=3, pain=8)).json()
    assert flare["pain_response"] == "stop_session"
    stop = {"en": "Stop the session now", "nb": "Avslutt økta nå"}[language]
    cold = {"en": "cold pack", "nb": "kald pakning"}[language]
    assert stop in flare["pain_advice"][0] and cold in flare["pain_advice"][1]
    assert client.get("/api/today").json()["session"]["kind"] == "relief"


def test_logging_a_set_keeps_the_days_exercises() -> None:
    """Issue 14 blocker 1: the first set (the VMO lift, a knee exercise) turned a full day of
    seven exercises into a knee day of three."""
    user = onboarded("kari", days_ago=0)
    client = token_client(user)
    day = today_for(user)
    before = [i["exercise"] for i in client.get("/api/today").json()["session"]["items"]]
    assert len(before) == 7
    assert _post(client, f"/api/sessions/{day}/sets", _set()).status_code == 201
    after = client.get("/api/today").json()["session"]
    assert [i["exercise"] for i in after["items"]] == before
    assert after["focus"] == "full"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"pain": 11}, "pain"),
        ({"pain": -1}, "pain"),
        ({"pain": "a lot"}, "pain"),
        ({"pain": None}, "pain"),
        ({"side": None}, "side"),
        ({"side": "middle"}, "side"),
        ({"reps": None}, "reps"),
        ({"seconds": 30}, "seconds"),
        ({"exercise": "moonwalk"}, "exercise"),
        ({"set_number": 0}, "set_number"),
        ({"load": "x" * 41}, "load"),
        ({"note": "x" * 501}, "note"),
    ],
)
def test_a_bad_set_names_the_field_and_saves_nothing(fields: dict[str, Any], field: str) -> None:
    user = onboarded("kari")
    client = token_client(user)
    _post(client, f"/api/sessions/{today_for(user)}/sets", _set())
    before = diary_rows()
    response = _post(
        client, f"/api/sessions/{today_for(user)}/sets", _set(**{"set_number": 2, **fields})
    )
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field, response.json()
    assert diary_rows() == before


def test_a_set_on_a_future_or_malformed_day_is_refused() -> None:
    user = onboarded("kari")
    client = token_client(user)
    before = diary_rows()
    tomorrow = today_for(user) + dt.timedelta(days=1)
    future = _post(client, f"/api/sessions/{tomorrow}/sets", _set())
    assert future.status_code == 422 and future.json()["field"] == "date"
    bad = _post(client, "/api/sessions/yesterday/sets", _set())
    assert bad.status_code == 422 and bad.json()["field"] == "day"
    assert diary_rows() == before


def test_pain_after_through_the_api() -> None:
    user = onboarded("kari")
    client = token_client(user)
    day = today_for(user)
    url = f"/api/sessions/{day}/pain-after"
    assert _post(client, url, {"pain": 3}).json()["field"] == "date"  # nothing logged yet
    _post(client, f"/api/sessions/{day}/sets", _set())
    before = diary_rows()
    refused = _post(client, url, {"pain": 12})
    assert refused.status_code == 422 and refused.json()["field"] == "pain"  # the field sent
    assert diary_rows() == before
    assert _post(client, url, {"pain": 3}).json()["pain_after"] == 3


def test_check_ins_through_the_api() -> None:
    user = onboarded("kari")
    client = token_client(user)
    before = diary_rows()
    for body, field in (({"pain": 11}, "pain"), ({}, "pain"), ({"pain": 2, "date": "x"}, "date")):
        response = _post(client, "/api/checkins", body)
        assert response.status_code == 422 and response.json()["field"] == field
    assert diary_rows() == before
    created = _post(client, "/api/checkins", {"pain": 2, "swelling": True})
    assert created.status_code == 201
    assert created.json()["day"] == today_for(user).isoformat()
    second = _post(client, "/api/checkins", {"pain": 4})
    assert second.status_code == 409 and second.json()["field"] == "date"
    fixed = _post(client, "/api/checkins", {"pain": 4, "replace": True})
    assert fixed.status_code == 201
    assert models.MorningCheckin.objects.get().pain == 4


def test_screening_again_through_the_api() -> None:
    user = onboarded("kari")
    client = token_client(user)
    bad = _post(client, "/api/screening", {"answers": {"E1": "no"}})
    assert bad.status_code == 422 and bad.json()["field"] != "E1"
    assert models.ScreeningRecord.objects.count() == 1
    outcome = _post(client, "/api/screening", {"answers": {**ALL_NO, "E1": "yes"}}).json()
    assert outcome["level"] == "emergency" and outcome["locked"] is True


# --- settings -------------------------------------------------------------------------------------


def _settings(**fields: Any) -> dict[str, Any]:
    return {
        "trained": True,
        "painful_side": "both",
        "equipment": ["mat", "wall"],
        "weekdays": [1, 3, 5],
        "language": "nb",
        "units": "imperial",
        **fields,
    }


def test_settings_through_the_api() -> None:
    user = onboarded("kari")
    client = token_client(user)
    response = _post(client, "/api/settings", _settings(), method="put")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["units"] == "imperial"
    assert body["profile"]["language"] == "nb"
    assert body["profile"]["weekdays"] == [1, 3, 5]
    assert client.get("/api/settings").json()["units"] == "imperial"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"units": "furlongs"}, "units"),
        ({"language": "xx"}, "language"),
        ({"weekdays": []}, "weekdays"),
        ({"painful_side": "up"}, "painful_side"),
        ({"equipment": ["jetpack"]}, "equipment"),
        ({"trained": None}, "trained"),
    ],
)
def test_bad_settings_name_the_field_and_change_nothing(fields: dict[str, Any], field: str) -> None:
    user = onboarded("kari")
    before = diary_rows()
    response = _post(token_client(user), "/api/settings", _settings(**fields), method="put")
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field
    assert diary_rows() == before


def test_the_settings_page_and_its_twin_agree() -> None:
    client = logged_in_client(onboarded("kari"))
    assert_json_twin(client.get("/settings/").context["page"], client.get("/api/settings"))


# --- the access matrix ----------------------------------------------------------------------------


def _with_a_session() -> tuple[Any, Any, dt.date]:
    owner = onboarded("olivia")
    day = today_for(owner)
    coach.log_set(
        owner,
        day,
        coach.SetInput("vmo-lift", 1, 2, side="right", reps=8, note="olivia's secret"),
        today_=day,
    )
    return owner, make_user("oscar"), day


def test_access_to_the_patient_pages() -> None:
    owner, other, day = _with_a_session()
    for url in ("/today/", f"/today/{day}/", "/settings/", "/settings/screening/"):
        # Another user never sees the owner's day: without a profile they are sent to start.
        check_access(url, owner=owner, other=other, other_status=302)
    for url, data in (
        (
            f"/today/{day}/sets/",
            {"exercise": "vmo-lift", "set_number": 2, "side": "left", "reps": 8, "pain": 1},
        ),
        (f"/today/{day}/pain-after/", {"pain": 2}),
        ("/today/checkin/", {"pain": 1, "before_session": "on"}),  # after the set above
        (f"/today/{day}/sets/delete/", {"exercise": "vmo-lift", "set_number": 1, "side": "right"}),
    ):
        check_access(
            url,
            method="post",
            data=data,
            owner=owner,
            other=other,
            other_status=302,
            owner_status=302,
            snapshot=diary_rows,
        )


def test_access_to_the_patient_endpoints() -> None:
    owner, other, day = _with_a_session()
    for url in ("/api/today", f"/api/today/{day}", f"/api/sessions/{day}", "/api/settings"):
        check_access(url, owner=owner, other=other, api=True)
    writes: list[tuple[str, str, Any, int]] = [
        (f"/api/sessions/{day}/sets", "post", _set(set_number=2), 201),
        (f"/api/sessions/{day}/pain-after", "post", {"pain": 2}, 200),
        ("/api/checkins", "post", {"pain": 1, "before_session": True}, 201),
        ("/api/screening", "post", {"answers": ALL_NO}, 200),
        ("/api/settings", "put", _settings(), 200),
        (f"/api/sessions/{day}/sets/vmo-lift/1?side=right", "delete", None, 200),
    ]
    for url, method, body, status in writes:
        check_access(
            url,
            method=method,
            json=body,
            owner=owner,
            other=other,
            api=True,
            owner_status=status,
            snapshot=diary_rows,
            session_api=True,
        )


def test_another_user_with_a_profile_sees_and_writes_only_their_own_day() -> None:
    owner, _, day = _with_a_session()
    other = onboarded("oda")
    client = logged_in_client(other)
    assert "olivia&#x27;s secret" not in client.get(f"/today/{day}/").content.decode()
    assert token_client(other).get(f"/api/sessions/{day}").status_code == 404
    owners_rows = list(models.LoggedSet.objects.filter(session__profile__user=owner).values())
    response = _post(token_client(other), f"/api/sessions/{day}/sets", _set(pain=9))
    assert response.status_code == 201
    assert list(models.LoggedSet.objects.filter(session__profile__user=owner).values()) == (
        owners_rows
    )


def test_the_pages_scripts_post_through_the_session_with_the_csrf_token() -> None:
    user = onboarded("kari")
    client = logged_in_client(user, enforce_csrf_checks=True)
    response = csrf_session_post(client, f"/api/sessions/{today_for(user)}/sets", "post", _set())
    assert response.status_code == 201


def test_the_schema_documents_the_patient_endpoints() -> None:
    paths = Client().get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/onboarding",
        "/api/today",
        "/api/today/{day}",
        "/api/sessions/{day}",
        "/api/sessions/{day}/sets",
        "/api/sessions/{day}/pain-after",
        "/api/checkins",
        "/api/screening",
        "/api/settings",
    ):
        assert path in paths, path
    assert "422" in paths["/api/sessions/{day}/sets"]["post"]["responses"]
