"""What the engine says for one day (``Advice``, ``Explanation``) and its JSON form.

The values the replay's answer is made of, with their JSON form (the ``advise`` output of
docs/programme.md: ``advice_to_json``, ``Advice.to_dict``). They sit below the engine, which
builds them, so ``to_dict`` needs no import of the engine (that was a cycle).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kneecoach.errors import NotFound
from kneecoach.programme.outcomes import Adherence
from kneecoach.programme.reasons import KIND_WORDS, Reason, Words, describe_dose, reason_texts
from kneecoach.programme.sides import SideReport
from kneecoach.programme.values import (
    Decision,
    Dose,
    PlannedSession,
    Prescription,
    ProgrammeState,
    ScreeningResult,
)


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why an exercise has today's dose: where it started, every decision since, and what it
    takes to move on. The CLI's ``explain`` prints ``lines()``."""

    exercise: str
    name: str
    prescription: Prescription
    start: Dose
    start_rule: Reason
    decisions: tuple[Decision, ...]
    streak: int
    next_step: Dose | None
    to_progress: tuple[Reason, ...]
    names: Words | None = None

    def lines(self, language: str = "en") -> tuple[str, ...]:
        """The story in ``language`` ("en" or "nb")."""
        name = self.names.get(language) if self.names is not None else self.name
        dose = describe_dose(self.prescription.dose, language)
        out = [
            Reason(
                "explain_dose",
                exercise=name,
                dose=dose,
                performed_as=self.prescription.performed_as,
            ).text(language),
            Reason(
                "explain_start", dose=describe_dose(self.start, language), rule=self.start_rule
            ).text(language),
        ]
        for decision in self.decisions:
            out.append(
                Reason(
                    "explain_decision",
                    date=decision.date,
                    kind=KIND_WORDS[decision.kind],
                    reasons="; ".join(decision.reason_texts(language)),
                ).text(language)
            )
        out.extend(reason_texts(self.to_progress, language))
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Advice:
    """Everything the engine says for one day."""

    today: date
    state: ProgrammeState
    screening: ScreeningResult | None
    screened_on: date | None
    prescriptions: tuple[Prescription, ...]
    decisions: tuple[Decision, ...]
    next_sessions: tuple[PlannedSession, ...]
    weaker_side: SideReport
    adherence: Adherence
    notes: tuple[Reason, ...]
    explanations: Mapping[str, Explanation] = field(hash=False)
    off_periods: tuple[tuple[date, date | None], ...] = ()
    """The relief and locked periods up to today (start, end or None while open): the days
    adherence leaves out (``outcomes.sessions_per_week_rule``)."""

    def explain(self, exercise: str) -> Explanation:
        """Why today's dose of ``exercise`` (a catalogue slug)."""
        try:
            return self.explanations[exercise]
        except KeyError:
            raise NotFound(f"no exercise {exercise!r} in the programme", field="exercise") from None

    def to_dict(self) -> dict[str, Any]:
        """The JSON-friendly form (``advice_to_json`` below documents the schema)."""
        return advice_to_json(self)


# --- the JSON form ------------------------------------------------------------------------------


def dose_to_json(dose: Dose | None) -> dict[str, Any] | None:
    if dose is None:
        return None
    return {**dose.as_dict(), "text": dose.describe()}


def prescription_to_json(prescription: Prescription) -> dict[str, Any]:
    return {
        "exercise": prescription.exercise,
        "performed_as": prescription.performed_as,
        "focus": prescription.focus,
        "dose": dose_to_json(prescription.dose),
        "rest_seconds": prescription.rest_seconds,
        "sides": list(prescription.sides),
        "substitute_for": prescription.substitute_for,
        "missing_equipment": list(prescription.missing_equipment),
    }


def decision_to_json(decision: Decision) -> dict[str, Any]:
    return {
        "date": decision.date.isoformat(),
        "exercise": decision.exercise,
        "kind": decision.kind,
        "reasons": list(decision.reason_texts()),
        "before": dose_to_json(decision.before),
        "after": dose_to_json(decision.after),
    }


def session_to_json(session: PlannedSession) -> dict[str, Any]:
    return {
        "date": session.date.isoformat(),
        "kind": session.kind,
        "focus": session.focus,
        "prescriptions": [prescription_to_json(p) for p in session.prescriptions],
    }


def screening_to_json(result: ScreeningResult | None, on: date | None) -> dict[str, Any] | None:
    if result is None:
        return None
    return {
        "level": result.level,
        "date": on.isoformat() if on else None,
        "positive": list(result.positive),
        "reasons": list(reason_texts(result.reasons)),
        "advice": result.advice,
        "advice_nb": result.advice_nb,
        "locked": result.locked,
        "progression_paused": result.progression_paused,
    }


def advice_to_json(advice: Advice) -> dict[str, Any]:
    """The ``advise`` output (schema in docs/programme.md)."""
    sides = advice.weaker_side
    return {
        "today": advice.today.isoformat(),
        "state": advice.state,
        "screening": screening_to_json(advice.screening, advice.screened_on),
        "prescriptions": [prescription_to_json(p) for p in advice.prescriptions],
        "decisions": [decision_to_json(d) for d in advice.decisions],
        "next_sessions": [session_to_json(s) for s in advice.next_sessions],
        "weaker_side": {
            "side": sides.weaker,
            "left_weaker_sessions": sides.left_weaker_sessions,
            "right_weaker_sessions": sides.right_weaker_sessions,
            "even_sessions": sides.even_sessions,
            "reasons": list(reason_texts(sides.reasons)),
        },
        "adherence": {
            "planned": advice.adherence.planned,
            "logged": advice.adherence.logged,
            "share": advice.adherence.share,
        },
        "notes": list(reason_texts(advice.notes)),
    }
