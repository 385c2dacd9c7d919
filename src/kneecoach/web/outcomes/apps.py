"""The outcomes app's configuration."""

from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """Outcome questionnaires: when they are due, the filled-in answers, the scores over time."""

    name = "kneecoach.web.outcomes"
    label = "outcomes"
    verbose_name = "Outcome measures"

    def ready(self) -> None:
        # Django's documented place: the check module imports the models, ready once apps are
        from kneecoach.web.outcomes import checks  # noqa: F401 - registers the wording check
