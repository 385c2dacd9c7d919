"""The camera coach in a real browser on a phone: attach a rendered video to a logged set, the
job run by the server's worker (as ``make run`` starts it), the result, the count confirmed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.test_insights_pages import _log_in
from tests.motion.conftest import needs_camera

Look = Callable[[Any, str], Path]


@pytest.fixture(scope="module")
def squat_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.support.synthetic import make_clip, write_video

    path = tmp_path_factory.mktemp("e2e-clips") / "squat.mp4"
    return write_video(path, make_clip("wall-squat", reps=3), noise=3.0)


def _open_a_wall_squat_set_to_check(page: Any) -> None:
    """Follow "Check with video" on a wall squat set of the demo diary's most recent day that
    has one not checked yet (a checked set links to its result instead)."""
    today = dt.date.today()
    for back in range(14):
        page.goto(f"/today/{(today - dt.timedelta(days=back)).isoformat()}/")
        # a finished exercise's card is folded (issue 14): open it as a person would
        summary = page.locator("#ex-wall-squat details.card-body:not([open]) > summary")
        if summary.count():
            summary.click()
        links = page.locator("#ex-wall-squat table.logged").get_by_role(
            "link", name="Check with video"
        )
        if links.count():
            links.first.click()
            return
    raise AssertionError("the demo diary has no unchecked wall squat set")


@needs_camera
def test_a_video_of_a_set_is_analysed_in_the_background_and_its_count_confirmed(
    phone: Any, look: Look, squat_video: Path
) -> None:
    _log_in(phone)
    _open_a_wall_squat_set_to_check(phone)
    expect(phone.get_by_role("heading", name="Check a set with the camera")).to_be_visible()
    look(phone, "phone-camera-attach")

    phone.get_by_role("button", name="Upload and analyse").click()  # no file chosen
    expect(phone.locator(".field-errors")).to_contain_text("Choose the video file.")

    phone.get_by_label("Video of the set").set_input_files(str(squat_video))
    phone.get_by_role("button", name="Upload and analyse").click()
    expect(
        phone.get_by_role("heading", name="Camera check: Wall half-squat with a ball")
    ).to_be_visible()
    # The page refreshes itself until the worker has finished (a few seconds of CPU).
    expect(phone.locator(".status-done")).to_be_visible(timeout=90_000)
    expect(phone.get_by_label("Reps")).to_have_value("3")
    look(phone, "phone-camera-result")

    phone.get_by_role("button", name="Save this count into the set").click()
    expect(phone.locator(".messages")).to_contain_text("saved with 3 reps")
    expect(phone.locator("#ex-wall-squat table.logged")).to_contain_text("counted 3")


@needs_camera
def test_a_kept_video_plays_and_seeks_in_the_browser_through_byte_ranges(
    phone: Any, look: Look, tmp_path: Path
) -> None:
    from tests.support.synthetic import make_clip, write_video

    video = write_video(tmp_path / "squat.webm", make_clip("wall-squat", reps=2), noise=3.0)
    _log_in(phone)
    _open_a_wall_squat_set_to_check(phone)
    phone.get_by_label("Video of the set").set_input_files(str(video))
    phone.get_by_label("Keep the video after the analysis").check()
    phone.get_by_role("button", name="Upload and analyse").click()
    expect(phone.locator(".status-done")).to_be_visible(timeout=90_000)
    statuses: list[int] = []
    phone.on("response", lambda r: statuses.append(r.status) if r.url.endswith("/video") else None)
    phone.reload()
    player = phone.locator("video")
    expect(player).to_be_visible()
    # Seek near the end: the browser asks for the bytes it needs (206), not the whole file.
    seeked = player.evaluate("""v => new Promise((done, fail) => {
        v.addEventListener("error", () => fail(v.error && v.error.message));
        v.addEventListener("loadedmetadata", () => {
            v.addEventListener("seeked", () => done(v.currentTime), {once: true});
            v.currentTime = v.duration * 0.8;
        }, {once: true});
        v.load();
    })""")
    assert seeked > 0
    assert 206 in statuses, statuses
    look(phone, "phone-camera-kept-video")
