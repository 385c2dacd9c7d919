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

    def count_people(self, rgb: NDArray[np.uint8], tracked: FramePose | None) -> int:
        """How many people are in view: the tracked one plus any other found beside them.

        Called on a worker thread (one call at a time, in frame order) while ``detect`` runs
        on later frames: an implementation must not share state with ``detect``.
        """
        ...

    def close(self) -> None: ...


def distinct_faces(faces: list[tuple[float, float, float]]) -> int:
    """Count faces (centre x, centre y, width) that are not the same face found twice."""
    kept: list[tuple[float, float, float]] = []
    for x, y, w in sorted(faces, key=lambda f: -f[2]):
        if all(((x - kx) ** 2 + (y - ky) ** 2) ** 0.5 > 1.5 * max(w, kw) for kx, ky, kw in kept):
            kept.append((x, y, w))
    return len(kept)


# The people check (see MediaPipeBackend.count_people and docs/camera.md for its limits).
MASK_PAD = 0.15  # the tracked person's box grows by this share of its size on every side
MIN_OTHER_SIZE = 0.3  # another body must span at least this share of the tracked person's
BODY_PASS_EVERY = 2  # the second pose pass runs on every 2nd check (the face pass on all)
MIN_OTHER_VISIBILITY = 0.5  # mean visibility of the other body's shoulders, hips, knees, ankles
BODY = [
    int(m)
    for m in (
        Landmark.LEFT_SHOULDER,
        Landmark.RIGHT_SHOULDER,
        Landmark.LEFT_HIP,
        Landmark.RIGHT_HIP,
        Landmark.LEFT_KNEE,
        Landmark.RIGHT_KNEE,
        Landmark.LEFT_ANKLE,
        Landmark.RIGHT_ANKLE,
    )
]


def mask_person(rgb: NDArray[np.uint8], pose: FramePose) -> tuple[NDArray[np.uint8], float]:
    """A copy of ``rgb`` with ``pose``'s box painted in the frame's median colour, and the
    box's larger side in pixels (before padding)."""
    lo, hi = pose.image.min(axis=0), pose.image.max(axis=0)
    size = float(np.max(hi - lo))
    pad = MASK_PAD * size
    height, width = rgb.shape[:2]
    x0, y0 = max(0, int(lo[0] - pad)), max(0, int(lo[1] - pad))
    x1, y1 = min(width, int(hi[0] + pad) + 1), min(height, int(hi[1] + pad) + 1)
    masked = rgb.copy()
    # The median of every 4th pixel each way: the same colour, 16 times fewer pixels to sort.
    masked[y0:y1, x0:x1] = np.median(rgb[::4, ::4].reshape(-1, 3), axis=0).astype(np.uint8)
    return masked, size


# The zoomed look (MediaPipeBackend._zoomed).
ZOOM_MIN_GAIN = 0.25  # zoom only where the long side is at least 25% longer than the short
ZOOM_RECENTRE = 0.25  # re-centre the window once the person is this share of it off centre


def _window_starts(long: int, side: int) -> list[int]:
    """Where square windows of ``side`` start along a frame's ``long`` side: overlapping by at
    least half, the first at 0 and the last at the far edge."""
    count = int(np.ceil((long - side) / (side / 2))) + 1
    return [round(x) for x in np.linspace(0, long - side, count)]


def body_inside(pose: FramePose, x0: int, y0: int, side: int, margin: float = 0.02) -> bool:
    """Whether the shoulders, hips, knees and ankles of ``pose`` lie inside the square window
    at (``x0``, ``y0``) of ``side`` pixels, ``margin`` of its side away from the edges."""
    body = pose.image[BODY]
    lo = np.array([x0, y0]) + margin * side
    hi = np.array([x0, y0]) + (1 - margin) * side
    return bool(np.all((body >= lo) & (body <= hi)))


def _landmarks(result: Any, x0: int, y0: int, width: int, height: int) -> FramePose:
    """MediaPipe's result on an image of ``width`` x ``height`` placed at (``x0``, ``y0``) of
    the frame, in the frame's pixels."""
    marks = result.pose_landmarks.landmark
    image = np.array([[x0 + m.x * width, y0 + m.y * height] for m in marks], dtype=np.float64)
    visibility = np.array([m.visibility for m in marks], dtype=np.float64)
    world = None
    if result.pose_world_landmarks is not None:
        world = np.array(
            [[m.x, m.y, m.z] for m in result.pose_world_landmarks.landmark], dtype=np.float64
        )
    return FramePose(image, visibility, world)


class MediaPipeBackend:
    """BlazePose (``mediapipe.solutions.pose``, model_complexity 0..2) with tracking between frames.

    The weights ship inside the mediapipe wheel; nothing is downloaded. Model complexity 1
    (``pose_landmark_full.tflite``) is the only one in the wheel; 0 (lite) and 2 (heavy) would
    be fetched from the internet, so they are refused.
    """

    def __init__(self, model_complexity: int = 1, min_detection_confidence: float = 0.5) -> None:
        if model_complexity != 1:
            # Only pose_landmark_full.tflite ships in the wheel; 0 (lite) and 2 (heavy) would be
            # fetched from the internet at run time.
            raise ValueError("model_complexity must be 1 (0 and 2 would download weights)")
        import mediapipe as mp

        # The whole-frame tracker and the zoomed one (``_zoomed``) are set up alike.
        self._tracking: dict[str, Any] = {
            "static_image_mode": False,
            "model_complexity": model_complexity,
            "smooth_landmarks": True,
            "min_detection_confidence": min_detection_confidence,
            "min_tracking_confidence": 0.5,
        }
        self._pose = mp.solutions.pose.Pose(**self._tracking)
        self._others: Any = None
        self._faces: Any = None
        self._checks = 0
        self._zoom: Any = None  # a second tracker, on a square crop of the frame
        self._window: int | None = None  # where along the long side the zoomed person is
        self._searched = 0  # windows tried so far while searching

    def detect(self, rgb: NDArray[np.uint8]) -> FramePose | None:
        """The tracked person; when the whole frame shows nobody, a zoomed look (``_zoomed``)."""
        result = self._pose.process(rgb)
        if result.pose_landmarks is not None:
            self._window = None
            height, width = rgb.shape[:2]
            return _landmarks(result, 0, 0, width, height)
        return self._zoomed(rgb)

    def _zoomed(self, rgb: NDArray[np.uint8]) -> FramePose | None:
        """Look for the person in a square window as tall as the frame's short side.

        The detector sees the whole frame shrunk to 224 px, so a person far from the camera (a
        monster walk filmed from where it ends, on a wide frame) can be too small for it while
        the landmark model would read them well. A window the height of a landscape frame (or
        the width of a portrait one) shows them nearly twice as large. While nobody is found,
        each frame tries the next of the overlapping windows along the long side; once found,
        the window stays put and follows the person only when they near its edge, so the second
        tracker keeps tracking (where it loses the person, it looks again at once). The
        whole-frame tracker keeps trying every frame and takes over as soon as it finds them.
        """
        height, width = rgb.shape[:2]
        side, long = min(width, height), max(width, height)
        if long - side < ZOOM_MIN_GAIN * side:
            return None  # a square-ish frame: a window would show the person no larger
        starts = _window_starts(long, side)
        if self._window is None:
            start = starts[self._searched % len(starts)]
            self._searched += 1
        else:
            start = self._window
        landscape = width >= height
        crop = rgb[:, start : start + side] if landscape else rgb[start : start + side, :]
        if self._zoom is None:
            import mediapipe as mp

            self._zoom = mp.solutions.pose.Pose(**self._tracking)
        crop = np.ascontiguousarray(crop)
        result = self._zoom.process(crop)
        if result.pose_landmarks is None and self._window is not None:
            # Tracking lost (the window moved, or the person did): the tracker has dropped its
            # old region, so a second look at the same crop runs the detector afresh.
            result = self._zoom.process(crop)
        if result.pose_landmarks is None:
            self._window = None
            return None
        x0, y0 = (start, 0) if landscape else (0, start)
        pose = _landmarks(result, x0, y0, side, side)
        if not body_inside(pose, x0, y0, side):
            # Part of the body lies outside the window (a person filling a portrait frame,
            # lost for a frame): those landmarks would be guesses, so nobody is reported.
            self._window = None
            return None
        centre = float(np.median(pose.image[:, 0 if landscape else 1]))
        if abs(centre - (start + side / 2)) > ZOOM_RECENTRE * side:
            start = int(np.clip(centre - side / 2, 0, long - side))
        self._window = start
        return pose

    def count_people(self, rgb: NDArray[np.uint8], tracked: FramePose | None) -> int:
        """The tracked person, plus anyone the models find with the tracked person masked out.

        The frame has the tracked person's box (grown by ``MASK_PAD`` of its size) painted
        over. The face detector runs first, on every check, and any face it finds there counts
        as another person. The second, single-image BlazePose pass costs several times more, so
        it runs only where no face answered already and only on every ``BODY_PASS_EVERY``-th
        check: a body found there with its main landmarks visible and at least
        ``MIN_OTHER_SIZE`` of the tracked person's size counts as another person (someone
        turned away from the camera, whom the face detector cannot see).
        """
        if tracked is None:
            return 0
        if self._others is None:
            import mediapipe as mp

            self._others = mp.solutions.pose.Pose(
                static_image_mode=True, model_complexity=1, min_detection_confidence=0.5
            )
            # model_selection=1: the full-range face model (people up to about 5 m away).
            self._faces = mp.solutions.face_detection.FaceDetection(
                model_selection=1, min_detection_confidence=0.6
            )
        masked, size = mask_person(rgb, tracked)
        self._checks += 1
        faces = self._faces.process(masked)
        boxes = [d.location_data.relative_bounding_box for d in faces.detections or ()]
        others = distinct_faces(
            [(b.xmin + b.width / 2, b.ymin + b.height / 2, b.width) for b in boxes]
        )
        if others == 0 and (self._checks - 1) % BODY_PASS_EVERY == 0:
            others = self._other_body(masked, size)
        return 1 + others

    def _other_body(self, masked: NDArray[np.uint8], size: float) -> int:
        """1 when the second pose pass finds a big enough, visible body in ``masked``."""
        result = self._others.process(masked)
        if result.pose_landmarks is None:
            return 0
        height, width = masked.shape[:2]
        marks = result.pose_landmarks.landmark
        points = np.array([[m.x * width, m.y * height] for m in marks])
        seen = np.array([marks[i].visibility for i in BODY])
        extent = float(np.max(np.ptp(points[BODY], axis=0)))
        return int(float(np.mean(seen)) >= MIN_OTHER_VISIBILITY and extent >= MIN_OTHER_SIZE * size)

    def close(self) -> None:
        self._pose.close()
        if self._zoom is not None:
            self._zoom.close()
        if self._others is not None:
            self._others.close()
            self._faces.close()
