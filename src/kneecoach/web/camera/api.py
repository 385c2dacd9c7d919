"""The camera coach's JSON twins: attach a video to a logged set (multipart), follow the check,
confirm the count, delete a kept video. Same use cases, same values as the pages."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, UploadedFile
from ninja.responses import Status
from pydantic import StrictInt

from kneecoach.programme.limits import REPS_MAX, SECONDS_MAX
from kneecoach.web.api_shared import ErrorOut, Text, api_user
from kneecoach.web.camera import services
from kneecoach.web.camera.views import upload_from
from kneecoach.web.coach import services as coach
from kneecoach.web.patient.services import local_today
from kneecoach.web.requests import active_language as _language

router = Router(tags=["camera"])
ERRORS = {401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 413: ErrorOut, 422: ErrorOut, 503: ErrorOut}


class ConfirmIn(Schema):
    value: StrictInt = Field(
        ge=0,
        le=max(REPS_MAX, SECONDS_MAX),
        description=f"reps (0-{REPS_MAX}) or seconds (0-{SECONDS_MAX}) for the set",
    )


@router.post("/video-checks", response={202: services.VideoCheckView, **ERRORS})
def attach(
    request: HttpRequest,
    video: File[UploadedFile],
    day: Form[dt.date],
    exercise: Form[Text],
    set_number: Form[int],
    side: Form[Text | None] = None,
    keep_video: Form[bool] = False,
) -> Status[services.VideoCheckView]:
    """Attach the video of a logged set (multipart/form-data). The analysis runs in the
    background: poll ``GET /api/video-checks/{id}`` until ``status`` is done or failed."""
    user = api_user(request)
    key = services.SetKey(day, exercise, set_number, side if side != "both" else None)
    check = services.attach_video(user, key, upload_from(video), keep_video=keep_video)
    return Status(202, check)


@router.get("/video-checks/{check_id}", response={200: services.VideoCheckView, **ERRORS})
def check(request: HttpRequest, check_id: uuid.UUID) -> services.VideoCheckView:
    """A video check: its status, the count, each rep, the faults seen (the check page)."""
    return services.check_view(api_user(request), check_id, _language())


@router.post("/video-checks/{check_id}/confirm", response={200: coach.SetView, **ERRORS})
def confirm(request: HttpRequest, check_id: uuid.UUID, payload: ConfirmIn) -> coach.SetView:
    """Save the counted (or corrected) reps or seconds into the set."""
    user = api_user(request)
    return services.confirm_count(user, check_id, payload.value, today_=local_today(user))


@router.delete("/video-checks/{check_id}/video", response={200: services.VideoCheckView, **ERRORS})
def delete_video(request: HttpRequest, check_id: uuid.UUID) -> services.VideoCheckView:
    """Delete the kept video now; the analysis stays."""
    return services.delete_kept_video(api_user(request), check_id)
