"""The camera coach's pages: attach a video to a logged set, the check's result (refreshing
while the job runs), confirm the count, delete a kept video, watch a kept video.

JSON twins: ``camera.api`` (``/api/video-checks``). Thin views: a form, one use case, a page or
a redirect; a refused form is shown again with the message and the request rolled back.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kneecoach.errors import KneecoachError
from kneecoach.web.camera import pages, schemas, usecases
from kneecoach.web.camera.forms import ConfirmForm, VideoForm
from kneecoach.web.camera.models import Status
from kneecoach.web.camera.storage import video_storage
from kneecoach.web.form_errors import show_error
from kneecoach.web.navigation import day_url
from kneecoach.web.patient.services import local_today
from kneecoach.web.ranges import ranged_file_response
from kneecoach.web.requests import active_language as _language
from kneecoach.web.requests import request_user as _user
from kneecoach.web.rollback import roll_back_request

BOTH = "both"


def upload_from(file: UploadedFile) -> schemas.Upload:  # type: ignore[type-arg]
    """The use case's view of a Django upload (the page and the API share it)."""
    head = file.read(16)
    file.seek(0)
    return schemas.Upload(
        name=file.name or "video", size=file.size or 0, head=head, chunks=file.chunks, file=file
    )


def _too_large(request: HttpRequest) -> bool:
    """Refuse an oversized body from its declared length, before Django reads it to disk."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return declared > usecases.max_upload_bytes() + 64 * 1024


@require_http_methods(["GET", "POST"])
@login_required
def attach(
    request: HttpRequest, day: dt.date, exercise: str, set_number: int, side: str
) -> HttpResponse:
    """Upload the video of a logged set; the analysis is queued, the check page follows it."""
    user = _user(request)
    key = usecases.set_key(
        user, schemas.SetKey(day, exercise, set_number, None if side == BOTH else side)
    )
    context = {
        "key": key,
        "available": usecases.camera_available(),
        "filming": pages.filming_advice(exercise, _language()),
        "exercise_name": pages.exercise_name(exercise, _language()),
        "limit_mb": usecases.max_upload_bytes() // 1_000_000,
    }
    if request.method == "GET":
        return render(request, "camera/attach.html", {**context, "form": VideoForm()})
    if _too_large(request):
        form = VideoForm(data={}, files=MultiValueDict())
        form.is_valid()  # binds the form; its only error is then replaced by the real one
        form.errors["video"] = form.error_class(
            [
                _("The video is larger than %(limit)d MB. Film one set only.")
                % {"limit": context["limit_mb"]}
            ]
        )
        return render(request, "camera/attach.html", {**context, "form": form}, status=413)
    form = VideoForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "camera/attach.html", {**context, "form": form}, status=422)
    try:
        check = usecases.attach_video(
            user,
            key,
            upload_from(form.cleaned_data["video"]),
            keep_video=form.cleaned_data["keep"],
        )
    except KneecoachError as error:
        show_error(form, error)
        response = render(
            request, "camera/attach.html", {**context, "form": form}, status=error.status
        )
        roll_back_request()  # after rendering: a transaction marked for rollback takes no query
        return response
    return redirect("video_check", check_id=check.id)


def _render_check(
    request: HttpRequest, check_id: uuid.UUID, form: ConfirmForm | None = None, status: int = 200
) -> HttpResponse:
    check = usecases.check_view(_user(request), check_id, _language())
    pending = check.status in (Status.QUEUED, Status.RUNNING)
    if form is None and check.status == Status.DONE:
        form = ConfirmForm(initial={"value": check.counted}, unit=check.unit)
    context = {
        "check": check,
        "form": form,
        "pending": pending,
        "today_url": _day_url(request, check.day) + f"#ex-{check.exercise}",
    }
    return render(request, "camera/check.html", context, status=status)


def _day_url(request: HttpRequest, day: dt.date) -> str:
    return day_url(day, day == local_today(_user(request)))


@require_GET
@login_required
def check(request: HttpRequest, check_id: uuid.UUID) -> HttpResponse:
    """What the camera coach saw; JSON twin ``GET /api/video-checks/{id}``."""
    return _render_check(request, check_id)


@require_POST
@login_required
def confirm(request: HttpRequest, check_id: uuid.UUID) -> HttpResponse:
    """Save the counted (or corrected) reps or seconds into the set."""
    user = _user(request)
    view = usecases.check_view(user, check_id, _language())
    form = ConfirmForm(request.POST, unit=view.unit)
    if not form.is_valid():
        return _render_check(request, check_id, form, status=422)
    try:
        saved = usecases.confirm_count(
            user, check_id, form.cleaned_data["value"], today_=local_today(user)
        )
    except KneecoachError as error:
        show_error(form, error)
        response = _render_check(request, check_id, form, status=error.status)
        roll_back_request()
        return response
    value = saved.seconds if view.unit == "seconds" else saved.reps
    messages.success(
        request,
        _("Set %(number)s saved with %(value)s %(unit)s.")
        % {
            "number": saved.set_number,
            "value": value,
            "unit": _("seconds") if view.unit == "seconds" else _("reps"),
        },
    )
    return redirect(_day_url(request, view.day) + f"#ex-{view.exercise}")


@require_POST
@login_required
def delete_video(request: HttpRequest, check_id: uuid.UUID) -> HttpResponse:
    usecases.delete_kept_video(_user(request), check_id)
    messages.success(request, _("The video is deleted. The analysis stays."))
    return redirect("video_check", check_id=check_id)


@require_GET
@login_required
def video(request: HttpRequest, check_id: uuid.UUID) -> HttpResponseBase:
    """A kept video, to its owner only (no public URL exists for uploaded videos), whole or the
    byte range the player asks for (Safari plays only from a server that answers ranges). Its
    type comes from the container found at upload, and the sandbox keeps a file that only
    looked like a video from running anything."""
    name, content_type = usecases.kept_video(_user(request), check_id)
    response = ranged_file_response(request, video_storage().open(name, "rb"), content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; media-src 'self'"
    return response
