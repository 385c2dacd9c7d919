"""The Progress page, its chart SVGs and ``/api/progress``: the charts draw the logged numbers."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import User

from kneecoach.web.insights.charts import CHART_NAMES, PALETTE
from tests.web.access import (
    assert_json_twin,
    check_access,
    logged_in_client,
    make_user,
    token_client,
)
from tests.web.insights.conftest import onboard

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def _svg_values(svg: bytes) -> list[float]:
    """The values pygal drew: each plotted point/bar carries ``<desc class="value">``."""
    root = ET.fromstring(svg)  # noqa: S314 - our own server's SVG
    return [
        float(desc.text.replace(",", "."))
        for desc in root.iter(f"{SVG}desc")
        if desc.get("class") == "value" and desc.text and re.fullmatch(r"-?[\d.,]+", desc.text)
    ]


def test_progress_page_and_api_access_matrix(owner: User, other: User) -> None:
    page = check_access("/progress/", owner=owner, other=other, other_status=200)
    assert page.context["page"].has_data
    api = check_access("/api/progress", owner=owner, other=other, api=True, other_status=200)
    assert api.json()["has_data"] is True


@pytest.mark.parametrize("name", CHART_NAMES)
def test_chart_svg_and_data_access_matrix(owner: User, other: User, name: str) -> None:
    check_access(f"/progress/charts/{name}.svg", owner=owner, other=other, other_status=200)
    check_access(
        f"/api/progress/charts/{name}", owner=owner, other=other, api=True, other_status=200
    )


def test_another_person_sees_only_their_own_empty_progress(owner: User, other: User) -> None:
    body = token_client(other).get("/api/progress").json()
    assert body["has_data"] is False and body["charts"] == []
    assert body["progress"]["pain_during"] == []
    html = logged_in_client(other).get("/progress/").content.decode()
    assert "Nothing logged yet" in html
    assert "<img" not in html.split("<main", 1)[1]
    svg = logged_in_client(other).get("/progress/charts/pain.svg").content
    assert _svg_values(svg) == []  # Olivia's 3, 7, 4, 6, 5, 1 never show in Oscar's chart


def test_progress_page_is_the_twin_of_the_api(owner: User) -> None:
    client = logged_in_client(owner)
    assert_json_twin(client.get("/progress/").context["page"], client.get("/api/progress"))


def test_the_pain_chart_draws_the_logged_pain(owner: User, today: dt.date) -> None:
    client = logged_in_client(owner)
    data = client.get("/api/progress/charts/pain").json()
    series = {s["key"]: s["values"] for s in data["series"]}
    assert [v for v in series["during"] if v is not None] == [3, 7]
    assert [v for v in series["after"] if v is not None] == [4, 6]
    assert [v for v in series["morning"] if v is not None] == [5, 1]
    start = today - dt.timedelta(days=4)
    assert data["x"] == [(start + dt.timedelta(days=n)).isoformat() for n in range(4)]
    svg = client.get("/progress/charts/pain.svg")
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert sorted(_svg_values(svg.content)) == sorted([3, 7, 4, 6, 5, 1])


def test_the_volume_and_sides_charts_draw_the_logged_reps(owner: User) -> None:
    client = token_client(owner)
    progress = client.get("/api/progress").json()["progress"]
    clamshell = next(e for e in progress["exercises"] if e["exercise"] == "clamshell")
    left = sum(p["value"] for p in clamshell["volume"]["left"])
    right = sum(p["value"] for p in clamshell["volume"]["right"])
    assert left > right  # the right leg fell two reps short in every set
    sides = client.get("/api/progress/charts/sides").json()
    index = sides["x"].index("clamshell")
    by_key = {s["key"]: s["values"] for s in sides["series"]}
    assert (by_key["left"][index], by_key["right"][index]) == (left, right)
    svg = logged_in_client(owner).get("/progress/charts/sides.svg").content
    assert left in _svg_values(svg) and right in _svg_values(svg)
    volume = client.get("/api/progress/charts/volume").json()
    row = next(s for s in volume["series"] if s["key"] == "clamshell")
    assert sum(v for v in row["values"] if v is not None) == left + right


def test_the_adherence_chart_counts_planned_and_done_sessions(owner: User) -> None:
    data = token_client(owner).get("/api/progress/charts/adherence").json()
    by_key = {s["key"]: s["values"] for s in data["series"]}
    assert sum(by_key["done"]) == 2
    assert sum(by_key["planned"]) >= 2


def test_charts_use_the_accessible_palette_and_no_script_runs(owner: User) -> None:
    response = logged_in_client(owner).get("/progress/charts/pain.svg")
    svg = response.content.decode()
    assert PALETTE[0].lower() in svg.lower()
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy


def test_the_page_has_a_text_alternative_and_a_data_table(owner: User) -> None:
    html = logged_in_client(owner).get("/progress/").content.decode()
    assert 'src="/progress/charts/pain.svg"' in html
    assert 'aria-describedby="chart-pain-desc"' in html
    assert "<table>" in html and "During exercise" in html
    assert "What the coach decided, and why" in html
    assert 'style="' not in html and "<script" not in html


def test_an_unknown_chart_is_a_404_naming_it(owner: User) -> None:
    api = token_client(owner).get("/api/progress/charts/nope")
    assert api.status_code == 404 and api.json()["field"] == "chart"
    assert logged_in_client(owner).get("/progress/charts/nope.svg").status_code == 404


def test_empty_state_before_anything_is_logged(db: None, today: dt.date) -> None:
    fresh = make_user("fay")
    onboard(fresh, today)
    html = logged_in_client(fresh).get("/progress/").content.decode()
    assert "Nothing logged yet" in html


def test_the_progress_page_in_norwegian(owner: User) -> None:
    client = logged_in_client(owner)
    client.post("/i18n/setlang/", {"language": "nb", "next": "/progress/"})
    html = client.get("/progress/").content.decode()
    assert "Fremgangen din" in html
    assert "Under øvelsen" in html
    data = client.get("/api/progress/charts/pain").json()
    assert data["title"] == "Smerte"
    svg = client.get("/progress/charts/pain.svg").content.decode()
    assert "Neste morgen" in svg


def test_the_decisions_on_the_progress_page_are_worded_in_norwegian(owner: User) -> None:
    """Reasons and the dose changes of the decision list follow the page's language."""
    client = logged_in_client(owner)
    client.cookies["django_language"] = "nb"
    html = client.get("/progress/").content.decode()
    decisions = html[html.index('id="decisions-title"') :]
    assert "repetisjoner" in decisions
    assert " reps" not in decisions and "each side" not in decisions
