"""A ``Track``: the pose model's frames stacked into landmark time series, the body's and the
legs' left and right relabelled where the model swapped them, the gaps filled and smoothed.

Everything here is numpy (and scipy's filter) over the landmarks; no pose model is needed, so it
is unit-tested on synthetic landmark sequences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from kneecoach.motion.pose import N_LANDMARKS, FramePose
from kneecoach.motion.pose import Landmark as L

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Track:
    """Smoothed landmarks over time: ``image`` (T, 33, 2) px, ``visibility`` (T, 33), ``t`` (T,) s.

    ``present`` marks the frames where the model found the person; the others are filled in by
    linear interpolation (and their visibility is 0).
    """

    t: Array
    image: Array
    visibility: Array
    present: NDArray[np.bool_]

    def point(self, landmark: int) -> Array:
        return self.image[:, landmark, :]

    def mid(self, a: int, b: int) -> Array:
        return (self.image[:, a, :] + self.image[:, b, :]) / 2


def build_track(
    times: Sequence[float],
    poses: Sequence[FramePose | None],
    smooth_s: float = 0.3,
    *,
    legs_cross: bool = False,
) -> Track:
    """Stack per-frame poses, fill the gaps and smooth each coordinate (Savitzky-Golay).

    The window is ``smooth_s`` seconds (odd, at least 5 frames) and the polynomial order 2: it
    removes the frame-to-frame jitter of the landmarks without flattening the peak of a rep the
    way a moving average does. ``legs_cross``: the exercise moves one foot past the other, so
    the legs' labels are followed from frame to frame first (``follow_legs``).
    """
    from scipy.signal import savgol_filter

    n = len(poses)
    image = np.zeros((n, N_LANDMARKS, 2))
    vis = np.zeros((n, N_LANDMARKS))
    present = np.array([p is not None for p in poses], dtype=bool)
    for i, p in enumerate(poses):
        if p is not None:
            image[i], vis[i] = p.image, p.visibility
    t = np.asarray(times, dtype=np.float64)
    image, vis = unswap_left_right(image, vis, present)
    if legs_cross:
        image, vis = follow_legs(image, vis, present)
    if present.any() and not present.all():
        idx = np.flatnonzero(present)
        for k in range(N_LANDMARKS):
            for c in range(2):
                image[:, k, c] = np.interp(t, t[idx], image[idx, k, c])
    if n >= 5:
        dt = float(np.median(np.diff(t))) if n > 1 else 1.0
        window = max(5, round(smooth_s / max(dt, 1e-6)) | 1)
        window = min(window, n if n % 2 else n - 1)
        if window >= 5:
            image = savgol_filter(image, window, 2, axis=0)
    return Track(t, image, vis, present)


# Every left landmark and its right twin (BlazePose numbering).
MIRROR = np.array(
    [
        0,
        4,
        5,
        6,
        1,
        2,
        3,
        8,
        7,
        10,
        9,
        12,
        11,
        14,
        13,
        16,
        15,
        18,
        17,
        20,
        19,
        22,
        21,
        24,
        23,
        26,
        25,
        28,
        27,
        30,
        29,
        32,
        31,
    ]
)
FACING_MIN = 0.25  # |torso x hip line| over torso length x hip width: the frame shows the front


def facing(image: Array) -> Array:
    """Per frame: +1 seen from the front, -1 from the back, 0 when it cannot tell (side view).

    The sign of the 2D cross product of the hip-to-shoulder line and the right-to-left hip
    line: facing the camera, the person's left hip is on the picture's right.
    """
    shoulders = (image[:, L.LEFT_SHOULDER] + image[:, L.RIGHT_SHOULDER]) / 2
    hips_mid = (image[:, L.LEFT_HIP] + image[:, L.RIGHT_HIP]) / 2
    up = shoulders - hips_mid
    across = image[:, L.LEFT_HIP] - image[:, L.RIGHT_HIP]
    cross = up[:, 0] * across[:, 1] - up[:, 1] * across[:, 0]
    torso = np.linalg.norm(up, axis=-1)
    width = float(np.median(np.linalg.norm(across, axis=-1))) + 1e-6
    strength = cross / (torso * width + 1e-6)
    return np.where(np.abs(strength) >= FACING_MIN, np.sign(strength), 0.0)


def unswap_left_right(image: Array, vis: Array, present: NDArray[np.bool_]) -> tuple[Array, Array]:
    """Relabel frames where the model swapped the whole body's left and right.

    BlazePose sometimes reads a person facing the camera as seen from the back (or the
    reverse) for a frame or a few: every left landmark then sits on the right. Smoothing over
    such a swap averages the two legs together, so before smoothing, frames whose facing is
    opposite to the clip's usual facing get their left and right landmarks exchanged. Side
    views (facing 0) are left alone; a person who really turns round mid-clip is relabelled
    to the usual facing (none of the exercises turns round).
    """
    if not present.any():
        return image, vis
    face = facing(image)
    usual = float(np.sign(np.sum(face[present])))
    if usual == 0:
        return image, vis
    flip = present & (face == -usual)
    image, vis = image.copy(), vis.copy()
    image[flip] = image[flip][:, MIRROR]
    vis[flip] = vis[flip][:, MIRROR]
    return image, vis


LEG = {
    "left": (L.LEFT_SHOULDER, L.LEFT_HIP, L.LEFT_KNEE, L.LEFT_ANKLE),
    "right": (L.RIGHT_SHOULDER, L.RIGHT_HIP, L.RIGHT_KNEE, L.RIGHT_ANKLE),
}


FOOT = {
    "left": (L.LEFT_ANKLE, L.LEFT_HEEL, L.LEFT_FOOT),
    "right": (L.RIGHT_ANKLE, L.RIGHT_HEEL, L.RIGHT_FOOT),
}


# The legs below the hips (knee, ankle, heel, toe), left and right (BlazePose numbering).
LOWER_LEFT = [L.LEFT_KNEE, L.LEFT_ANKLE, L.LEFT_HEEL, L.LEFT_FOOT]
LOWER_RIGHT = [L.RIGHT_KNEE, L.RIGHT_ANKLE, L.RIGHT_HEEL, L.RIGHT_FOOT]
# What relabelling one frame's legs costs, in leg lengths of the feet's movement it must save.
# The model's own labels are trusted unless keeping them makes the feet jump: an exchange of
# labels between two feet standing apart saves their whole distance, twice, while jitter saves
# a few hundredths. Measured on the monster-walks clips: 0.005-0.02 count alike, 0.05 is too
# stiff for one clip (docs/camera.md, "Feet followed from frame to frame").
LEG_SWAP_COST = 0.02


def follow_legs(image: Array, vis: Array, present: NDArray[np.bool_]) -> tuple[Array, Array]:
    """Relabel frames where the model swapped the two legs (and only the legs).

    When one foot passes the other, or the feet line up in the picture from a diagonal camera,
    BlazePose sometimes calls the left foot the right one for a few frames, or flips back and
    forth, while the two feet stand still. Smoothed, such frames read as both feet moving, and
    the step counter sees steps that nobody took. Each frame's leg labels are either kept or
    exchanged, chosen for the whole clip at once (a two-state Viterbi path) so that the feet
    move as little as possible from frame to frame, with ``LEG_SWAP_COST`` per exchanged frame
    so the model's labels stand wherever the movement does not say otherwise. A frame-by-frame
    greedy choice was tried first: one wrong choice where the feet overlap then carries on.
    """
    idx = np.flatnonzero(present)
    if len(idx) < 3:
        return image, vis
    feet = [image[idx][:, list(FOOT[side]), :].mean(axis=1) for side in ("left", "right")]
    legs = [
        np.linalg.norm(image[idx, LEG[side][1]] - image[idx, LEG[side][3]], axis=-1)
        for side in ("left", "right")
    ]
    unit = float(np.median(np.maximum(legs[0], legs[1]))) + 1e-6
    labelled = np.stack(feet, axis=1)  # (K, 2 feet, 2)
    options = (labelled, labelled[:, ::-1])  # as the model labels them, exchanged
    # moves[k, q, s]: how far the feet move from frame k-1 in state q to frame k in state s
    moves = np.zeros((len(idx), 2, 2))
    for q in (0, 1):
        for s in (0, 1):
            step = options[s][1:] - options[q][:-1]
            moves[1:, q, s] = np.linalg.norm(step, axis=-1).sum(axis=-1) / unit
    exchange = np.array([0.0, LEG_SWAP_COST])
    cost = exchange.copy()
    came_from = np.zeros((len(idx), 2), dtype=np.int64)
    for k in range(1, len(idx)):
        through = cost[:, None] + moves[k]  # (from state, to state)
        came_from[k] = np.argmin(through, axis=0)
        cost = through[came_from[k], (0, 1)] + exchange
    state = np.zeros(len(idx), dtype=np.int64)
    state[-1] = int(np.argmin(cost))
    for k in range(len(idx) - 1, 0, -1):
        state[k - 1] = came_from[k, state[k]]
    flipped = idx[state == 1]
    if flipped.size == 0:
        return image, vis
    image, vis = image.copy(), vis.copy()
    lower = LOWER_LEFT + LOWER_RIGHT
    image[np.ix_(flipped, lower)] = image[np.ix_(flipped, LOWER_RIGHT + LOWER_LEFT)]
    vis[np.ix_(flipped, lower)] = vis[np.ix_(flipped, LOWER_RIGHT + LOWER_LEFT)]
    return image, vis
