"""Draw the skeleton, the rep counter and the faults onto the analysed frames (OpenCV)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kneecoach.motion.models import Analysis
from kneecoach.motion.pose import FramePose

BONES = (
    (11, 12),
    (11, 23),
    (12, 24),
    (23, 24),
    (11, 13),
    (13, 15),
    (12, 14),
    (14, 16),
    (23, 25),
    (25, 27),
    (27, 31),
    (24, 26),
    (26, 28),
    (28, 32),
)


class Annotator:
    """Collects analysed frames during the analysis, writes them once the result is known.

    Frames are kept as JPEG bytes (about 30 kB each at 640x480) so a five-minute video fits
    in memory; the annotated video has the analysis frame rate.
    """

    def __init__(self) -> None:
        self._frames: list[tuple[int, bytes, FramePose | None]] = []
        self._fps = 30.0

    def collect(self, index: int, frame: Any, pose: FramePose | None) -> None:
        import cv2

        ok, data = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 85])
        if ok:
            self._frames.append((index, data.tobytes(), pose))

    def write(self, path: Path, result: Analysis) -> None:
        import cv2
        import numpy as np

        if not self._frames:
            return
        step = self._frames[1][0] - self._frames[0][0] if len(self._frames) > 1 else 1
        fps = result.fps / max(1, step)
        first = cv2.imdecode(np.frombuffer(self._frames[0][1], np.uint8), cv2.IMREAD_COLOR)
        height, width = first.shape[:2]
        writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), fps, (width, height))
        try:
            for index, data, pose in self._frames:
                frame = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
                t = index / result.fps
                _draw(frame, pose, result, t)
                writer.write(frame)
        finally:
            writer.release()


def _draw(frame: Any, pose: FramePose | None, result: Analysis, t: float) -> None:
    import cv2

    if pose is not None:
        pts = [(int(x), int(y)) for x, y in pose.image]
        for a, b in BONES:
            cv2.line(frame, pts[a], pts[b], (80, 255, 80), 2, cv2.LINE_AA)
        for i in {i for bone in BONES for i in bone}:
            cv2.circle(frame, pts[i], 4, (0, 200, 255), -1, cv2.LINE_AA)
    done = sum(1 for rep in result.reps if rep.end_s <= t)
    cv2.putText(
        frame,
        f"{result.exercise}  reps {done}/{result.rep_count}",
        (12, 32),
        cv2.FONT_HERSHEY_SIMPLEX,
        0.9,
        (20, 20, 20),
        4,
        cv2.LINE_AA,
    )
    cv2.putText(
        frame,
        f"{result.exercise}  reps {done}/{result.rep_count}",
        (12, 32),
        cv2.FONT_HERSHEY_SIMPLEX,
        0.9,
        (255, 255, 255),
        2,
        cv2.LINE_AA,
    )
    y = 64
    for fault in result.faults:
        if fault.start_s - 0.5 <= t <= fault.end_s + 1.0:
            cv2.putText(
                frame,
                f"! {fault.id}",
                (12, y),
                cv2.FONT_HERSHEY_SIMPLEX,
                0.8,
                (0, 0, 255),
                2,
                cv2.LINE_AA,
            )
            y += 30
