"""Storage of the clinic side.

- ``Clinic`` and ``Clinician`` (a user's role in one clinic: clinician or admin).
- ``Invitation``: a link token and a short code a clinician hands a person.
- ``Enrolment``: a person's consent to one clinic (active, or ended by the person or the clinic),
  with the overview's columns kept on it (last session, latest pain, the days the time-bound
  flags count from, the number of unseen flags), so the overview is one indexed query over one
  table, sorted and paginated in SQL.
- ``Flag``: the flags of a person, computed when the diary changes (``flagging.py``).
- ``Note``: a clinician's private note about a patient; ``Message``: a word to the patient.
- ``AuditEvent``: who viewed or changed which patient's data, and when.

Everything about a person hangs off their user with ON DELETE CASCADE: deleting the account
deletes the notes, messages, flags, enrolments and audit entries about them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

USER = settings.AUTH_USER_MODEL


class Clinic(models.Model):
    name = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CLINICIAN = "clinician", "clinician"
    ADMIN = "admin", "clinic admin"


class Clinician(models.Model):
    """A user who works for a clinic. One clinic per clinician."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="clinicians")
    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="clinician")
    role = models.CharField(max_length=9, choices=Role.choices, default=Role.CLINICIAN)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="clinician_role_valid")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}, {self.clinic})"


class Invitation(models.Model):
    """An invitation to share one's data with a clinic: a link (``token``) or a short code."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=43, unique=True)
    code = models.CharField(max_length=8, unique=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"invitation {self.code} to {self.clinic}"


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", "active"
    REVOKED = "revoked", "revoked by the person"
    ENDED = "ended", "ended by the clinic"


class Enrolment(models.Model):
    """A person's consent to one clinic, and the overview's columns for that person."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="enrolments")
    patient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="enrolments")
    display_name = models.CharField(max_length=150)
    status = models.CharField(
        max_length=7, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE
    )
    invited_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    # the overview's columns, written by flagging.py when the diary changes
    last_session = models.DateField(null=True, blank=True)
    latest_pain = models.PositiveSmallIntegerField(null=True, blank=True)
    programme_state = models.CharField(max_length=17, blank=True)
    due_since = models.DateField(null=True, blank=True, help_text="first training day now due")
    relief_since = models.DateField(null=True, blank=True)
    # The two flags read against today have no Flag row: a clinician's "seen" is kept here as
    # the day of the evidence seen (the due day, the relief's first day); new evidence unsees it.
    inactive_seen_for = models.DateField(null=True, blank=True)
    relief_long_seen_for = models.DateField(null=True, blank=True)
    unseen_flags = models.PositiveSmallIntegerField(default=0)
    # the unseen stored flags that are red (programme.flags.RED_KINDS): "needs attention" sorts
    # red before amber, then by the unseen count
    unseen_red = models.PositiveSmallIntegerField(default=0)
    flags_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["patient"],
                condition=Q(status="active"),
                name="enrolment_one_active_clinic",
            ),
            models.CheckConstraint(
                condition=Q(status__in=EnrolmentStatus.values), name="enrolment_status_valid"
            ),
        ]
        indexes = [
            models.Index(
                fields=[
                    "clinic",
                    "-unseen_red",
                    "-unseen_flags",
                    "due_since",
                    "display_name",
                    "id",
                ],
                condition=Q(status="active"),
                name="enrolment_attention",
            ),
            models.Index(
                fields=["clinic", "display_name", "id"],
                condition=Q(status="active"),
                name="enrolment_name",
            ),
            models.Index(
                fields=["clinic", "last_session", "id"],
                condition=Q(status="active"),
                name="enrolment_last_session",
            ),
            models.Index(
                fields=["clinic", "due_since"],
                condition=Q(status="active"),
                name="enrolment_due_since",
            ),
            models.Index(
                fields=["clinic", "relief_since"],
                condition=Q(status="active"),
                name="enrolment_relief_since",
            ),
            models.Index(
                fields=["clinic", "-latest_pain", "id"],
                condition=Q(status="active"),
                name="enrolment_pain",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} at {self.clinic} ({self.status})"


class Flag(models.Model):
    """One flag of a person (``programme.flags``), as last computed from their diary."""

    patient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="clinic_flags")
    kind = models.CharField(max_length=20)
    since = models.DateField(help_text="the day of the evidence")
    detail = models.JSONField(default=dict)
    seen_at = models.DateTimeField(null=True, blank=True)
    seen_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "kind"], name="flag_one_per_kind"),
        ]
        # the overview's filter by kind reads the patients with that flag off this index
        indexes = [models.Index(fields=["kind", "patient"], name="flag_kind")]

    def __str__(self) -> str:
        return f"{self.kind} since {self.since}"


class Note(models.Model):
    """A clinician's private note about a patient: dated, authored, never shown to the patient
    in the app (it is in the patient's data export)."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="notes")
    patient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="clinic_notes")
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=150)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["patient", "-created_at"], name="note_patient")]

    def __str__(self) -> str:
        return f"note by {self.author_name} on {self.created_at:%Y-%m-%d}"


class Message(models.Model):
    """A clinician's message to the patient, shown on Today and in ``kneecoach today``."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="messages")
    patient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="clinic_messages")
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=150)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["patient", "-created_at"], name="message_patient")]

    def __str__(self) -> str:
        return f"message by {self.author_name} on {self.created_at:%Y-%m-%d}"


class AuditEvent(models.Model):
    """Who viewed or changed which patient's data, and when."""

    clinic = models.ForeignKey(
        Clinic, null=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    actor = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=150)
    patient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="audit_about")
    action = models.CharField(max_length=32)
    detail = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["patient", "-at"], name="audit_patient"),
            models.Index(fields=["clinic", "-at"], name="audit_clinic"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.action} at {self.at:%Y-%m-%d %H:%M}"
