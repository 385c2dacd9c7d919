from django.apps import AppConfig


class ClinicConfig(AppConfig):
    """Clinics and their clinicians, patients' consent, flags, notes and the audit log."""

    name = "kneecoach.web.clinic"
    label = "clinic"
    verbose_name = "Clinics"

    def ready(self) -> None:
        # Imported here, as Django asks: flagging imports the models, which need the app
        # registry this method runs after.
        from kneecoach.web.clinic import flagging
        from kneecoach.web.coach import services
        from kneecoach.web.outcomes import services as outcomes

        if flagging.diary_changed not in services.DIARY_OBSERVERS:
            services.DIARY_OBSERVERS.append(flagging.diary_changed)
        if flagging.questionnaire_changed not in outcomes.OUTCOME_OBSERVERS:
            outcomes.OUTCOME_OBSERVERS.append(flagging.questionnaire_changed)
