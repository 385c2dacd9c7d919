"""A person's data as JSON: profile, diary (sessions, sets, check-ins, overrides, screenings)
and the engine's decisions with their reasons. A pure mapping from domain values to bytes.

The shape (``"format": "kneecoach-export", "version": 1``) is documented in docs/cli.md; the
diary part uses the same field names as the ``advise`` command's input, so an export can be fed
back to ``kneecoach advise``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from kneecoach.exports.fhir import FilledQuestionnaire
from kneecoach.programme.diary_json import EXPORT_FORMAT
from kneecoach.programme.questionnaires import score_answers
from kneecoach.programme.values import Decision, Diary, Dose, Profile

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""As the ``advise`` input names them (programme/diary_json.py)."""
VERSION = 1


@dataclass(frozen=True, slots=True)
class ExportBundle:
    username: str
    profile_uuid: str
    profile: Profile
    language: str
    diary: Diary
    decisions: tuple[Decision, ...]
    exported_on: date
    questionnaires: tuple[FilledQuestionnaire, ...] = ()


def _dose(dose: Dose | None) -> dict[str, Any] | None:
    if dose is None:
        return None
    return dose.as_dict()


def profile_to_dict(profile: Profile) -> dict[str, Any]:
    return {
        "trained": profile.trained,
        "start_date": profile.start_date.isoformat(),
        "equipment": sorted(profile.equipment),
        "painful_side": profile.painful_side,
        "weekdays": [WEEKDAY_NAMES[day] for day in sorted(profile.weekdays)],
        "baseline_pain": profile.baseline_pain,
    }


def diary_to_dict(diary: Diary) -> dict[str, Any]:
    return {
        "sessions": [
            {
                "date": s.date.isoformat(),
                "pain_before": s.pain_before,
                "pain_after": s.pain_after,
                "stop_events": sorted(s.stop_events),
                "sets": [
                    {
                        "exercise": x.exercise,
                        "set": x.set_number,
                        "side": x.side,
                        "reps": x.reps,
                        "seconds": x.seconds,
                        "load": x.load,
                        "pain": x.pain,
                        "effort": x.effort,
                        "technique_flag": x.technique_flag,
                    }
                    for x in s.sets
                ],
            }
            for s in sorted(diary.sessions, key=lambda s: s.date)
        ],
        "checkins": [
            {
                "date": c.date.isoformat(),
                "pain": c.pain,
                "swelling": c.swelling,
                "stiffness": c.stiffness,
                "cannot_bear_weight": c.cannot_bear_weight,
            }
            for c in sorted(diary.checkins, key=lambda c: c.date)
        ],
        "overrides": [
            {
                "date": o.date.isoformat(),
                "exercise": o.exercise,
                "dose": _dose(o.dose),
                "note": o.note,
                "clinician": o.clinician,
                # a swap, an addition, a pause or a resume says so; a dose change stays as it was
                **({} if o.kind == "dose" else {"kind": o.kind, "replacement": o.replacement}),
            }
            for o in diary.overrides
        ],
        "screenings": [
            {"date": r.date.isoformat(), "answers": dict(r.answers)} for r in diary.screenings
        ],
    }


def decision_to_dict(decision: Decision) -> dict[str, Any]:
    return {
        "date": decision.date.isoformat(),
        "exercise": decision.exercise,
        "kind": decision.kind,
        "reasons": list(decision.reason_texts()),
        "before": _dose(decision.before),
        "after": _dose(decision.after),
    }


def questionnaire_to_dict(filled: FilledQuestionnaire) -> dict[str, Any]:
    """One filled questionnaire with its scores (each by its guide; null where the guide's
    missing-answer rule leaves a scale unscored)."""
    return {
        "id": filled.id,
        "questionnaire": filled.questionnaire,
        "date": filled.date.isoformat(),
        "answers": dict(filled.answers),
        "scores": score_answers(filled.questionnaire, filled.answers),
    }


def export_to_json(bundle: ExportBundle) -> bytes:
    document = {
        "format": EXPORT_FORMAT,
        "version": VERSION,
        "exported_on": bundle.exported_on.isoformat(),
        "user": bundle.username,
        "profile_uuid": bundle.profile_uuid,
        "language": bundle.language,
        "profile": profile_to_dict(bundle.profile),
        "diary": diary_to_dict(bundle.diary),
        "decisions": [decision_to_dict(d) for d in bundle.decisions],
        "questionnaires": [questionnaire_to_dict(q) for q in bundle.questionnaires],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
