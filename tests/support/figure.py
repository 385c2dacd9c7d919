"""The synthetic figure's body: joint positions from a pose, and one pose per exercise.

Coordinates: metres, Y up, floor at y = 0. ``Skeleton`` holds the joint centres; the ground
truth angles are computed from the same points with the same formulas as the analysis. The
clips (``synthetic``) animate these poses; ``render`` draws them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Vec = NDArray[np.float64]

THIGH, SHANK, FOOT = 0.44, 0.43, 0.19
TORSO, NECK, HEAD_R = 0.50, 0.10, 0.105
HIP_HALF, SHOULDER_HALF = 0.095, 0.185
UPPER_ARM, FOREARM = 0.30, 0.27


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


def place(
    pose: BodyPose, rotation: Vec, anchor: str | Callable[[dict[str, Vec]], Vec], at: Vec
) -> Skeleton:
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
    pose = BodyPose(
        left=left, right=right, arm_flex=160.0, arm_abd=25.0, elbow=70.0, trunk_flex=-12.0
    )
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
    return np.asarray(
        np.eye(3) + math.sin(angle) * k + (1 - math.cos(angle)) * (k @ k), dtype=np.float64
    )


def stepping_frame(
    stance: float,
    knee: float,
    offset: Vec,
    valgus: float,
    forward: tuple[float, float] = (0.0, 0.0),
) -> Skeleton:
    """Standing in a mini squat, feet ``stance`` metres apart (ankle centres)."""
    abd = math.degrees(math.asin(max(-0.9, min(0.9, (stance / 2 - HIP_HALF) / (THIGH + SHANK)))))
    flex = knee * 0.55
    lf, rf = forward
    left = LegPose(flex=flex + lf, abd=abd, knee=knee)
    right = LegPose(flex=flex + rf, abd=abd, knee=knee)
    pose = BodyPose(
        left=left,
        right=right,
        trunk_flex=15.0,
        arm_flex=20.0,
        elbow=30.0,
        knee_shift=(valgus, valgus),
        head_lift=15.0,
    )
    return place(
        pose, STANDING, lambda j: (j["l_ankle"] + j["r_ankle"]) / 2, offset + v(0, 0.09, 0)
    )
