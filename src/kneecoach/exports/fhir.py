"""A person's programme and records as an HL7 FHIR R4 Bundle (JSON), validated on the way out.

A pure function from domain values to bytes. The resources (docs/exports.md has the map):

- ``Patient``: identified by the profile's UUID only (no name, no birth date: the app has none).
- ``CarePlan`` (status active, intent plan) with one ``activity`` per exercise: its code is
  SNOMED CT 229065009 "Exercise therapy (regime/therapy)" plus the exercise in the catalogue's
  own code system (``urn:kneecoach:exercise``), its schedule a ``Timing``, its dose a ``Goal``.
- ``Goal`` per exercise: the current dose as targets (sets; reps or seconds).
- ``Observation`` for knee pain, LOINC 72514-3 (0-10 numeric rating), one per time point: during
  the session (the highest set's pain), about an hour after, and the next morning; which one it
  is sits in ``method`` (LOINC does not encode it: HL7 Physical Activity IG practice).
- ``QuestionnaireResponse`` per filled questionnaire, and its scores as ``Observation``s derived
  from it: KOOS subscales with their LOINC codes (72102-7 ... 72098-7, grouped by a KOOS panel
  observation 72091-2), everything else with local codes (no LOINC exists for KOOS-12, KOOS-PS
  or PGIC).

fhir.resources ships R4B models (4.3.0), not R4; every resource and element used here has the
same shape in R4 (4.0.1), and the tests check the bytes against R4 itself (fhirkit,
tests/exports/test_fhir_r4.py). Resource ids are uuid5 of the person and the record, so
an export made twice names the same resources the same way.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from kneecoach.programme.questionnaires import AnswerValue, questionnaire, score_answers
from kneecoach.programme.reasons import describe_dose_and_load
from kneecoach.programme.values import Diary, Dose, Profile

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
EXERCISE_SYSTEM = "urn:kneecoach:exercise"
PAIN_TIMING_SYSTEM = "urn:kneecoach:pain-timing"
SCORE_SYSTEM = "urn:kneecoach:score"
DOSE_SYSTEM = "urn:kneecoach:dose"
PGIC_SYSTEM = "urn:kneecoach:pgic"
PERSON_SYSTEM = "urn:kneecoach:person"
QUESTIONNAIRE_BASE = "urn:kneecoach:questionnaire:"
EXERCISE_THERAPY = {"system": SNOMED, "code": "229065009", "display": "Exercise therapy"}
PAIN_NRS = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
KOOS_PANEL = {
    "system": LOINC,
    "code": "72091-2",
    "display": "Knee injury and Osteoarthritis Outcome Score [KOOS]",
}
PAIN_TIMINGS = {
    "during": "Highest pain during the session's sets",
    "after": "Pain about an hour after the session",
    "morning": "Pain the next morning",
}
NAMESPACE = uuid.UUID("5d3c7b2e-95a7-5b3e-8f6a-2c1d0e9f4a31")
"""uuid5 namespace of resource ids; fixed, so re-exports keep their ids."""


@dataclass(frozen=True, slots=True)
class FilledQuestionnaire:
    """One filled questionnaire: its stable id, which form, the day, the answers by item id."""

    id: str
    questionnaire: str
    date: date
    answers: Mapping[str, AnswerValue]


@dataclass(frozen=True, slots=True)
class FhirExport:
    person: uuid.UUID
    profile: Profile
    diary: Diary
    doses: tuple[Dose, ...]
    exercise_names: Mapping[str, str]
    questionnaires: tuple[FilledQuestionnaire, ...]
    exported_at: datetime
    performed: Mapping[str, str] = field(default_factory=dict)
    """What to actually do, in words, for each exercise not done as itself (a ladder variant,
    or a substitute for equipment the person lacks), by the exercise's slug: "Slow side steps
    without a band (in place of Side steps with a band)". The coded exercise stays the
    programme's; the descriptions a reader sees name what is done."""


def _what_to_do(data: FhirExport, dose: Dose) -> str:
    return data.performed.get(dose.exercise) or data.exercise_names.get(
        dose.exercise, dose.exercise
    )


def _id(person: uuid.UUID, *parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join((str(person), *map(str, parts)))))


def _ref(resource_id: str) -> dict[str, str]:
    return {"reference": f"urn:uuid:{resource_id}"}


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def export_to_fhir(data: FhirExport) -> bytes:
    """The Bundle (type collection) as JSON bytes, after fhir.resources has validated it."""
    # Late: fhir.resources builds ~400 pydantic models on import (~0.12 s), and this module is
    # imported on every start (outcomes' schedule uses FilledQuestionnaire); only this export
    # needs the models.
    from fhir.resources.R4B.bundle import Bundle

    bundle = build_bundle(data)
    validated = Bundle.model_validate(bundle)
    return validated.model_dump_json(exclude_none=True, by_alias=True).encode("utf-8")


def build_bundle(data: FhirExport) -> dict[str, Any]:
    person = data.person
    patient_id = _id(person, "patient")
    goals = [_goal(data, dose, patient_id) for dose in data.doses]
    resources: list[dict[str, Any]] = [
        {
            "resourceType": "Patient",
            "id": patient_id,
            "active": True,
            "identifier": [{"system": PERSON_SYSTEM, "value": str(person)}],
        },
        _care_plan(data, patient_id, goals),
        *goals,
        *_pain_observations(data, patient_id),
    ]
    for filled in sorted(data.questionnaires, key=lambda q: (q.date, q.id)):
        resources.extend(_questionnaire_resources(data, filled, patient_id))
    return {
        "resourceType": "Bundle",
        "id": _id(person, "bundle", data.exported_at.isoformat()),
        "type": "collection",
        "timestamp": data.exported_at.isoformat(),
        "entry": [_entry(r) for r in resources],
    }


# --- the plan -------------------------------------------------------------------------------------


def _timing(profile: Profile) -> dict[str, Any]:
    """Untrained: every other day; trained: 3 days on, 1 off (3 per 4 days: ``Timing.repeat``
    cannot say which days, research note 6.1.2); limited to the days the person can train."""
    repeat: dict[str, Any] = (
        {"frequency": 3, "period": 4, "periodUnit": "d"}
        if profile.trained
        else {"frequency": 1, "period": 2, "periodUnit": "d"}
    )
    if len(profile.weekdays) < 7:
        names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        repeat["dayOfWeek"] = [names[day] for day in sorted(profile.weekdays)]
    text = "3 days on, 1 day off" if profile.trained else "every other day"
    return {
        "repeat": {**repeat, "boundsPeriod": {"start": profile.start_date.isoformat()}},
        "code": {"text": text},
    }


def _care_plan(data: FhirExport, patient_id: str, goals: list[dict[str, Any]]) -> dict[str, Any]:
    activities = []
    for dose in data.doses:
        name = data.exercise_names.get(dose.exercise, dose.exercise)
        activities.append(
            {
                "detail": {
                    "code": {
                        "coding": [
                            EXERCISE_THERAPY,
                            {"system": EXERCISE_SYSTEM, "code": dose.exercise, "display": name},
                        ],
                        "text": name,
                    },
                    "status": "in-progress",
                    "goal": [_ref(_goal_id(data.person, dose))],
                    "scheduledTiming": _timing(data.profile),
                    "description": f"{_what_to_do(data, dose)}: {_dose_text(dose)}",
                }
            }
        )
    return {
        "resourceType": "CarePlan",
        "id": _id(data.person, "careplan"),
        "status": "active",
        "intent": "plan",
        "title": "Knee exercise programme",
        "category": [{"coding": [EXERCISE_THERAPY]}],
        "subject": _ref(patient_id),
        "period": {"start": data.profile.start_date.isoformat()},
        "goal": [_ref(g["id"]) for g in goals],
        "activity": activities,
    }


def _dose_text(dose: Dose) -> str:
    return describe_dose_and_load(dose)


def _dose_code(code: str) -> dict[str, Any]:
    return {"coding": [{"system": DOSE_SYSTEM, "code": code}], "text": code}


def _goal_id(person: uuid.UUID, dose: Dose) -> str:
    return _id(person, "goal", dose.exercise)


def _goal(data: FhirExport, dose: Dose, patient_id: str) -> dict[str, Any]:
    amount: dict[str, Any] = (
        {"measure": _dose_code("reps"), "detailInteger": dose.reps}
        if dose.reps is not None
        else {
            "measure": _dose_code("seconds"),
            "detailQuantity": {"value": dose.seconds, "unit": "s", "system": UCUM, "code": "s"},
        }
    )
    goal = {
        "resourceType": "Goal",
        "id": _goal_id(data.person, dose),
        "lifecycleStatus": "active",
        "description": {"text": f"{_what_to_do(data, dose)}: {_dose_text(dose)}"},
        "subject": _ref(patient_id),
        "target": [{"measure": _dose_code("sets"), "detailInteger": dose.sets}, amount],
    }
    if dose.per_side:
        goal["note"] = [{"text": "reps or seconds on each side"}]
    return goal


# --- pain -----------------------------------------------------------------------------------------


def _pain(data: FhirExport, patient_id: str, day: date, timing: str, pain: int) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": _id(data.person, "pain", day.isoformat(), timing),
        "status": "final",
        "category": [
            {"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}
        ],
        "code": {"coding": [PAIN_NRS], "text": "Knee pain (0-10)"},
        "method": {
            "coding": [
                {"system": PAIN_TIMING_SYSTEM, "code": timing, "display": PAIN_TIMINGS[timing]}
            ]
        },
        "subject": _ref(patient_id),
        "effectiveDateTime": day.isoformat(),
        "valueInteger": pain,
    }


def _pain_observations(data: FhirExport, patient_id: str) -> list[dict[str, Any]]:
    observations = []
    for session in sorted(data.diary.sessions, key=lambda s: s.date):
        if session.sets:
            during = max(s.pain for s in session.sets)
            observations.append(_pain(data, patient_id, session.date, "during", during))
        if session.pain_after is not None:
            observations.append(_pain(data, patient_id, session.date, "after", session.pain_after))
    for checkin in sorted(data.diary.checkins, key=lambda c: c.date):
        observations.append(_pain(data, patient_id, checkin.date, "morning", checkin.pain))
    return observations


# --- questionnaires -------------------------------------------------------------------------------


def _answer(qid: str, item_id: str, value: AnswerValue) -> dict[str, Any]:
    form = questionnaire(qid)
    item = form.item(item_id)
    label = next((o.label.en for o in item.options if o.value == value), "") if item else ""
    if isinstance(value, str):
        return {"valueCoding": {"system": PGIC_SYSTEM, "code": value, "display": label}}
    return {"valueInteger": value}


def _questionnaire_resources(
    data: FhirExport, filled: FilledQuestionnaire, patient_id: str
) -> list[dict[str, Any]]:
    form = questionnaire(filled.questionnaire)
    response_id = _id(data.person, "questionnaire-response", filled.id)
    response = {
        "resourceType": "QuestionnaireResponse",
        "id": response_id,
        "questionnaire": QUESTIONNAIRE_BASE + form.id,
        "status": "completed",
        "subject": _ref(patient_id),
        "authored": filled.date.isoformat(),
        "item": [
            {
                "linkId": item.id,
                "text": item.text.en,
                "answer": [_answer(form.id, item.id, filled.answers[item.id])],
            }
            for item in form.items
            if filled.answers.get(item.id) is not None
        ],
    }
    scores = score_answers(form.id, filled.answers)
    observations: list[dict[str, Any]] = []
    for scale in form.scales:
        value = scores.get(scale.key)
        if value is None:
            continue  # the guide's missing-answer rule: no score
        coding = (
            {"system": LOINC, "code": scale.loinc, "display": scale.name.en}
            if scale.loinc and form.id == "koos"
            else {
                "system": SCORE_SYSTEM,
                "code": f"{form.id}.{scale.key}",
                "display": scale.name.en,
            }
        )
        observations.append(
            {
                "resourceType": "Observation",
                "id": _id(data.person, "score", filled.id, scale.key),
                "status": "final",
                "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey"}]}],
                "code": {"coding": [coding], "text": scale.name.en},
                "subject": _ref(patient_id),
                "effectiveDateTime": filled.date.isoformat(),
                "valueQuantity": {
                    "value": value,
                    "unit": "{score}",
                    "system": UCUM,
                    "code": "{score}",
                },
                "derivedFrom": [_ref(response_id)],
            }
        )
    resources: list[dict[str, Any]] = [response, *observations]
    if form.id == "koos" and observations:
        resources.append(
            {
                "resourceType": "Observation",
                "id": _id(data.person, "koos-panel", filled.id),
                "status": "final",
                "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey"}]}],
                "code": {"coding": [KOOS_PANEL]},
                "subject": _ref(patient_id),
                "effectiveDateTime": filled.date.isoformat(),
                "hasMember": [_ref(o["id"]) for o in observations],
                "derivedFrom": [_ref(response_id)],
            }
        )
    return resources
