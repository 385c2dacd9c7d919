"""Use cases of the camera coach in the web app: attach a video to a logged set, see what the
coach counted, copy the count into the set, delete the video. The pages (``views``) and the
JSON twins (``api``, through ``services``) call them.

The analysis itself never runs in a request: ``attach_video`` saves the file and enqueues the
job (``tasks.analyse_set_video``). The job's transactions close in ``tasks.py``, the requests'
at the request edge, as everywhere else.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kneecoach.catalog.loader import default_catalog
from kneecoach.catalog.schema import Exercise
from kneecoach.errors import Conflict, InvalidInput, KneecoachError, NotFound
from kneecoach.motion.messages import digits_for, shows_phases, word, worded_or_stored
from kneecoach.web.camera.models import Status, VideoCheck, unit_for
from kneecoach.web.camera.schemas import (
    RepOut,
    SetKey,
    SetKeyTuple,
    Upload,
    VideoCheckView,
    VideoFaultOut,
)
from kneecoach.web.camera.storage import delete_video as delete_stored_video
from kneecoach.web.camera.storage import save_video
from kneecoach.web.camera.tasks import analyse_set_video
from kneecoach.web.coach import models as coach_models
from kneecoach.web.coach import services as coach
from kneecoach.web.compiled import CompiledRead, joined_columns, joined_instance


class VideoTooLarge(InvalidInput):
    """The upload is over the server's size limit."""

    code = "video_too_large"
    status = 413


class CameraUnavailable(KneecoachError):
    """This server has no camera coach (the ``camera`` extra is not installed)."""

    code = "camera_unavailable"
    status = 503


# --- availability and limits ------------------------------------------------------------------


@functools.cache
def camera_available() -> bool:
    """Whether the camera extra (OpenCV and MediaPipe) is installed on this server."""
    return all(importlib.util.find_spec(name) for name in ("cv2", "mediapipe", "scipy"))


def max_upload_bytes() -> int:
    return int(settings.KNEECOACH_VIDEO_MAX_BYTES)


def require_camera() -> None:
    if not camera_available():
        raise CameraUnavailable(
            _("The camera coach is not installed on this server; log the set by hand."),
            field="video",
        )


def check_upload_size(size: int) -> None:
    """Refuse an empty or too large upload before anything is saved."""
    if size <= 0:
        raise InvalidInput(_("The file is empty."), field="video")
    limit = max_upload_bytes()
    if size > limit:
        raise VideoTooLarge(
            _("The video is %(size).1f MB; the limit is %(limit)d MB. Film one set only.")
            % {"size": size / 1e6, "limit": limit // 1_000_000},
            field="video",
        )


def video_suffix(name: str, head: bytes) -> str:
    """The file's container from its first bytes (never from its name alone): MP4/MOV family,
    Matroska/WebM or AVI. Anything else is refused as not a video."""
    suffix = Path(name).suffix.lower()
    if head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip"):
        return suffix if suffix in (".mp4", ".mov", ".m4v", ".3gp") else ".mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return suffix if suffix in (".webm", ".mkv") else ".mkv"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return ".avi"
    raise InvalidInput(
        _("This file is not a video. Upload an MP4, MOV, WebM, MKV or AVI video."),
        field="video",
    )


# --- reading ----------------------------------------------------------------------------------


def _profile(user: User) -> coach_models.Profile:
    profile = coach_models.Profile.objects.filter(user=user).first()
    if profile is None:
        raise NotFound("no programme yet: finish the onboarding first", field="profile")
    return profile


def _logged_set(
    profile: coach_models.Profile, key: SetKey, *, lock: bool = False
) -> coach_models.LoggedSet:
    rows = coach_models.LoggedSet.objects.all()
    if lock:
        rows = rows.select_for_update(of=("self",))
    row = rows.filter(
        session__profile=profile,
        session__day=key.day,
        exercise=key.exercise,
        set_number=key.set_number,
        side=key.side or coach_models.Side.BOTH,
    ).first()
    if row is None:
        raise NotFound(
            _(
                "Log the set first, then attach its video (no set %(number)d of %(exercise)s "
                "on %(day)s)."
            )
            % {"number": key.set_number, "exercise": key.exercise, "day": key.day},
            field="set_number",
        )
    return row


def _check(user: User, check_id: uuid.UUID | str, *, lock: bool = False) -> VideoCheck:
    """The user's own check; another person's, or none, is the same 404. ``lock``: a change
    follows, so the row is locked against the job saving its outcome at the same moment."""
    try:
        wanted = uuid.UUID(str(check_id))
    except ValueError:
        raise NotFound("no such video check", field="id") from None
    rows = VideoCheck.objects.select_related("logged_set__session", "profile")
    if lock:
        rows = rows.select_for_update(of=("self",))
    check = rows.filter(uuid=wanted, profile__user=user).first()
    if check is None:
        raise NotFound("no such video check", field="id")
    return check


def _fault_out(exercise: Exercise | None, event: dict[str, Any], language: str) -> VideoFaultOut:
    fault = next((f for f in exercise.faults if f.id == event["id"]), None) if exercise else None
    return VideoFaultOut(
        id=event["id"],
        rep=event.get("rep"),
        start_s=event["start_s"],
        end_s=event["end_s"],
        title=fault.text.get(language) if fault else event["id"],
        fix=fault.fix.get(language) if fault else "",
        detail=worded_or_stored(event.get("message", ""), language),
    )


def _word(text: str | None, language: str) -> str | None:
    return None if text is None else word(text, language)


def _error_text(code: str, detail: str) -> str:
    """Why a check failed, in the page's language; the camera coach's own finding (already in
    that language) follows where it adds something."""
    if code == "stopped":
        return _("The analysis stopped before it finished. Upload the video again.")
    if code == "internal":
        return _("The analysis failed unexpectedly. Log the set by hand, or try another recording.")
    headline = {
        "video_invalid": _("The video could not be analysed."),
        "wrong_exercise": _("The video does not look like this exercise."),
    }.get(code, _("The video could not be analysed."))
    return f"{headline} ({detail})" if detail else headline


def _view(check: VideoCheck, language: str) -> VideoCheckView:
    row = check.logged_set
    exercise = default_catalog().get(row.exercise)
    result = check.result or {}
    status, error_code = check.status, check.error_code or None
    if check.is_stale(timezone.now()):
        status, error_code = Status.FAILED, "stopped"
    detail = worded_or_stored(check.error_detail or check.error_message, language)
    error = _error_text(error_code, detail) if error_code else None
    logged = row.seconds if check.unit == "seconds" else row.reps
    reps = [RepOut.model_validate(r) for r in result.get("reps", [])]
    return VideoCheckView(
        id=check.uuid,
        day=row.session.day,
        exercise=row.exercise,
        exercise_name=coach.exercise_name(default_catalog(), row.exercise, language),
        set_number=row.set_number,
        side=None if row.side == coach_models.Side.BOTH else row.side,
        status=status,
        status_label=str(Status(status).label),
        unit=check.unit,
        logged=logged,
        counted=check.counted,
        confirmed=check.confirmed_at is not None,
        error_code=error_code,
        error=error,
        measure=_word(result.get("measure"), language),
        measure_unit=_word(result.get("unit"), language),
        measure_digits=digits_for(result.get("unit")),
        reps=reps,
        rep_phases=shows_phases(reps),
        faults=[_fault_out(exercise, f, language) for f in result.get("faults", [])],
        notes=[worded_or_stored(note, language) for note in result.get("notes", [])],
        view=result.get("view"),
        video_kept=bool(check.video) and check.keep_video,
        created_at=check.created_at,
        finished_at=check.finished_at,
    )


def shown_status(check: VideoCheck) -> str:
    """The status as the person should see it: a check whose worker died is failed."""
    return str(Status.FAILED) if check.is_stale(timezone.now()) else str(check.status)


def check_view(user: User, check_id: uuid.UUID | str, language: str = "en") -> VideoCheckView:
    return _view(_check(user, check_id), language)


# The Today page's read (every view of a day with sets logged), compiled once per process.
_LATEST_CHECKS = CompiledRead(
    lambda user_id, day: (
        VideoCheck.objects.filter(profile__user_id=user_id, logged_set__session__day=day)
        .order_by("-created_at", "-id")
        .values_list(*joined_columns(VideoCheck, "logged_set"))
    ),
    int,
    dt.date,
)


def latest_checks(user: AbstractBaseUser, day: dt.date) -> dict[SetKeyTuple, VideoCheck]:
    """The newest check of each of ``day``'s sets, keyed like the Today page's sets (each with
    its logged set joined, as ``select_related("logged_set")`` gives it)."""
    latest: dict[SetKeyTuple, VideoCheck] = {}
    alias = _LATEST_CHECKS.database()
    for fields in _LATEST_CHECKS.rows(user.pk, day):
        check = joined_instance(VideoCheck, "logged_set", alias, fields)
        row = check.logged_set
        key = (row.exercise, row.set_number, None if row.side == "both" else row.side)
        latest.setdefault(key, check)
    return latest


def set_key(user: User, key: SetKey) -> SetKey:
    """``key`` checked against the diary: the set must have been logged (404 otherwise)."""
    _logged_set(_profile(user), key)
    return key


CONTENT_TYPES = {
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".mov": "video/quicktime",
    ".3gp": "video/3gpp",
    ".webm": "video/webm",
    ".mkv": "video/x-matroska",
    ".avi": "video/x-msvideo",
}


def kept_video(user: User, check_id: uuid.UUID | str) -> tuple[str, str]:
    """A kept video's storage name and its content type, decided by the container found when it
    was uploaded, never by the name the uploader gave it (404 when there is none)."""
    check = _check(user, check_id)
    if not check.video:
        raise NotFound(_("The video has been deleted."), field="video")
    return check.video, CONTENT_TYPES.get(Path(check.video).suffix, "application/octet-stream")


# --- writing ----------------------------------------------------------------------------------


def attach_video(
    user: User, key: SetKey, upload: Upload, *, keep_video: bool = False
) -> VideoCheckView:
    """Save the video of a logged set and queue its analysis; returns the queued check.

    Checked before anything is written: the camera extra is installed, the set was logged, the
    file is a video container of an allowed size, no other video of this set is being analysed.
    The file is written last, so a refusal leaves nothing behind.
    """
    require_camera()
    profile = _profile(user)
    row = _logged_set(profile, key, lock=True)
    check_upload_size(upload.size)
    suffix = video_suffix(upload.name, upload.head)
    pending = VideoCheck.objects.filter(logged_set=row, status__in=(Status.QUEUED, Status.RUNNING))
    if any(not c.is_stale(timezone.now()) for c in pending):
        raise Conflict(
            _("A video of this set is still being analysed; wait for it to finish."),
            field="video",
        )
    check = VideoCheck.objects.create(
        profile=profile,
        logged_set=row,
        original_name=Path(upload.name).name[:200],
        size_bytes=upload.size,
        keep_video=keep_video,
        unit=unit_for(row.exercise),
    )
    analyse_set_video.enqueue(str(check.uuid))
    check.video = save_video(f"{check.uuid}{suffix}", upload.file or upload.chunks())
    check.save(update_fields=["video"])
    return _view(check, profile.language)


def confirm_count(
    user: User, check_id: uuid.UUID | str, value: int, *, today_: dt.date
) -> coach.SetView:
    """Put ``value`` (the counted reps or seconds, perhaps corrected) into the set, as a
    correction of the logged set: the programme's advice is worked out again."""
    check = _check(user, check_id, lock=True)
    if check.status != Status.DONE:
        raise Conflict(_("The video has not been analysed yet."), field="id")
    highest = 3600 if check.unit == "seconds" else 500
    if not 0 <= value <= highest:
        raise InvalidInput(
            _("Give a number from 0 to %(highest)d.") % {"highest": highest}, field="value"
        )
    row = check.logged_set
    data = coach.SetInput(
        exercise=row.exercise,
        set_number=row.set_number,
        pain=row.pain,
        side=None if row.side == coach_models.Side.BOTH else row.side,
        reps=value if check.unit == "reps" else None,
        seconds=value if check.unit == "seconds" else None,
        load=row.load or None,
        effort=row.effort,
        technique_flag=row.technique_flag or bool((check.result or {}).get("faults")),
        note=row.note,
    )
    saved = coach.log_set(user, row.session.day, data, today_=today_, replace=True)
    check.confirmed_at = timezone.now()
    check.save(update_fields=["confirmed_at"])
    return saved


def delete_kept_video(user: User, check_id: uuid.UUID | str) -> VideoCheckView:
    """Delete the video now (the analysis stays). A video still waiting for the job is left
    alone: the job deletes it when it is done, because keep is switched off here."""
    check = _check(user, check_id, lock=True)
    check.keep_video = False
    fields = ["keep_video"]
    if check.video and check.status in (Status.DONE, Status.FAILED):
        name, check.video = check.video, ""
        fields.append("video")
        transaction.on_commit(lambda: delete_stored_video(name))
    check.save(update_fields=fields)
    return _view(check, check.profile.language)
