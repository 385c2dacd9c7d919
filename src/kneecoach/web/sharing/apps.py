from django.apps import AppConfig


class SharingConfig(AppConfig):
    """The calendar feed, the PDF handouts, the downloads (ics, pdf, fhir, csv, json), FHIR API."""

    name = "kneecoach.web.sharing"
    label = "sharing"
    verbose_name = "Calendar feed, handouts and exports"
