"""A small software renderer of a shaded human figure doing the seven exercises.

No labelled exercise videos can be downloaded here, so the camera coach is evaluated on clips
rendered from known joint trajectories: the repetitions, the depth of each one and the faults
are known exactly (see docs/camera.md for what this does and does not prove). The figure is a
set of shaded capsules (skin, T-shirt, shorts, shoes) with a head that carries hair and a face,
drawn far-to-near with OpenCV; the pose model has to find it like a person.

Coordinates: metres, Y up, floor at y = 0. ``Skeleton`` holds the joint centres; the ground
truth angles are computed from the same points with the same formulas as the analysis.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

Vec = NDArray[np.float64]

THIGH, SHANK, FOOT = 0.44, 0.43, 0.19
TORSO, NECK, HEAD_R = 0.50, 0.10, 0.105
HIP_HALF, SHOULDER_HALF = 0.095, 0.185
UPPER_ARM, FOREARM = 0.30, 0.27

SKIN = (140, 170, 215)  # BGR
SHIRT = (160, 70, 30)
SHORTS = (60, 50, 45)
SHOE = (235, 235, 235)
HAIR = (30, 40, 60)

JOINTS = (
    "head", "neck", "l_shoulder", "r_shoulder", "l_elbow", "r_elbow", "l_wrist", "r_wrist",
    "l_hip", "r_hip", "l_knee", "r_knee", "l_ankle", "r_ankle", "l_toe", "r_toe",
)


def v(x: float, y: float, z: float) -> Vec:
    return np.array([x, y, z], dtype=np.float64)


def rot_x(a: float) -> Vec:
    c, s = math.cos(a), math.sin(a)
    return np.array([[1, 0, 0], [0, c, -s], [0, s, c]], dtype=np.float64)


def rot_y(a: float) -> Vec:
    c, s = math.cos(a), math.sin(a)
    return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]], dtype=np.float64)


def rot_z(a: float) -> Vec:
    c, s = math.cos(a), math.sin(a)
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]], dtype=np.float64)


def angle_at(a: Vec, b: Vec, c: Vec) -> float:
    """The angle ABC in degrees (180 = straight)."""
    u, w = a - b, c - b
    cos = float(np.dot(u, w) / (np.linalg.norm(u) * np.linalg.norm(w) + 1e-12))
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


@dataclass(frozen=True)
class Skeleton:
    """Joint centres in world metres, plus where the face points and which way is up the head."""

    joints: dict[str, Vec]
    face: Vec
    head_up: Vec

    def knee_flexion(self, side: str) -> float:
        j = self.joints
        return 180.0 - angle_at(j[f"{side}_hip"], j[f"{side}_knee"], j[f"{side}_ankle"])


@dataclass(frozen=True)
class LegPose:
    """Hip flexion, abduction and rotation and knee flexion, degrees."""

    flex: float = 0.0
    abd: float = 0.0
    rot: float = 0.0
    knee: float = 0.0


@dataclass(frozen=True)
class BodyPose:
    """A pose in the body frame (x = the person's left, y = up the spine, z = forward)."""

    left: LegPose = LegPose()
    right: LegPose = LegPose()
    trunk_flex: float = 0.0
    arm_flex: float = 0.0
    arm_abd: float = 8.0
    elbow: float = 10.0
    knee_shift: tuple[float, float] = (0.0, 0.0)  # medial shift of (left, right) knee, metres
    head_lift: float = 0.0  # chin up from the trunk's line, degrees (people look ahead)
    head_turn: float = 0.0  # head turned about the spine, degrees, towards the person's left


def body_skeleton(pose: BodyPose) -> tuple[dict[str, Vec], Vec, Vec]:
    """Forward kinematics in the body frame, pelvis centre at the origin."""
    j: dict[str, Vec] = {}
    trunk = rot_x(-math.radians(pose.trunk_flex))
    neck = trunk @ v(0, TORSO, 0)
    j["neck"] = neck
    head = trunk @ rot_x(math.radians(pose.head_lift)) @ rot_y(math.radians(pose.head_turn))
    j["head"] = neck + head @ v(0, NECK + HEAD_R, 0.01)
    for side, sign, leg in (("l", 1.0, pose.left), ("r", -1.0, pose.right)):
        shoulder = neck + trunk @ v(sign * SHOULDER_HALF, -0.03, 0)
        arm = trunk @ rot_z(sign * math.radians(pose.arm_abd)) @ rot_x(-math.radians(pose.arm_flex))
        elbow = shoulder + arm @ v(0, -UPPER_ARM, 0)
        fore = arm @ rot_x(-math.radians(pose.elbow))
        j[f"{side}_shoulder"], j[f"{side}_elbow"] = shoulder, elbow
        j[f"{side}_wrist"] = elbow + fore @ v(0, -FOREARM, 0)
        hip = v(sign * HIP_HALF, 0, 0)
        thigh = (
            rot_z(sign * math.radians(leg.abd))
            @ rot_x(-math.radians(leg.flex))
            @ rot_y(sign * math.radians(leg.rot))
        )
        knee = hip + thigh @ v(0, -THIGH, 0)
        shift = pose.knee_shift[0] if sign > 0 else pose.knee_shift[1]
        knee = knee + v(-sign * shift, 0, 0)
        shank = thigh @ rot_x(math.radians(leg.knee))
        ankle = knee + shank @ v(0, -SHANK, 0)
        j[f"{side}_hip"], j[f"{side}_knee"], j[f"{side}_ankle"] = hip, knee, ankle
        j[f"{side}_toe"] = ankle + shank @ v(0, -0.05, FOOT)
    face = head @ v(0, 0, 1)
    up = head @ v(0, 1, 0)
    return j, face, up


def place(pose: BodyPose, rotation: Vec, anchor: str | Callable[[dict[str, Vec]], Vec],
          at: Vec) -> Skeleton:
    """Rotate a body-frame pose into the world and move it so that ``anchor`` lands on ``at``."""
    j, face, up = body_skeleton(pose)
    world = {k: rotation @ p for k, p in j.items()}
    point = world[anchor] if isinstance(anchor, str) else anchor(world)
    shift = at - point
    return Skeleton({k: p + shift for k, p in world.items()}, rotation @ face, rotation @ up)


# Body orientations in the world (columns: where the body's x, y, z axes point).
STANDING = np.eye(3)
SUPINE = np.array([[0, 1, 0], [0, 0, 1], [1, 0, 0]], dtype=np.float64)  # head +X, face up
PRONE = np.array([[0, 1, 0], [0, 0, -1], [-1, 0, 0]], dtype=np.float64)  # head +X, face down
SIDE_LYING = np.array([[0, -1, 0], [1, 0, 0], [0, 0, 1]], dtype=np.float64)  # on the right side


def smooth01(x: float) -> float:
    x = min(1.0, max(0.0, x))
    return x * x * (3 - 2 * x)


@dataclass(frozen=True)
class RepPlan:
    """One repetition: seconds up, at the top, down and resting; how far (0..1+); a fault id."""

    up: float
    hold: float
    down: float
    rest: float
    amount: float = 1.0
    fault: str | None = None

    @property
    def duration(self) -> float:
        return self.up + self.hold + self.down + self.rest

    def phase(self, t: float) -> float:
        if t < self.up:
            return smooth01(t / self.up) * self.amount
        if t < self.up + self.hold:
            return self.amount
        if t < self.up + self.hold + self.down:
            return (1 - smooth01((t - self.up - self.hold) / self.down)) * self.amount
        return 0.0


@dataclass
class Clip:
    """What a generated clip holds and the truth about it."""

    slug: str
    side: str  # "left", "right" or "both"
    frames: list[Skeleton]
    fps: float
    reps: int
    faults: list[tuple[str, int]]  # (fault id, 1-based rep or step number)
    camera: Camera
    extras: dict[str, Any] = field(default_factory=dict)

    def knee_angles(self, side: str) -> NDArray[np.float64]:
        return np.array([s.knee_flexion(side) for s in self.frames])


def _timeline(
    plans: Sequence[RepPlan], fps: float, lead_in: float = 0.8, tail: float = 0.8
) -> list[tuple[float, RepPlan | None]]:
    """Per frame: the phase (0..amount) and the rep plan it belongs to."""
    total = lead_in + sum(p.duration for p in plans) + tail
    out: list[tuple[float, RepPlan | None]] = []
    for i in range(int(total * fps)):
        t = i / fps - lead_in
        current: RepPlan | None = None
        for plan in plans:
            if 0 <= t < plan.duration:
                current = plan
                break
            t -= plan.duration
        out.append((current.phase(t) if current else 0.0, current))
    return out


def _leg(side: str, other: LegPose, moving: LegPose) -> tuple[LegPose, LegPose]:
    """(left, right) with ``moving`` on ``side``."""
    return (moving, other) if side == "left" else (other, moving)


def wall_squat_frame(depth: float, fault: str | None) -> Skeleton:
    """Back on the wall, feet forward; ``depth`` is the knee flexion in degrees."""
    shank_tilt = 0.18 * depth
    hip_flex = depth - shank_tilt
    shift = 0.06 * math.sin(math.radians(min(depth, 90.0))) if fault == "ball-drop" else 0.0
    leg = LegPose(flex=hip_flex, abd=6.0, knee=depth)
    pose = BodyPose(left=leg, right=leg, arm_flex=5.0, knee_shift=(shift, shift))
    return place(pose, STANDING, lambda j: (j["l_ankle"] + j["r_ankle"]) / 2, v(0, 0.09, 0))


def glute_bridge_frame(lift: float, fault: str | None) -> Skeleton:
    """Lying on the back, knees bent; ``lift`` 0..1 raises the hips to the straight line."""
    knee = 100.0 - 15.0 * lift
    extension = 50.0 * lift  # from hips flexed 50 degrees (hook lying) to a straight line
    if fault == "back-arching":
        extension += 22.0 * lift
    elif fault == "hips-short":
        extension -= 22.0 * lift
    leg = LegPose(flex=50.0 - extension, abd=4.0, knee=knee)
    pose = BodyPose(left=leg, right=leg, trunk_flex=0.0, arm_flex=0.0, arm_abd=10.0)
    # Rotate the whole supine body about its left-right axis so that the trunk rises from the
    # shoulders by the angle that keeps the feet on the floor.
    j0, _, _ = body_skeleton(pose)
    tilt = _bridge_tilt(j0)
    rotation = SUPINE @ rot_x(-tilt)
    return place(pose, rotation, lambda j: (j["l_shoulder"] + j["r_shoulder"]) / 2, v(0, 0.08, 0))


def _bridge_tilt(j: dict[str, Vec]) -> float:
    """The trunk angle (about the body's x axis) that puts the ankles at shoulder height."""
    best, best_err = 0.0, 1e9
    for deg in np.linspace(0, 80, 161):
        r = SUPINE @ rot_x(-math.radians(float(deg)))
        shoulders = r @ ((j["l_shoulder"] + j["r_shoulder"]) / 2)
        ankle = r @ j["l_ankle"]
        err = abs(ankle[1] - shoulders[1])
        if err < best_err:
            best, best_err = math.radians(float(deg)), err
    return best


def vmo_lift_frame(side: str, lift: float, fault: str | None) -> Skeleton:
    """Lying on the back, other knee bent; the working leg straight, lifted ``lift`` degrees."""
    bend = 22.0 * min(1.0, lift / 30.0) if fault == "extension-lag" else 0.0
    moving = LegPose(flex=lift, abd=2.0, rot=25.0, knee=bend)
    support = LegPose(flex=45.0, abd=3.0, knee=90.0)
    left, right = _leg(side, support, moving)
    pose = BodyPose(left=left, right=right, arm_abd=12.0)
    return place(pose, SUPINE, lambda j: (j["l_shoulder"] + j["r_shoulder"]) / 2, v(0, 0.08, 0))


def hamstring_curl_frame(side: str, knee: float, fault: str | None) -> Skeleton:
    """Lying face down; the working knee bends to ``knee`` degrees."""
    moving = LegPose(flex=0.0, abd=2.0, knee=knee)
    rest = LegPose(flex=0.0, abd=2.0, knee=3.0)
    left, right = _leg(side, rest, moving)
    pose = BodyPose(left=left, right=right, arm_flex=160.0, arm_abd=25.0, elbow=70.0,
                    trunk_flex=-12.0)
    return place(pose, PRONE, lambda j: (j["l_hip"] + j["r_hip"]) / 2, v(0, 0.11, 0))


def clamshell_frame(opening: float, fault: str | None, roll: float = 0.0) -> Skeleton:
    """Lying on the right side, hips and knees bent; the top (left) knee opens ``opening`` deg.

    The top thigh turns about the hip-heel axis so the heels stay together; ``heels-apart``
    lifts the top foot too, ``pelvis-rolls-back`` turns the body backwards as the knee opens.
    """
    leg = LegPose(flex=45.0, abd=0.0, knee=90.0)
    pose = BodyPose(left=leg, right=leg, arm_flex=90.0, arm_abd=0.0, elbow=90.0)
    if fault == "pelvis-rolls-back":
        roll += 0.6 * opening
    rotation = SIDE_LYING @ rot_y(math.radians(-roll))
    s = place(pose, rotation, lambda j: j["r_hip"], v(0, 0.13, 0))
    j = dict(s.joints)
    hip, ankle = j["l_hip"], j["l_ankle"]
    axis = (ankle - hip) / np.linalg.norm(ankle - hip)
    turn = _axis_rotation(axis, math.radians(opening))
    if float((turn @ (j["l_knee"] - hip))[1]) < float((j["l_knee"] - hip)[1]):
        turn = _axis_rotation(axis, -math.radians(opening))
    j["l_knee"] = hip + turn @ (j["l_knee"] - hip)
    if fault == "heels-apart":
        j["l_ankle"] = hip + turn @ (j["l_ankle"] - hip) + v(0, 0.004 * opening, 0)
        j["l_toe"] = hip + turn @ (j["l_toe"] - hip) + v(0, 0.004 * opening, 0)
    return Skeleton(j, s.face, s.head_up)


def _axis_rotation(axis: Vec, angle: float) -> Vec:
    """Rodrigues' rotation matrix about a unit axis."""
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.asarray(np.eye(3) + math.sin(angle) * k + (1 - math.cos(angle)) * (k @ k),
                      dtype=np.float64)


def stepping_frame(stance: float, knee: float, offset: Vec, valgus: float,
                   forward: tuple[float, float] = (0.0, 0.0)) -> Skeleton:
    """Standing in a mini squat, feet ``stance`` metres apart (ankle centres)."""
    abd = math.degrees(math.asin(max(-0.9, min(0.9, (stance / 2 - HIP_HALF) / (THIGH + SHANK)))))
    flex = knee * 0.55
    lf, rf = forward
    left = LegPose(flex=flex + lf, abd=abd, knee=knee)
    right = LegPose(flex=flex + rf, abd=abd, knee=knee)
    pose = BodyPose(left=left, right=right, trunk_flex=15.0, arm_flex=20.0, elbow=30.0,
                    knee_shift=(valgus, valgus), head_lift=15.0)
    return place(pose, STANDING, lambda j: (j["l_ankle"] + j["r_ankle"]) / 2,
                 offset + v(0, 0.09, 0))


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
        px = np.stack([self.width / 2 + f * cam[:, 0] / depth,
                       self.height / 2 - f * cam[:, 1] / depth], axis=1)
        return px, depth


def fit_camera(frames: Sequence[Skeleton], width: int, height: int, yaw: float, pitch: float,
               fill: float = 0.75) -> Camera:
    """A camera whose picture the figure fills to ``fill`` in its tighter direction.

    The figure's extent is measured across and up the picture (in the camera's axes), so a
    person lying along the picture fills ``fill`` of its width and a standing one ``fill`` of
    its height: the same framing a person filming from 2-4 m gives either.
    """
    sample = frames[:: max(1, len(frames) // 40)]
    pts = np.concatenate([np.stack(list(s.joints.values())) for s in sample])
    lo, hi = pts.min(axis=0) - 0.15, pts.max(axis=0) + 0.15
    target = tuple(float(x) for x in (lo + hi) / 2)
    cam = Camera(width, height, yaw, pitch, 3.0, target)  # type: ignore[arg-type]
    local = (pts - np.asarray(target)) @ cam.rotation().T
    across, up, deep = (np.ptp(local, axis=0) + 0.3).tolist()
    distance = max(cam.focal * across / (fill * width),
                   cam.focal * up / (fill * height)) + deep / 2
    return Camera(width, height, yaw, pitch, distance, target)  # type: ignore[arg-type]


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
        cv2.circle(img, (int(sc[0] - 0.2 * skin_r), int(sc[1] - 0.2 * skin_r)), int(skin_r * 0.55),
                   _shade(SKIN, 1.12), -1, cv2.LINE_AA)
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
    ("l_shoulder", "l_hip", 0.085, SHIRT), ("r_shoulder", "r_hip", 0.085, SHIRT),
    ("neck", "pelvis", 0.10, SHIRT), ("l_shoulder", "r_shoulder", 0.07, SHIRT),
    ("l_hip", "r_hip", 0.095, SHORTS), ("neck", "head_base", 0.045, SKIN),
    ("l_shoulder", "l_elbow", 0.048, SHIRT), ("r_shoulder", "r_elbow", 0.048, SHIRT),
    ("l_elbow", "l_wrist", 0.038, SKIN), ("r_elbow", "r_wrist", 0.038, SKIN),
    ("l_hip", "l_thigh_mid", 0.078, SHORTS), ("r_hip", "r_thigh_mid", 0.078, SHORTS),
    ("l_thigh_mid", "l_knee", 0.065, SKIN), ("r_thigh_mid", "r_knee", 0.065, SKIN),
    ("l_knee", "l_ankle", 0.052, SKIN), ("r_knee", "r_ankle", 0.052, SKIN),
    ("l_ankle", "l_toe", 0.045, SHOE), ("r_ankle", "r_toe", 0.045, SHOE),
)


def _capsule_drawer(img: Any, a: Vec, b: Vec, radius: float,
                    color: tuple[int, int, int]) -> Callable[[], None]:
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


def add_bystander(clip: Clip, gap: float = 0.5) -> Clip:
    """The same clip with a second person standing beside the first, facing the camera.

    The bystander stands ``gap`` metres clear of the first figure's widest reach, on the
    picture's left, shifting their weight slowly; the camera is refitted so both are in view.
    """
    cam = clip.camera
    right, _, back = cam.rotation()
    pts = np.concatenate([np.stack(list(s.joints.values())) for s in clip.frames])
    reach = float(np.min((pts - np.asarray(cam.target)) @ right))
    facing = math.atan2(float(back[0]), float(back[2]))  # turn the body's z towards the camera
    spot = np.asarray(cam.target) + right * (reach - gap - 0.3)
    others = []
    for i in range(len(clip.frames)):
        sway = 4.0 * math.sin(2 * math.pi * i / clip.fps / 3.0)
        pose = BodyPose(left=LegPose(abd=4.0 + sway), right=LegPose(abd=4.0 - sway),
                        arm_abd=10.0, elbow=15.0)
        others.append(place(pose, rot_y(facing), lambda j: (j["l_ankle"] + j["r_ankle"]) / 2,
                            v(float(spot[0]), 0.09, float(spot[2]))))
    both = [Skeleton({**a.joints, **{f"other_{k}": p for k, p in b.joints.items()}}, a.face,
                     a.head_up) for a, b in zip(clip.frames, others, strict=True)]
    fill = 0.8
    camera = fit_camera(both, cam.width, cam.height, cam.yaw, cam.pitch, fill)
    extras = {**clip.extras, "others": others}
    return Clip(clip.slug, clip.side, clip.frames, clip.fps, clip.reps, clip.faults, camera,
                extras)


def background(width: int, height: int, rng: np.random.Generator) -> Any:
    """A plain room: a wall with a soft gradient, a darker floor, a little texture."""
    tone = rng.uniform(170, 215)
    img = np.empty((height, width, 3), np.float32)
    rows = np.linspace(0, 1, height)[:, None]
    img[:] = (tone * (0.9 + 0.1 * rows))[..., None] * np.array([1.0, 0.98, 0.94])
    img[int(height * 0.72):] *= 0.7
    img += rng.normal(0, 3, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def write_video(path: Path, clip: Clip, noise: float = 0.0, seed: int = 0) -> Path:
    """Render ``clip`` to an MP4 (mp4v) file, or WebM (VP8, which browsers play) when ``path``
    ends in .webm; ``noise`` adds per-frame Gaussian sensor noise."""
    import cv2

    rng = np.random.default_rng(seed)
    cam = clip.camera
    bg = background(cam.width, cam.height, rng)
    codec = "VP80" if Path(path).suffix.lower() == ".webm" else "mp4v"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*codec), clip.fps,
                             (cam.width, cam.height))
    try:
        others: list[Skeleton] = clip.extras.get("others", [])
        for i, skeleton in enumerate(clip.frames):
            frame = render(skeleton, cam, bg, others[i:i + 1])
            if noise > 0:
                frame = np.clip(frame + rng.normal(0, noise, frame.shape), 0, 255).astype(np.uint8)
            writer.write(frame)
    finally:
        writer.release()
    return path


# The recommended camera for each exercise: (yaw, pitch) in degrees. See docs/camera.md.
VIEWS: dict[str, tuple[float, float]] = {
    "wall-squat": (90.0, 5.0),
    "glute-bridge": (0.0, 10.0),
    "vmo-lift": (0.0, 10.0),
    "hamstring-curl": (0.0, 12.0),
    "clamshell": (0.0, 30.0),
    "side-steps": (0.0, 8.0),
    # A front corner, 30 degrees: the feet's steps cross the picture instead of only moving
    # down it, and a foot landed ahead never lines up with the other in it, as it does from
    # about 55 degrees (see "The monster-walks camera" and "Feet followed from frame to
    # frame" in docs/camera.md).
    "monster-walks": (30.0, 12.0),
}


def _rep_plans(rng: np.random.Generator, reps: int, speed: float,
               faulty: dict[int, str]) -> list[RepPlan]:
    plans = []
    for n in range(1, reps + 1):
        jitter = rng.uniform(0.85, 1.15)
        plans.append(RepPlan(up=1.1 * jitter / speed, hold=0.4 / speed, down=1.2 * jitter / speed,
                             rest=0.5 / speed, fault=faulty.get(n)))
    return plans


def make_clip(slug: str, *, reps: int = 4, faulty: dict[int, str] | None = None,
              side: str = "left", speed: float = 1.0, fps: float = 30.0,
              size: tuple[int, int] = (640, 480), yaw: float = 0.0, pitch: float = 0.0,
              fill: float = 0.75, seed: int = 0) -> Clip:
    """A clip of ``reps`` repetitions (steps for the stepping exercises).

    ``faulty`` maps a 1-based rep number to the fault id that rep shows; ``yaw`` and ``pitch``
    turn the camera away from the recommended view; ``fill`` sets the figure's size.
    """
    rng = np.random.default_rng(seed)
    faulty = faulty or {}
    timeline = _timeline(_rep_plans(rng, reps, speed, faulty), fps)
    frames: list[Skeleton] = []
    extras: dict[str, Any] = {}
    truth_side = side
    if slug == "wall-squat":
        truth_side = "both"
        for phase, plan in timeline:
            fault = plan.fault if plan else None
            depth = 88.0 + (22.0 if fault == "too-deep" else 0.0)
            frames.append(wall_squat_frame(5.0 + phase * (depth - 5.0), fault))
    elif slug == "glute-bridge":
        truth_side = "both"
        frames = [glute_bridge_frame(phase, plan.fault if plan else None)
                  for phase, plan in timeline]
    elif slug == "vmo-lift":
        for phase, plan in timeline:
            fault = plan.fault if plan else None
            top = 22.0 if fault == "low-lift" else 45.0
            frames.append(vmo_lift_frame(side, phase * top, fault))
    elif slug == "hamstring-curl":
        for phase, plan in timeline:
            fault = plan.fault if plan else None
            top = 60.0 if fault == "partial-range" else 110.0
            frames.append(hamstring_curl_frame(side, 5.0 + phase * (top - 5.0), fault))
    elif slug == "clamshell":
        truth_side = "left"
        frames = [clamshell_frame(phase * 45.0, plan.fault if plan else None)
                  for phase, plan in timeline]
    elif slug in ("side-steps", "monster-walks"):
        steps = _step_plans(rng, reps, speed, faulty)
        # The set is active from the first step's start to the last step's end (0.8 s lead-in).
        extras["active_s"] = (0.8, 0.8 + sum(p.duration for p in steps) - steps[-1].rest)
        if slug == "side-steps":
            frames = _side_step_frames(_step_timeline(steps, fps), side)
        else:
            truth_side = "both"
            frames = _monster_frames(_step_timeline(steps, fps))
    else:
        raise ValueError(f"unknown exercise {slug}")
    base_yaw, base_pitch = VIEWS[slug]
    camera = fit_camera(frames, size[0], size[1], base_yaw + yaw, base_pitch + pitch, fill)
    return Clip(slug, truth_side, frames, fps, reps,
                [(f, n) for n, f in sorted(faulty.items())], camera, extras)


def _step_plans(rng: np.random.Generator, steps: int, speed: float,
                faulty: dict[int, str]) -> list[RepPlan]:
    """Steps are quicker than the strength reps: about 1.3-1.8 s each at speed 1."""
    plans = []
    for n in range(1, steps + 1):
        jitter = rng.uniform(0.85, 1.15)
        plans.append(RepPlan(up=0.55 * jitter / speed, hold=0.15 / speed,
                             down=0.55 * jitter / speed, rest=0.3 / speed, fault=faulty.get(n)))
    return plans


def _step_timeline(plans: Sequence[RepPlan], fps: float, lead_in: float = 0.8,
                   tail: float = 0.8) -> list[tuple[float, float, RepPlan | None]]:
    """Per frame: (opening 0..1, closing 0..1, plan) of the step under way.

    Opening runs over the plan's ``up``, closing over its ``down``; both are 1 once done, and
    (0, 0) outside any step.
    """
    total = lead_in + sum(p.duration for p in plans) + tail
    out: list[tuple[float, float, RepPlan | None]] = []
    for i in range(int(total * fps)):
        t = i / fps - lead_in
        found: tuple[float, float, RepPlan | None] = (0.0, 0.0, None)
        for plan in plans:
            if 0 <= t < plan.duration:
                opening = smooth01(t / plan.up)
                closing = smooth01((t - plan.up - plan.hold) / plan.down)
                found = (opening, closing, plan)
                break
            t -= plan.duration
        out.append(found)
    return out


SIDE_STEP_NARROW, SIDE_STEP_WIDE, FEET_TOGETHER_M = 0.34, 0.62, 0.12


def _side_step_frames(timeline: list[tuple[float, float, RepPlan | None]],
                      side: str) -> list[Skeleton]:
    """Each step: the leading foot steps out (gap widens), then the trailing foot follows.

    The feet stay where they were put: the leading foot moves while the gap opens and stands
    while the trailing foot closes it, so the figure travels a step's width per step and never
    jumps. ``band-slack`` lets the trailing foot come in until the feet nearly touch.
    """
    direction = 1.0 if side == "left" else -1.0  # the person's left is world +X
    trail = -SIDE_STEP_NARROW / 2  # along the direction of travel, metres
    start_gap = end_gap = SIDE_STEP_NARROW
    frames = []
    previous: RepPlan | None = None
    for opening, closing, plan in timeline:
        if plan is not previous:
            if previous is not None:
                trail += SIDE_STEP_WIDE - end_gap  # the lead foot stands, the trail follows
                start_gap = end_gap
            previous = plan
        fault = plan.fault if plan else None
        end_gap = FEET_TOGETHER_M if fault == "band-slack" else SIDE_STEP_NARROW
        if plan is None:
            stance, lead = start_gap, trail + start_gap
        else:
            lead = trail + start_gap + opening * (SIDE_STEP_WIDE - start_gap)
            stance = (start_gap + opening * (SIDE_STEP_WIDE - start_gap)
                      - closing * (SIDE_STEP_WIDE - end_gap))
        centre = lead - stance / 2
        valgus = 0.07 * opening * (1 - closing) if fault == "knee-valgus" else 0.0
        frames.append(stepping_frame(stance, 35.0, v(direction * centre, 0, 0), valgus))
    return frames


MONSTER_STEP, MONSTER_STANCE = 0.32, 0.44


def _monster_frames(timeline: list[tuple[float, float, RepPlan | None]]) -> list[Skeleton]:
    """Walking towards the camera in a wide half squat, one foot passing the other each step.

    Each step the back foot swings past the standing one and lands ``MONSTER_STEP`` ahead of
    it (over the plan's up, hold and down, lifted a little mid-swing); the feet stand still
    between steps and the pelvis stays midway between them.
    """
    frames = []
    feet = [0.0, 0.0]  # z of the left and right foot, metres (towards the camera)
    moving = 1  # flips before the first step: the left foot steps first
    previous: RepPlan | None = None
    swing_from, swing = 0.0, 0.0
    for opening, closing, plan in timeline:
        if plan is not previous:
            if previous is not None:
                feet[moving] = swing_from + swing
            if plan is not None:
                moving = 1 - moving
                swing_from = feet[moving]
                swing = feet[1 - moving] + MONSTER_STEP - feet[moving]
            previous = plan
        fault = plan.fault if plan else None
        valgus = 0.07 * opening * (1 - closing) if fault == "knee-valgus" else 0.0
        z = list(feet)
        half = [MONSTER_STANCE / 2, MONSTER_STANCE / 2]
        lift = 0.0
        if plan is not None:
            progress = 0.5 * (opening + closing)
            z[moving] = swing_from + progress * swing
            lift = math.sin(math.pi * progress)
            if fault == "feet-narrow":
                # The swinging foot cuts in towards the standing one as it passes (the band
                # goes slack), then lands wide again: a gradual path, as a person moves.
                inward = MONSTER_STANCE - FEET_TOGETHER_M
                half[moving] -= inward * opening * (1 - closing)
        frames.append(_monster_frame(half, z, valgus, moving if plan else None, lift))
    return frames


def _monster_frame(half_stance: list[float], feet_z: list[float], valgus: float,
                   moving: int | None, lift: float) -> Skeleton:
    """One frame of a monster walk: the lower foot stands on the floor. ``half_stance``: each
    foot's sideways distance from the body's midline, metres (left, right)."""
    knee, pelvis = 30.0, (feet_z[0] + feet_z[1]) / 2
    legs = []
    for k in (0, 1):
        reach_out = (half_stance[k] - HIP_HALF) / (THIGH + SHANK)
        abd = math.degrees(math.asin(max(-0.9, min(0.9, reach_out))))
        reach = math.degrees(math.asin(max(-0.9, min(0.9, (feet_z[k] - pelvis) / (THIGH + SHANK)))))
        swing = lift if k == moving else 0.0
        legs.append(LegPose(flex=knee * 0.55 + reach + 12.0 * swing, abd=abd,
                            knee=knee + 25.0 * swing))
    pose = BodyPose(left=legs[0], right=legs[1], trunk_flex=15.0, arm_flex=20.0, elbow=30.0,
                    knee_shift=(valgus, valgus), head_lift=15.0)

    def anchor(j: dict[str, Vec]) -> Vec:
        hips = (j["l_hip"] + j["r_hip"]) / 2
        return v(float(hips[0]), min(float(j["l_ankle"][1]), float(j["r_ankle"][1])),
                 float(hips[2]))

    return place(pose, STANDING, anchor, v(0, 0.09, pelvis))
