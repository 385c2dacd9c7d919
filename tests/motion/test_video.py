"""End to end through the real pose model on rendered clips, bad input, and the CLI command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import typer
from tests.motion.conftest import needs_camera
from typer.testing import CliRunner

from kneecoach.motion.command import register
from kneecoach.motion.models import AnalysisSettings, VideoError, WrongExercise

if TYPE_CHECKING:  # numpy is the camera extra's: imported inside each test (conftest.py)
    import numpy as np
    from numpy.typing import NDArray
    from tests.support.synthetic import Clip

Clips = dict[str, "tuple[Clip, Path]"]
"""The ``clips`` fixture: name -> the rendered clip and its video file."""

pytestmark = [pytest.mark.camera, needs_camera]


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> Clips:
    """A few short rendered clips, made once per test run (no committed binaries)."""
    from tests.support.synthetic import make_clip, write_video

    root = tmp_path_factory.mktemp("clips")
    made = {
        "squat": make_clip("wall-squat", reps=3, faulty={2: "too-deep"}),
        "curl": make_clip(
            "hamstring-curl", reps=3, side="right", faulty={3: "partial-range"}, yaw=15.0, speed=1.3
        ),
        "bridge": make_clip("glute-bridge", reps=3, size=(1280, 720), fill=0.5),
    }
    return {
        name: (clip, write_video(root / f"{name}.mp4", clip, noise=4.0))
        for name, clip in made.items()
    }


def test_wall_squat_reps_depth_and_too_deep_fault(clips: Clips) -> None:
    from kneecoach.motion.analysis import analyse_video

    clip, path = clips["squat"]
    result = analyse_video(path, "wall-squat")
    assert result.rep_count == clip.reps
    assert [f.id for f in result.faults] == ["too-deep"] and result.faults[0].rep == 2
    truth = clip.knee_angles("l").max()
    assert abs(max(r.peak for r in result.reps) - truth) < 8


def test_hamstring_curl_side_and_partial_range_from_an_angle(clips: Clips) -> None:
    from kneecoach.motion.analysis import analyse_video

    _clip, path = clips["curl"]
    result = analyse_video(path, "hamstring-curl")
    assert result.rep_count == 3
    assert result.side_detected == "right"
    assert {(f.id, f.rep) for f in result.faults} == {("partial-range", 3)}


def test_glute_bridge_small_figure_in_hd(clips: Clips) -> None:
    from kneecoach.motion.analysis import analyse_video

    _clip, path = clips["bridge"]
    result = analyse_video(path, "glute-bridge")
    assert result.rep_count == 3
    assert result.faults == []
    assert all(175 <= rep.peak <= 192 for rep in result.reps)


def test_a_person_too_small_for_the_whole_frame_detector_is_found_in_a_zoomed_window() -> None:
    """A monster walk filmed in 1280x720 from where it ends: at the start the person stands far
    away, and the detector, which sees the whole (shrunk) frame at 224 px, finds nobody."""
    import cv2
    import numpy as np
    from tests.support.render import background, render
    from tests.support.synthetic import VIEWS, make_clip

    from kneecoach.motion.pose import Landmark, MediaPipeBackend

    square_on = -VIEWS["monster-walks"][0]  # filmed from straight in front
    clip = make_clip("monster-walks", reps=8, size=(1280, 720), fill=0.45, yaw=square_on)
    frame = render(clip.frames[0], clip.camera, background(1280, 720, np.random.default_rng(0)))
    rgb = cv2.cvtColor(
        cv2.resize(frame, (640, 360), interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2RGB
    )  # as the pipeline feeds the model (max_side 640)
    truth, _ = clip.camera.project(
        np.stack([clip.frames[0].joints[k] for k in ("l_ankle", "r_ankle")])
    )

    backend = MediaPipeBackend()
    try:
        assert backend._pose.process(rgb).pose_landmarks is None  # the whole frame: nobody
        poses = [backend.detect(rgb) for _ in range(4)]  # and it keeps them frame after frame
    finally:
        backend.close()
    assert all(pose is not None for pose in poses)
    last = poses[-1]
    assert last is not None
    ankles = last.image[[Landmark.LEFT_ANKLE, Landmark.RIGHT_ANKLE]] * 2  # back to 1280
    assert np.abs(ankles - truth).max() < 10


def test_not_a_video(tmp_path: Path) -> None:
    from kneecoach.motion.analysis import analyse_video

    path = tmp_path / "notes.mp4"
    path.write_text("this is not a video\n" * 100)
    with pytest.raises(VideoError, match=r"not a video|not a readable video") as error:
        analyse_video(path, "wall-squat")
    assert error.value.field == "video"


def test_corrupt_video(tmp_path: Path, clips: Clips) -> None:
    from kneecoach.motion.analysis import analyse_video

    data = clips["squat"][1].read_bytes()
    path = tmp_path / "cut.mp4"
    path.write_bytes(data[: len(data) // 3])  # the index (moov) is at the end: unreadable
    with pytest.raises(VideoError):
        analyse_video(path, "wall-squat")


def test_too_long_and_too_large(clips: Clips) -> None:
    from kneecoach.motion.analysis import analyse_video

    path = clips["squat"][1]
    with pytest.raises(VideoError, match="s long; the limit is 2 s"):
        analyse_video(path, "wall-squat", settings=AnalysisSettings(max_seconds=2))
    with pytest.raises(VideoError, match="MB; the limit"):
        analyse_video(path, "wall-squat", settings=AnalysisSettings(max_bytes=1000))


def _write(path: Path, frames: list[NDArray[np.uint8]], fps: int = 15) -> Path:
    import cv2

    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, (width, height))
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


def test_no_person_in_view(tmp_path: Path) -> None:
    import numpy as np
    from tests.support.render import background

    from kneecoach.motion.analysis import analyse_video

    room = background(640, 480, np.random.default_rng(0))
    path = _write(tmp_path / "empty.mp4", [room] * 30)
    with pytest.raises(VideoError, match="no person was found"):
        analyse_video(path, "wall-squat")


def test_a_second_person_beside_the_first_is_refused_and_one_person_is_not(
    tmp_path: Path, clips: Clips
) -> None:
    from tests.support.synthetic import add_bystander, write_video

    from kneecoach.motion.analysis import analyse_video

    clip, alone = clips["curl"]
    path = write_video(tmp_path / "two.mp4", add_bystander(clip), noise=4.0)
    with pytest.raises(VideoError, match="2 people were seen at once"):
        analyse_video(path, "hamstring-curl")
    assert analyse_video(alone, "hamstring-curl").rep_count == clip.reps


def test_wrong_exercise(clips: Clips) -> None:
    from kneecoach.motion.analysis import analyse_video

    with pytest.raises(WrongExercise) as error:
        analyse_video(clips["curl"][1], "wall-squat")
    assert error.value.field == "exercise"


def _app() -> typer.Typer:

    app = typer.Typer()
    register(app)

    @app.callback()
    def main() -> None:
        """Test-only app with just the analyse command."""

    return app


def test_cli_writes_json_and_annotated_video(tmp_path: Path, clips: Clips) -> None:
    import cv2

    _clip, path = clips["squat"]
    out_json, out_video = tmp_path / "r.json", tmp_path / "a.mp4"
    result = CliRunner().invoke(
        _app(),
        [
            "analyse",
            str(path),
            "--exercise",
            "wall-squat",
            "--json",
            str(out_json),
            "--annotate",
            str(out_video),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "3 reps" in result.output
    data = json.loads(out_json.read_text())
    assert data["rep_count"] == 3 and data["faults"][0]["id"] == "too-deep"
    capture = cv2.VideoCapture(str(out_video))
    assert capture.get(cv2.CAP_PROP_FRAME_COUNT) > 10
    capture.release()


def test_cli_error_is_one_line_and_non_zero(tmp_path: Path) -> None:
    bad = tmp_path / "x.mp4"
    bad.write_bytes(b"\x00" * 2000)
    result = CliRunner().invoke(_app(), ["analyse", str(bad), "--exercise", "wall-squat"])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert result.output.strip().startswith("error: video:")


def test_cli_refusal_is_the_only_line_on_stderr_of_the_real_command(clips: Clips) -> None:
    """MediaPipe's C++ logging (INFO, W0000 lines) goes straight to file descriptor 2; the
    command holds it back so a refusal is one line, in a real process."""
    _clip, path = clips["squat"]
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "from kneecoach.cli import main; raise SystemExit(main())",
            "analyse",
            str(path),
            "--exercise",
            "clamshell",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [run.stderr.strip()], run.stderr
    assert run.stderr.startswith("error: exercise: this exercise is done lying down")


def test_cli_rejects_a_bad_side(clips: Clips) -> None:
    result = CliRunner().invoke(
        _app(), ["analyse", str(clips["squat"][1]), "--exercise", "wall-squat", "--side", "middle"]
    )
    assert result.exit_code == 2 and "--side" in result.output
