"""Start-up check of a clinic's questionnaire wording files (Django's system checks).

A typo in ``$KNEECOACH_DATA_DIR/questionnaires/<form>.<language>.toml`` is reported when the
server starts and by ``manage.py check``, for the operator, not on a patient's form.
"""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core import checks

from kneecoach.web.outcomes.usecases.wording import wording_problems


@checks.register()
def check_clinic_wording(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[Any]:
    return [checks.Error(problem, id="outcomes.E001") for problem in wording_problems()]
