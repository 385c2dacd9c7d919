"""One call from a video file to an ``Analysis``: the entry point for the CLI and the web job.

``analyse_video(path, exercise, side)`` reads the video (OpenCV), runs the pose model on frames
at ``settings.analysis_fps``, smooths the landmarks, checks the input (a video, not corrupt, not
too long or large, one person in view, the right exercise) and runs the exercise's analyser.
It keeps no state between calls; the pose backend is created per call unless one is passed in.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kneecoach.motion.exercises import EXERCISES, analyse_track
from kneecoach.motion.messages import say
from kneecoach.motion.models import (
    Analysis,
    AnalysisSettings,
    CameraRefusal,
    Side,
    VideoError,
    WrongExercise,
)
from kneecoach.motion.pose import FramePose, MediaPipeBackend, PoseBackend
from kneecoach.motion.track import build_track

Progress = Callable[[int, int], None]  # (frames done, frames in total)
FrameHook = Callable[[int, Any, FramePose | None], None]  # (frame index, BGR frame, pose)


@dataclass(frozen=True)
class VideoInfo:
    frames: int
    fps: float
    width: int
    height: int

    @property
    def seconds(self) -> float:
        return self.frames / self.fps


def probe_video(path: Path, settings: AnalysisSettings) -> VideoInfo:
    """Check the file before decoding it: exists, size, opens as a video, length."""
    import cv2

    if not path.is_file():
        raise VideoError(say("no-file", name=str(path)))
    size = path.stat().st_size
    if size > settings.max_bytes:
        raise VideoError(
            say("too-large", size=round(size / 1e6), limit=round(settings.max_bytes / 1e6))
        )
    if size == 0:
        raise VideoError(say("empty"))
    capture = cv2.VideoCapture(str(path))
    try:
        if not capture.isOpened():
            raise VideoError(say("not-video", name=path.name))
        frames = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
        fps = float(capture.get(cv2.CAP_PROP_FPS))
        width = int(capture.get(cv2.CAP_PROP_FRAME_WIDTH))
        height = int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT))
        ok, _ = capture.read()
    finally:
        capture.release()
    if not ok or frames <= 0 or width <= 0 or height <= 0:
        raise VideoError(say("no-frame", name=path.name))
    if not 1.0 <= fps <= 240.0:
        fps = 30.0
    info = VideoInfo(frames, fps, width, height)
    if info.seconds > settings.max_seconds:
        raise VideoError(
            say("too-long", seconds=round(info.seconds), limit=round(settings.max_seconds))
        )
    return info


def analyse_video(
    path: Path | str,
    exercise: str,
    side: Side | None = None,
    settings: AnalysisSettings | None = None,
    *,
    backend: PoseBackend | None = None,
    progress: Progress | None = None,
    on_frame: FrameHook | None = None,
) -> Analysis:
    """Analyse one set of ``exercise`` (a catalogue slug) filmed in the video at ``path``.

    Raises ``VideoError`` (field "video") for unreadable, corrupt, too long or too large files,
    no person or several people in view; ``WrongExercise`` (field "exercise") when the slug is
    unknown or the movement does not match it; ``InvalidInput`` (field "side") for a bad side.
    ``on_frame`` sees every analysed frame (used to draw the annotated video).
    """
    _check_request(exercise, side)
    info, run = pose_video(path, settings, backend=backend, progress=progress, on_frame=on_frame)
    return analyse_poses(run, info, exercise, side, settings, name=Path(path).name)


def _check_request(exercise: str, side: Side | None) -> None:
    if exercise not in EXERCISES:
        raise WrongExercise(
            say("unknown-exercise", exercise=repr(exercise), known=", ".join(EXERCISES))
        )
    if side not in (None, "left", "right", "both"):
        raise CameraRefusal(say("bad-side", side=repr(side)), field="side")


def pose_video(
    path: Path | str,
    settings: AnalysisSettings | None = None,
    *,
    backend: PoseBackend | None = None,
    progress: Progress | None = None,
    on_frame: FrameHook | None = None,
) -> tuple[VideoInfo, PoseRun]:
    """The pose stage of ``analyse_video``: probe the video and run the pose model on it.

    Raises ``VideoError`` for a missing, unreadable, too long or too large file.
    """
    settings = settings or AnalysisSettings()
    path = Path(path)
    info = probe_video(path, settings)
    own_backend = backend is None
    pose_backend: PoseBackend = backend or MediaPipeBackend(settings.model_complexity)
    try:
        run = _run_pose(path, info, settings, pose_backend, progress, on_frame)
    finally:
        if own_backend:
            pose_backend.close()
    return info, run


@dataclass(frozen=True)
class PoseRun:
    """What the pose stage of ``analyse_video`` found: one entry per analysed frame.

    ``times`` (s) and ``poses`` (None where nobody was found), the number of frames decoded
    and the most people seen at once by the people check.
    """

    times: list[float]
    poses: list[FramePose | None]
    decoded: int
    most_people: int


def analyse_poses(
    run: PoseRun,
    info: VideoInfo,
    exercise: str,
    side: Side | None = None,
    settings: AnalysisSettings | None = None,
    *,
    name: str = "the video",
) -> Analysis:
    """The analysis stage of ``analyse_video``: checks the pose run and analyses the exercise.

    Raises ``VideoError`` for a corrupt video (``name`` is the file's name in the message),
    nobody or several people in view, and ``WrongExercise`` as ``analyse_video`` does. The
    benchmark calls it on cached pose runs, so it sees exactly what ``analyse_video`` does.
    """
    _check_request(exercise, side)
    settings = settings or AnalysisSettings()
    times, poses = run.times, run.poses
    if run.decoded < max(2, int(info.frames * 0.8)) - 1:
        raise VideoError(say("corrupt", name=name, decoded=run.decoded, frames=info.frames))
    found = sum(p is not None for p in poses)
    fraction = found / max(1, len(poses))
    if found == 0:
        raise VideoError(say("nobody"))
    if fraction < settings.min_person_fraction:
        raise VideoError(say("person-sometimes", percent=round(fraction * 100)))
    if run.most_people >= 2:
        raise VideoError(say("several-people", people=run.most_people))
    track = build_track(times, poses, legs_cross=EXERCISES[exercise].legs_cross)
    findings, view = analyse_track(track, exercise, side)
    reps = findings.reps
    active = reps[-1].end_s - reps[0].start_s if reps else 0.0
    return Analysis(
        exercise=exercise,
        side=side if side is not None and findings.side != "both" else findings.side,
        side_detected=findings.side,
        view=view,
        measure=findings.measure,
        unit=findings.unit,
        rep_count=len(reps),
        reps=reps,
        active_s=round(active, 2),
        duration_s=round(info.seconds, 2),
        fps=round(info.fps, 2),
        frames=info.frames,
        frames_analysed=len(poses),
        person_fraction=round(fraction, 3),
        faults=findings.faults,
        notes=findings.notes,
    )


def _run_pose(
    path: Path,
    info: VideoInfo,
    settings: AnalysisSettings,
    backend: PoseBackend,
    progress: Progress | None,
    on_frame: FrameHook | None,
) -> PoseRun:
    """Decode every frame, pose every k-th; returns times, poses, frames decoded, most people."""
    step = max(1, round(info.fps / settings.analysis_fps))
    scale = min(1.0, settings.max_side / max(info.width, info.height))
    people_every = max(1, round(settings.people_check_every_s * info.fps))
    times: list[float] = []
    poses: list[FramePose | None] = []
    checks: list[Future[int]] = []
    decoded = [0]
    # The people check runs on its own thread, one check at a time and in order: its models
    # are separate graphs from the tracking one, and mediapipe releases the GIL while a graph
    # runs, so it overlaps with the next frames' tracking instead of stalling it.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="people-check") as checker:
        for index, frame, rgb in _decoded(path, step, scale, decoded):
            pose = pose_small = backend.detect(rgb)
            if pose is not None and scale != 1.0:
                pose = FramePose(pose.image / scale, pose.visibility, pose.world)
            if index % people_every == 0:
                checks.append(checker.submit(backend.count_people, rgb, pose_small))
            times.append(index / info.fps)
            poses.append(pose)
            if on_frame is not None:
                on_frame(index, frame, pose)
            if progress is not None:
                progress(index + 1, info.frames)
        people_seen = [check.result() for check in checks]
    return PoseRun(times, poses, decoded[0], _persistent_max(people_seen))


def _decoded(
    path: Path, step: int, scale: float, decoded: list[int]
) -> Iterator[tuple[int, Any, Any]]:
    """(index, BGR frame, RGB frame for the model) for every ``step``-th frame.

    A reader thread decodes, shrinks by ``scale`` (INTER_AREA, once) and converts to RGB
    ahead of the model: OpenCV releases the GIL for all three, so on a second core they cost
    the model nothing; the queue holds a few frames (bounded memory). The iterator ends at the
    last frame that decodes; frames between the analysed ones are grabbed, not decoded.
    ``decoded[0]`` is set to the number of frames read (decoded or grabbed) when it ends.
    """
    import cv2

    frames: queue.Queue[tuple[int, Any, Any] | BaseException | None] = queue.Queue(maxsize=4)
    stop = threading.Event()

    def read() -> None:
        capture = cv2.VideoCapture(str(path))
        width = capture.get(cv2.CAP_PROP_FRAME_WIDTH)
        height = capture.get(cv2.CAP_PROP_FRAME_HEIGHT)
        size = None if scale == 1.0 else (round(width * scale), round(height * scale))
        index = 0
        try:
            while not stop.is_set():
                if index % step:
                    if not capture.grab():
                        break
                else:
                    ok, frame = capture.read()
                    if not ok:
                        break
                    small = (
                        frame
                        if size is None
                        else cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
                    )
                    frames.put((index, frame, cv2.cvtColor(small, cv2.COLOR_BGR2RGB)))
                index += 1
        except BaseException as error:  # handed to the consumer, raised there
            frames.put(error)
        finally:
            capture.release()
            decoded[0] = index
            frames.put(None)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        while (item := frames.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while reader.is_alive():  # unblock a reader waiting on a full queue
            try:
                frames.get_nowait()
            except queue.Empty:
                reader.join(0.05)


def _persistent_max(counts: list[int]) -> int:
    """The largest people count seen in at least two checks (one stray detection is ignored)."""
    for n in sorted(set(counts), reverse=True):
        if sum(c >= n for c in counts) >= 2:
            return n
    return min(counts, default=0)
