from django.apps import AppConfig


class PatientConfig(AppConfig):
    """The patient's own pages: the onboarding wizard, Today (logging) and Settings."""

    name = "kneecoach.web.patient"
    label = "patient"
    verbose_name = "Patient pages"
