"""The repetition counters: rest-peak-rest cycles, peaks, alternations, and a walk's steps as
alternating bursts of one foot moving.

They work on the signals of ``signals`` (numpy arrays over time) and need no pose model, so
they are unit-tested on synthetic sequences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from kneecoach.motion.signals import foot_point, leg_lengths
from kneecoach.motion.track import Array, Track


@dataclass(frozen=True)
class Cycle:
    """Indices of one repetition in a signal: start (rest), peak, end (rest again)."""

    start: int
    peak: int
    end: int


def count_cycles(
    signal: Array,
    min_amplitude: float,
    enter: float = 0.35,
    leave: float = 0.15,
    min_frames: int = 3,
    rest_percentile: float = 5.0,
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
            start = last_end + int(np.argmin(signal[last_end : rising_from + 1]))
            peak = rising_from + int(np.argmax(signal[rising_from : i + 1]))
            cycles.append(Cycle(start, peak, i))
            rising_from, last_end = None, i
    # Each rep ends at the lowest point before the next one starts (or the clip ends).
    finished: list[Cycle] = []
    for n, c in enumerate(cycles):
        stop = cycles[n + 1].peak if n + 1 < len(cycles) else len(signal) - 1
        tail = signal[c.end : stop + 1]
        end = c.end + int(np.argmin(tail)) if len(tail) else c.end
        if n + 1 < len(cycles):
            end = min(end, cycles[n + 1].start)
        if end - c.start >= min_frames:
            finished.append(Cycle(c.start, c.peak, end))
    return finished


def count_peaks(
    signal: Array,
    t: Array,
    min_amplitude: float,
    prominence: float = 0.4,
    min_gap_s: float = 0.6,
    rest_percentile: float = 25.0,
) -> list[Cycle]:
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
    peaks, _ = find_peaks(
        signal, prominence=prominence * (hi - lo), distance=max(1, round(min_gap_s / max(dt, 1e-6)))
    )
    cycles = []
    for n, peak in enumerate(peaks):
        before = int(peaks[n - 1]) if n else 0
        after = int(peaks[n + 1]) if n + 1 < len(peaks) else len(signal) - 1
        start = before + int(np.argmin(signal[before : peak + 1]))
        end = int(peak) + int(np.argmin(signal[peak : after + 1]))
        cycles.append(Cycle(start, int(peak), end))
    return cycles


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


DOMINANCE = 0.8  # a foot leads while the other moves at under 80% of its speed


@dataclass(frozen=True)
class Burst:
    """Frames where one foot moves: ``foot`` 0 (left) or 1 (right), start and end indices."""

    foot: int
    start: int
    end: int


def foot_bursts(
    speeds: Array,
    t: Array,
    share: float = 0.2,
    merge_s: float = 0.4,
    min_s: float = 0.15,
    top: float = 90.0,
) -> list[Burst]:
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
        foot = int(np.round(np.mean(leader[i : j + 1])))
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
    return np.array(
        [
            np.linalg.norm(feet[b.foot][b.end] - feet[b.foot][b.start]) / scale[b.end]
            for b in bursts
        ],
        dtype=np.float64,
    )


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
    return _alternating(
        [burst for n, burst in enumerate(bursts) if travel[n] >= (bar / 2 if n == 0 else bar)]
    )
