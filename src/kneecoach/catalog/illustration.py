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
or cable between two joints, a ball at a joint (or what a version squeezes instead: a folded towel,
a cushion, laid along the thigh), and a small circle for every other non-body joint (a pulley, an
anchor). A variant or substitute whose position differs has its own keyframes. Where the foot is
turned out (the VMO lift), a side view cannot show it, so a small inset in the top left corner shows
that foot from the end of the mat: its sole, turned out from pointing straight up.
"""

from __future__ import annotations

import math
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
_TOWEL_EDGE = "#4f8aa0"
_CUSHION = "#c9b3e0"
_CUSHION_EDGE = "#7d62a0"
_INSET_BACK = "#f3f6f8"
_TURN = "#d1603d"  # the turn-out arrow: not the band's colour, so no band is read into it
_EASE = "0.42 0 0.58 1"

Shape = tuple[Point, ...]


def _shape(points: str) -> Shape:
    """'x,y x,y ...' -> points (the shapes below read as the SVG they become)."""
    return tuple((float(x), float(y)) for x, y in (pair.split(",") for pair in points.split()))


# What a version squeezes in the ball's place, in the thigh's frame: (along the thigh towards the
# knee, across it), centred on the ``ball`` joint. A folded towel seen edge-on: a slab with its
# rounded fold towards the knee and its layers showing; a cushion: a plump pillow with pinched
# corners. Each: (CSS class, fill, edge, outline, the lines drawn inside it).
_SQUEEZED: dict[str, tuple[str, str, str, Shape, tuple[Shape, ...]]] = {
    "folded-towel": (
        "squeezed folded-towel",
        _TOWEL,
        _TOWEL_EDGE,
        _shape("-5.5,-3.2 3.4,-3.2 4.8,-2.6 5.5,-1.3 5.7,0 5.5,1.3 4.8,2.6 3.4,3.2 -5.5,3.2"),
        (_shape("-5.5,-1.05 4,-1.05"), _shape("-5.5,1.05 4,1.05")),
    ),
    "cushion": (
        "squeezed cushion",
        _CUSHION,
        _CUSHION_EDGE,
        _shape(
            "-5.6,-4 -3,-3.5 3,-3.5 5.6,-4 5.3,-2 5.2,0 5.3,2 5.6,4 3,3.5 -3,3.5 -5.6,4 "
            "-5.3,2 -5.2,0 -5.3,-2"
        ),
        (_shape("-3.2,0 3.2,0"),),
    ),
}

# The inset for a turned-out foot: the sole of the person's right foot seen from the end of the
# mat, heel at (0, 0), toes up (-y), the big toe on the inner side (+x, towards the other leg).
_SOLE = _shape(
    "0,0.4 1.9,-0.3 2.4,-2.2 1.8,-5 2.2,-7.6 3.3,-9.6 3,-10.8 1,-11.2 -1.5,-10.9 -3.2,-10 "
    "-3.3,-8 -2.8,-5 -2.6,-2.2 -1.9,-0.3"
)
# (x, y, radius) of each toe, big toe first
_TOES = (
    (2.3, -12.7, 1.3),
    (0.3, -13.0, 0.85),
    (-1.3, -12.7, 0.75),
    (-2.6, -12.1, 0.65),
    (-3.5, -11.2, 0.55),
)
_INSET_SIZE = 26.0
_FOOT_SCALE = 1.2
_INSET_SCALE = 0.95
_TOES_OUT_NOTE = {
    "en": (
        "The small picture shows the working foot from the end of the mat: turned out about "
        "{degrees} degrees, not pointing straight up."
    ),
    "nb": (
        "Det lille bildet viser arbeidsfoten sett fra enden av matten: vridd omtrent {degrees} "
        "grader utover, ikke rett opp."
    ),
}


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
    return _finish(exercise, illustration, language, body, version)


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
    return _finish(exercise, illustration, language, body, version)


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
    ball = illustration.ball
    if ball is not None and illustration.ball_drawn_as == "ball":
        circle(ball, 4.5, f'fill="{_BALL}" stroke="#b97d00" stroke-width="1"', "ball")
    elif ball is not None:
        parts += _squeezed(illustration.ball_drawn_as, ball, poses, attribute)
    return "\n".join(parts)


def _squeezed(
    kind: str,
    ball: str,
    poses: Sequence[Pose],
    attribute: Callable[[str, list[str]], tuple[str, str]],
) -> list[str]:
    """What a version squeezes in the ball's place (a folded towel, a cushion), laid along the
    thighs at the ball's joint and moving with them."""
    css_class, fill, edge, outline, folds = _SQUEEZED[kind]
    joints = f"{ball} hip_l hip_r knee_l knee_r"

    def placed(shape: Shape) -> tuple[str, str]:
        return attribute("points", [_placed(shape, pose, ball) for pose in poses])

    static, motion = placed(outline)
    parts = [
        f'<polygon class="{css_class}" data-joints="{joints}"{static} fill="{fill}" '
        f'stroke="{edge}" stroke-width="0.8" stroke-linejoin="round">{motion}</polygon>'
    ]
    for fold in folds:
        static, motion = placed(fold)
        parts.append(
            f'<polyline class="squeezed-line" data-joints="{joints}"{static} fill="none" '
            f'stroke="{edge}" stroke-width="0.6" stroke-linecap="round">{motion}</polyline>'
        )
    return parts


def _placed(shape: Shape, pose: Pose, ball: str) -> str:
    """A shape in the thigh's frame (along it towards the knee, across it) placed at the ball
    joint: it lies along the thighs whatever their angle in this pose."""
    hip, knee = _point(pose, ("hip_l", "hip_r")), _point(pose, ("knee_l", "knee_r"))
    length = math.dist(hip, knee) or 1.0
    along = ((knee[0] - hip[0]) / length, (knee[1] - hip[1]) / length)
    across = (-along[1], along[0])
    x, y = pose[ball]
    return " ".join(
        _format_point((x + a * along[0] + b * across[0], y + a * along[1] + b * across[1]))
        for a, b in shape
    )


def _toes_out_inset(illustration: Illustration, top: float) -> str:
    """The working foot seen from the end of the mat (top left): its sole pointing straight up,
    dashed, and turned out by ``toes_out_deg``, solid, with an arrow from one to the other. The
    working foot is the near one; seen from the feet, the person's right is on the viewer's
    left, so a right foot turns out to the left."""
    degrees = illustration.toes_out_deg or 0.0
    right = illustration.far_side != "r"
    turn = -degrees if right else degrees
    mirror = "" if right else " scale(-1 1)"
    size = _INSET_SIZE
    heel = (size * 0.58 if right else size * 0.42, size - 4.0)
    sole = " ".join(_format_point(point) for point in _SOLE)
    toes = "".join(
        f'<circle cx="{_number(x)}" cy="{_number(y)}" r="{_number(r)}"/>' for x, y, r in _TOES
    )
    foot = f'<polygon points="{sole}"/>{toes}'
    at = f"translate({_number(heel[0])} {_number(heel[1])}) scale({_FOOT_SCALE})"
    return (
        f'<g class="inset toes-out" data-degrees="{_number(degrees)}" '
        f'transform="translate(2 {_number(top + 2)}) scale({_INSET_SCALE})">'
        f'<rect width="{_number(size)}" height="{_number(size)}" rx="3" fill="{_INSET_BACK}" '
        f'stroke="{_FAR}" stroke-width="0.6"/>'
        f'<line x1="3" y1="{_number(size - 2.5)}" x2="{_number(size - 3)}" '
        f'y2="{_number(size - 2.5)}" stroke="{_GROUND}" stroke-width="0.8"/>'
        f'<g class="straight-up" transform="{at}{mirror}" fill="none" stroke="{_GROUND}" '
        f'stroke-width="0.55" stroke-dasharray="1 0.8">{foot}</g>'
        f'<g class="turned-out" transform="{at} rotate({_number(turn)}){mirror}" '
        f'fill="{_SKIN}">{foot}</g>'
        f"{_turn_arrow(heel, turn)}</g>"
    )


def _turn_arrow(heel: Point, turn: float) -> str:
    """An arc beyond the toes from straight up to the turned-out angle, with its head."""
    radius, margin = 18.0, 5.0
    sign = 1.0 if turn > 0 else -1.0

    def at(angle: float) -> Point:
        rad = math.radians(angle)
        return (heel[0] + radius * math.sin(rad), heel[1] - radius * math.cos(rad))

    start, end = at(sign * margin), at(turn - sign * margin)
    rad = math.radians(turn - sign * margin)
    tangent = (sign * math.cos(rad), sign * math.sin(rad))
    normal = (-tangent[1], tangent[0])
    tip = (end[0] + 1.4 * tangent[0], end[1] + 1.4 * tangent[1])
    wings = [
        (
            end[0] - 0.6 * tangent[0] + side * 1.2 * normal[0],
            end[1] - 0.6 * tangent[1] + side * 1.2 * normal[1],
        )
        for side in (1, -1)
    ]
    head = " ".join(_format_point(point) for point in (tip, *wings))
    sweep = 1 if turn > 0 else 0
    return (
        f'<path class="turn" d="M{_format_point(start)} A{_number(radius)} {_number(radius)} 0 0 '
        f'{sweep} {_format_point(end)}" fill="none" stroke="{_TURN}" stroke-width="0.9"/>'
        f'<polygon points="{head}" fill="{_TURN}"/>'
    )


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


def _finish(
    exercise: Exercise,
    illustration: Illustration,
    language: str,
    body: str,
    version: str | None,
) -> str:
    """The drawn figure in its document: cropped to the figure, with the turned-out foot's inset
    (and its sentence in the description) where the illustration has one."""
    top, height = _box(illustration)
    note = ""
    if illustration.toes_out_deg is not None:
        body += "\n" + _toes_out_inset(illustration, top)
        template = _TOES_OUT_NOTE.get(language, _TOES_OUT_NOTE["en"])
        note = template.format(degrees=_number(illustration.toes_out_deg))
    view_box = f"0 {_number(top)} {SIZE} {_number(height)}"
    return _document(exercise, language, body, version, view_box, note)


def _box(illustration: Illustration) -> tuple[float, float]:
    """(top, height): the full width, and the height the figure uses in any keyframe (head to
    floor, at least ``_MIN_HEIGHT``, and room for an inset): a figure lying on the floor is not
    drawn in a square of empty space, so wherever the drawing is as wide as its place, the person
    is as large as it allows."""
    ys = [y for frame in illustration.keyframes for _, y in frame.joints.values()]
    if illustration.floor_y is not None:
        ys.append(illustration.floor_y)
    top, bottom = min(ys) - 8, max(ys) + 3
    least = _MIN_HEIGHT
    if illustration.toes_out_deg is not None:
        least = max(least, _INSET_SIZE * _INSET_SCALE + 4)
    grow = max(0.0, least - (bottom - top)) / 2
    top, bottom = max(0.0, top - grow), min(float(SIZE), bottom + grow)
    return top, bottom - top


def _document(
    exercise: Exercise,
    language: str,
    body: str,
    version: str | None = None,
    view_box: str = f"0 0 {SIZE} {SIZE}",
    note: str = "",
) -> str:
    shown = exercise.version(version) if version else None
    slug = shown.slug if shown is not None else exercise.slug
    name = (shown or exercise).name.get(language)
    description = shown.how.get(language) if shown is not None else exercise.summary.get(language)
    description = f"{description} {note}" if note else description
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
