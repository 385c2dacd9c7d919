"""The pose model behind a small interface, and its MediaPipe implementation.

``PoseBackend`` takes RGB frames and returns 33 BlazePose landmarks per frame (image coordinates
in pixels, a visibility per landmark, and metric world coordinates when the model gives them).
Another model can replace MediaPipe by returning the same ``FramePose``; the analysis only uses
the landmark indices named in ``Landmark``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray


class Landmark(IntEnum):
    """BlazePose landmark indices used by the analysis."""

    NOSE = 0
    LEFT_SHOULDER = 11
    RIGHT_SHOULDER = 12
    LEFT_HIP = 23
    RIGHT_HIP = 24
    LEFT_KNEE = 25
    RIGHT_KNEE = 26
    LEFT_ANKLE = 27
    RIGHT_ANKLE = 28
    LEFT_HEEL = 29
    RIGHT_HEEL = 30
    LEFT_FOOT = 31
    RIGHT_FOOT = 32


N_LANDMARKS = 33


@dataclass(frozen=True)
class FramePose:
    """One person's landmarks in one frame.

    ``image``: (33, 2) pixels, x right, y down. ``visibility``: (33,) in 0..1.
    ``world``: (33, 3) metres around the hips, or None when the backend has no 3D output.
    """

    image: NDArray[np.float64]
    visibility: NDArray[np.float64]
    world: NDArray[np.float64] | None = None


class PoseBackend(Protocol):
    """Finds one person's pose in each frame of a video, in order."""

    def detect(self, rgb: NDArray[np.uint8]) -> FramePose | None:
        """Landmarks for the most prominent person in ``rgb`` (H, W, 3), or None if nobody."""
        ...

    def count_faces(self, rgb: NDArray[np.uint8]) -> int:
        """How many faces are in view (used to notice a second person)."""
        ...

    def close(self) -> None: ...


def distinct_faces(faces: list[tuple[float, float, float]]) -> int:
    """Count faces (centre x, centre y, width) that are not the same face found twice."""
    kept: list[tuple[float, float, float]] = []
    for x, y, w in sorted(faces, key=lambda f: -f[2]):
        if all(((x - kx) ** 2 + (y - ky) ** 2) ** 0.5 > 1.5 * max(w, kw) for kx, ky, kw in kept):
            kept.append((x, y, w))
    return len(kept)


class MediaPipeBackend:
    """BlazePose (``mediapipe.solutions.pose``, model_complexity 0..2) with tracking between frames.

    The weights ship inside the mediapipe wheel; nothing is downloaded. Model complexity 1
    (``pose_landmark_full.tflite``) is the default; 2 (heavy) is not in the wheel and would be
    fetched from the internet, so it is refused.
    """

    def __init__(self, model_complexity: int = 1, min_detection_confidence: float = 0.5) -> None:
        if model_complexity not in (0, 1):
            raise ValueError("model_complexity must be 0 or 1 (2 would download weights)")
        import mediapipe as mp

        self._pose = mp.solutions.pose.Pose(
            static_image_mode=False,
            model_complexity=model_complexity,
            smooth_landmarks=True,
            min_detection_confidence=min_detection_confidence,
            min_tracking_confidence=0.5,
        )
        self._faces: Any = None

    def detect(self, rgb: NDArray[np.uint8]) -> FramePose | None:
        result = self._pose.process(rgb)
        if result.pose_landmarks is None:
            return None
        height, width = rgb.shape[:2]
        marks = result.pose_landmarks.landmark
        image = np.array([[m.x * width, m.y * height] for m in marks], dtype=np.float64)
        visibility = np.array([m.visibility for m in marks], dtype=np.float64)
        world = None
        if result.pose_world_landmarks is not None:
            world = np.array(
                [[m.x, m.y, m.z] for m in result.pose_world_landmarks.landmark], dtype=np.float64
            )
        return FramePose(image, visibility, world)

    def count_faces(self, rgb: NDArray[np.uint8]) -> int:
        if self._faces is None:
            import mediapipe as mp

            # model_selection=1: the full-range face model (people up to about 5 m away).
            self._faces = mp.solutions.face_detection.FaceDetection(
                model_selection=1, min_detection_confidence=0.6
            )
        result = self._faces.process(rgb)
        boxes = [d.location_data.relative_bounding_box for d in result.detections or ()]
        return distinct_faces([(b.xmin + b.width / 2, b.ymin + b.height / 2, b.width)
                               for b in boxes])

    def close(self) -> None:
        self._pose.close()
        if self._faces is not None:
            self._faces.close()
