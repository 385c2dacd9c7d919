"""Per-exercise analysers: which signal counts the reps, which side worked, which faults show.

Each analyser reads a smoothed ``Track`` and returns reps, faults and notes. Thresholds are
named constants with the reason next to them; the sources are docs/camera.md and
docs/evidence.md#camera-form-checks (Munro et al. 2012; Schurr et al. 2017; Ageberg et al. 2010):
design defaults built from the clinical descriptions of each fault, not validated cut-offs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kneecoach.motion import counting
from kneecoach.motion import signals as sg
from kneecoach.motion.counting import Cycle
from kneecoach.motion.messages import Message, say
from kneecoach.motion.models import FaultEvent, Rep, Side, WrongExercise
from kneecoach.motion.pose import Landmark as L
from kneecoach.motion.track import LEG, Array, Track

WALL_SQUAT_MAX_DEPTH = 100.0  # the seed: "to about 90 degrees or less"; 10 deg for 2D error
BRIDGE_LINE_LOW = 165.0  # shoulder-hip-knee short of a straight line (clinical table: < ~170)
BRIDGE_OVER_ARCH = 195.0  # hips pushed past the line (lumbar hyperextension)
SLR_KNEE_BENT = 15.0  # extension lag: knee angle < ~175 deg during the lift, with 2D margin
SLR_LOW_LIFT = 25.0  # lift under ~30 deg of hip flexion
CURL_PARTIAL = 85.0  # partial range: knee flexion < ~90 deg at the top of the curl
CLAM_HEELS_APART = 0.30  # ankle gap over 0.3 thigh lengths
CLAM_ROLL_BACK = 25.0  # pelvis turned back by more than this (from the hips' apparent spread)
KNEE_CAVE = 0.25  # knee this many hip widths inside the hip-ankle line (front view)
# Stepping (front view). Widths are in the person's own shoulder widths, so they hold at any
# distance and camera turn; each fault is judged once per step, never per frame.
STEP_MIN_WIDENING = 0.25  # a step opens the stance by at least a quarter shoulder width
STEP_PROMINENCE = 0.4  # a step's peak stands 40% of the clip's span above its valleys
STEP_MIN_GAP_S = 0.6  # steps' peaks at least 0.6 s apart (a step takes about 1-2.2 s)
BAND_SLACK = 0.4  # feet closer than 0.4 shoulder widths at the end of a side step
STANCE_MISREAD_S = 0.2  # the widest stance read within this window stands for each frame
FEET_NARROW = 0.5  # monster walks: stance under 0.5 shoulder widths as the feet pass
# Monster walks: with the shoulders this narrow across the picture (camera turned over about
# 70 degrees from the front) the stance is too foreshortened to judge.
STANCE_UNSEEN = 0.3


@dataclass
class Findings:
    side: Side
    measure: str
    unit: str
    reps: list[Rep]
    faults: list[FaultEvent] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)


@dataclass(frozen=True)
class ExerciseSpec:
    slug: str
    posture: str  # "standing" or "lying"
    view: str  # the view to film from
    analyse: Callable[[Track, Side | None, str], Findings]
    notes_its_view: bool = False  # the analyser says itself what the video's view can check
    # Follow the legs' labels from frame to frame before smoothing (signals.follow_legs): the
    # model swaps them where feet pass (monster walks) and, for a frame, where they stand wide.
    legs_cross: bool = False


def _reps(track: Track, signal: Array, cycles: list[Cycle], knee: Array | None = None) -> list[Rep]:
    t = track.t
    reps = []
    for n, c in enumerate(cycles, start=1):
        base, top = float(signal[c.start]), float(signal[c.peak])
        span = top - base
        near_top = np.flatnonzero(signal[c.start : c.end + 1] >= base + 0.9 * span) + c.start
        first, last = (int(near_top[0]), int(near_top[-1])) if len(near_top) else (c.peak, c.peak)
        reps.append(
            Rep(
                number=n,
                start_s=round(float(t[c.start]), 2),
                peak_s=round(float(t[c.peak]), 2),
                end_s=round(float(t[c.end]), 2),
                peak=round(top, 1),
                range=round(span, 1),
                up_s=round(float(t[first] - t[c.start]), 2),
                hold_s=round(float(t[last] - t[first]), 2),
                down_s=round(float(t[c.end] - t[last]), 2),
                knee_flexion=None if knee is None else round(float(knee[c.peak]), 1),
            )
        )
    return reps


def _fault(
    fid: str, rep: Rep | None, start: float, end: float, value: float, message: Message
) -> FaultEvent:
    return FaultEvent(
        id=fid,
        rep=None if rep is None else rep.number,
        start_s=round(start, 2),
        end_s=round(end, 2),
        value=round(value, 1),
        message=message,
    )


def _during(track: Track, rep: Rep, mask: NDArray[Any]) -> tuple[float, float] | None:
    """The first and last time inside ``rep`` where ``mask`` holds."""
    inside = (track.t >= rep.start_s) & (track.t <= rep.end_s) & mask.astype(bool)
    idx = np.flatnonzero(inside)
    return (float(track.t[idx[0]]), float(track.t[idx[-1]])) if len(idx) else None


def _busier_leg(track: Track, per_side: Callable[[Track, str], Array]) -> tuple[str, Array]:
    """The leg that worked and the working signal.

    The signal is the larger of the two legs' in each frame, median-filtered: in a side view of
    a lying person the model sometimes swaps left and right or loses the far leg for a frame or
    two, and the resting leg's value stays low, so the maximum follows the moving leg. The side
    is the leg that holds the maximum most of the time while the signal is in the top half of
    its range (at rest both legs read alike, and which is higher there is noise).
    """
    left, right = per_side(track, "left"), per_side(track, "right")
    both = np.maximum(left, right)
    low, high = np.percentile(both, [5, 95])
    working = both >= (low + high) / 2
    side = "left" if float(np.mean((left >= right)[working])) >= 0.5 else "right"
    return side, sg.despike(np.maximum(left, right))


def _nearer_leg(track: Track) -> str:
    """In a side view, the leg the camera sees best (higher knee and ankle visibility)."""
    vis = {
        s: float(np.mean(track.visibility[:, [LEG[s][2], LEG[s][3]]])) for s in ("left", "right")
    }
    return max(vis, key=lambda k: vis[k])


def _side_note(given: Side | None, found: str, notes: list[Message]) -> Side:
    if given is not None and given != "both" and given != found:
        notes.append(say("side-mismatch", given=given, found=found))
    return found  # type: ignore[return-value]


def wall_squat(track: Track, side: Side | None, view: str) -> Findings:
    notes: list[Message] = []
    if view == "side":
        leg = _nearer_leg(track)
        knee = sg.despike(sg.knee_flexion(track, leg))
        reps = _reps(track, knee, counting.count_cycles(knee, 20.0), knee)
        found = Findings("both", "knee flexion", "deg", reps, notes=notes)
        for rep in reps:
            if rep.peak > WALL_SQUAT_MAX_DEPTH:
                when = _during(track, rep, knee > WALL_SQUAT_MAX_DEPTH)
                start, end = when or (rep.peak_s, rep.peak_s)
                found.faults.append(
                    _fault(
                        "too-deep",
                        rep,
                        start,
                        end,
                        rep.peak,
                        say("too-deep", angle=round(rep.peak)),
                    )
                )
        notes.append(say("squat-side-view"))
        return found
    hips = track.mid(L.LEFT_HIP, L.RIGHT_HIP)[:, 1]
    drop = (hips - float(np.percentile(hips, 5))) / sg.thigh_length(track) * 100.0
    reps = _reps(track, drop, counting.count_cycles(drop, 15.0))
    found = Findings("both", "hip drop", "% thigh", reps, notes=notes)
    _knee_caving(track, reps, found, "ball-drop")
    notes.append(say("squat-front-view"))
    return found


def _knee_caving(track: Track, reps: list[Rep], found: Findings, fault_id: str) -> None:
    shift = np.maximum(sg.knee_medial_shift(track, "left"), sg.knee_medial_shift(track, "right"))
    for rep in reps:
        when = _during(track, rep, shift > KNEE_CAVE)
        if when:
            inside = (track.t >= rep.start_s) & (track.t <= rep.end_s)
            found.faults.append(
                _fault(fault_id, rep, *when, float(np.max(shift[inside])), say("knee-inside"))
            )


def glute_bridge(track: Track, side: Side | None, view: str) -> Findings:
    leg = _nearer_leg(track)
    line = sg.despike(sg.hip_line(track, leg))
    reps = _reps(track, line, counting.count_cycles(line, 15.0), sg.knee_flexion(track, leg))
    found = Findings("both", "shoulder-hip-knee angle", "deg", reps)
    for rep in reps:
        if rep.peak < BRIDGE_LINE_LOW:
            found.faults.append(
                _fault(
                    "hips-short",
                    rep,
                    rep.peak_s,
                    rep.peak_s,
                    rep.peak,
                    say("hips-short", angle=round(rep.peak)),
                )
            )
        elif rep.peak > BRIDGE_OVER_ARCH:
            when = _during(track, rep, line > BRIDGE_OVER_ARCH) or (rep.peak_s, rep.peak_s)
            found.faults.append(
                _fault(
                    "back-arching",
                    rep,
                    *when,
                    rep.peak,
                    say("back-arching", angle=round(rep.peak - 180)),
                )
            )
    return found


def vmo_lift(track: Track, side: Side | None, view: str) -> Findings:
    notes: list[Message] = []
    leg, lift = _busier_leg(track, sg.straight_leg_lift)
    lifting_left = sg.straight_leg_lift(track, "left") >= sg.straight_leg_lift(track, "right")
    knee = sg.despike(
        np.where(lifting_left, sg.knee_flexion(track, "left"), sg.knee_flexion(track, "right"))
    )
    reps = _reps(track, lift, counting.count_cycles(lift, 12.0), knee)
    found = Findings(_side_note(side, leg, notes), "leg lift", "deg", reps, notes=notes)
    for rep in reps:
        bent = _during(track, rep, knee > SLR_KNEE_BENT)
        if bent and rep.knee_flexion is not None and rep.knee_flexion > SLR_KNEE_BENT:
            found.faults.append(
                _fault(
                    "extension-lag",
                    rep,
                    *bent,
                    rep.knee_flexion,
                    say("extension-lag", angle=round(rep.knee_flexion)),
                )
            )
        if rep.peak < SLR_LOW_LIFT:
            found.faults.append(
                _fault(
                    "low-lift",
                    rep,
                    rep.peak_s,
                    rep.peak_s,
                    rep.peak,
                    say("low-lift", angle=round(rep.peak)),
                )
            )
    return found


def hamstring_curl(track: Track, side: Side | None, view: str) -> Findings:
    notes: list[Message] = []
    leg, knee = _busier_leg(track, sg.knee_flexion)
    reps = _reps(track, knee, counting.count_cycles(knee, 20.0), knee)
    found = Findings(_side_note(side, leg, notes), "knee flexion", "deg", reps, notes=notes)
    for rep in reps:
        if rep.peak < CURL_PARTIAL:
            found.faults.append(
                _fault(
                    "partial-range",
                    rep,
                    rep.peak_s,
                    rep.peak_s,
                    rep.peak,
                    say("partial-range", angle=round(rep.peak)),
                )
            )
    return found


def clamshell(track: Track, side: Side | None, view: str) -> Findings:
    notes: list[Message] = []
    hips = track.mid(L.LEFT_HIP, L.RIGHT_HIP)
    opening = sg.angle(track.point(L.LEFT_KNEE), hips, track.point(L.RIGHT_KNEE))
    opening = opening - float(np.percentile(opening, 5))
    cycles = counting.count_cycles(opening, 12.0)
    reps = _reps(track, opening, cycles)
    # The top leg is the one whose knee rises (smaller image y) at the peaks.
    peaks = [c.peak for c in cycles] or [int(np.argmax(opening))]
    top = (
        "left"
        if float(np.mean(track.point(L.LEFT_KNEE)[peaks, 1]))
        < float(np.mean(track.point(L.RIGHT_KNEE)[peaks, 1]))
        else "right"
    )
    found = Findings(_side_note(side, top, notes), "knee opening", "deg", reps, notes=notes)
    thigh = sg.thigh_length(track)
    heels = np.linalg.norm(track.point(L.LEFT_ANKLE) - track.point(L.RIGHT_ANKLE), axis=-1) / thigh
    heels = heels - float(np.percentile(heels, 5))  # the resting gap depends on the camera angle
    spread = (
        sg.hip_width(track)
        + np.linalg.norm(track.point(L.LEFT_SHOULDER) - track.point(L.RIGHT_SHOULDER), axis=-1)
    ) / 2
    for rep in reps:
        inside = (track.t >= rep.start_s) & (track.t <= rep.end_s)
        # The roll is measured against the rep's own start, not the clip's widest spread: the
        # model's hip landmarks follow the opening thigh, so the spread grows as the knee opens
        # and a clip-wide reference reads every resting pose as rolled back.
        rest = _around(track, spread, rep.start_s, 0.2)
        roll = np.degrees(np.arccos(np.clip(spread / max(rest, 1e-6), 0.0, 1.0)))
        apart = _during(track, rep, heels > CLAM_HEELS_APART)
        if apart:
            found.faults.append(
                _fault("heels-apart", rep, *apart, float(np.max(heels[inside])), say("heels-apart"))
            )
        rolled = _during(track, rep, roll > CLAM_ROLL_BACK)
        if rolled:
            found.faults.append(
                _fault(
                    "pelvis-rolls-back",
                    rep,
                    *rolled,
                    float(np.max(roll[inside])),
                    say("pelvis-rolls-back"),
                )
            )
    return found


def side_steps(track: Track, side: Side | None, view: str) -> Findings:
    """One step: the leading foot steps out and the trailing foot follows (a stance cycle).

    The feet never pass each other, but the model now and then gives the left foot's name to
    the right one for a frame while the hips keep theirs; smoothed as they came, the two feet's
    tracks would meet in the middle and split a step in two, so the legs' labels are followed
    from frame to frame first (``legs_cross``), as for monster walks.
    """
    notes: list[Message] = []
    # Frames where the model collapsed the body (signals.whole_body_frames) are bridged over,
    # but a collapsed frame that still reads the feet wider than the bridge keeps its reading:
    # the model often gets the feet right there, and its misreads of the stance are dips. Each
    # frame then takes the widest reading within 0.2 s (signals.widest_nearby) and a running
    # median removes what is left; the steps are the gap's prominent peaks. The span is from
    # the 25th percentile, not the 5th: one step that ends with the feet together (band-slack)
    # must not raise the bar the other steps have to clear.
    stance = sg.stance_width(track)
    bridged = sg.bridge(stance, sg.whole_body_frames(track), track.t)
    widest = sg.widest_nearby(np.maximum(stance, bridged), track.t, seconds=STANCE_MISREAD_S)
    gap = sg.despike(widest, seconds=0.3, t=track.t)
    cycles = counting.count_peaks(
        gap, track.t, STEP_MIN_WIDENING, prominence=STEP_PROMINENCE, min_gap_s=STEP_MIN_GAP_S
    )
    # The steps' times come from the widened gap; their stance widths from the bridged stance
    # without the widest reading taken, which would add the noise's top to every peak (about
    # 0.1 shoulder widths on the bench). ``narrowest`` is also what band-slack is judged on.
    narrowest = sg.despike(bridged, seconds=0.3, t=track.t)
    reps = _reps(track, narrowest, _widest_within(narrowest, _trimmed(gap, cycles)))
    hips_x = track.mid(L.LEFT_HIP, L.RIGHT_HIP)[:, 0]
    travel = float(hips_x[-1] - hips_x[0])
    # Facing the camera, the person's left is the picture's right.
    lead = "left" if travel > 0 else "right"
    found = Findings(
        _side_note(side, lead, notes), "stance width", "shoulder widths", reps, notes=notes
    )
    # The band is judged where the counter's cycle ends (the lowest gap before the next step),
    # not at the trimmed end, which falls while the trailing foot is still coming in, and on
    # the stance without the widest reading taken: feet that come together for a moment are
    # what it looks for.
    for rep, cycle in zip(reps, cycles, strict=True):
        low = float(track.t[cycle.end])
        closed = _around(track, narrowest, low, 0.3)
        if closed < BAND_SLACK:
            found.faults.append(
                _fault(
                    "band-slack",
                    rep,
                    low - 0.3,
                    low + 0.3,
                    closed,
                    say("band-slack", width=round(closed, 1)),
                )
            )
    return found


def monster_walks(track: Track, side: Side | None, view: str) -> Findings:
    """One step: one foot swings past the other while the other stands.

    The camera stands still, so the standing foot hardly moves in the picture and the swinging
    one does, seen from the front, a diagonal or the side alike. The feet's speeds are in the
    person's own leg lengths frame by frame (they grow as they walk closer), over frames where
    the model held the body together; a step is a burst of one foot moving alone that carries
    it a real distance, and the steps alternate feet (``signals.foot_bursts``,
    ``signals.full_steps``). The track's leg labels were followed from frame to frame
    (``legs_cross``), since the model mixes up feet that pass each other. Per step: the
    swinging foot's travel and top speed, and ``feet-narrow`` when the stance, as the feet
    pass, is under ``FEET_NARROW``. Timed: the active time runs from the first step's start to
    the last.
    """
    good = sg.steady_frames(track)
    speeds = sg.foot_speeds(track, good)
    bursts = counting.full_steps(track, counting.foot_bursts(speeds, track.t))
    t = track.t
    reps: list[Rep] = []
    for n, (burst, travel) in enumerate(
        zip(bursts, counting.foot_travels(track, bursts), strict=True), start=1
    ):
        a, b = burst.start, burst.end
        top = int(a + np.argmax(speeds[a : b + 1, burst.foot]))
        reps.append(
            Rep(
                number=n,
                start_s=round(float(t[a]), 2),
                peak_s=round(float(t[top]), 2),
                end_s=round(float(t[b]), 2),
                peak=round(float(speeds[top, burst.foot]), 3),
                range=round(float(travel), 3),
                up_s=round(float(t[b] - t[a]), 2),
                hold_s=0.0,
                down_s=0.0,
            )
        )
    found = Findings("both", "swinging foot's top speed", "leg lengths/s", reps)
    if sg.shoulders_across(track) < STANCE_UNSEEN:  # the feet overlap across the picture
        found.notes.append(say("walk-side-view"))
        return found
    width = sg.despike(sg.stance_width(track), seconds=0.3, t=track.t)
    for rep, burst in zip(reps, bursts, strict=True):
        stance = float(np.median(width[_passing(burst)]))
        if stance < FEET_NARROW:
            found.faults.append(
                _fault(
                    "feet-narrow",
                    rep,
                    rep.start_s,
                    rep.end_s,
                    stance,
                    say("feet-narrow", width=round(stance, 1)),
                )
            )
    return found


def _passing(burst: counting.Burst) -> slice:
    """The middle third of a step's frames: where the swinging foot passes the standing one
    and a slack band lets it cut in. The feet are level there, so a diagonal camera sees the
    stance across the picture without the feet's front-to-back distance added to it."""
    third = (burst.end - burst.start) / 3
    return slice(burst.start + int(third), burst.start + int(np.ceil(2 * third)) + 1)


def _trimmed(signal: Array, cycles: list[Cycle], share: float = 0.1) -> list[Cycle]:
    """Each cycle from where the signal leaves its start level to where it settles at its end.

    The counter starts a cycle at the lowest point since the last one and ends it at the lowest
    point before the next, which on a flat stretch (standing still before the first step and
    after the last) can be anywhere in it: the active time came out about 1.7 s long. Here a
    cycle starts at the last frame before its peak within ``share`` of its range of the start
    value, and ends at the first frame after the peak within ``share`` of the end value.
    """
    trimmed = []
    for c in cycles:
        top = float(signal[c.peak])
        rise = signal[c.start : c.peak + 1]
        near_start = np.flatnonzero(rise <= signal[c.start] + share * (top - signal[c.start]))
        fall = signal[c.peak : c.end + 1]
        near_end = np.flatnonzero(fall <= signal[c.end] + share * (top - signal[c.end]))
        start = c.start + int(near_start[-1]) if len(near_start) else c.start
        end = c.peak + int(near_end[0]) if len(near_end) else c.end
        trimmed.append(Cycle(start, c.peak, end))
    return trimmed


def _widest_within(signal: Array, cycles: list[Cycle]) -> list[Cycle]:
    """Each cycle with its peak moved to where ``signal`` is highest between its ends."""
    return [
        Cycle(c.start, c.start + int(np.argmax(signal[c.start : c.end + 1])), c.end) for c in cycles
    ]


def _around(track: Track, signal: Array, when: float, half: float) -> float:
    """The median of ``signal`` within ``half`` seconds of ``when``."""
    near = np.abs(track.t - when) <= half
    return float(np.median(signal[near])) if near.any() else float("nan")


EXERCISES: dict[str, ExerciseSpec] = {
    spec.slug: spec
    for spec in (
        ExerciseSpec("vmo-lift", "lying", "side", vmo_lift),
        ExerciseSpec("side-steps", "standing", "front", side_steps, legs_cross=True),
        ExerciseSpec("glute-bridge", "lying", "side", glute_bridge),
        ExerciseSpec("hamstring-curl", "lying", "side", hamstring_curl),
        ExerciseSpec("clamshell", "lying", "front", clamshell),
        ExerciseSpec("wall-squat", "standing", "side", wall_squat, notes_its_view=True),
        ExerciseSpec(
            "monster-walks",
            "standing",
            "front",
            monster_walks,
            notes_its_view=True,
            legs_cross=True,
        ),
    )
}


def analyse_track(track: Track, slug: str, side: Side | None) -> tuple[Findings, str]:
    """Run the exercise's analyser after checking the posture matches. Returns (findings, view)."""
    spec = EXERCISES[slug]
    tilt = sg.torso_tilt(track)
    if spec.posture == "standing" and tilt > 45:
        raise WrongExercise(say("lying-not-standing"))
    if spec.posture == "lying" and tilt < 45:
        raise WrongExercise(say("standing-not-lying"))
    view = sg.view_of(track)
    if spec.posture == "lying" and view != spec.view:
        # Lying on the back or front seen from the side looks "side"; lying on the side seen
        # from the front looks "front": a mismatch is another exercise or the wrong angle.
        raise WrongExercise(
            say(
                "lying-wrong-view",
                exercise=slug,
                wanted=spec.view,
                seen="side" if view == "side" else "front or above",
            )
        )
    findings = spec.analyse(track, side, view)
    if not findings.reps:
        raise WrongExercise(say("no-reps", wanted=spec.view))
    if view != spec.view and spec.posture == "standing" and not spec.notes_its_view:
        findings.notes.append(say("better-view", wanted=spec.view, seen=view))
    return findings, view


# The fault ids each analyser can report: exactly the catalogue's faults with ``camera = true``
# in catalog/exercises/<slug>.toml (a fault the camera cannot see reliably is ``camera = false``
# there, see docs/camera.md).
FAULT_IDS: dict[str, tuple[str, ...]] = {
    "vmo-lift": ("extension-lag", "low-lift"),
    "side-steps": ("band-slack",),
    "glute-bridge": ("hips-short", "back-arching"),
    "hamstring-curl": ("partial-range",),
    "clamshell": ("heels-apart", "pelvis-rolls-back"),
    "wall-squat": ("too-deep", "ball-drop"),
    "monster-walks": ("feet-narrow",),
}
