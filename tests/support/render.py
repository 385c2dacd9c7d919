"""The synthetic figure drawn as a person: a pinhole camera and shaded capsules (skin, T-shirt,
shorts, shoes) with a head that carries hair and a face, drawn far-to-near with OpenCV over a
plain room, so the pose model has to find it like a person.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tests.support.figure import HEAD_R, Skeleton, Vec, v

SKIN = (140, 170, 215)  # BGR
SHIRT = (160, 70, 30)
SHORTS = (60, 50, 45)
SHOE = (235, 235, 235)
HAIR = (30, 40, 60)


@dataclass(frozen=True)
class Camera:
    """A pinhole camera looking at ``target`` from ``yaw``/``pitch`` degrees and ``distance``."""

    width: int
    height: int
    yaw: float
    pitch: float
    distance: float
    target: tuple[float, float, float]
    fov: float = 55.0

    @property
    def focal(self) -> float:
        return self.width / 2 / math.tan(math.radians(self.fov) / 2)

    def rotation(self) -> Vec:
        yaw, pitch = math.radians(self.yaw), math.radians(self.pitch)
        back = v(math.sin(yaw) * math.cos(pitch), math.sin(pitch), math.cos(yaw) * math.cos(pitch))
        right = np.cross(v(0, 1, 0), back)
        right /= np.linalg.norm(right)
        up = np.cross(back, right)
        return np.asarray(np.stack([right, up, back]), dtype=np.float64)

    def position(self) -> Vec:
        where = np.asarray(self.target) + self.rotation()[2] * self.distance
        return np.asarray(where, dtype=np.float64)

    def project(self, points: Vec) -> tuple[Vec, Vec]:
        """(N, 3) world points -> (N, 2) pixels and (N,) depths."""
        cam = (points - self.position()) @ self.rotation().T
        depth = -cam[:, 2]
        f = self.focal
        px = np.stack(
            [self.width / 2 + f * cam[:, 0] / depth, self.height / 2 - f * cam[:, 1] / depth],
            axis=1,
        )
        return px, depth


def fit_camera(
    frames: Sequence[Skeleton],
    width: int,
    height: int,
    yaw: float,
    pitch: float,
    fill: float = 0.75,
) -> Camera:
    """A camera whose picture the figure fills to ``fill`` in its tighter direction.

    The figure's extent is measured across and up the picture (in the camera's axes), so a
    person lying along the picture fills ``fill`` of its width and a standing one ``fill`` of
    its height: the same framing a person filming from 2-4 m gives either.
    """
    sample = frames[:: max(1, len(frames) // 40)]
    pts = np.concatenate([np.stack(list(s.joints.values())) for s in sample])
    lo, hi = pts.min(axis=0) - 0.15, pts.max(axis=0) + 0.15
    x, y, z = ((lo + hi) / 2).tolist()
    target = (float(x), float(y), float(z))
    cam = Camera(width, height, yaw, pitch, 3.0, target)
    local = (pts - np.asarray(target)) @ cam.rotation().T
    across, up, deep = (np.ptp(local, axis=0) + 0.3).tolist()
    distance = max(cam.focal * across / (fill * width), cam.focal * up / (fill * height)) + deep / 2
    return Camera(width, height, yaw, pitch, distance, target)


def _shade(color: tuple[int, int, int], k: float) -> tuple[int, int, int]:
    return (min(255, int(color[0] * k)), min(255, int(color[1] * k)), min(255, int(color[2] * k)))


def _capsule(img: Any, a: Vec, b: Vec, radius: float, color: tuple[int, int, int]) -> None:
    import cv2

    r = max(1.0, radius)
    light = np.array([-0.25, -0.3]) * r
    for k, frac in ((0.55, 1.0), (0.8, 0.82), (1.0, 0.62), (1.15, 0.38), (1.28, 0.16)):
        off = light * (1 - frac)
        p = (int(a[0] + off[0]), int(a[1] + off[1]))
        q = (int(b[0] + off[0]), int(b[1] + off[1]))
        cv2.line(img, p, q, _shade(color, k), max(1, int(2 * r * frac)), cv2.LINE_AA)


def _head(img: Any, cam: Camera, s: Skeleton) -> None:
    import cv2

    centre = s.joints["head"]
    to_cam = cam.position() - centre
    to_cam /= np.linalg.norm(to_cam)
    side = np.cross(s.head_up, s.face)
    facing = float(np.dot(s.face, to_cam))
    (c,), (depth,) = cam.project(centre[None])
    r = cam.focal * HEAD_R / depth
    cc = (int(c[0]), int(c[1]))
    cv2.circle(img, cc, int(r * 1.02), _shade(HAIR, 0.8), -1, cv2.LINE_AA)
    skin_centre = centre + s.face * HEAD_R * 0.35 - s.head_up * HEAD_R * 0.15
    (sc,), _ = cam.project(skin_centre[None])
    skin_r = r * (0.55 + 0.35 * max(0.0, facing))
    if facing > -0.3:
        cv2.circle(img, (int(sc[0]), int(sc[1])), int(skin_r), SKIN, -1, cv2.LINE_AA)
        cv2.circle(
            img,
            (int(sc[0] - 0.2 * skin_r), int(sc[1] - 0.2 * skin_r)),
            int(skin_r * 0.55),
            _shade(SKIN, 1.12),
            -1,
            cv2.LINE_AA,
        )
    features: list[tuple[Vec, Vec, int, tuple[int, int, int]]] = []
    for sign in (1.0, -1.0):
        eye = centre + HEAD_R * (0.92 * s.face + 0.36 * sign * side + 0.12 * s.head_up)
        features.append((eye, eye - centre, max(1, int(r * 0.13)), (40, 30, 30)))
        brow = centre + HEAD_R * (0.88 * s.face + 0.36 * sign * side + 0.32 * s.head_up)
        features.append((brow, brow - centre, max(1, int(r * 0.08)), _shade(HAIR, 1.0)))
    nose = centre + HEAD_R * (1.05 * s.face - 0.08 * s.head_up)
    features.append((nose, nose - centre, max(1, int(r * 0.12)), _shade(SKIN, 0.78)))
    mouth = centre + HEAD_R * (0.9 * s.face - 0.42 * s.head_up)
    features.append((mouth, mouth - centre, max(1, int(r * 0.11)), (70, 70, 150)))
    for point, normal, size, color in features:
        if float(np.dot(normal, to_cam)) <= 0.15:
            continue
        (p,), _ = cam.project(point[None])
        cv2.circle(img, (int(p[0]), int(p[1])), size, color, -1, cv2.LINE_AA)


_SEGMENTS: tuple[tuple[str, str, float, tuple[int, int, int]], ...] = (
    ("l_shoulder", "l_hip", 0.085, SHIRT),
    ("r_shoulder", "r_hip", 0.085, SHIRT),
    ("neck", "pelvis", 0.10, SHIRT),
    ("l_shoulder", "r_shoulder", 0.07, SHIRT),
    ("l_hip", "r_hip", 0.095, SHORTS),
    ("neck", "head_base", 0.045, SKIN),
    ("l_shoulder", "l_elbow", 0.048, SHIRT),
    ("r_shoulder", "r_elbow", 0.048, SHIRT),
    ("l_elbow", "l_wrist", 0.038, SKIN),
    ("r_elbow", "r_wrist", 0.038, SKIN),
    ("l_hip", "l_thigh_mid", 0.078, SHORTS),
    ("r_hip", "r_thigh_mid", 0.078, SHORTS),
    ("l_thigh_mid", "l_knee", 0.065, SKIN),
    ("r_thigh_mid", "r_knee", 0.065, SKIN),
    ("l_knee", "l_ankle", 0.052, SKIN),
    ("r_knee", "r_ankle", 0.052, SKIN),
    ("l_ankle", "l_toe", 0.045, SHOE),
    ("r_ankle", "r_toe", 0.045, SHOE),
)


def _capsule_drawer(
    img: Any, a: Vec, b: Vec, radius: float, color: tuple[int, int, int]
) -> Callable[[], None]:
    return lambda: _capsule(img, a, b, radius, color)


def render(s: Skeleton, cam: Camera, background: Any, others: Sequence[Skeleton] = ()) -> Any:
    """Draw one frame (BGR uint8) of the figure, and any ``others``, over a copy of ``background``.

    Every figure's limbs and head are drawn together far-to-near, so people occlude each other.
    """
    img = background.copy()
    items: list[tuple[float, Callable[[], None]]] = []
    for skeleton in (s, *others):
        items.extend(_draw_items(img, skeleton, cam))
    for _, draw in sorted(items, key=lambda item: -item[0]):
        draw()
    return img


def _draw_items(img: Any, s: Skeleton, cam: Camera) -> list[tuple[float, Callable[[], None]]]:
    """(depth, draw) for each capsule and the head of one figure."""
    pts = dict(s.joints)
    pts["pelvis"] = (pts["l_hip"] + pts["r_hip"]) / 2
    pts["head_base"] = pts["head"] - s.head_up * HEAD_R * 0.6
    for side in "lr":
        pts[f"{side}_thigh_mid"] = 0.55 * pts[f"{side}_hip"] + 0.45 * pts[f"{side}_knee"]
    names = list(pts)
    px, depth = cam.project(np.stack([pts[n] for n in names]))
    where = {n: (px[i], depth[i]) for i, n in enumerate(names)}
    items: list[tuple[float, Callable[[], None]]] = []
    for a, b, radius, color in _SEGMENTS:
        (pa, da), (pb, db) = where[a], where[b]
        d = (da + db) / 2
        items.append((d, _capsule_drawer(img, pa, pb, cam.focal * radius / d, color)))
    items.append((where["head"][1], lambda: _head(img, cam, s)))
    return items


def background(width: int, height: int, rng: np.random.Generator) -> Any:
    """A plain room: a wall with a soft gradient, a darker floor, a little texture."""
    tone = rng.uniform(170, 215)
    img = np.empty((height, width, 3), np.float32)
    rows = np.linspace(0, 1, height)[:, None]
    img[:] = (tone * (0.9 + 0.1 * rows))[..., None] * np.array([1.0, 0.98, 0.94])
    img[int(height * 0.72) :] *= 0.7
    img += rng.normal(0, 3, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)
