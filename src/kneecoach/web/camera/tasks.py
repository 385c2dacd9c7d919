"""The camera coach's background jobs: analysing a set's video (``analyse_set_video``, which
``kneecoach worker`` runs through django-tasks-db's worker) and the clean-ups a worker does when
it starts (``reap_stale_checks``, ``sweep_orphan_videos``).

``analyse_set_video`` is the job's edge, so its transactions close there: a short one to claim
the check, none during the analysis (seconds to minutes of CPU, no database work), a short one
to save. The steps below it (``claim_check``, ``analyse_claimed``, ``save_outcome``) open none.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from kneecoach.catalog.loader import default_catalog
from kneecoach.errors import KneecoachError
from kneecoach.motion.models import AnalysisSettings, CameraRefusal
from kneecoach.motion.quiet import native_logs_held
from kneecoach.web.camera.models import STALE_AFTER, Status, VideoCheck, unit_for
from kneecoach.web.camera.storage import delete_video as delete_stored_video
from kneecoach.web.camera.storage import local_copy, video_storage

log = logging.getLogger(__name__)

ORPHAN_AFTER = dt.timedelta(hours=1)


@task(queue_name="video")
def analyse_set_video(check_id: str) -> str:
    """Analyse the video of check ``check_id``; returns the check's final status."""
    with transaction.atomic():
        reap_stale_checks()
        claimed = claim_check(check_id)
    if claimed is None:
        return "skipped"
    outcome = analyse_claimed(claimed)
    with transaction.atomic():
        return save_outcome(claimed, outcome)


@dataclass(frozen=True, slots=True)
class ClaimedCheck:
    """What the job needs to analyse a video, read before the analysis starts."""

    check_id: uuid.UUID
    video: str
    exercise: str
    side: str | None
    keep_video: bool


@dataclass(frozen=True, slots=True)
class Outcome:
    result: dict[str, Any] | None
    counted: int | None
    error_code: str = ""
    error_message: str = ""
    error_detail: dict[str, Any] | None = None


def sweep_orphan_videos() -> int:
    """Delete stored videos that no check names and that are over an hour old: what a request
    that failed after writing its file, or a crash between two steps, left behind. (A file
    younger than that may belong to an upload whose transaction has not committed yet.)"""
    storage = video_storage()
    if not storage.exists(""):
        return 0
    named = set(VideoCheck.objects.exclude(video="").values_list("video", flat=True))
    cutoff = timezone.now() - ORPHAN_AFTER
    swept = 0
    for name in storage.listdir("")[1]:
        if name not in named and storage.get_modified_time(name) < cutoff:
            storage.delete(name)
            swept += 1
    return swept


def reap_stale_checks() -> int:
    """Checks whose worker died mid-analysis (killed, machine restarted): failed, and their
    videos deleted unless kept. Runs before each job and when a worker starts."""
    cutoff = timezone.now() - STALE_AFTER
    stale = VideoCheck.objects.select_for_update().filter(
        status=Status.RUNNING, started_at__lt=cutoff
    )
    count = 0
    for check in stale:
        check.status, check.error_code = Status.FAILED, "stopped"
        check.error_message, check.error_detail = "", None
        check.finished_at = timezone.now()
        if check.video and not check.keep_video:
            name, check.video = check.video, ""
            transaction.on_commit(lambda name=name: delete_stored_video(name))  # type: ignore[misc]
        check.save()
        count += 1
    return count


def claim_check(check_id: str) -> ClaimedCheck | None:
    """Mark a queued check as running; None when it is gone or was already taken."""
    check = (
        VideoCheck.objects.select_for_update()
        .select_related("logged_set")
        .filter(uuid=check_id)
        .first()
    )
    if check is None or check.status != Status.QUEUED or not check.video:
        return None
    check.status, check.started_at = Status.RUNNING, timezone.now()
    check.save(update_fields=["status", "started_at"])
    exercise = default_catalog().get(check.logged_set.exercise)
    side = check.logged_set.side
    return ClaimedCheck(
        check_id=check.uuid,
        video=check.video,
        exercise=check.logged_set.exercise,
        # Only a one-leg exercise is filmed with one working leg; "each side" of a side step is
        # a direction, which the coach finds by itself.
        side=side if exercise is not None and exercise.unilateral and side != "both" else None,
        keep_video=check.keep_video,
    )


def analyse_claimed(claimed: ClaimedCheck) -> Outcome:
    """Run the camera coach on the video (no database work here: it takes seconds to minutes)."""
    # The camera extra's lazy import (see kneecoach.motion): analysis needs numpy at load.
    from kneecoach.motion.analysis import analyse_video

    limits = AnalysisSettings(
        max_bytes=settings.KNEECOACH_VIDEO_MAX_BYTES,
        max_seconds=settings.KNEECOACH_VIDEO_MAX_SECONDS,
    )
    try:
        with local_copy(claimed.video) as path, native_logs_held():
            analysis = analyse_video(path, claimed.exercise, claimed.side, limits)  # type: ignore[arg-type]
    except CameraRefusal as refused:
        return Outcome(
            None, None, refused.code, refused.message, refused.detail.model_dump(mode="json")
        )
    except KneecoachError as refused:
        return Outcome(None, None, refused.code, refused.message)
    except Exception:
        log.exception("video check %s failed", claimed.check_id)
        return Outcome(None, None, "internal", "")
    result = analysis.model_dump(mode="json")
    timed = unit_for(claimed.exercise) == "seconds"
    counted = round(analysis.active_s) if timed else analysis.rep_count
    return Outcome(result, counted)


def save_outcome(claimed: ClaimedCheck, outcome: Outcome) -> str:
    """Store the job's outcome; the video goes unless the person asked to keep it (read again
    here: they may have changed their mind while the job ran)."""
    check = VideoCheck.objects.select_for_update().filter(uuid=claimed.check_id).first()
    if check is None:  # the set (or the account) was deleted meanwhile
        transaction.on_commit(lambda: delete_stored_video(claimed.video))
        return "gone"
    check.status = Status.FAILED if outcome.error_code else Status.DONE
    check.result, check.counted = outcome.result, outcome.counted
    check.error_code, check.error_message = outcome.error_code, outcome.error_message
    check.error_detail = outcome.error_detail
    check.finished_at = timezone.now()
    if not check.keep_video and check.video:
        name, check.video = check.video, ""
        transaction.on_commit(lambda: delete_stored_video(name))
    check.save()
    return str(check.status)
