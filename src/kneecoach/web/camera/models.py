"""One analysis of one uploaded video of one logged set."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kneecoach.catalog.loader import default_catalog
from kneecoach.web.coach.models import LoggedSet, Profile

# How a job that was claimed but never finished (its worker was killed) is recognised.
STALE_AFTER = dt.timedelta(minutes=30)


class Status(models.TextChoices):
    QUEUED = "queued", _("Waiting to be analysed")
    RUNNING = "running", _("Being analysed")
    DONE = "done", _("Analysed")
    FAILED = "failed", _("Could not be analysed")


class VideoCheck(models.Model):
    """A video of one set and what the camera coach saw in it.

    ``video`` is the file's name in the "videos" storage, blank once the file is gone (deleted
    after the analysis unless ``keep_video``). ``counted`` is the reps counted, or the active
    seconds for a timed exercise (``unit``); ``confirmed_at`` is when the person copied a count
    into the set.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="video_checks")
    logged_set = models.ForeignKey(LoggedSet, on_delete=models.CASCADE, related_name="video_checks")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    video = models.CharField(max_length=200, blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    size_bytes = models.PositiveBigIntegerField()
    keep_video = models.BooleanField(default=False)
    unit = models.CharField(max_length=7, help_text="reps or seconds")
    counted = models.PositiveIntegerField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True, help_text="the camera coach's Analysis")
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.TextField(blank=True)
    error_detail = models.JSONField(
        null=True,
        blank=True,
        help_text="why it failed as the camera coach's message (key and numbers), worded in the "
        "reader's language; error_message is its English text",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="check_status"),
            models.CheckConstraint(condition=Q(unit__in=["reps", "seconds"]), name="check_unit"),
        ]

    def __str__(self) -> str:
        return f"video check {self.uuid} ({self.status})"

    def is_stale(self, now: dt.datetime) -> bool:
        """Whether the worker that claimed this check died: still running long after it
        started (the use cases show it as failed; the job reaps it)."""
        started = self.started_at or self.created_at
        return self.status == Status.RUNNING and now - started > STALE_AFTER


def unit_for(exercise: str) -> str:
    """What a check of ``exercise`` counts: the active seconds of a timed exercise, else reps."""
    return "seconds" if default_catalog().require(exercise).dose.timed else "reps"
