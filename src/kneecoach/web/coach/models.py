"""Storage of a person's programme: profile, screening, calendar, diary and the engine's decisions.

The diary (logged sessions and sets, pain after, morning check-ins) is the source of truth; the
programme engine (``kneecoach.programme``) replays it to compute doses. Scheduled sessions and
decisions are what the engine said, saved so that the calendar keeps stable event UIDs and so that
a clinician can see what the person was told and why.

Invariants live in the database as CHECK / UNIQUE constraints, not only in forms, so no caller
(CLI, page, API, admin) can store pain 11 or two check-ins for one morning.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import models
from django.db.models import Q

PAIN_MIN, PAIN_MAX = 0, 10
CALENDAR_NAMESPACE = UUID("6f3c1f4e-2b55-4c1b-9a55-6d2f6c0b7e11")


class Side(models.TextChoices):
    LEFT = "left", "left"
    RIGHT = "right", "right"
    BOTH = "both", "both"


class PainfulSide(models.TextChoices):
    LEFT = "left", "left"
    RIGHT = "right", "right"
    BOTH = "both", "both"


class ScreeningStatus(models.TextChoices):
    """``programme.values.ScreeningLevel`` plus "pending" (not screened yet).

    surgical, urgent and emergency block self-management; soon pauses progression.
    """

    PENDING = "pending", "not screened yet"
    CLEAR = "clear", "clear"
    SOON = "soon", "see a clinician soon"
    SURGICAL = "surgical", "wait for the surgical team's clearance"
    URGENT = "urgent", "see a clinician today"
    EMERGENCY = "emergency", "emergency"


class Language(models.TextChoices):
    EN = "en", "English"
    NB = "nb", "Norsk bokmål"


def _pain_check(field: str, *, nullable: bool = False) -> models.CheckConstraint:
    in_range = Q(**{f"{field}__gte": PAIN_MIN, f"{field}__lte": PAIN_MAX})
    condition = in_range | Q(**{f"{field}__isnull": True}) if nullable else in_range
    return models.CheckConstraint(condition=condition, name=f"%(class)s_{field}_0_to_10")


class Profile(models.Model):
    """One person's training profile; everything else hangs off it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kneecoach_profile"
    )
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    trained = models.BooleanField(help_text="Used to regular strength training")
    baseline_pain = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Usual knee pain 0-10 at onboarding"
    )
    equipment = models.JSONField(default=list, help_text="Equipment slugs at hand")
    painful_side = models.CharField(max_length=5, choices=PainfulSide.choices)
    start_date = models.DateField()
    weekdays = models.JSONField(
        default=list, help_text="Days available for training: 0 = Monday ... 6 = Sunday"
    )
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.EN)
    time_zone = models.CharField(max_length=64, default="Europe/Oslo")
    screening_status = models.CharField(
        max_length=9, choices=ScreeningStatus.choices, default=ScreeningStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    advice_digest = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="digest of the decisions and calendar last saved from a replay (skips rewrites)",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(painful_side__in=PainfulSide.values), name="profile_painful_side_valid"
            ),
            models.CheckConstraint(
                condition=Q(screening_status__in=ScreeningStatus.values),
                name="profile_screening_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="profile_language_valid"
            ),
            _pain_check("baseline_pain", nullable=True),
        ]

    def __str__(self) -> str:
        return f"profile of {self.user}"

    def event_uid(self, day: date) -> UUID:
        """The calendar UID of this person's event on ``day``: the same on every export."""
        return uuid.uuid5(CALENDAR_NAMESPACE, f"{self.uuid}/{day.isoformat()}")


class ScreeningRecord(models.Model):
    """One red-flag questionnaire as answered, and what it concluded."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="screenings")
    answered_on = models.DateField()
    answers = models.JSONField(help_text="question id -> yes / no / not_sure")
    result = models.CharField(max_length=9, choices=ScreeningStatus.choices)
    positive = models.JSONField(default=list, help_text="ids of the questions answered yes")
    reasons = models.JSONField(default=list)
    advice = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-answered_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result__in=["clear", "soon", "surgical", "urgent", "emergency"]),
                name="screening_result_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"screening {self.answered_on}: {self.result}"


class Programme(models.Model):
    """A programme period for a profile (a new one starts when the profile's plan is reset)."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="programmes")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    frequency = models.CharField(max_length=32, help_text="e.g. every-other-day, 3-on-1-off")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="programme_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["profile"],
                condition=Q(ended_on__isnull=True),
                name="programme_one_open_per_profile",
            ),
        ]

    def __str__(self) -> str:
        return f"programme from {self.started_on} ({self.frequency})"


class ClinicianOverride(models.Model):
    """A clinician's edit of the programme from ``starts_on`` on (``programme.values``): a
    dose for one exercise, a swap (``exercise`` out, ``replacement`` in; ``dose`` optional, the
    replacement's), an addition, a pause or a resume (no exercise, no dose).

    The engine's replay respects it; it also ends a relief period or a pause for review.
    """

    class Kind(models.TextChoices):
        DOSE = "dose", "dose"
        SWAP = "swap", "swap"
        ADD = "add", "add"
        PAUSE = "pause", "pause"
        RESUME = "resume", "resume"

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="overrides")
    starts_on = models.DateField()
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.DOSE)
    exercise = models.CharField(max_length=60, blank=True)
    replacement = models.CharField(max_length=60, blank=True, help_text="a swap's new exercise")
    dose = models.JSONField(
        null=True, blank=True, help_text="level, sets, reps or seconds, per_side, load"
    )
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return f"override {self.kind} {self.exercise} from {self.starts_on}".replace("  ", " ")


class ScheduledSession(models.Model):
    """One day of the planned calendar, as the engine last planned it.

    ``uid`` is ``Profile.event_uid(day)``: re-planning updates the row, never changes its UID, so a
    subscribed calendar does not get duplicates.
    """

    class Kind(models.TextChoices):
        TRAINING = "training", "training"
        REST = "rest", "rest"
        RELIEF = "relief", "relief"

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="scheduled")
    day = models.DateField()
    uid = models.UUIDField(unique=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    focus = models.CharField(max_length=16, blank=True)
    items = models.JSONField(default=list, help_text="planned exercises and doses")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "day"], name="scheduled_one_per_day"),
            models.CheckConstraint(
                condition=Q(kind__in=["training", "rest", "relief"]), name="scheduled_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind}"


class LoggedSession(models.Model):
    """A training session the person did (or started) on ``day``; pain after is added later."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="sessions")
    day = models.DateField()
    pain_before = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_after = models.PositiveSmallIntegerField(null=True, blank=True)
    stop_events = models.JSONField(default=list, help_text="sharp_pain, pop, ...")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "day"], name="session_one_per_day"),
            _pain_check("pain_after", nullable=True),
            _pain_check("pain_before", nullable=True),
        ]

    def __str__(self) -> str:
        return f"session {self.day}"


class LoggedSet(models.Model):
    """One set of one exercise on one side: reps or seconds, load or band, pain during."""

    session = models.ForeignKey(LoggedSession, on_delete=models.CASCADE, related_name="sets")
    exercise = models.CharField(max_length=60, help_text="catalogue slug")
    set_number = models.PositiveSmallIntegerField()
    side = models.CharField(
        max_length=5, choices=Side.choices, help_text="both: done with both legs together"
    )
    reps = models.IntegerField(null=True, blank=True)
    seconds = models.IntegerField(null=True, blank=True)
    load = models.CharField(max_length=40, blank=True, help_text="a band colour or a weight")
    pain = models.PositiveSmallIntegerField()
    effort = models.PositiveSmallIntegerField(null=True, blank=True)
    technique_flag = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session__day", "exercise", "set_number", "side"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "exercise", "set_number", "side"], name="set_unique_per_side"
            ),
            models.CheckConstraint(condition=Q(set_number__gte=1), name="set_number_positive"),
            models.CheckConstraint(condition=Q(side__in=Side.values), name="set_side_valid"),
            models.CheckConstraint(
                condition=(Q(reps__isnull=False) & Q(seconds__isnull=True))
                | (Q(reps__isnull=True) & Q(seconds__isnull=False)),
                name="set_reps_xor_seconds",
            ),
            models.CheckConstraint(
                condition=Q(reps__isnull=True) | Q(reps__gte=0, reps__lte=500),
                name="set_reps_0_to_500",
            ),
            models.CheckConstraint(
                condition=Q(seconds__isnull=True) | Q(seconds__gte=0, seconds__lte=3600),
                name="set_seconds_0_to_3600",
            ),
            models.CheckConstraint(
                condition=Q(effort__isnull=True) | Q(effort__gte=0, effort__lte=10),
                name="set_effort_0_to_10",
            ),
            _pain_check("pain"),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} set {self.set_number} {self.side}"


class MorningCheckin(models.Model):
    """The next-morning check: knee pain 0-10, swelling, stiffness. One per person per day."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="checkins")
    day = models.DateField()
    pain = models.PositiveSmallIntegerField()
    swelling = models.BooleanField(default=False)
    stiffness = models.BooleanField(default=False)
    cannot_bear_weight = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "day"], name="checkin_one_per_day"),
            _pain_check("pain"),
        ]

    def __str__(self) -> str:
        return f"check-in {self.day}: pain {self.pain}"


class Decision(models.Model):
    """What the engine decided for an exercise (or the whole programme) on ``day``, and why."""

    class Kind(models.TextChoices):
        """``programme.values.DecisionKind``."""

        PROGRESS = "progress", "progress"
        HOLD = "hold", "hold"
        REGRESS = "regress", "regress"
        RELIEF = "relief", "relief"
        RESUME = "resume", "resume"
        REFER = "refer", "see a clinician"
        OVERRIDE = "override", "set by a clinician"

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="decisions")
    day = models.DateField()
    exercise = models.CharField(max_length=60, blank=True, help_text="blank: the whole programme")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    reasons = models.JSONField(default=list, help_text="in English")
    reasons_nb = models.JSONField(
        default=list, blank=True, help_text="the same reasons in Norwegian Bokmål"
    )
    dose_before = models.JSONField(null=True, blank=True)
    dose_after = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "exercise"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "day", "exercise"], name="decision_one_per_exercise_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.exercise or 'programme'}: {self.kind}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "exercise": self.exercise,
            "kind": self.kind,
            "reasons": list(self.reasons),
            "reasons_nb": list(self.reasons_nb),
            "dose_before": self.dose_before,
            "dose_after": self.dose_after,
        }
