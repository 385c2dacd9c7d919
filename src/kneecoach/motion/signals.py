"""Landmark time series: gap filling, smoothing, joint angles and the repetition counter.

Everything here is numpy over a ``Track`` (T frames x 33 landmarks) and needs no pose model, so
the counter is unit-tested on synthetic landmark sequences.
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


def build_track(times: Sequence[float], poses: Sequence[FramePose | None],
                smooth_s: float = 0.3, *, legs_cross: bool = False) -> Track:
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
MIRROR = np.array([0, 4, 5, 6, 1, 2, 3, 8, 7, 10, 9, 12, 11, 14, 13, 16, 15, 18, 17, 20, 19,
                   22, 21, 24, 23, 26, 25, 28, 27, 30, 29, 32, 31])
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


def unswap_left_right(image: Array, vis: Array,
                      present: NDArray[np.bool_]) -> tuple[Array, Array]:
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


def angle(a: Array, b: Array, c: Array) -> Array:
    """The angle ABC in degrees for each frame (180 = straight)."""
    u, w = a - b, c - b
    cos = np.sum(u * w, axis=-1) / (np.linalg.norm(u, axis=-1) * np.linalg.norm(w, axis=-1) + 1e-9)
    return np.asarray(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))), dtype=np.float64)


LEG = {
    "left": (L.LEFT_SHOULDER, L.LEFT_HIP, L.LEFT_KNEE, L.LEFT_ANKLE),
    "right": (L.RIGHT_SHOULDER, L.RIGHT_HIP, L.RIGHT_KNEE, L.RIGHT_ANKLE),
}


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
    lengths = [np.linalg.norm(track.point(LEG[s][1]) - track.point(LEG[s][2]), axis=-1)
               for s in ("left", "right")]
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


def ankle_separation(track: Track) -> Array:
    """Distance between the ankles in shoulder widths (the clip's median shoulder spread)."""
    d = np.linalg.norm(track.point(L.LEFT_ANKLE) - track.point(L.RIGHT_ANKLE), axis=-1)
    return np.asarray(d / shoulder_width(track))


FOOT = {"left": (L.LEFT_ANKLE, L.LEFT_HEEL, L.LEFT_FOOT),
        "right": (L.RIGHT_ANKLE, L.RIGHT_HEEL, L.RIGHT_FOOT)}


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
    legs = [np.linalg.norm(image[idx, LEG[side][1]] - image[idx, LEG[side][3]], axis=-1)
            for side in ("left", "right")]
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


def foot_point(track: Track, side: str) -> Array:
    """The foot's centre: the mean of ankle, heel and toe (steadier than the ankle alone)."""
    return np.asarray(np.mean(track.image[:, list(FOOT[side]), :], axis=1))


def leg_length(track: Track) -> float:
    """Median hip-to-ankle distance of the longer-looking leg, pixels (the body's own scale)."""
    lengths = [np.linalg.norm(track.point(LEG[s][1]) - track.point(LEG[s][3]), axis=-1)
               for s in ("left", "right")]
    return float(np.median(np.maximum(lengths[0], lengths[1]))) + 1e-6


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
    """"front" when the shoulders are spread across the picture, "side" when they overlap."""
    return "front" if shoulders_across(track) > 0.45 else "side"


def torso_tilt(track: Track) -> float:
    """Median angle of the hip-to-shoulder line from the image vertical, degrees (0 = upright)."""
    d = track.mid(L.LEFT_SHOULDER, L.RIGHT_SHOULDER) - track.mid(L.LEFT_HIP, L.RIGHT_HIP)
    tilt = np.degrees(np.arctan2(np.abs(d[:, 0]), -d[:, 1]))
    return float(np.median(tilt[track.present]))


def odd_frames(seconds: float, t: Array) -> int:
    """How many frames of ``t`` make ``seconds``, odd (centred on a frame) and at least 3."""
    return max(3, round(seconds / float(np.median(np.diff(t)))) | 1)


def despike(signal: Array, seconds: float = 0.0, t: Array | None = None,
            kernel: int = 5) -> Array:
    """A running median: removes one- or two-frame glitches (a lost or swapped leg)."""
    from scipy.signal import medfilt

    if seconds > 0 and t is not None and len(t) > 1:
        kernel = odd_frames(seconds, t)
    if len(signal) < kernel:
        return signal
    return np.asarray(medfilt(signal, kernel), dtype=np.float64)


@dataclass(frozen=True)
class Cycle:
    """Indices of one repetition in a signal: start (rest), peak, end (rest again)."""

    start: int
    peak: int
    end: int


def count_cycles(signal: Array, min_amplitude: float, enter: float = 0.35,
                 leave: float = 0.15, min_frames: int = 3, rest_percentile: float = 5.0
                 ) -> list[Cycle]:
    """Repetitions as rest -> peak -> rest cycles, with hysteresis.

    The thresholds sit ``enter`` and ``leave`` of the way from the clip's resting level
    (``rest_percentile``, 5th by default) to its working level (95th); a rep shorter than
    ``enter`` of the clip's usual span is not counted (a limit, see docs/camera.md). A rep
    counts once the signal has crossed the upper threshold and come back under the lower one:
    jitter near either threshold cannot add reps. Clips whose span is under ``min_amplitude``
    have no reps.
    """
    if len(signal) < min_frames:
        return []
    lo = float(np.percentile(signal, rest_percentile))
    hi = float(np.percentile(signal, 95))
    if hi - lo < min_amplitude:
        return []
    up_at, down_at = lo + enter * (hi - lo), lo + leave * (hi - lo)
    cycles: list[Cycle] = []
    rising_from: int | None = None
    last_end = 0
    for i, value in enumerate(signal):
        if rising_from is None and value > up_at:
            rising_from = i
        elif rising_from is not None and value < down_at:
            start = last_end + int(np.argmin(signal[last_end:rising_from + 1]))
            peak = rising_from + int(np.argmax(signal[rising_from:i + 1]))
            cycles.append(Cycle(start, peak, i))
            rising_from, last_end = None, i
    # Each rep ends at the lowest point before the next one starts (or the clip ends).
    finished: list[Cycle] = []
    for n, c in enumerate(cycles):
        stop = cycles[n + 1].peak if n + 1 < len(cycles) else len(signal) - 1
        tail = signal[c.end:stop + 1]
        end = c.end + int(np.argmin(tail)) if len(tail) else c.end
        if n + 1 < len(cycles):
            end = min(end, cycles[n + 1].start)
        if end - c.start >= min_frames:
            finished.append(Cycle(c.start, c.peak, end))
    return finished


def count_peaks(signal: Array, t: Array, min_amplitude: float, prominence: float = 0.4,
                min_gap_s: float = 0.6, rest_percentile: float = 25.0) -> list[Cycle]:
    """Repetitions as peaks standing out from the valleys on both sides (stepping).

    A peak counts when it rises above the lower of its two neighbouring valleys by
    ``prominence`` of the clip's span (``rest_percentile`` to 95th percentile) and lies at
    least ``min_gap_s`` after the previous one (a step takes over a second; the fastest
    clips in the bench about 1 s). Unlike the two thresholds of ``count_cycles``, the bar is
    relative to the signal's own neighbourhood, so a short glitch hump that straddles a fixed
    threshold does not add a rep, and a rep whose valley does not come back under a fixed
    lower threshold is not lost. Each cycle starts at the lowest point since the previous
    peak and ends at the lowest point before the next one. Clips whose span is under
    ``min_amplitude`` have no reps.
    """
    from scipy.signal import find_peaks

    if len(signal) < 3:
        return []
    lo = float(np.percentile(signal, rest_percentile))
    hi = float(np.percentile(signal, 95))
    if hi - lo < min_amplitude:
        return []
    dt = float(np.median(np.diff(t))) if len(t) > 1 else 1.0
    peaks, _ = find_peaks(signal, prominence=prominence * (hi - lo),
                          distance=max(1, round(min_gap_s / max(dt, 1e-6))))
    cycles = []
    for n, peak in enumerate(peaks):
        before = int(peaks[n - 1]) if n else 0
        after = int(peaks[n + 1]) if n + 1 < len(peaks) else len(signal) - 1
        start = before + int(np.argmin(signal[before:peak + 1]))
        end = int(peak) + int(np.argmin(signal[peak:after + 1]))
        cycles.append(Cycle(start, int(peak), end))
    return cycles


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
    return np.asarray(maximum_filter1d(signal, odd_frames(seconds, t), mode="nearest"),
                      dtype=np.float64)


def count_alternations(signal: Array, threshold: float) -> list[int]:
    """Frames where a signed signal swings from above +threshold to below -threshold or back.

    Used for walking: the difference between the feet changes sign at every step.
    """
    events: list[int] = []
    state = 0
    for i, value in enumerate(signal):
        if value > threshold and state <= 0:
            if state < 0:
                events.append(i)
            state = 1
        elif value < -threshold and state >= 0:
            if state > 0:
                events.append(i)
            state = -1
    return events


def count_entries(signal: Array, threshold: float, t: Array, settle_s: float = 0.6) -> list[int]:
    """Frames where a signed signal enters the band above +threshold or below -threshold.

    Walking: each step moves the signal from one side to the other. Where the clip starts
    already outside the band (the person standing in a stride) that side is the starting
    state and is not a step.
    """
    start = np.abs(t - t[0]) <= settle_s
    initial = float(np.median(signal[start])) if start.any() else 0.0
    state = 1 if initial > threshold else -1 if initial < -threshold else 0
    events: list[int] = []
    for i, value in enumerate(signal):
        if value > threshold and state != 1:
            state = 1
            events.append(i)
        elif value < -threshold and state != -1:
            state = -1
            events.append(i)
    return events


STEADY_JUMP = 0.3  # torso centre this many shoulder widths off its running median: a glitch
STEADY_SPREAD = 0.35  # shoulder or hip spread off its running median by this share: a glitch


def running_median(signal: Array, t: Array, seconds: float) -> Array:
    """A centred running median over ``seconds`` (per column for 2D input)."""
    if signal.ndim == 2:
        return np.stack([running_median(signal[:, k], t, seconds)
                         for k in range(signal.shape[1])], axis=1)
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
    lengths = [np.linalg.norm(track.point(LEG[s][1]) - track.point(LEG[s][3]), axis=-1)
               for s in ("left", "right")]
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


DOMINANCE = 0.8  # a foot leads while the other moves at under 80% of its speed


@dataclass(frozen=True)
class Burst:
    """Frames where one foot moves: ``foot`` 0 (left) or 1 (right), start and end indices."""

    foot: int
    start: int
    end: int


def foot_bursts(speeds: Array, t: Array, share: float = 0.2, merge_s: float = 0.4,
                min_s: float = 0.15, top: float = 90.0) -> list[Burst]:
    """Alternating movements of one foot: each swing of a foot while the other stands.

    A frame moves when one foot is faster than the other by over ``share`` of the clip's
    ``top`` percentile of that difference and the other foot moves at under ``DOMINANCE`` of
    its speed (when the model glitches, or the stance narrows, both feet jump alike); runs of
    moving frames led by the same foot, less than ``merge_s`` apart, are one burst, runs
    shorter than ``min_s`` are noise, and consecutive bursts of the same foot are one movement
    (a step cannot be taken twice by the same foot without the other).
    """
    fast, slow = np.max(speeds, axis=1), np.min(speeds, axis=1)
    alone = slow < DOMINANCE * fast  # one foot moves, the other (nearly) stands
    lead = np.where(alone, fast - slow, 0.0)
    # The 90th, not a higher one: a step whose foot also cuts in sideways (the band going
    # slack) moves the foot several times faster than the others and must not raise the bar
    # they have to clear.
    high = float(np.percentile(lead[alone], top)) if alone.any() else 0.0
    if high <= 0:
        return []
    moving = lead > share * high
    leader = np.argmax(speeds, axis=1)
    runs: list[Burst] = []
    i, n = 0, len(t)
    while i < n:
        if not moving[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and moving[j + 1]:
            j += 1
        foot = int(np.round(np.mean(leader[i:j + 1])))
        if runs and runs[-1].foot == foot and t[i] - t[runs[-1].end] < merge_s:
            runs[-1] = Burst(foot, runs[-1].start, j)
        else:
            runs.append(Burst(foot, i, j))
        i = j + 1
    return _alternating([r for r in runs if t[r.end] - t[r.start] >= min_s])


def _alternating(bursts: Sequence[Burst]) -> list[Burst]:
    """Consecutive bursts of the same foot joined into one movement: a step cannot be taken
    twice by the same foot without the other."""
    joined: list[Burst] = []
    for burst in bursts:
        if joined and joined[-1].foot == burst.foot:
            joined[-1] = Burst(burst.foot, joined[-1].start, burst.end)
        else:
            joined.append(burst)
    return joined


# A step carries the foot at least 0.3 of the clip's median step (the first, from feet level,
# half that). What is left under it is the standing foot settling after the other lands, or the
# model's feet shifting where they overlap in the picture: 0.01-0.28 of the median on the
# monster-walks clips, where every step after the first carried 0.39 or more and the smallest
# first step 0.15, just on its bar (docs/camera.md, "Feet followed from frame to frame").
STEP_MIN_SHARE = 0.3


def foot_travels(track: Track, bursts: Sequence[Burst]) -> Array:
    """How far each burst's foot moved, start to end, in the person's leg lengths (at its end)."""
    feet = (foot_point(track, "left"), foot_point(track, "right"))
    scale = leg_lengths(track)
    return np.array([np.linalg.norm(feet[b.foot][b.end] - feet[b.foot][b.start]) / scale[b.end]
                     for b in bursts], dtype=np.float64)


def full_steps(track: Track, bursts: list[Burst]) -> list[Burst]:
    """The bursts that are steps: each carries the foot ``STEP_MIN_SHARE`` of the median step.

    The first needs half that: from feet level, the first step is half a step, and the
    model's feet lag most at the start. Dropping a burst can leave the same foot's bursts next
    to each other; they are one step again (``_alternating``, as in ``foot_bursts``).
    """
    if len(bursts) < 2:
        return bursts
    travel = foot_travels(track, bursts)
    bar = STEP_MIN_SHARE * float(np.median(travel))
    return _alternating([burst for n, burst in enumerate(bursts)
                         if travel[n] >= (bar / 2 if n == 0 else bar)])
