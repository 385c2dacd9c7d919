"""The calendar feed's capability token and what each event was last served as."""

from __future__ import annotations

from django.db import models

from kneecoach.web.coach.models import Profile


class CalendarFeed(models.Model):
    """A subscribable calendar URL: ``/calendar/<token>.ics``. The token is the only credential
    (calendar apps cannot log in), 256 random bits, and revocable: a revoked feed answers 404.

    Stored as it is, not hashed (unlike API tokens): the Settings page shows the URL again so a
    person can copy it into a second calendar app. It grants reading the plan, nothing else."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["profile"],
                condition=models.Q(revoked_at__isnull=True),
                name="calendarfeed_one_live_per_profile",
            )
        ]

    def __str__(self) -> str:
        return f"calendar feed of {self.profile}"


class CalendarEventState(models.Model):
    """The digest and SEQUENCE an event was last served with (RFC 5545 3.8.7.4): a changed
    event is served with SEQUENCE + 1, an unchanged one with the same number."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="calendar_events")
    uid = models.CharField(max_length=100)
    digest = models.CharField(max_length=64)
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "uid"], name="calendarevent_uid_unique")
        ]

    def __str__(self) -> str:
        return f"{self.uid} #{self.sequence}"
