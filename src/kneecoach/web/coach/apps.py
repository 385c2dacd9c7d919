from django.apps import AppConfig


class CoachConfig(AppConfig):
    """Patients' profiles, programmes, sessions, logged sets, check-ins and decisions."""

    name = "kneecoach.web.coach"
    label = "coach"
    verbose_name = "Knee coach"
