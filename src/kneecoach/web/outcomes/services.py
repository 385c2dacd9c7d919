"""The outcomes app's public interface: the use cases of the outcome questionnaires and the values
they return. Other apps, the CLI and the JSON API import this module (and ``models``), never the
modules behind it. Nothing is defined here; each name is re-exported from the module that owns it:

- ``usecases/``: ``wording`` (a form as the person reads it, the wording files' check),
  ``answers`` (filling one in, the responses, ``OUTCOME_OBSERVERS``), ``schedule`` (a
  clinician's schedule, what is due, the scores over time);
- ``models``: ``filled_for_export``, the exports' input (below the use cases: the coach's JSON
  export reads it, and the use cases read the profile through ``coach.services``);
- ``schemas``: the frozen dataclasses the use cases return.

The rules the use cases keep are in ``outcomes/usecases/__init__.py``.
"""

from __future__ import annotations

from kneecoach.web.outcomes.models import filled_for_export
from kneecoach.web.outcomes.schemas import (
    DueNotice,
    DueView,
    FormView,
    ItemView,
    OptionView,
    OutcomesView,
    ResponseView,
    ScalePoint,
    ScaleSeries,
    ScoreView,
)
from kneecoach.web.outcomes.usecases.answers import (
    OUTCOME_OBSERVERS,
    OutcomeObserver,
    User,
    fill,
    responses,
)
from kneecoach.web.outcomes.usecases.schedule import (
    due_for_profile,
    due_notice,
    outcomes,
    outcomes_for_profile,
    set_schedule,
)
from kneecoach.web.outcomes.usecases.wording import (
    WORDING_DIR,
    clinic_wording,
    list_questionnaires,
    questionnaire_form,
    wording_problems,
)

__all__ = [
    "OUTCOME_OBSERVERS",
    "WORDING_DIR",
    "DueNotice",
    "DueView",
    "FormView",
    "ItemView",
    "OptionView",
    "OutcomeObserver",
    "OutcomesView",
    "ResponseView",
    "ScalePoint",
    "ScaleSeries",
    "ScoreView",
    "User",
    "clinic_wording",
    "due_for_profile",
    "due_notice",
    "fill",
    "filled_for_export",
    "list_questionnaires",
    "outcomes",
    "outcomes_for_profile",
    "questionnaire_form",
    "responses",
    "set_schedule",
    "wording_problems",
]
