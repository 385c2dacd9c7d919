from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """Outcome questionnaires: when they are due, the filled-in answers, the scores over time."""

    name = "kneecoach.web.outcomes"
    label = "outcomes"
    verbose_name = "Outcome measures"
