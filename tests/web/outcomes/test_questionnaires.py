"""Questionnaires in the app: filling in on the page and through the API, the schedule, the
scores over time with the minimal important change, access, a clinic's own wording."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from kneecoach.errors import InvalidInput, NotFound
from kneecoach.web.outcomes import services
from kneecoach.web.outcomes.models import QuestionnaireResponse
from kneecoach.web.outcomes.usecases import wording
from tests.web.access import check_access, logged_in_client, make_user, token_client

pytestmark = pytest.mark.django_db

KOOS12 = {"P1": 2, "P5": 2, "P6": 3, "P8": 1, "A4": 1, "A3": 2, "A7": 2, "SP4": 3}
KOOS12 |= {"Q1": 3, "Q2": 2, "Q3": 2, "Q4": 2}  # pain 50, function 50, qol 43.8


NO_PROFILE = "no profile yet; complete onboarding first"


def rows() -> list[tuple[str, dict[str, Any]]]:
    return list(QuestionnaireResponse.objects.values_list("questionnaire", "answers"))


def test_baseline_is_due_at_the_start_and_filling_it_clears_it(owner: User, today: dt.date) -> None:
    view = services.outcomes(owner, today)
    assert view.weeks == (0, 4, 8, 12)
    assert view.due_now is not None and view.due_now.week == 0
    assert view.due_now.missing == ("koos12", "nprs")
    start = view.start_date
    services.fill(owner, "koos12", KOOS12, start, today_=today)
    services.fill(owner, "nprs", {"pain": 6}, start, today_=today)
    assert services.outcomes(owner, today).due_now is None


def test_scores_over_time_mark_the_minimal_important_change(owner: User, today: dt.date) -> None:
    start = services.outcomes(owner, today).start_date
    services.fill(owner, "koos12", KOOS12, start, today_=today)
    better = {key: max(0, value - 1) for key, value in KOOS12.items()}  # 25 points better
    services.fill(owner, "koos12", better, today, today_=today)
    services.fill(owner, "nprs", {"pain": 6}, start, today_=today)
    services.fill(owner, "nprs", {"pain": 5}, today, today_=today)
    series = {(s.questionnaire, s.scale): s for s in services.outcomes(owner, today).series}
    pain = series[("koos12", "pain")]
    assert [p.value for p in pain.points] == [50.0, 75.0]
    assert pain.mic == 11.3 and pain.change == 25.0 and pain.important_improvement
    nprs = series[("nprs", "pain")]
    assert nprs.change == -1.0 and not nprs.important_improvement  # 1 point, 17 %: below MIC


def test_questionnaire_page_saves_answers_and_shows_them_scored(owner: User) -> None:
    client = logged_in_client(owner)
    form = client.get("/outcomes/koos12/")
    assert form.status_code == 200
    assert b'name="P1"' in form.content and b'value="4"' in form.content
    response = client.post("/outcomes/koos12/", {k: str(v) for k, v in KOOS12.items()})
    assert response.status_code == 302
    assert rows() == [("koos12", {**KOOS12})]
    page = client.get("/outcomes/")
    assert b"KOOS-12 Pain" in page.content
    assert page.context["page"].responses[0].scores[0].value == 50.0


def test_a_bad_answer_shows_the_form_again_and_saves_nothing(owner: User) -> None:
    client = logged_in_client(owner)
    response = client.post("/outcomes/nprs/", {"pain": "12"})
    assert response.status_code == 422
    assert b"pain: answer one of 0, 1, 2" in response.content
    assert rows() == []
    response = client.post("/outcomes/nprs/", {})
    assert response.status_code == 422
    assert rows() == []


def test_pages_in_norwegian(owner: User) -> None:
    client = logged_in_client(owner)
    client.cookies["django_language"] = "nb"
    page = client.get("/outcomes/pgic/", headers={"accept-language": "nb"})
    assert "Svært mye bedre" in page.content.decode()
    assert "Spørreskjemaer" in page.content.decode()


def test_access_matrix_pages_and_api(owner: User, other: User) -> None:
    check_access("/outcomes/", owner=owner, other=other, other_status=200)
    check_access("/outcomes/koos/", owner=owner, other=other, other_status=200)
    check_access("/api/outcomes", owner=owner, other=other, api=True, other_status=200)
    check_access("/api/questionnaires/koos12", owner=owner, other=other, api=True, other_status=200)
    created = check_access(
        "/api/questionnaires/pgic/responses",
        method="post",
        json={"answers": {"change": "much_improved"}},
        owner=owner,
        other=other,
        api=True,
        other_status=201,
        owner_status=201,
    )
    assert created.json()["scores"] == [
        {"key": "pgic", "name": "PGIC (1 = very much improved)", "value": 2.0}
    ]
    mine = token_client(owner).get("/api/outcomes").json()
    assert [r["questionnaire"] for r in mine["responses"]] == ["pgic"]


def test_api_refuses_bad_answers_naming_the_item(owner: User) -> None:
    client = token_client(owner)
    response = client.post(
        "/api/questionnaires/koos12/responses",
        data={"answers": {"P1": 7}},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["field"] == "P1"
    response = client.post(
        "/api/questionnaires/oks/responses", data={"answers": {}}, content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["field"] == "questionnaire"
    assert rows() == []


def test_a_response_no_scale_can_score_is_refused_and_stays_due(
    owner: User, today: dt.date
) -> None:
    """Nothing ticked, or one item of KOOS-12 (a scale needs 2 of its 4): the page shows the form
    again with the message and the tick kept, the API answers 422 naming ``answers``; nothing is
    saved and KOOS-12 is still due. Two pain items score the pain scale and are saved."""
    client = logged_in_client(owner)
    empty = client.post("/outcomes/koos12/", {})
    assert empty.status_code == 422
    assert b"Too few answers to give a score" in empty.content
    client.cookies["django_language"] = "nb"
    norsk = client.post("/outcomes/koos12/", {})
    assert "For få svar til å gi en poengsum" in norsk.content.decode()
    del client.cookies["django_language"]
    one = client.post("/outcomes/koos12/", {"P1": "3"})
    assert one.status_code == 422
    assert re.search(rb'name="P1" value="3" checked', one.content)
    api = token_client(owner).post(
        "/api/questionnaires/koos12/responses",
        data={"answers": {}},
        content_type="application/json",
    )
    assert api.status_code == 422 and api.json()["field"] == "answers"
    assert rows() == []
    due = services.outcomes(owner, today).due_now
    assert due is not None and "koos12" in due.missing
    partial = services.fill(owner, "koos12", {"P1": 3, "P5": 2}, today, today_=today)
    assert [s.value for s in partial.scores if s.key == "pain"] == [37.5]  # mean 2.5 of 4


def test_a_future_date_is_refused(owner: User, today: dt.date) -> None:
    with pytest.raises(InvalidInput) as error:
        services.fill(owner, "nprs", {"pain": 3}, today + dt.timedelta(days=1), today_=today)
    assert error.value.field == "date"


def test_a_clinic_can_change_the_schedule(owner: User, today: dt.date) -> None:
    profile = owner.kneecoach_profile
    assert services.set_schedule(profile, [12, 0, 6], "koos") == (0, 6, 12)
    view = services.outcomes(owner, today)
    assert view.weeks == (0, 6, 12) and view.knee_form == "koos"
    assert view.due_now is not None and view.due_now.missing == ("koos", "nprs")
    with pytest.raises(InvalidInput) as error:
        services.set_schedule(profile, [0], "oks")
    assert error.value.field == "knee_form"


def test_a_clinic_loads_the_official_koos_wording_from_a_file() -> None:
    folder = Path(settings.CONFIG.data_dir) / services.WORDING_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "koos12.en.toml"
    path.write_text('[items]\nP1 = "Licensed wording of item P1"\n', encoding="utf-8")
    try:
        wording.load_wording_file.cache_clear()
        form = services.questionnaire_form("koos12", "en")
        assert form.official_wording
        assert form.items[0].text == "Licensed wording of item P1"
        assert form.items[1].text == "Pain: walking on a flat surface"
        assert not services.questionnaire_form("koos12", "nb").official_wording
    finally:
        path.unlink()
        wording.load_wording_file.cache_clear()


def test_chart_lengths_keep_a_decimal_point_in_norwegian(owner: User, today: dt.date) -> None:
    """SVG lengths are not localized: "48,7" is no length, and the browser drops the shape."""
    start = services.outcomes(owner, today).start_date
    services.fill(owner, "koos12", KOOS12, start, today_=today)
    services.fill(owner, "koos12", {**KOOS12, "Q1": 1}, today, today_=today)  # QOL 56.2
    client = logged_in_client(owner)
    client.cookies["django_language"] = "nb"
    html = client.get("/outcomes/").content.decode()
    svg = html[html.index("<svg") : html.rindex("</svg>")]
    assert re.search(r'(?:x|y|x1|x2|y1|y2|cx|cy|height)="\d+\.\d"', svg)
    assert not re.search(r'="\d+,\d+"', svg)


def test_before_onboarding_the_outcomes_refuse_naming_the_user_and_how_to_make_a_profile(
    today: dt.date,
) -> None:
    """The profile is read through the coach's one public function (as the sharing app does),
    whose refusal names the field and ``kneecoach init``; Today's notice has nothing to say."""
    nobody = make_user("nobody")
    calls: dict[str, Callable[[], object]] = {
        "outcomes": lambda: services.outcomes(nobody, today),
        "responses": lambda: services.responses(nobody),
        "fill": lambda: services.fill(nobody, "nprs", {"pain": 3}, today, today_=today),
    }
    for name, call in calls.items():
        with pytest.raises(NotFound) as refused:
            call()
        assert (refused.value.field, refused.value.message) == ("user", NO_PROFILE), name
    assert services.due_notice(nobody, today) is None
    assert not rows()
