"""Filled-in questionnaires and each person's questionnaire schedule.

Scores are not stored: they are a pure function of the answers (``programme.questionnaires``),
computed when shown, so a corrected scoring rule never leaves stale numbers behind."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from kneecoach.exports.fhir import FilledQuestionnaire
from kneecoach.programme.questionnaires import DEFAULT_WEEKS, QUESTIONNAIRE_IDS
from kneecoach.web.coach.models import Profile


class QuestionnaireResponse(models.Model):
    """One questionnaire as filled in on ``answered_on``: item id -> coded answer (None if
    skipped)."""

    class Form(models.TextChoices):
        KOOS = "koos", "KOOS"
        KOOS12 = "koos12", "KOOS-12"
        NPRS = "nprs", "NPRS"
        PGIC = "pgic", "PGIC"

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="questionnaires")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    questionnaire = models.CharField(max_length=8, choices=Form.choices)
    answered_on = models.DateField()
    answers = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answered_on", "id"]
        indexes = [models.Index(fields=["profile", "answered_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(questionnaire__in=list(QUESTIONNAIRE_IDS)),
                name="questionnaireresponse_form_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} of {self.profile} on {self.answered_on}"


def filled_for_export(profile: Profile) -> tuple[FilledQuestionnaire, ...]:
    """Every filled questionnaire as the exports take them (the FHIR bundle, the coach's JSON).

    Here rather than in the use cases: the coach's JSON export reads it, and the outcomes' use
    cases read the profile through ``coach.services``; from the use cases it would close an
    import cycle between the two apps' ``services``. ``outcomes.services`` re-exports it."""
    return tuple(
        FilledQuestionnaire(str(row.uuid), row.questionnaire, row.answered_on, dict(row.answers))
        for row in QuestionnaireResponse.objects.filter(profile=profile).order_by(
            "answered_on", "id"
        )
    )


def default_weeks() -> list[int]:
    return list(DEFAULT_WEEKS)


class OutcomeSchedule(models.Model):
    """When a person is asked to fill in the questionnaires (weeks from the start date), and
    which knee form; absent = the default (baseline and every 4 weeks to week 12, KOOS-12).
    A clinician changes it through ``services.set_schedule``."""

    profile = models.OneToOneField(
        Profile, on_delete=models.CASCADE, related_name="outcome_schedule"
    )
    weeks = models.JSONField(default=default_weeks)
    knee_form = models.CharField(max_length=8, default="koos12")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"outcome schedule of {self.profile}"
