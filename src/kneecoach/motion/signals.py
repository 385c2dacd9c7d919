"""Measurements over a ``Track``: joint angles, the body's widths and lengths, which way it
faces the camera, frames where the model glitched, and the feet's speeds.

Everything here is numpy over a ``Track`` (T frames x 33 landmarks) and needs no pose model, so
it is unit-tested on synthetic landmark sequences.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from kneecoach.motion.pose import Landmark as L
from kneecoach.motion.track import FOOT, LEG, Array, Track


def angle(a: Array, b: Array, c: Array) -> Array:
    """The angle ABC in degrees for each frame (180 = straight)."""
    u, w = a - b, c - b
    cos = np.sum(u * w, axis=-1) / (np.linalg.norm(u, axis=-1) * np.linalg.norm(w, axis=-1) + 1e-9)
    return np.asarray(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))), dtype=np.float64)


def knee_flexion(track: Track, side: str) -> Array:
    """Knee flexion (0 = straight) from hip, knee and ankle in the image (a side view)."""
    _, hip, knee, ankle = LEG[side]
    return 180.0 - angle(track.point(hip), track.point(knee), track.point(ankle))


def straight_leg_lift(track: Track, side: str) -> Array:
    """How far a straight leg is lifted: 180 minus the shoulder-hip-ankle angle."""
    shoulder, hip, _, ankle = LEG[side]
    return 180.0 - angle(track.point(shoulder), track.point(hip), track.point(ankle))


def hip_line(track: Track, side: str) -> Array:
    """Shoulder-hip-knee angle, above 180 when the hip rises over the shoulder-knee line."""
    shoulder, hip, knee, _ = LEG[side]
    s, h, k = track.point(shoulder), track.point(hip), track.point(knee)
    inner = angle(s, h, k)
    dx = k[:, 0] - s[:, 0]
    safe = np.where(np.abs(dx) < 1e-6, 1e-6, dx)
    y_line = s[:, 1] + (k[:, 1] - s[:, 1]) * (h[:, 0] - s[:, 0]) / safe
    above = h[:, 1] < y_line  # image y points down
    return np.where(above, 360.0 - inner, inner)


def hip_width(track: Track) -> Array:
    return np.asarray(
        np.linalg.norm(track.point(L.LEFT_HIP) - track.point(L.RIGHT_HIP), axis=-1) + 1e-6
    )


def thigh_length(track: Track) -> float:
    lengths = [
        np.linalg.norm(track.point(LEG[s][1]) - track.point(LEG[s][2]), axis=-1)
        for s in ("left", "right")
    ]
    return float(np.median(np.maximum(lengths[0], lengths[1]))) + 1e-6


def knee_medial_shift(track: Track, side: str) -> Array:
    """How far the knee sits inside the hip-ankle line, in half shoulder widths (front view).

    Positive means valgus (knee inside the line).

    A 2D frontal-plane measure (like the frontal plane projection angle): coaching feedback
    only, because 2D frontal knee angles agree poorly with 3D (Schurr et al. 2017).
    """
    _, hip, knee, ankle = LEG[side]
    h, k, a = track.point(hip), track.point(knee), track.point(ankle)
    frac = np.clip((k[:, 1] - h[:, 1]) / (a[:, 1] - h[:, 1] + 1e-6), 0.0, 1.0)
    line_x = h[:, 0] + frac * (a[:, 0] - h[:, 0])
    centre_x = (track.point(L.LEFT_HIP)[:, 0] + track.point(L.RIGHT_HIP)[:, 0]) / 2
    outward = np.sign(line_x - centre_x)
    return np.asarray((line_x - k[:, 0]) * outward / (0.5 * shoulder_width(track)))


def shoulder_width(track: Track) -> float:
    """Median shoulder spread in pixels (steadier than the hips' in a front view)."""
    d = np.linalg.norm(track.point(L.LEFT_SHOULDER) - track.point(L.RIGHT_SHOULDER), axis=-1)
    return float(np.median(d)) + 1e-6


def foot_point(track: Track, side: str) -> Array:
    """The foot's centre: the mean of ankle, heel and toe (steadier than the ankle alone)."""
    return np.asarray(np.mean(track.image[:, list(FOOT[side]), :], axis=1))


def stance_width(track: Track) -> Array:
    """Sideways distance between the feet, in shoulder widths (front view).

    Only the horizontal distance: a camera turned away from the front shrinks the feet's and
    the shoulders' spread alike, so the ratio holds.
    """
    gap = np.abs(foot_point(track, "left")[:, 0] - foot_point(track, "right")[:, 0])
    spread = np.abs(track.point(L.LEFT_SHOULDER)[:, 0] - track.point(L.RIGHT_SHOULDER)[:, 0])
    return np.asarray(gap / (float(np.median(spread)) + 1e-6))


def shoulders_across(track: Track) -> float:
    """The shoulders' spread in the picture over the torso's length (median over the clip).

    About 0.8 seen square from the front, 0.6 from 45 degrees, 0.45 from 60, 0.3 from 70 and
    under 0.1 from the side (the rendered figure's true joints; the pose model reads the same).
    """
    shoulders = np.linalg.norm(
        track.point(L.LEFT_SHOULDER) - track.point(L.RIGHT_SHOULDER), axis=-1
    )
    torso = np.linalg.norm(
        track.mid(L.LEFT_SHOULDER, L.RIGHT_SHOULDER) - track.mid(L.LEFT_HIP, L.RIGHT_HIP), axis=-1
    )
    return float(np.median(shoulders[track.present] / (torso[track.present] + 1e-6)))


def view_of(track: Track) -> str:
    """ "front" when the shoulders are spread across the picture, "side" when they overlap."""
    return "front" if shoulders_across(track) > 0.45 else "side"


def torso_tilt(track: Track) -> float:
    """Median angle of the hip-to-shoulder line from the image vertical, degrees (0 = upright)."""
    d = track.mid(L.LEFT_SHOULDER, L.RIGHT_SHOULDER) - track.mid(L.LEFT_HIP, L.RIGHT_HIP)
    tilt = np.degrees(np.arctan2(np.abs(d[:, 0]), -d[:, 1]))
    return float(np.median(tilt[track.present]))


def odd_frames(seconds: float, t: Array) -> int:
    """How many frames of ``t`` make ``seconds``, odd (centred on a frame) and at least 3."""
    return max(3, round(seconds / float(np.median(np.diff(t)))) | 1)


def despike(signal: Array, seconds: float = 0.0, t: Array | None = None, kernel: int = 5) -> Array:
    """A running median: removes one- or two-frame glitches (a lost or swapped leg)."""
    from scipy.signal import medfilt

    if seconds > 0 and t is not None and len(t) > 1:
        kernel = odd_frames(seconds, t)
    if len(signal) < kernel:
        return signal
    return np.asarray(medfilt(signal, kernel), dtype=np.float64)


# Shoulders or hips spread under 60% of the clip's median: a collapsed body. Flickering between
# the two reads, the model also gives frames a little narrow (60-70%) with the feet right, and
# bridging those too (the bar was 70%) lost whole steps; lower bars let collapsed frames
# through and add steps. Side-steps clips exact, of 90: 77 at 70%, 84 at 60% and at 55%, 81
# at 50%, 83 at 45% (docs/camera.md, "Feet followed from frame to frame"; measured before side
# steps kept a collapsed frame's wider feet and took the widest reading nearby).
WHOLE_SPREAD = 0.6


def whole_body_frames(track: Track, share: float = WHOLE_SPREAD) -> NDArray[np.bool_]:
    """Frames where a person facing the camera reads as a whole body (True).

    Seen from the front, BlazePose now and then flips between reading the figure from the
    front and from the back; on the way it puts both shoulders, both hips and both feet on
    top of each other for a few frames, or for seconds. A person side-stepping faces the
    camera throughout, so a frame whose shoulders' or hips' sideways spread falls under
    ``share`` of the clip's median is the model's, not the person's (unlike
    ``steady_frames``, the reference is the whole clip: a collapse lasting longer than a
    running median's window would become its own reference).
    """
    good = track.present.copy()
    for a, b in ((L.LEFT_SHOULDER, L.RIGHT_SHOULDER), (L.LEFT_HIP, L.RIGHT_HIP)):
        spread = np.abs(track.point(a)[:, 0] - track.point(b)[:, 0])
        good &= spread >= share * float(np.median(spread[track.present]))
    return np.asarray(good, dtype=bool)


def widest_nearby(signal: Array, t: Array, seconds: float = 0.2) -> Array:
    """Each frame's value raised to the highest within ``seconds`` around it (odd, at least 3
    frames): a running maximum.

    For a distance between two landmarks the pose model's short glitches read short, not
    long: flipping between reading a person from the front and from the back, it puts the
    feet on top of each other for a frame or two between frames that read them right. Taking
    the widest reading near each frame keeps those right frames and drops the dips.
    """
    from scipy.ndimage import maximum_filter1d

    if len(t) < 2:
        return signal
    return np.asarray(
        maximum_filter1d(signal, odd_frames(seconds, t), mode="nearest"), dtype=np.float64
    )


STEADY_JUMP = 0.3  # torso centre this many shoulder widths off its running median: a glitch
STEADY_SPREAD = 0.35  # shoulder or hip spread off its running median by this share: a glitch


def running_median(signal: Array, t: Array, seconds: float) -> Array:
    """A centred running median over ``seconds`` (per column for 2D input)."""
    if signal.ndim == 2:
        return np.stack(
            [running_median(signal[:, k], t, seconds) for k in range(signal.shape[1])], axis=1
        )
    return despike(signal, seconds=seconds, t=t)


def steady_frames(track: Track, seconds: float = 0.7) -> NDArray[np.bool_]:
    """Frames where the model's body holds together (True) rather than glitching (False).

    On a standing person seen from the front, BlazePose now and then loses the figure for a few
    frames: the torso jumps sideways or the shoulders or hips collapse together, and the feet
    with them. Such a frame is judged against the clip's own running median (``seconds`` wide)
    in the person's own shoulder widths, so the test holds at any size or distance.
    """
    t = track.t
    centre = (track.mid(L.LEFT_SHOULDER, L.RIGHT_SHOULDER) + track.mid(L.LEFT_HIP, L.RIGHT_HIP)) / 2
    unit = shoulder_width(track)
    jump = np.linalg.norm(centre - running_median(centre, t, seconds), axis=-1) / unit
    good = jump < STEADY_JUMP
    for a, b in ((L.LEFT_SHOULDER, L.RIGHT_SHOULDER), (L.LEFT_HIP, L.RIGHT_HIP)):
        spread = np.linalg.norm(track.point(a) - track.point(b), axis=-1)
        usual = running_median(spread, t, seconds) + 1e-6
        good &= np.abs(spread / usual - 1.0) < STEADY_SPREAD
    return np.asarray(good & track.present, dtype=bool)


def bridge(signal: Array, good: NDArray[np.bool_], t: Array) -> Array:
    """``signal`` with the frames that are not ``good`` replaced by interpolation."""
    if good.all() or good.sum() < 2:
        return signal
    if signal.ndim == 2:
        return np.stack([bridge(signal[:, k], good, t) for k in range(signal.shape[1])], axis=1)
    return np.asarray(np.interp(t, t[good], signal[good]), dtype=np.float64)


def leg_lengths(track: Track, seconds: float = 1.0) -> Array:
    """Per frame, the longer-looking leg's hip-to-ankle distance (px), running median.

    The body's own scale frame by frame: a person walking towards the camera grows in the
    picture, and a size measured once per clip would read that growth as movement.
    """
    lengths = [
        np.linalg.norm(track.point(LEG[s][1]) - track.point(LEG[s][3]), axis=-1)
        for s in ("left", "right")
    ]
    return running_median(np.maximum(lengths[0], lengths[1]), track.t, seconds) + 1e-6


def foot_speeds(track: Track, good: NDArray[np.bool_]) -> Array:
    """(T, 2): the left and right foot's speed in the picture, leg lengths per second.

    The camera stands still, so the foot a person stands on hardly moves in the picture and
    the swinging one does, from any camera angle. Glitch frames are bridged over first; the
    scale is the person's own leg length frame by frame.
    """
    scale = leg_lengths(track)
    speeds = []
    for side in ("left", "right"):
        where = bridge(foot_point(track, side), good, track.t)
        velocity = np.gradient(where, track.t, axis=0)
        speeds.append(np.linalg.norm(velocity, axis=-1) / scale)
    return np.stack(speeds, axis=1)
