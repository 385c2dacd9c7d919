"""A small software renderer of a shaded human figure doing the seven exercises.

No labelled exercise videos can be downloaded here, so the camera coach is evaluated on clips
rendered from known joint trajectories: the repetitions, the depth of each one and the faults
are known exactly (see docs/camera.md for what this does and does not prove). The figure is a
set of shaded capsules (skin, T-shirt, shorts, shoes) with a head that carries hair and a face,
drawn far-to-near with OpenCV; the pose model has to find it like a person.

The figure's body and its poses are in ``figure``, the camera and the drawing in ``render``;
this module times the repetitions into clips and writes them as videos.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from tests.support.figure import (
    HIP_HALF,
    SHANK,
    STANDING,
    THIGH,
    BodyPose,
    LegPose,
    Skeleton,
    Vec,
    clamshell_frame,
    glute_bridge_frame,
    hamstring_curl_frame,
    place,
    rot_y,
    stepping_frame,
    v,
    vmo_lift_frame,
    wall_squat_frame,
)
from tests.support.render import Camera, background, fit_camera, render


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
        pose = BodyPose(
            left=LegPose(abd=4.0 + sway), right=LegPose(abd=4.0 - sway), arm_abd=10.0, elbow=15.0
        )
        others.append(
            place(
                pose,
                rot_y(facing),
                lambda j: (j["l_ankle"] + j["r_ankle"]) / 2,
                v(float(spot[0]), 0.09, float(spot[2])),
            )
        )
    both = [
        Skeleton({**a.joints, **{f"other_{k}": p for k, p in b.joints.items()}}, a.face, a.head_up)
        for a, b in zip(clip.frames, others, strict=True)
    ]
    fill = 0.8
    camera = fit_camera(both, cam.width, cam.height, cam.yaw, cam.pitch, fill)
    extras = {**clip.extras, "others": others}
    return Clip(clip.slug, clip.side, clip.frames, clip.fps, clip.reps, clip.faults, camera, extras)


def write_video(path: Path, clip: Clip, noise: float = 0.0, seed: int = 0) -> Path:
    """Render ``clip`` to an MP4 (mp4v) file, or WebM (VP8, which browsers play) when ``path``
    ends in .webm; ``noise`` adds per-frame Gaussian sensor noise."""
    import cv2

    rng = np.random.default_rng(seed)
    cam = clip.camera
    bg = background(cam.width, cam.height, rng)
    codec = "VP80" if Path(path).suffix.lower() == ".webm" else "mp4v"
    writer = cv2.VideoWriter(
        str(path), cv2.VideoWriter.fourcc(*codec), clip.fps, (cam.width, cam.height)
    )
    try:
        others: list[Skeleton] = clip.extras.get("others", [])
        for i, skeleton in enumerate(clip.frames):
            frame = render(skeleton, cam, bg, others[i : i + 1])
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


def _rep_plans(
    rng: np.random.Generator, reps: int, speed: float, faulty: dict[int, str]
) -> list[RepPlan]:
    plans = []
    for n in range(1, reps + 1):
        jitter = rng.uniform(0.85, 1.15)
        plans.append(
            RepPlan(
                up=1.1 * jitter / speed,
                hold=0.4 / speed,
                down=1.2 * jitter / speed,
                rest=0.5 / speed,
                fault=faulty.get(n),
            )
        )
    return plans


def make_clip(
    slug: str,
    *,
    reps: int = 4,
    faulty: dict[int, str] | None = None,
    side: str = "left",
    speed: float = 1.0,
    fps: float = 30.0,
    size: tuple[int, int] = (640, 480),
    yaw: float = 0.0,
    pitch: float = 0.0,
    fill: float = 0.75,
    seed: int = 0,
) -> Clip:
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
        frames = [
            glute_bridge_frame(phase, plan.fault if plan else None) for phase, plan in timeline
        ]
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
        frames = [
            clamshell_frame(phase * 45.0, plan.fault if plan else None) for phase, plan in timeline
        ]
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
    return Clip(
        slug,
        truth_side,
        frames,
        fps,
        reps,
        [(f, n) for n, f in sorted(faulty.items())],
        camera,
        extras,
    )


def _step_plans(
    rng: np.random.Generator, steps: int, speed: float, faulty: dict[int, str]
) -> list[RepPlan]:
    """Steps are quicker than the strength reps: about 1.3-1.8 s each at speed 1."""
    plans = []
    for n in range(1, steps + 1):
        jitter = rng.uniform(0.85, 1.15)
        plans.append(
            RepPlan(
                up=0.55 * jitter / speed,
                hold=0.15 / speed,
                down=0.55 * jitter / speed,
                rest=0.3 / speed,
                fault=faulty.get(n),
            )
        )
    return plans


def _step_timeline(
    plans: Sequence[RepPlan], fps: float, lead_in: float = 0.8, tail: float = 0.8
) -> list[tuple[float, float, RepPlan | None]]:
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


def _side_step_frames(
    timeline: list[tuple[float, float, RepPlan | None]], side: str
) -> list[Skeleton]:
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
            stance = (
                start_gap
                + opening * (SIDE_STEP_WIDE - start_gap)
                - closing * (SIDE_STEP_WIDE - end_gap)
            )
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


def _monster_frame(
    half_stance: list[float], feet_z: list[float], valgus: float, moving: int | None, lift: float
) -> Skeleton:
    """One frame of a monster walk: the lower foot stands on the floor. ``half_stance``: each
    foot's sideways distance from the body's midline, metres (left, right)."""
    knee, pelvis = 30.0, (feet_z[0] + feet_z[1]) / 2
    legs = []
    for k in (0, 1):
        reach_out = (half_stance[k] - HIP_HALF) / (THIGH + SHANK)
        abd = math.degrees(math.asin(max(-0.9, min(0.9, reach_out))))
        reach = math.degrees(math.asin(max(-0.9, min(0.9, (feet_z[k] - pelvis) / (THIGH + SHANK)))))
        swing = lift if k == moving else 0.0
        legs.append(
            LegPose(flex=knee * 0.55 + reach + 12.0 * swing, abd=abd, knee=knee + 25.0 * swing)
        )
    pose = BodyPose(
        left=legs[0],
        right=legs[1],
        trunk_flex=15.0,
        arm_flex=20.0,
        elbow=30.0,
        knee_shift=(valgus, valgus),
        head_lift=15.0,
    )

    def anchor(j: dict[str, Vec]) -> Vec:
        hips = (j["l_hip"] + j["r_hip"]) / 2
        return v(
            float(hips[0]), min(float(j["l_ankle"][1]), float(j["r_ankle"][1])), float(hips[2])
        )

    return place(pose, STANDING, anchor, v(0, 0.09, pelvis))
