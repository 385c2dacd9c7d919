"""The FHIR bundle, read back and validated with fhir.resources (R4B models: R4's shape)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from kneecoach.exports.fhir import FhirExport, FilledQuestionnaire, build_bundle, export_to_fhir
from kneecoach.programme.values import Diary, Dose, MorningCheckin, Profile, SessionLog, SetLog

PERSON = uuid.UUID("6f1c1f7e-8f0e-4a56-9e0b-3c8f2a8e9d11")
START = date(2026, 11, 2)
KOOS_ALL_ONES: dict[str, int | str | None] = {
    **{f"P{i}": 1 for i in range(1, 10)},
    **{f"S{i}": 1 for i in range(1, 8)},
    **{f"A{i}": 1 for i in range(1, 18)},
    **{f"SP{i}": 1 for i in range(1, 6)},
    **{f"Q{i}": 1 for i in range(1, 5)},
}


def export(**changes: Any) -> FhirExport:
    values: dict[str, Any] = {
        "person": PERSON,
        "profile": Profile(trained=False, start_date=START, weekdays=frozenset({0, 2, 4})),
        "diary": Diary(
            sessions=(
                SessionLog(
                    date=date(2026, 11, 2),
                    sets=(
                        SetLog("clamshell", 1, pain=2, side="left", reps=10),
                        SetLog("clamshell", 1, pain=4, side="right", reps=10),
                    ),
                    pain_after=3,
                ),
            ),
            checkins=(MorningCheckin(date(2026, 11, 3), pain=1),),
        ),
        "doses": (
            Dose("clamshell", 0, sets=3, reps=10, per_side=True),
            Dose("wall-squat", 0, sets=2, seconds=30),
        ),
        "exercise_names": {"clamshell": "Clamshell", "wall-squat": "Wall squat"},
        "questionnaires": (
            FilledQuestionnaire("q1", "koos", date(2026, 11, 2), KOOS_ALL_ONES),
            FilledQuestionnaire("q2", "nprs", date(2026, 11, 2), {"pain": 5}),
            FilledQuestionnaire("q3", "pgic", date(2026, 11, 30), {"change": "much_improved"}),
        ),
        "exported_at": datetime(2026, 12, 1, 8, 0, tzinfo=UTC),
    }
    return FhirExport(**(values | changes))


def resources(data: bytes, kind: str) -> list[dict[str, Any]]:
    document = json.loads(data)
    return [e["resource"] for e in document["entry"] if e["resource"]["resourceType"] == kind]


def test_bundle_validates_and_round_trips() -> None:
    data = export_to_fhir(export())
    bundle = Bundle.model_validate_json(data)
    assert bundle.type == "collection"
    again = bundle.model_dump_json(exclude_none=True, by_alias=True).encode()
    assert json.loads(again) == json.loads(data)
    assert bundle.entry is not None
    kinds = [type(e.resource).__name__ for e in bundle.entry]
    assert kinds.count("Patient") == 1
    assert kinds.count("CarePlan") == 1
    assert kinds.count("Goal") == 2
    assert kinds.count("QuestionnaireResponse") == 3


def test_every_reference_points_into_the_bundle() -> None:
    document = json.loads(export_to_fhir(export()))
    full_urls = {e["fullUrl"] for e in document["entry"]}
    references = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "reference" in node:
                references.append(node["reference"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document["entry"])
    assert references
    assert set(references) <= full_urls


def test_care_plan_has_an_exercise_therapy_activity_per_exercise() -> None:
    (plan,) = resources(export_to_fhir(export()), "CarePlan")
    CarePlan.model_validate(plan)
    codes = [[c["code"] for c in a["detail"]["code"]["coding"]] for a in plan["activity"]]
    assert codes == [["229065009", "clamshell"], ["229065009", "wall-squat"]]
    systems = {c["system"] for a in plan["activity"] for c in a["detail"]["code"]["coding"]}
    assert systems == {"http://snomed.info/sct", "urn:kneecoach:exercise"}
    repeat = plan["activity"][0]["detail"]["scheduledTiming"]["repeat"]
    assert (repeat["frequency"], repeat["period"], repeat["periodUnit"]) == (1, 2, "d")
    assert repeat["dayOfWeek"] == ["mon", "wed", "fri"]


def test_goals_hold_the_doses() -> None:
    goals = resources(export_to_fhir(export()), "Goal")
    clamshell, squat = goals
    assert clamshell["description"]["text"] == "Clamshell: 3 x 10 reps each side"
    assert [t.get("detailInteger") for t in clamshell["target"]] == [3, 10]
    assert squat["target"][1]["detailQuantity"] == {
        "value": 30,
        "unit": "s",
        "system": "http://unitsofmeasure.org",
        "code": "s",
    }


def test_pain_observations_during_after_and_next_morning() -> None:
    observations = resources(export_to_fhir(export()), "Observation")
    pain = [o for o in observations if o["code"]["coding"][0]["code"] == "72514-3"]
    for o in pain:
        Observation.model_validate(o)
    found = {
        (o["method"]["coding"][0]["code"], o["effectiveDateTime"], o["valueInteger"]) for o in pain
    }
    assert found == {
        ("during", "2026-11-02", 4),  # the highest set's pain
        ("after", "2026-11-02", 3),
        ("morning", "2026-11-03", 1),
    }


def test_koos_scores_carry_their_loinc_codes_and_point_at_the_response() -> None:
    data = export_to_fhir(export())
    responses = {r["questionnaire"]: r for r in resources(data, "QuestionnaireResponse")}
    koos = responses["urn:kneecoach:questionnaire:koos"]
    QuestionnaireResponse.model_validate(koos)
    assert len(koos["item"]) == 42
    observations = resources(data, "Observation")
    scores = {
        o["code"]["coding"][0]["code"]: o
        for o in observations
        if o.get("derivedFrom") == [{"reference": f"urn:uuid:{koos['id']}"}]
    }
    for loinc in ("72102-7", "72101-9", "72100-1", "72099-5", "72098-7"):
        assert scores[loinc]["valueQuantity"]["value"] == 75.0
    panel = scores["72091-2"]
    assert len(panel["hasMember"]) == 7  # 5 subscales, KOOS4, KOOS-PS
    assert scores["koos.koos_ps"]["valueQuantity"]["value"] == 72.5  # raw 7 -> 72.5


def test_missing_answers_give_no_score_observation() -> None:
    few = {"P1": 1, "P2": 1}  # below the KOOS pain minimum of 5 answered items
    data = export_to_fhir(export(questionnaires=(FilledQuestionnaire("q1", "koos", START, few),)))
    (response,) = resources(data, "QuestionnaireResponse")
    assert [i["linkId"] for i in response["item"]] == ["P1", "P2"]
    derived = [o for o in resources(data, "Observation") if "derivedFrom" in o]
    assert derived == []


def test_pgic_answer_is_coded() -> None:
    data = export_to_fhir(export())
    responses = {r["questionnaire"]: r for r in resources(data, "QuestionnaireResponse")}
    answer = responses["urn:kneecoach:questionnaire:pgic"]["item"][0]["answer"][0]
    assert answer["valueCoding"]["code"] == "much_improved"
    assert answer["valueCoding"]["display"] == "Much improved"


def test_resource_ids_are_stable_between_exports() -> None:
    first = [e["fullUrl"] for e in build_bundle(export())["entry"]]
    second = [e["fullUrl"] for e in build_bundle(export())["entry"]]
    assert first == second
    other = [e["fullUrl"] for e in build_bundle(export(person=uuid.uuid4()))["entry"]]
    assert not set(first) & set(other)


def test_an_invalid_resource_is_refused_by_the_validator() -> None:
    """The validation is real: a pain observation without its code fails to export."""
    bundle = build_bundle(export())
    del bundle["entry"][-1]["resource"]["code"]
    with pytest.raises(ValueError, match="code"):
        Bundle.model_validate(bundle)
