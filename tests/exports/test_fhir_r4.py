"""The FHIR bundle validated against R4 (4.0.1) itself, not only R4B's models.

``fhir.resources`` dropped plain R4 in its 7.0 release, so ``exports/fhir.py`` validates with
its R4B models. Here the same bytes go through ``fhirkit`` (PyPI ``fhirkit-rs``), whose model is
generated from the official R4 4.0.1 specification: it refuses unknown elements, missing
required elements, wrong cardinality, malformed primitives and two types for one choice element,
reporting every problem with its path. It does not check value-set bindings (docs/exports.md).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import fhirkit
import pytest

from kneecoach.exports.fhir import build_bundle, export_to_fhir
from tests.exports.test_fhir import export


def r4_problems(document: dict[str, Any] | bytes) -> list[str]:
    return [str(issue) for issue in fhirkit.validate(document)]


def resource(bundle: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind)


def test_the_validator_is_r4() -> None:
    assert fhirkit.FHIR_VERSION == "4.0.1"


def test_the_bundle_is_valid_r4_without_a_warning() -> None:
    assert r4_problems(export_to_fhir(export())) == []


def test_an_export_without_records_is_valid_r4() -> None:
    empty = export(questionnaires=(), doses=(), exercise_names={}, person=uuid.uuid4())
    assert r4_problems(export_to_fhir(empty)) == []


def test_the_bundle_round_trips_through_r4_unchanged() -> None:
    data = export_to_fhir(export())
    parsed = fhirkit.parse(data, strict=True)
    assert parsed.resource_type == "Bundle"
    assert json.loads(parsed.to_json()) == json.loads(data)


def test_each_entry_parses_as_its_r4_resource() -> None:
    bundle = json.loads(export_to_fhir(export()))
    for entry in bundle["entry"]:
        parsed = fhirkit.parse(entry["resource"], strict=True)
        assert parsed.resource_type in fhirkit.RESOURCE_TYPES
        assert parsed.resource_type == entry["resource"]["resourceType"]
        assert parsed.id == entry["resource"]["id"]


@pytest.mark.parametrize(
    ("kind", "spoil", "problem"),
    [
        ("Observation", lambda r: r.pop("code"), "resource.code: required element missing"),
        ("Patient", lambda r: r.update(birthDate="01.02.1980"), "birthDate"),
        # CarePlan.activity.performedActivity is R5's; R4 does not know it
        (
            "CarePlan",
            lambda r: r["activity"][0].update(performedActivity=[{"concept": {"text": "x"}}]),
            "performedActivity: unknown element",
        ),
    ],
    ids=["missing-required", "bad-date", "r5-element"],
)
def test_the_r4_validator_refuses_a_spoilt_resource(kind: str, spoil: Any, problem: str) -> None:
    """The check is real: the same bundle, spoilt in one place, is refused naming the place."""
    bundle = build_bundle(export())
    spoil(resource(bundle, kind))
    problems = r4_problems(bundle)
    assert problems and any(problem in p for p in problems), problems
