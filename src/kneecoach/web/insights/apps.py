from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """Plan (the calendar), Progress (charts and the engine's decisions), the exercise library."""

    name = "kneecoach.web.insights"
    label = "insights"
    verbose_name = "Plan, progress and exercise library"
