"""Reading a questionnaire's answers from a posted form: every item is optional (the scoring
guides say what a skipped item does); the values are checked by the domain."""

from __future__ import annotations

from django.http import QueryDict

from kneecoach.web.outcomes.schemas import FormView


def answers_from_post(form: FormView, data: QueryDict) -> dict[str, int | str | None]:
    answers: dict[str, int | str | None] = {}
    for item in form.items:
        raw = (data.get(item.id) or "").strip()
        if not raw:
            answers[item.id] = None
        elif raw.lstrip("-").isdigit():
            answers[item.id] = int(raw)
        else:
            answers[item.id] = raw
    return answers
