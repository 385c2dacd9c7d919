"""The camera coach in the web app: attach a video to a logged set, the background job, the
count confirmed into the set, faults shown, videos deleted unless kept, bad input, access."""

from __future__ import annotations

import datetime as dt
import io
import os
import time
import uuid
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import translation
from django.utils.formats import date_format
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from kneecoach.motion.messages import Message, say
from kneecoach.web.camera import services as camera
from kneecoach.web.camera import usecases
from kneecoach.web.camera.models import Status, VideoCheck
from kneecoach.web.camera.storage import video_storage
from kneecoach.web.coach import models as coach_models
from kneecoach.web.coach import services as coach
from tests.motion.conftest import needs_camera
from tests.web.access import (
    assert_json_twin,
    check_access,
    logged_in_client,
    streamed,
    token_client,
)
from tests.web.patient.conftest import onboarded, today_for

if TYPE_CHECKING:
    from tests.web.access import TestResponse

pytestmark = pytest.mark.django_db

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


@pytest.fixture(scope="module")
def squat_clip(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """Three wall squats, the second one too deep: rendered once for the module."""
    pytest.importorskip("mediapipe", reason="the camera extra is not installed")
    from tests.support.synthetic import make_clip, write_video

    path = tmp_path_factory.mktemp("web-clips") / "squat.mp4"
    write_video(path, make_clip("wall-squat", reps=3, faulty={2: "too-deep"}), noise=3.0)
    return path.read_bytes()


@pytest.fixture(autouse=True)
def video_dir(settings: Settings, tmp_path: Path) -> Path:
    """Each test's uploads in a folder of its own (files outlive a rolled-back test)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "videos": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "videos"},
        },
    }
    return tmp_path / "videos"


def _camera_extra(monkeypatch: pytest.MonkeyPatch, installed: bool) -> None:
    """Whether the camera extra is installed, as the camera pages and use cases (``usecases``)
    and the other apps (``services``, its re-export) see it."""
    for module in (camera, usecases):
        monkeypatch.setattr(module, "camera_available", lambda: installed)


@pytest.fixture(autouse=True)
def camera_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Upload checks run whether or not the extra is here; the analysis tests need it."""
    _camera_extra(monkeypatch, installed=True)


def _person_with_a_set(name: str, reps: int = 5) -> tuple[User, dt.date]:
    user = onboarded(name)
    day = today_for(user)
    coach.log_set(user, day, coach.SetInput("wall-squat", 1, pain=2, reps=reps), today_=day)
    return user, day


def _attach_url(
    day: dt.date, exercise: str = "wall-squat", number: int = 1, side: str = "both"
) -> str:
    return f"/today/{day.isoformat()}/sets/{exercise}/{number}/{side}/video/"


def _file(data: bytes, name: str = "set.mp4") -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def _api_attach(
    user: User, day: dt.date, data: bytes = MP4_HEAD, name: str = "set.mp4", **fields: object
) -> TestResponse:
    """``POST /api/video-checks`` with a bearer token: set 1 of wall squats on ``day``."""
    body = {
        "video": _file(data, name),
        "day": day.isoformat(),
        "exercise": "wall-squat",
        "set_number": 1,
        **fields,
    }
    return token_client(user).post("/api/video-checks", body)


def _run_worker() -> None:
    """The real worker command, in batch mode. It closes a connection that is inside a
    transaction, so the tests that call it commit for real (``transaction=True``)."""
    call_command(
        "db_worker", queue_name="*", batch=True, reload=False, startup_delay=False, verbosity=0
    )


def _stored() -> list[str]:
    storage = video_storage()
    return storage.listdir("")[1] if storage.exists("") else []


def _rows() -> list[object]:
    return [
        list(VideoCheck.objects.order_by("id").values()),
        list(coach_models.LoggedSet.objects.order_by("id").values()),
        _stored(),
    ]


# --- the whole path ---------------------------------------------------------------------------


@needs_camera
@pytest.mark.django_db(transaction=True)  # the worker commits, as in production
def test_upload_queues_a_job_that_counts_the_reps_and_the_count_is_confirmed_into_the_set(
    squat_clip: bytes,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    capfd: pytest.CaptureFixture[str],
) -> None:
    user, day = _person_with_a_set("carla", reps=5)
    client = logged_in_client(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_attach_url(day), {"video": _file(squat_clip)})
    assert response.status_code == 302
    check = VideoCheck.objects.get()
    # The request only saved the file and queued the job: nothing was analysed in it.
    assert check.status == Status.QUEUED and check.counted is None
    assert video_storage().exists(check.video)
    page = client.get(response["Location"])
    assert b'http-equiv="refresh"' in page.content

    capfd.readouterr()
    with (
        django_capture_on_commit_callbacks(execute=True),
        warnings.catch_warnings(record=True) as said,
    ):
        warnings.simplefilter("always")
        _run_worker()
    check.refresh_from_db()
    assert check.status == Status.DONE, (check.error_code, check.error_message)
    assert check.counted == 3
    # MediaPipe's own chatter stays out of the worker's log: its C++ lines on stderr and the
    # protobuf deprecation warning about its code.
    assert "W0000" not in capfd.readouterr().err
    assert not [w for w in said if "GetPrototype" in str(w.message)]
    assert check.video == "" and _stored() == []  # deleted: the person did not ask to keep it

    view = camera.check_view(user, check.uuid)
    assert [f.id for f in view.faults] == ["too-deep"] and view.faults[0].rep == 2
    assert view.faults[0].title.startswith("Sliding deeper")  # the catalogue's words
    assert view.faults[0].detail.startswith("knees bent to ")
    in_norwegian = camera.check_view(user, check.uuid, "nb")
    assert in_norwegian.faults[0].detail.startswith("knærne bøyd til ")  # the coach's words too
    assert in_norwegian.notes[0].startswith("filmet fra siden")
    assert in_norwegian.measure == "kneets bøyning"
    page = client.get(f"/video-checks/{check.uuid}/")
    assert page.status_code == 200 and b"http-equiv" not in page.content
    assert b'name="value"' in page.content and b'value="3"' in page.content
    api = token_client(user).get(f"/api/video-checks/{check.uuid}")
    assert_json_twin(view, api)  # the page's value is the API's body

    confirmed = client.post(f"/video-checks/{check.uuid}/confirm/", {"value": "3"})
    assert confirmed.status_code == 302
    assert coach_models.LoggedSet.objects.get().reps == 3
    assert camera.check_view(user, check.uuid).confirmed
    today = client.get("/today/")
    assert b"counted 3" in today.content


@needs_camera
@pytest.mark.django_db(transaction=True)  # the worker commits, as in production
def test_a_kept_video_stays_is_served_to_its_owner_and_can_be_deleted(
    squat_clip: bytes, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    user, day = _person_with_a_set("kari")
    client = logged_in_client(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_attach_url(day), {"video": _file(squat_clip), "keep": "on"})
        _run_worker()
    check = VideoCheck.objects.get()
    assert check.status == Status.DONE and video_storage().exists(check.video)
    served = client.get(f"/video-checks/{check.uuid}/video")
    assert served.status_code == 200
    assert served["Content-Type"] == "video/mp4"
    assert served["Content-Security-Policy"].startswith("sandbox")
    assert streamed(served) == squat_clip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/video-checks/{check.uuid}/delete-video/")
    assert response.status_code == 302
    assert _stored() == []
    assert client.get(f"/video-checks/{check.uuid}/video").status_code == 404
    assert camera.check_view(user, check.uuid).counted == 3  # the analysis stays


@needs_camera
@pytest.mark.django_db(transaction=True)  # the worker commits, as in production
def test_a_corrupt_video_fails_in_the_job_with_a_message_and_changes_nothing_else(
    squat_clip: bytes, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    user, day = _person_with_a_set("cora", reps=5)
    client = logged_in_client(user)
    cut = squat_clip[: len(squat_clip) // 3]  # starts like an MP4, its index is missing
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_attach_url(day), {"video": _file(cut)}).status_code == 302
        _run_worker()
    check = VideoCheck.objects.get()
    assert check.status == Status.FAILED and check.error_code == "video_invalid"
    assert "video" in check.error_message
    assert coach_models.LoggedSet.objects.get().reps == 5
    assert _stored() == []
    page = client.get(f"/video-checks/{check.uuid}/")
    assert check.error_message.encode() in page.content
    norwegian = logged_in_client(user)
    norwegian.cookies["django_language"] = "nb"
    text = norwegian.get(f"/video-checks/{check.uuid}/").content.decode()
    assert "Videoen kunne ikke analyseres" in text
    assert Message.model_validate(check.error_detail).worded("nb") in text
    assert client.post(f"/video-checks/{check.uuid}/confirm/", {"value": "3"}).status_code == 409


def test_the_upload_page_writes_the_day_as_the_today_page_does() -> None:
    user, day = _person_with_a_set("dina")
    client = logged_in_client(user)
    page = client.get(_attach_url(day)).content.decode()
    assert f"on {day:%A} {day.day} {day:%B %Y}" in page  # "Tuesday 1 December 2026"
    client.post("/i18n/setlang/", {"language": "nb"})
    norsk = client.get(_attach_url(day)).content.decode()
    with translation.override("nb"):
        assert date_format(day, "l j F Y") in norsk  # "tirsdag 1 desember 2026"


# --- bad input, refused before anything is saved ---------------------------------------------


def test_a_file_that_is_not_a_video_is_refused_on_the_form_and_nothing_is_saved() -> None:
    user, day = _person_with_a_set("nora")
    before = _rows()
    response = logged_in_client(user).post(
        _attach_url(day), {"video": _file(b"name,reps\nnora,5\n" * 50, "sets.csv")}
    )
    assert response.status_code == 422
    assert b"This file is not a video" in response.content
    assert _rows() == before


def test_an_empty_or_too_large_video_is_refused(settings: Settings) -> None:
    user, day = _person_with_a_set("tove")
    client = logged_in_client(user)
    before = _rows()
    response = client.post(_attach_url(day), {"video": _file(b"")})
    assert response.status_code == 422 and b"empty" in response.content
    settings.KNEECOACH_VIDEO_MAX_BYTES = 1_000_000
    big = MP4_HEAD + b"\0" * 1_100_000
    response = client.post(_attach_url(day), {"video": _file(big)})
    assert response.status_code == 413 and b"larger than 1 MB" in response.content
    api = _api_attach(user, day, big)
    assert api.status_code == 413 and api.json()["field"] == "video"
    assert api.json()["error"] == "video_too_large"
    assert _rows() == before


def test_a_set_that_was_not_logged_cannot_take_a_video() -> None:
    user, day = _person_with_a_set("ola")
    client = logged_in_client(user)
    assert client.get(_attach_url(day, number=2)).status_code == 404
    api = _api_attach(user, day, set_number=2)
    assert api.status_code == 404 and api.json()["field"] == "set_number"
    assert not VideoCheck.objects.exists()


def test_without_the_camera_extra_the_page_says_so_and_the_api_answers_503(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _camera_extra(monkeypatch, installed=False)
    user, day = _person_with_a_set("ivar")
    page = logged_in_client(user).get(_attach_url(day))
    assert b"not installed on this server" in page.content
    api = _api_attach(user, day)
    assert api.status_code == 503 and api.json()["error"] == "camera_unavailable"
    assert not VideoCheck.objects.exists()


def test_a_second_video_while_the_first_is_analysed_is_a_conflict(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    user, day = _person_with_a_set("siri")
    first = _api_attach(user, day)
    assert first.status_code == 202 and first.json()["status"] == "queued"
    second = _api_attach(user, day)
    assert second.status_code == 409 and second.json()["field"] == "video"
    assert VideoCheck.objects.count() == 1 and len(_stored()) == 1


def test_a_job_whose_worker_died_shows_as_stopped_and_its_video_is_reaped(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    user, day = _person_with_a_set("per")
    client = token_client(user)
    first = _api_attach(user, day).json()
    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    VideoCheck.objects.update(status=Status.RUNNING, started_at=long_ago)
    shown = client.get(f"/api/video-checks/{first['id']}").json()
    assert shown["status"] == "failed" and shown["error_code"] == "stopped"
    today = logged_in_client(user).get("/today/")
    assert b"not analysed" in today.content  # not "analysing..." forever
    norwegian = logged_in_client(user)
    norwegian.cookies["django_language"] = "nb"
    page = norwegian.get(f"/video-checks/{first['id']}/").content.decode()
    assert "Analysen stoppet før den var ferdig" in page
    again = _api_attach(user, day)
    assert again.status_code == 202
    assert len(_stored()) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert camera.reap_stale_checks() == 1  # what the next job (or a starting worker) does
    assert len(_stored()) == 1  # the dead job's video, not the new one
    assert VideoCheck.objects.get(uuid=first["id"]).status == Status.FAILED


def test_the_coachs_findings_are_shown_in_the_readers_language_and_old_english_text_stays(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    user, day = _person_with_a_set("ola")
    with django_capture_on_commit_callbacks(execute=True):
        created = _api_attach(user, day).json()
    fault = {"id": "too-deep", "rep": 1, "start_s": 1.0, "end_s": 2.0, "value": 104.0}
    rep = {
        "number": 1,
        "start_s": 0.5,
        "peak_s": 1.5,
        "end_s": 2.5,
        "peak": 104.0,
        "range": 100.0,
        "up_s": 1.0,
        "hold_s": 0.0,
        "down_s": 1.0,
    }
    result = {
        "measure": "knee flexion",
        "unit": "deg",
        "view": "side",
        "reps": [rep],
        "faults": [
            {**fault, "message": say("too-deep", angle=104).model_dump()},
            {**fault, "message": "knees bent to 104 deg (stored by 0.1)"},
        ],
        "notes": [
            say("side-mismatch", given="left", found="right").model_dump(),
            "an English note stored before notes had keys",
        ],
    }
    VideoCheck.objects.update(status=Status.DONE, result=result, counted=1)
    english = logged_in_client(user).get(f"/video-checks/{created['id']}/").content.decode()
    assert "knees bent to 104°; stop at about 90° or less" in english
    norwegian = logged_in_client(user)
    norwegian.cookies["django_language"] = "nb"
    page = norwegian.get(f"/video-checks/{created['id']}/").content.decode()
    assert "knærne bøyd til 104°; stopp ved omtrent 90° eller mindre" in page
    assert "du oppga venstre bein, men det var høyre bein som jobbet" in page
    assert "kneets bøyning" in page
    assert "knees bent to 104 deg (stored by 0.1)" in page  # older results show as stored
    assert "an English note stored before notes had keys" in page


def test_a_step_is_shown_with_a_decimal_and_no_hold_and_an_angle_to_the_degree(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    user, day = _person_with_a_set("per")
    with django_capture_on_commit_callbacks(execute=True):
        created = _api_attach(user, day).json()
    step = {
        "number": 1,
        "start_s": 0.5,
        "peak_s": 1.0,
        "end_s": 1.6,
        "peak": 0.912,
        "range": 0.613,
        "up_s": 1.1,
        "hold_s": 0.0,
        "down_s": 0.0,
    }
    walk = {
        "measure": "swinging foot's top speed",
        "unit": "leg lengths/s",
        "view": "front",
        "reps": [step],
        "faults": [],
        "notes": [],
    }
    VideoCheck.objects.update(status=Status.DONE, result=walk, counted=1)
    client = logged_in_client(user)
    page = client.get(f"/video-checks/{created['id']}/").content.decode()
    assert "<td>1</td><td>0.9</td><td>0.6</td><td>1.1</td></tr>" in page
    assert "Hold s" not in page  # a step has no hold and no way back
    squat = {
        **walk,
        "measure": "knee flexion",
        "unit": "deg",
        "reps": [{**step, "peak": 92.4, "range": 87.6, "hold_s": 2.0, "down_s": 1.2}],
    }
    VideoCheck.objects.update(result=squat)
    page = client.get(f"/video-checks/{created['id']}/").content.decode()
    assert "<td>1</td><td>92</td><td>88</td><td>1.1</td><td>2.0</td><td>1.2</td>" in page
    twin = token_client(user).get(f"/api/video-checks/{created['id']}").json()
    assert (twin["measure_digits"], twin["rep_phases"]) == (0, True)


def test_a_kept_file_is_served_as_the_container_found_not_as_its_name_says(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    user, day = _person_with_a_set("hanne")
    page_like = MP4_HEAD + b"<script>alert(1)</script>"
    with django_capture_on_commit_callbacks(execute=True):
        created = _api_attach(user, day, page_like, name="clip.html", keep_video="true").json()
    VideoCheck.objects.update(status=Status.DONE)
    served = logged_in_client(user).get(f"/video-checks/{created['id']}/video")
    assert served["Content-Type"] == "video/mp4"
    assert "sandbox" in served["Content-Security-Policy"]


def test_a_kept_video_is_served_in_the_byte_ranges_a_player_asks_for(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    user, day = _person_with_a_set("siri")
    body = MP4_HEAD + bytes(range(256)) * 40
    with django_capture_on_commit_callbacks(execute=True):
        created = _api_attach(user, day, body, keep_video="true").json()
    VideoCheck.objects.update(status=Status.DONE)
    client = logged_in_client(user)
    url = f"/video-checks/{created['id']}/video"
    whole = client.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert streamed(whole) == body
    probe = client.get(url, headers={"Range": "bytes=0-1"})  # what Safari asks first
    assert probe.status_code == 206
    assert probe["Content-Range"] == f"bytes 0-1/{len(body)}" and probe["Content-Length"] == "2"
    assert streamed(probe) == body[:2]
    seek = client.get(url, headers={"Range": "bytes=5000-"})
    assert streamed(seek) == body[5000:]
    assert "sandbox" in seek["Content-Security-Policy"] and seek["Content-Type"] == "video/mp4"
    past = client.get(url, headers={"Range": f"bytes={len(body)}-"})
    assert past.status_code == 416 and past["Content-Range"] == f"bytes */{len(body)}"
    absurd = client.get(url, headers={"Range": f"bytes={'9' * 5000}-"})  # was a 500
    assert absurd.status_code == 416 and absurd["Content-Range"] == f"bytes */{len(body)}"
    stranger = logged_in_client(onboarded("sten"))
    assert stranger.get(url, headers={"Range": "bytes=0-1"}).status_code == 404


def test_deleting_the_account_deletes_its_videos(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    user, day = _person_with_a_set("dina")
    with django_capture_on_commit_callbacks(execute=True):
        _api_attach(user, day, keep_video="true")
    assert len(_stored()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        user.delete()
    assert _stored() == [] and not VideoCheck.objects.exists()


# --- access: owner / other user / anonymous ----------------------------------------------------


def test_access_to_every_video_check_page_and_endpoint(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    owner, day = _person_with_a_set("owen")
    other, _ = _person_with_a_set("olga")
    with django_capture_on_commit_callbacks(execute=True):
        created = _api_attach(owner, day, keep_video="true")
    check_id = created.json()["id"]
    VideoCheck.objects.update(status=Status.DONE, counted=4)  # as if the job had run

    check_access(f"/video-checks/{check_id}/", owner=owner, other=other)
    check_access(f"/video-checks/{check_id}/video", owner=owner, other=other)
    check_access(f"/api/video-checks/{check_id}", owner=owner, other=other, api=True)
    stranger = onboarded("sten")  # has no set 1 that day: the same URL is a 404 for them
    check_access(_attach_url(day), owner=owner, other=stranger)
    check_access(
        f"/video-checks/{check_id}/confirm/",
        method="post",
        data={"value": 4},
        owner=owner,
        other=other,
        owner_status=302,
        snapshot=_rows,
    )
    check_access(
        f"/api/video-checks/{check_id}/confirm",
        method="post",
        json={"value": 4},
        owner=owner,
        other=other,
        api=True,
        snapshot=_rows,
        session_api=True,
    )
    check_access(
        f"/api/video-checks/{check_id}/video",
        method="delete",
        owner=owner,
        other=other,
        api=True,
        snapshot=_rows,
    )
    check_access(
        f"/video-checks/{check_id}/delete-video/",
        method="post",
        owner=owner,
        other=other,
        owner_status=302,
        snapshot=_rows,
    )
    assert coach_models.LoggedSet.objects.get(session__profile__user=owner).reps == 4


def test_an_unknown_check_is_the_same_404_as_someone_elses() -> None:
    user, _ = _person_with_a_set("una")
    assert logged_in_client(user).get(f"/video-checks/{uuid.uuid4()}/").status_code == 404
    response = token_client(user).get(f"/api/video-checks/{uuid.uuid4()}")
    assert response.status_code == 404 and response.json()["error"] == "not_found"


def test_old_files_that_no_check_names_are_swept_and_young_ones_kept(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    user, day = _person_with_a_set("greta")
    with django_capture_on_commit_callbacks(execute=True):
        _api_attach(user, day, keep_video="true")
    storage = video_storage()
    named = _stored()[0]
    for orphan in ("old-orphan.mp4", "young-orphan.mp4"):
        storage.save(orphan, io.BytesIO(MP4_HEAD))
    two_hours_ago = time.time() - 7200
    for name in (named, "old-orphan.mp4"):
        os.utime(storage.path(name), (two_hours_ago, two_hours_ago))
    assert camera.sweep_orphan_videos() == 1
    assert sorted(_stored()) == sorted([named, "young-orphan.mp4"])


def test_a_timed_set_shows_the_active_time_and_how_many_steps_made_it(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    """Monster walks are logged in seconds; the camera counts steps and times them, and the
    page says how many steps the time was measured over (in English and Bokmål)."""
    user = onboarded("tor")
    day = today_for(user)
    coach.log_set(user, day, coach.SetInput("monster-walks", 1, pain=1, seconds=40), today_=day)
    with django_capture_on_commit_callbacks(execute=True):
        created = _api_attach(user, day, exercise="monster-walks").json()
    step = {
        "number": 1,
        "start_s": 0.5,
        "peak_s": 1.0,
        "end_s": 1.6,
        "peak": 0.912,
        "range": 0.613,
        "up_s": 1.1,
        "hold_s": 0.0,
        "down_s": 0.0,
    }
    steps = [{**step, "number": n, "start_s": 1.5 * n} for n in range(1, 7)]
    walk = {
        "measure": "swinging foot's top speed",
        "unit": "leg lengths/s",
        "view": "front",
        "reps": steps,
        "faults": [],
        "notes": [],
    }
    VideoCheck.objects.update(status=Status.DONE, result=walk, counted=9)
    client = logged_in_client(user)
    page = client.get(f"/video-checks/{created['id']}/").content.decode()
    assert "Active time" in page and ">9 s</p>" in page
    assert "6 steps seen; the time runs from the first step's start to the last step's end." in page
    client.post("/i18n/setlang/", {"language": "nb", "next": "/"})
    page = client.get(f"/video-checks/{created['id']}/").content.decode()
    assert "Kameraet så 6 skritt; tiden går fra starten av det første skrittet" in page
