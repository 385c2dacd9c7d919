"""The ``advise`` JSON in/out and its errors, which name the field (docs/programme.md)."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from kneecoach.catalog.loader import load_catalog
from kneecoach.errors import InvalidInput
from kneecoach.programme.diary_json import (
    advise_json,
    json_path,
    parse_advise_request,
    request_to_values,
)

from .fixtures import CATALOG, CLEAR

DOCS = Path(__file__).resolve().parents[2] / "docs" / "programme.md"

REQUEST: dict[str, Any] = {
    "today": "2025-03-06",
    "profile": {
        "trained": False,
        "start_date": "2025-03-03",
        "equipment": ["mat", "ankle-band", "mini-band", "wall", "soft-ball"],
        "painful_side": "right",
        "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat"],
        "baseline_pain": 2,
    },
    "diary": {
        "screenings": [{"date": "2025-03-03", "answers": CLEAR}],
        "sessions": [
            {
                "date": "2025-03-03",
                "pain_before": 2,
                "pain_after": 3,
                "sets": [
                    {"exercise": "clamshell", "set": 1, "side": "right", "reps": 10, "pain": 6},
                    {"exercise": "clamshell", "set": 1, "side": "left", "reps": 10, "pain": 2},
                    {"exercise": "monster-walks", "set": 1, "seconds": 30, "pain": 1},
                ],
            }
        ],
        "checkins": [{"date": "2025-03-04", "pain": 2, "swelling": False, "stiffness": False}],
    },
}


def broken(path: str, value: object) -> dict[str, Any]:
    data = copy.deepcopy(REQUEST)
    target: Any = data
    parts = re.findall(r"[^.\[\]]+", path)
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    last = parts[-1]
    target[int(last) if last.isdigit() else last] = value
    return data


def test_json_path() -> None:
    assert (
        json_path(("diary", "sessions", 3, "sets", 0, "pain")) == "diary.sessions[3].sets[0].pain"
    )
    assert json_path(()) == ""


def test_advise_json_round_trip() -> None:
    out = advise_json(json.dumps(REQUEST), CATALOG)
    assert out["state"] == "training"
    assert out["screening"]["level"] == "clear"
    clam = [d for d in out["decisions"] if d["exercise"] == "clamshell"]
    assert clam[0]["kind"] == "regress"
    assert "pain during Clamshell was 6/10" in clam[0]["reasons"][0]
    assert out["next_sessions"][0]["date"] == "2025-03-06"
    assert out["next_sessions"][0]["prescriptions"][0]["sides"] == ["right", "left"]
    json.dumps(out)  # JSON-friendly all the way down


def test_dict_and_text_input_agree() -> None:
    assert advise_json(REQUEST, CATALOG) == advise_json(json.dumps(REQUEST), CATALOG)


@pytest.mark.parametrize(
    ("path", "value", "field", "words"),
    [
        (
            "diary.sessions.0.sets.0.pain",
            11,
            "diary.sessions[0].sets[0].pain",
            "less than or equal to 10",
        ),
        ("diary.sessions.0.sets.0.pain", "5", "diary.sessions[0].sets[0].pain", "integer"),
        (
            "diary.sessions.0.sets.0.reps",
            -1,
            "diary.sessions[0].sets[0].reps",
            "greater than or equal to 0",
        ),
        ("diary.sessions.0.date", "03/03/2025", "diary.sessions[0].date", "YYYY-MM-DD"),
        ("diary.sessions.0.date", "2025-02-30", "diary.sessions[0].date", "not a real date"),
        ("today", 20250306, "today", "YYYY-MM-DD"),
        ("profile.painful_side", "middle", "profile.painful_side", "'left'"),
        ("profile.weekdays", ["funday"], "profile.weekdays[0]", "'mon'"),
        ("diary.checkins.0.pain", -2, "diary.checkins[0].pain", "greater than or equal to 0"),
        ("diary.sessions.0.sets.0.side", "up", "diary.sessions[0].sets[0].side", "'left'"),
        ("diary.screenings.0.answers.E1", "maybe", "diary.screenings[0].answers.E1", "'yes'"),
        ("diary.sessions.0.sets.0.colour", "red", "diary.sessions[0].sets[0].colour", "Extra"),
    ],
)
def test_schema_errors_name_the_field(path: str, value: object, field: str, words: str) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_advise_request(broken(path, value))
    assert error.value.field == field
    assert words in error.value.message


def test_missing_measure_names_the_set() -> None:
    data = copy.deepcopy(REQUEST)
    del data["diary"]["sessions"][0]["sets"][0]["reps"]
    with pytest.raises(InvalidInput) as error:
        parse_advise_request(data)
    assert error.value.field == "diary.sessions[0].sets[0]"
    assert "exactly one of reps or seconds" in error.value.message


@pytest.mark.parametrize(
    ("path", "value", "field", "words"),
    [
        (
            "diary.sessions.0.sets.0.exercise",
            "deadlift",
            "diary.sessions[0].sets[0].exercise",
            "unknown exercise",
        ),
        ("diary.sessions.0.date", "2025-03-01", "diary.sessions[0].date", "before the programme"),
        ("diary.screenings.0.answers", {"Z1": "no"}, "diary.screenings[0].answers.Z1", "unknown"),
    ],
)
def test_catalogue_and_profile_errors_name_the_field(
    path: str, value: object, field: str, words: str
) -> None:
    with pytest.raises(InvalidInput) as error:
        advise_json(broken(path, value), CATALOG)
    assert error.value.field == field
    assert words in error.value.message


def test_invalid_json_text() -> None:
    with pytest.raises(InvalidInput) as error:
        parse_advise_request("{not json")
    assert "not valid JSON" in error.value.message


def test_docs_example_runs_and_matches_the_documented_output() -> None:
    text = DOCS.read_text(encoding="utf-8")
    request = re.search(r"```json advise-request\n(.*?)```", text, re.S)
    response = re.search(r"```json advise-response\n(.*?)```", text, re.S)
    assert request and response, "docs/programme.md must hold the advise example"
    out = advise_json(request.group(1), load_catalog())
    documented = json.loads(response.group(1))
    for key, value in documented.items():
        if key == "next_sessions" or key == "decisions":
            assert out[key][: len(value)] == value
        else:
            assert out[key] == value, key


def test_a_persons_export_is_read_as_its_profile_and_diary() -> None:
    """``kneecoach export --format json`` output fed to ``advise`` whole, overrides included:
    the export nests an override's dose, the request lays its fields out flat."""
    from kneecoach.exports.json import ExportBundle, export_to_json

    request = copy.deepcopy(REQUEST)
    request["diary"]["overrides"] = [
        {
            "date": "2025-03-04",
            "exercise": "clamshell",
            "sets": 2,
            "reps": 10,
            "note": "sore after Monday",
            "clinician": "kari",
        },
    ]
    profile, diary, _, _ = request_to_values(parse_advise_request(request))
    bundle = ExportBundle(
        username="ola",
        profile_uuid="00000000-0000-0000-0000-000000000001",
        profile=profile,
        language="nb",
        diary=diary,
        decisions=(),
        exported_on=profile.start_date,
    )
    document = json.loads(export_to_json(bundle))
    assert document["diary"]["overrides"][0]["dose"]["reps"] == 10  # nested in the export
    answer = advise_json({**document, "today": REQUEST["today"]}, CATALOG)
    assert answer == advise_json(request, CATALOG)
    assert answer == advise_json(json.dumps({**document, "today": REQUEST["today"]}), CATALOG)
    assert any(d["kind"] == "override" for d in answer["decisions"])


def test_an_export_with_a_broken_override_names_the_field() -> None:
    document = {
        "format": "kneecoach-export",
        "today": REQUEST["today"],
        "profile": REQUEST["profile"],
        "diary": {
            "overrides": [
                {"date": "2025-03-04", "exercise": "clamshell", "dose": {"sets": 0, "reps": 8}}
            ]
        },
    }
    with pytest.raises(InvalidInput) as error:
        parse_advise_request(document)
    assert error.value.field == "diary.overrides[0].sets"
    assert "greater than or equal to 1" in error.value.message
