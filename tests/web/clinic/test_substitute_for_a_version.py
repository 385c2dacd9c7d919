"""A clinician sets a version of an exercise (Wall squat with a pause) that needs equipment the
patient lacks (the soft ball), so a substitute (Wall squat with a folded towel) is done instead.
Every channel said it was done "in place of" the exercise (Wall half-squat with a ball); it is
done in place of the version the clinician set, and each channel now names that version
(``planning.rung_name``, one rule behind the label and ``in_place_of_name``). The terminal
names no exercise it stands in for ("do it as: <substitute> (not at hand: ...)")."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import icalendar
import pytest
from django.contrib.auth.models import User
from django.utils.html import escape

from kneecoach.catalog.loader import default_catalog
from kneecoach.catalog.schema import Substitute, Variant
from kneecoach.web.clinic import services
from kneecoach.web.coach import services as coach
from kneecoach.web.sharing import services as sharing
from tests.web.access import logged_in_client, token_client
from tests.web.clinic.conftest import World, enrol
from tests.web.insights.test_plan import _days
from tests.web.patient.conftest import onboarded
from tests.web.sharing.test_handout import pdf_text

CATALOG = default_catalog()
SQUAT = CATALOG.require("wall-squat")


def _version(found: Variant | Substitute | None) -> Variant | Substitute:
    assert found is not None
    return found


PAUSED = _version(SQUAT.variant(1))  # needs the soft ball, as the exercise does
TOWEL = "wall-squat-towel"
DONE = _version(SQUAT.version(TOWEL)).name.en
NO_BALL = CATALOG.equipment_name("soft-ball", "en")
LABEL = f"{DONE} (in place of {PAUSED.name.en})"


@pytest.fixture
def sam(world: World) -> User:
    """No soft ball; the clinician sets Wall squat with a pause from today."""
    sam = onboarded("sam", equipment=frozenset({"mat", "wall", "towel", "mini-band", "ankle-band"}))
    enrol(sam, world.clinician_a)
    change = services.ChangeInput.model_validate(
        {"exercise": "wall-squat", "level": 1, "sets": 2, "reps": 8, "note": ""}
    )
    services.save_change(world.clinician_a, sam.pk, change, world.today)
    return sam


def _squat(items: Sequence[coach.SessionItem]) -> coach.SessionItem:
    return next(i for i in items if i.exercise == "wall-squat")


def test_the_substitute_is_done_in_place_of_the_version_the_clinician_set(
    world: World, sam: User
) -> None:
    item = _squat(coach.today(sam, world.today).items)
    assert (item.dose.level, item.performed_as) == (1, TOWEL)
    assert item.in_place_of_name == PAUSED.name.en
    nb = _squat(coach.today(sam, world.today, language="nb").items)
    assert nb.in_place_of_name == PAUSED.name.nb


def test_the_today_card_names_the_version_in_both_languages(world: World, sam: User) -> None:
    client = logged_in_client(sam)
    html = " ".join(client.get("/today/").content.decode().split())
    said = (
        f"In place of {PAUSED.name.en}, which needs something you do not have at hand: {NO_BALL}."
    )
    assert escape(said) in html
    assert f"In place of {SQUAT.name.en}," not in html
    assert _squat_json(client)["in_place_of_name"] == PAUSED.name.en
    client.cookies["django_language"] = "nb"
    norsk = " ".join(client.get("/today/").content.decode().split())
    assert escape(PAUSED.name.nb) in norsk and f"{escape(SQUAT.name.nb)}, som" not in norsk


def _squat_json(client: object) -> dict[str, object]:
    body = client.get("/api/today").json()  # type: ignore[attr-defined]
    return next(i for i in body["session"]["items"] if i["exercise"] == "wall-squat")


def test_the_plan_and_the_clinics_page_name_the_version(world: World, sam: User) -> None:
    client = logged_in_client(sam)
    month = f"?month={world.today.strftime('%Y-%m')}"
    days = _days(client.get(f"/api/plan{month}").json())
    squat = next(i for i in days[str(world.today)]["items"] if i["exercise"] == "wall-squat")
    assert squat["label"] == LABEL and squat["in_place_of_name"] == PAUSED.name.en
    listed = f"{DONE} (in place of {PAUSED.name.en}; not at hand: {NO_BALL})"
    plan = " ".join(client.get(f"/plan/{month}").content.decode().split())
    assert escape(listed) in plan
    clinic = logged_in_client(world.clinician_a)
    page = clinic.get(f"/clinic/patients/{sam.pk}/").content.decode()
    assert f"<strong>{escape(listed)}</strong>" in page
    api = clinic.get(f"/api/clinic/patients/{sam.pk}").json()
    shown = next(c for c in api["exercises"] if c["slug"] == "wall-squat")
    assert shown["current_label"] == LABEL
    assert shown["current_in_place_of_name"] == PAUSED.name.en


def test_the_handout_the_calendar_and_the_fhir_bundle_name_the_version(
    world: World, sam: User
) -> None:
    text = " ".join(pdf_text(sharing.handout_pdf(sam, world.today, "en")))
    assert f"{LABEL} " in text
    assert f"In place of {PAUSED.name.en}, which needs something you do not have at hand" in text
    assert f"In place of {SQUAT.name.en}," not in text
    feed = icalendar.Calendar.from_ical(
        sharing.calendar(sam, dt.datetime.combine(world.today, dt.time(12), dt.UTC))
    )
    lines = [line for e in feed.walk("VEVENT") for line in str(e["DESCRIPTION"]).split("\n")]
    assert any(line.startswith(f"{LABEL}: 2 x 8 reps") for line in lines)
    bundle = json.loads(token_client(sam).get("/api/fhir/me").content)
    (plan,) = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan"
    ]
    described = [a["detail"]["description"] for a in plan["activity"]]
    assert f"{LABEL}: 2 x 8 reps" in described


def test_the_handout_names_the_equipment_not_at_hand_as_today_does(world: World) -> None:
    """A clinician sets Clamshell with a mini band for someone with a mat and no mini band: no
    substitute stands in for the band, so the rug clamshell does (``substitute_rule``'s last
    resort), whose catalogue entry stands in for the mat. The handout said the mat was missing;
    it names the prescription's missing equipment, the mini band, as Today does."""
    kim = onboarded("kim", equipment=frozenset({"mat", "wall", "soft-ball", "ankle-band"}))
    enrol(kim, world.clinician_a)
    change = services.ChangeInput.model_validate(
        {"exercise": "clamshell", "level": 1, "sets": 2, "reps": 10, "note": ""}
    )
    services.save_change(world.clinician_a, kim.pk, change, world.today)
    item = next(i for i in coach.today(kim, world.today).items if i.exercise == "clamshell")
    assert (item.performed_as, item.substitute_for) == ("clamshell-on-rug", "mini-band")
    band, mat = (CATALOG.equipment_name(slug, "en") for slug in ("mini-band", "mat"))
    text = " ".join(pdf_text(sharing.handout_pdf(kim, world.today, "en")))
    assert f"which needs something you do not have at hand: {band}." in text
    assert f"at hand: {mat}." not in text
