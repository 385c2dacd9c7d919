"""Animated stick-figure illustrations of exercises, drawn from the keyframes in their files.

``render_svg`` returns a looping SVG: the figure moves from the start position (keyframe ``t = 0``)
to the far position (``t = 1``) and back, with SMIL ``<animate>`` elements interpolating the
``points`` of each limb (SMIL rather than CSS because CSS cannot animate polyline points, and it
plays in every browser and in an ``<img>``). ``render_svg_frame`` draws a still at a phase of the
loop, for print, for thumbnails, and for people who ask for reduced motion (serve it through
``<picture><source media="(prefers-reduced-motion: reduce)" ...>``).

The figure: limbs as thick round-capped polylines, a torso, a head; the side of the body further
from the viewer (``far_side``) is drawn paler and first. Props come from the illustration: a floor
line, a wall, furniture (a chair, a worktop) as lines through prop joints, a rolled towel, a band
or cable between two joints, a ball at a joint, and a small circle for every other non-body joint
(a pulley, an anchor). A variant or substitute whose position differs has its own keyframes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from kneecoach.catalog.schema import BODY_JOINTS, Exercise, Illustration, Point

Pose = dict[str, Point]

SIZE = 100
_MIN_HEIGHT = 45.0
_SKIN = "#2f4858"
_FAR = "#9fb3c0"
_BAND = "#e4572e"
_BALL = "#f3a712"
_GROUND = "#8a8a8a"
_FURNITURE = "#b8a58c"
_TOWEL = "#8fc1d4"
_EASE = "0.42 0 0.58 1"


@dataclass(frozen=True)
class _Stroke:
    """One drawn polyline: the points it joins (each a joint or the midpoint of two)."""

    points: tuple[tuple[str, ...], ...]
    width: float
    colour: str

    @property
    def joints(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for point in self.points for name in point))


def render_svg(exercise: Exercise, language: str = "en", version: str | None = None) -> str:
    """An SVG document animating the exercise in a loop (start -> far position -> start).

    ``version``: the slug of one of its variants or substitutes to draw instead: the exercise's
    figure less what that version does not have (``Exercise.illustration_for``)."""
    illustration = exercise.illustration_for(version or exercise.slug)
    if illustration is None:
        return _placeholder(exercise, language, version)
    times, poses = _loop(illustration)
    key_times = ";".join(_number(t) for t in times)
    splines = ";".join([_EASE] * (len(times) - 1))
    duration = f"{_number(illustration.duration_s)}s"

    def animate(attribute: str, values: Sequence[str]) -> str:
        return (
            f'<animate attributeName="{attribute}" dur="{duration}" repeatCount="indefinite" '
            f'calcMode="spline" keyTimes="{key_times}" keySplines="{splines}" '
            f'values="{";".join(values)}"/>'
        )

    body = _draw(illustration, poses, animate)
    return _document(exercise, language, body, version, _view_box(illustration))


# Figures drawn so far, by (exercise object, language). Catalogue entries are immutable and the
# catalogue is loaded once per process, so a figure never changes; the object itself is kept in
# the value and checked, so a reloaded catalogue (tests, new files) draws its own figures.
_FIGURES: dict[tuple[int, str, str | None], tuple[Exercise, str]] = {}
_FIGURES_MAX = 512


def render_svg_cached(exercise: Exercise, language: str = "en", version: str | None = None) -> str:
    """``render_svg``, drawn once per exercise, version and language (the pages show the same
    seven figures on every request)."""
    key = (id(exercise), language, version)
    hit = _FIGURES.get(key)
    if hit is not None and hit[0] is exercise:
        return hit[1]
    svg = render_svg(exercise, language, version)
    if len(_FIGURES) >= _FIGURES_MAX:
        _FIGURES.clear()
    _FIGURES[key] = (exercise, svg)
    return svg


def render_svg_frame(
    exercise: Exercise, t: float, language: str = "en", version: str | None = None
) -> str:
    """A still SVG at phase ``t`` of the loop: 0 is the start, 0.5 the far position, 1 the start
    (of ``version``'s drawing when given, as ``render_svg``)."""
    illustration = exercise.illustration_for(version or exercise.slug)
    if illustration is None:
        return _placeholder(exercise, language, version)
    pose = pose_at(illustration, _keyframe_time(t))
    body = _draw(illustration, [pose], None)
    return _document(exercise, language, body, version, _view_box(illustration))


def pose_at(illustration: Illustration, t: float) -> Pose:
    """The joints at keyframe time ``t`` (0..1), interpolated linearly between keyframes."""
    frames = illustration.keyframes
    t = min(max(t, 0.0), 1.0)
    after = next(index for index, frame in enumerate(frames) if frame.t >= t)
    if after == 0:
        return dict(frames[0].joints)
    before = frames[after - 1]
    share = (t - before.t) / (frames[after].t - before.t)
    return {
        name: _mix(point, frames[after].joints[name], share)
        for name, point in before.joints.items()
    }


def _keyframe_time(phase: float) -> float:
    """Loop phase (0..1, forwards then back) -> keyframe time (0..1)."""
    phase %= 1.0
    return 2 * phase if phase <= 0.5 else 2 - 2 * phase


def _loop(illustration: Illustration) -> tuple[list[float], list[Pose]]:
    """Key times and poses for one loop: the keyframes forwards at half speed, then backwards."""
    frames = illustration.keyframes
    times = [frame.t / 2 for frame in frames] + [1 - frame.t / 2 for frame in frames[-2::-1]]
    poses = [dict(frame.joints) for frame in (*frames, *frames[-2::-1])]
    return times, poses


def _strokes(illustration: Illustration) -> list[_Stroke]:
    """The figure's polylines in drawing order: far limbs, torso and head, near limbs."""
    far = illustration.far_side if illustration.view != "front" else None
    sides = [side for side in ("l", "r") if side == far] + [s for s in ("l", "r") if s != far]

    def limbs(side: str) -> list[_Stroke]:
        colour = _FAR if side == far else _SKIN
        arm = (f"shoulder_{side}", f"elbow_{side}", f"wrist_{side}")
        leg = (f"hip_{side}", f"knee_{side}", f"ankle_{side}")
        return [
            _Stroke(tuple((name,) for name in arm), 4.0, colour),
            _Stroke(tuple((name,) for name in leg), 5.0, colour),
            _Stroke(((f"ankle_{side}",), (f"toe_{side}",)), 3.5, colour),
        ]

    trunk = [
        _Stroke((("shoulder_l",), ("shoulder_r",)), 5.0, _SKIN),
        _Stroke((("hip_l",), ("hip_r",)), 6.0, _SKIN),
        _Stroke((("shoulder_l", "shoulder_r"), ("hip_l", "hip_r")), 8.0, _SKIN),
        _Stroke((("neck",), ("head",)), 4.0, _SKIN),
    ]
    back, front = limbs(sides[0]), limbs(sides[1])
    if far is None:  # front view: arms drawn over the torso, legs under it
        return [*back[1:], *front[1:], *trunk, back[0], front[0]]
    return [*back, *trunk, *front]


def _draw(
    illustration: Illustration,
    poses: Sequence[Pose],
    animate: Callable[[str, Sequence[str]], str] | None,
) -> str:
    """SVG elements for the poses: animated when ``animate`` is given, else the first pose."""
    parts = [*_scenery(illustration)]

    def attribute(name: str, values: list[str]) -> tuple[str, str]:
        """(the attribute written on the element, its animation or '')."""
        static = f' {name}="{values[0]}"'
        return static, (animate(name, values) if animate else "")

    def polyline(stroke: _Stroke) -> None:
        values = [
            " ".join(_format_point(_point(pose, point)) for point in stroke.points)
            for pose in poses
        ]
        static, motion = attribute("points", values)
        parts.append(
            f'<polyline class="limb" data-joints="{" ".join(stroke.joints)}"{static} '
            f'fill="none" stroke="{stroke.colour}" stroke-width="{stroke.width}" '
            f'stroke-linecap="round" stroke-linejoin="round">{motion}</polyline>'
        )

    def circle(joint: str, radius: float, style: str, css_class: str) -> None:
        static_x, motion_x = attribute("cx", [_number(pose[joint][0]) for pose in poses])
        static_y, motion_y = attribute("cy", [_number(pose[joint][1]) for pose in poses])
        parts.append(
            f'<circle class="{css_class}" data-joints="{joint}"{static_x}{static_y} '
            f'r="{radius}" {style}>{motion_x}{motion_y}</circle>'
        )

    for line in illustration.supports:
        polyline(_Stroke(tuple((joint,) for joint in line), 2.5, _FURNITURE))
    if illustration.roll is not None:
        circle(
            illustration.roll, 3.2, f'fill="{_TOWEL}" stroke="{_GROUND}" stroke-width="1"', "roll"
        )
    for stroke in _strokes(illustration):
        polyline(stroke)
        if stroke.joints == ("neck", "head"):
            circle("head", 5.5, f'fill="{_SKIN}"', "head")
    if illustration.band is not None:
        polyline(_Stroke(tuple((joint,) for joint in illustration.band), 1.8, _BAND))
    for prop in _props(illustration):
        circle(prop, 2.5, f'fill="#ffffff" stroke="{_GROUND}" stroke-width="1.5"', "prop")
    if illustration.ball is not None:
        circle(illustration.ball, 4.5, f'fill="{_BALL}" stroke="#b97d00" stroke-width="1"', "ball")
    return "\n".join(parts)


def _props(illustration: Illustration) -> list[str]:
    names = illustration.keyframes[0].joints
    skip = {*BODY_JOINTS, illustration.ball, illustration.roll}
    skip.update(joint for line in illustration.supports for joint in line)
    return [name for name in names if name not in skip]


def _scenery(illustration: Illustration) -> list[str]:
    parts = []
    if illustration.floor_y is not None:
        y = _number(illustration.floor_y)
        parts.append(
            f'<line class="floor" x1="2" y1="{y}" x2="98" y2="{y}" stroke="{_GROUND}" '
            f'stroke-width="1.5" stroke-linecap="round"/>'
        )
    if illustration.wall_x is not None:
        x = _number(illustration.wall_x)
        bottom = _number(illustration.floor_y if illustration.floor_y is not None else 98)
        parts.append(
            f'<rect class="wall" x="{_number(illustration.wall_x - 6)}" y="4" width="6" '
            f'height="{_number((illustration.floor_y or 98) - 4)}" fill="#e6e1da"/>'
            f'<line x1="{x}" y1="4" x2="{x}" y2="{bottom}" stroke="{_GROUND}" '
            f'stroke-width="1.5"/>'
        )
    return parts


def _view_box(illustration: Illustration) -> str:
    """The full width, and the height the figure uses in any keyframe (head to floor, at least
    ``_MIN_HEIGHT``): a figure lying on the floor is not drawn in a square of empty space, so
    wherever the drawing is as wide as its place, the person is as large as it allows."""
    ys = [y for frame in illustration.keyframes for _, y in frame.joints.values()]
    if illustration.floor_y is not None:
        ys.append(illustration.floor_y)
    top, bottom = min(ys) - 8, max(ys) + 3
    grow = max(0.0, _MIN_HEIGHT - (bottom - top)) / 2
    top, bottom = max(0.0, top - grow), min(float(SIZE), bottom + grow)
    return f"0 {_number(top)} {SIZE} {_number(bottom - top)}"


def _document(
    exercise: Exercise,
    language: str,
    body: str,
    version: str | None = None,
    view_box: str = f"0 0 {SIZE} {SIZE}",
) -> str:
    shown = exercise.version(version) if version else None
    slug = shown.slug if shown is not None else exercise.slug
    name = (shown or exercise).name.get(language)
    description = shown.how.get(language) if shown is not None else exercise.summary.get(language)
    title_id = f"kc-{slug}-title"
    desc_id = f"kc-{slug}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" class="kc-illustration">\n'
        f'<title id="{title_id}">{escape(name)}</title>\n'
        f'<desc id="{desc_id}">{escape(description)}</desc>\n'
        f"{body}\n</svg>\n"
    )


def _placeholder(exercise: Exercise, language: str, version: str | None = None) -> str:
    """A card without a fitting drawing shows the name (of the version) instead of a figure."""
    shown = exercise.version(version) if version else None
    name = (shown or exercise).name.get(language)
    text = (
        f'<rect x="2" y="2" width="96" height="96" rx="6" fill="#f2f2f2"/>'
        f'<text x="50" y="52" text-anchor="middle" font-size="6" fill="{_SKIN}" '
        f"font-family={quoteattr('sans-serif')}>{escape(name)}</text>"
    )
    return _document(exercise, language, text, version)


def _point(pose: Pose, names: tuple[str, ...]) -> Point:
    xs = [pose[name][0] for name in names]
    ys = [pose[name][1] for name in names]
    return (sum(xs) / len(xs), sum(ys) / len(ys))


def _mix(a: Point, b: Point, share: float) -> Point:
    return (a[0] + (b[0] - a[0]) * share, a[1] + (b[1] - a[1]) * share)


def _format_point(point: Point) -> str:
    return f"{_number(point[0])},{_number(point[1])}"


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
