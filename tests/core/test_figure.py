"""The articulated-figure renderer: every routine step is drawn, as valid SVG that obeys the
site's Content-Security-Policy, with alt text written from the same pose."""

import math
import re
import xml.etree.ElementTree as ET

import pytest

from hiphub.core import figure
from hiphub.core.pose import FigureDataError, Pose, describe, pose_from_dict
from hiphub.selfcare.protocol import protocols

SVG = "{http://www.w3.org/2000/svg}"


def every_drawing() -> list[tuple[str, Pose]]:
    """(label, pose) for every step of every routine in every set-up it belongs to."""
    found = []
    for p in protocols().values():
        for variant_id in [v.id for v in p.variants] or [""]:
            for step in p.steps_for(variant_id):
                pose = p.pose_for(step, variant_id)
                assert pose is not None, f"{p.id}: step {step.id} ({variant_id}) has no pose"
                found.append((f"{p.id}/{variant_id}/{step.id}", pose))
    return found


DRAWINGS = every_drawing()


def test_every_routine_and_set_up_is_covered() -> None:
    labels = {label.split("/")[0] for label, _ in DRAWINGS}
    assert {"positional_release", "gentle_mobility", "hip_trunk_strength"} <= labels
    set_ups = {label.split("/")[1] for label, _ in DRAWINGS}
    assert {"thigh_pillows", "knees_up", "side_lying"} <= set_ups


@pytest.mark.parametrize(("label", "pose"), DRAWINGS, ids=[label for label, _ in DRAWINGS])
def test_each_step_is_drawn_as_valid_csp_safe_svg(label: str, pose: Pose) -> None:
    markup = figure.svg(pose)
    root = ET.fromstring(markup)  # noqa: S314 - our own output
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == describe(pose)
    shapes = [
        el
        for el in root.iter()
        if el.tag.removeprefix(SVG) in ("line", "circle", "rect", "polygon")
    ]
    assert len(shapes) >= 10, "a person has a head, a trunk and four limbs of two or three parts"
    for element in root.iter():
        assert "style" not in element.attrib and element.tag != f"{SVG}style"
        assert element.tag != f"{SVG}script" and not any(a.startswith("on") for a in element.attrib)
    # Readable at 320 px: the drawing is wide rather than tall, and its lines not hairlines.
    _, _, width, height = (float(n) for n in root.get("viewBox", "").split())
    limbs = [float(el.get("stroke-width", "0")) for el in root.iter(f"{SVG}line")]
    assert max(limbs) * 320 / max(width, height) >= 8


def test_alt_text_says_what_the_drawing_shows() -> None:
    pose = pose_from_dict(
        {"plane": "frontal", "hip": 20, "props": [{"kind": "pillow", "at": "thigh"}]}
    )
    assert describe(pose) == (
        "A person lying on the back on a bed, both legs resting out to the side, "
        "a pillow under each thigh."
    )
    side = pose_from_dict(
        {
            "lying": "side",
            "hip": 50,
            "knee": 70,
            "props": [{"kind": "pillow", "at": "between_knees"}],
        }
    )
    assert "lying on one side" in describe(side)
    assert "a pillow between the knees" in describe(side)


def test_the_drawing_follows_the_angles() -> None:
    """Bending the knees up moves the knees above the hips: the picture gets taller."""
    flat = ET.fromstring(figure.svg(pose_from_dict({"hip": 0, "knee": 0})))  # noqa: S314
    bent = ET.fromstring(figure.svg(pose_from_dict({"hip": 80, "knee": 90})))  # noqa: S314
    assert float(bent.get("height", 0)) > float(flat.get("height", 0)) + 40


def test_drawings_are_cached() -> None:
    pose = pose_from_dict({"hip": 33})
    assert figure.svg(pose) is figure.svg(pose)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"hip": 200}, "pose.hip must be between -40 and 150; got 200"),
        ({"knee": "bent"}, "pose.knee must be a number of degrees"),
        ({"lying": "upside_down"}, "pose.lying must be one of back, front, side, upright"),
        ({"elbows": 10}, "pose: unknown key(s): elbows"),
        ({"props": [{"kind": "pillow", "at": "nose"}]}, "pose.props[0].at must be one of"),
        ({"props": [{"kind": "sofa"}]}, "pose.props[0].kind must be one of"),
        ({"far": {"hip": 999}}, "pose.far.hip must be between"),
    ],
)
def test_bad_pose_data_gets_a_clear_error(raw: dict[str, object], message: str) -> None:
    with pytest.raises(FigureDataError) as caught:
        pose_from_dict(raw)
    assert message in str(caught.value)


# --- What the drawing shows: geometry a person sees -------------------------------------------


@pytest.fixture(autouse=True)
def _draw_afresh() -> None:
    # Each test draws its figures itself: under `make mutation` the tests run in processes
    # forked after a clean run, which would otherwise inherit the clean drawings from svg's
    # cache and never call the mutated renderer.
    figure.svg.cache_clear()


Line = tuple[float, float, float, float]
COLOUR = re.compile(r"#[0-9a-f]{6}|none")
CLASSES = ("fig-body", "fig-far", "fig-bed", "fig-pillow", "fig-floor", "fig-wall", "fig-prop")
NUMERIC = ("x", "y", "width", "height", "rx", "x1", "y1", "x2", "y2", "cx", "cy", "r")


def draw(raw: dict[str, object]) -> ET.Element:
    return ET.fromstring(figure.svg(pose_from_dict(raw)))  # noqa: S314 - our own output


def shapes(root: ET.Element, tag: str, cls: str | None = None) -> list[ET.Element]:
    return [el for el in root.iter(f"{SVG}{tag}") if cls is None or el.get("class") == cls]


def limb_lines(root: ET.Element) -> list[Line]:
    """The body's segments in drawing order, as (x1, y1, x2, y2) in SVG units (y down)."""
    return [
        (
            float(el.get("x1", "")),
            float(el.get("y1", "")),
            float(el.get("x2", "")),
            float(el.get("y2", "")),
        )
        for el in root.iter(f"{SVG}line")
        if el.get("class") in ("fig-body", "fig-far")
    ]


def extents(root: ET.Element, only: str = "") -> tuple[float, float, float, float]:
    """The smallest box holding every painted shape (or those of class `only`), strokes and
    round caps included."""
    xs: list[float] = []
    ys: list[float] = []
    for el in root.iter():
        if only and el.get("class") != only:
            continue
        tag = el.tag.removeprefix(SVG)
        stroke = float(el.get("stroke-width", "0")) / 2
        if tag == "line":
            for x, y in ((el.get("x1"), el.get("y1")), (el.get("x2"), el.get("y2"))):
                xs += [float(x or 0) - stroke, float(x or 0) + stroke]
                ys += [float(y or 0) - stroke, float(y or 0) + stroke]
        elif tag == "circle":
            cx, cy, r = (float(el.get(a, "")) for a in ("cx", "cy", "r"))
            xs += [cx - r, cx + r]
            ys += [cy - r, cy + r]
        elif tag == "rect":
            x, y, w, h = (float(el.get(a, "")) for a in ("x", "y", "width", "height"))
            xs += [x - stroke, x + w + stroke]
            ys += [y - stroke, y + h + stroke]
        elif tag == "polygon":
            for pair in el.get("points", "").split():
                x, y = (float(n) for n in pair.split(","))
                xs += [x - stroke, x + stroke]
                ys += [y - stroke, y + stroke]
        elif tag == "path":  # the headphones: a half circle over the head
            m = re.fullmatch(r"M(\S+),(\S+) A(\S+),(\S+) 0 0 1 (\S+),(\S+)", el.get("d", ""))
            assert m, el.get("d")
            x1, y1, r, _, x2, y2 = (float(n) for n in m.groups())
            xs += [x1 - stroke, x2 + stroke]
            ys += [y1 - r - stroke, y2 + stroke]
    return min(xs), min(ys), max(xs), max(ys)


EXTRA_POSES: list[dict[str, object]] = [
    # With no bed or floor the body itself is the edge of the drawing on every side.
    {"surface": "none"},
    {"surface": "none", "shoulder": 180},
    {"surface": "none", "lying": "upright", "trunk": 90, "hip": 90, "knee": 0},
    {"surface": "none", "plane": "frontal", "lying": "upright", "trunk": 90},
    {"surface": "floor", "hip": 90, "knee": 90, "props": [{"kind": "chair", "at": "calf"}]},
    {"surface": "none", "hip": 30, "knee": 60, "props": [{"kind": "wall"}, {"kind": "headphones"}]},
    {"lying": "front", "trunk": 10, "hip": -10, "props": [{"kind": "pillow", "at": "chest"}]},
    {"lying": "front", "hip": 90, "knee": 90, "shoulder": 90, "trunk": 0},
    {"lying": "upright", "trunk": 90, "hip": 90, "knee": 90},
    {"trunk": -25, "hip": 45, "knee": 90, "shoulder": 10, "surface": "floor"},
    {"lying": "side", "hip": 40, "knee": 60, "props": [{"kind": "pillow", "at": "top_arm"}]},
    {"plane": "frontal", "lying": "side", "hip": 15, "far": {"hip": 0}, "shoulder": 10},
    {
        "plane": "frontal",
        "lying": "front",
        "hip": 20,
        "surface": "floor",
        "props": [{"kind": "pillow", "at": "head"}],
    },
    {"plane": "frontal", "lying": "upright", "trunk": 90, "hip": 10, "shoulder": 90, "elbow": 30},
    {
        "neck": 40,
        "hip": 60,
        "knee": 100,
        "props": [
            {"kind": "pillow", "at": "head"},
            {"kind": "pillow", "at": "low_back", "count": 3},
        ],
    },
    {
        "hip": 20,
        "props": [
            {"kind": "pillow", "at": "thigh"},
            {"kind": "pillow", "at": "foot", "count": 2},
            {"kind": "chair", "at": "foot"},
        ],
    },
]


@pytest.mark.parametrize(
    "pose",
    [pose for _, pose in DRAWINGS] + [pose_from_dict(raw) for raw in EXTRA_POSES],
)
def test_every_shape_is_inside_the_view_box_with_a_small_margin(pose: Pose) -> None:
    root = ET.fromstring(figure.svg(pose))  # noqa: S314 - our own output
    x0, y0, width, height = (float(n) for n in root.get("viewBox", "").split())
    left, top, right, bottom = extents(root)
    assert left >= x0 - 0.1 and top >= y0 - 0.1
    assert right <= x0 + width + 0.1 and bottom <= y0 + height + 0.1
    # No more than a margin of blank paper around the drawing (4 units, and the floor's shadow)
    assert left - x0 <= 4.1 and top - y0 <= 4.1
    assert x0 + width - right <= 4.1 and y0 + height - bottom <= 6.6
    if pose.surface == "none" and not pose.props:
        # The body alone: exactly four units of paper on every side.
        margins = (left - x0, top - y0, x0 + width - right, y0 + height - bottom)
        assert margins == pytest.approx((4, 4, 4, 4), abs=0.1)
    # Drawn at two pixels a unit.
    assert root.get("width") == str(round(width * 2))
    assert root.get("height") == str(round(height * 2))
    for element in root.iter():
        for attribute in ("fill", "stroke"):
            if attribute in element.attrib:
                assert COLOUR.fullmatch(element.get(attribute, "")), element.attrib
        for attribute in (*NUMERIC, "stroke-width"):
            if attribute in element.attrib:
                float(element.get(attribute, ""))  # a number a browser can read
        if element.get("class") in ("fig-body", "fig-far") and element.tag == f"{SVG}line":
            assert element.get("stroke-linecap") == "round", "limbs join without gaps"
        assert element.get("stroke-linecap", "round") in ("round", "butt", "square")
        assert element.get("stroke-linejoin", "round") in ("round", "miter", "bevel")
        if element.tag != f"{SVG}title" and element is not root:
            # The site's CSS recolours the figure by these classes (dark scheme, relaxation view).
            assert element.get("class") in CLASSES, element.attrib


def test_limbs_have_their_lengths_and_thickness() -> None:
    root = draw({"hip": 35, "knee": 70, "ankle": 20, "shoulder": 120, "elbow": 40})
    lines = limb_lines(root)
    lengths = [math.dist(line[:2], line[2:]) for line in lines]
    #        far thigh, shin, foot, upper arm, forearm; trunk; near thigh ... forearm
    expected = [44, 42, 12, 29, 27, 52, 44, 42, 12, 29, 27]
    assert lengths == pytest.approx(expected, abs=0.15)  # drawn to a tenth of a unit
    widths = [
        float(el.get("stroke-width", ""))
        for el in shapes(root, "line")
        if el.get("class") in ("fig-body", "fig-far")
    ]
    assert widths == [14, 11, 6, 9, 8, 24, 14, 11, 6, 9, 8]
    (head,) = shapes(root, "circle")
    assert head.get("r") == "9.5"
    # Seen from the side the far limbs are paler and drawn first, behind the body.
    classes = [el.get("class") for el in shapes(root, "line")]
    assert classes == ["fig-far"] * 5 + ["fig-body"] * 6
    colours = {el.get("class"): el.get("stroke") for el in shapes(root, "line")}
    assert colours == {"fig-far": "#8fa7ba", "fig-body": "#35546e"}
    assert head.get("fill") == "#35546e"


def _direction(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The direction from a to b in degrees, counter-clockwise from +x with y up."""
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))


def _turn(first: float, second: float) -> float:
    return (second - first + 180) % 360 - 180


def _same(first: float, second: float) -> bool:
    """Two directions are the same, whatever the whole turns between them."""
    return abs(_turn(first, second)) < 1e-6


@pytest.mark.parametrize(
    "raw",
    [
        {"hip": 90, "knee": 90, "ankle": 0, "shoulder": 180, "elbow": 0},
        {"hip": 35, "knee": 70, "ankle": 20, "shoulder": 120, "elbow": 40, "neck": 25},
        {
            "lying": "front",
            "trunk": 15,
            "neck": -20,
            "hip": -15,
            "knee": 90,
            "ankle": -30,
            "shoulder": 150,
            "elbow": 60,
        },
        {"lying": "upright", "trunk": 90, "hip": 90, "knee": 90, "shoulder": 30, "elbow": 90},
        {"trunk": -30, "hip": 40, "knee": 100, "far": {"hip": 10, "knee": 5, "shoulder": 45}},
        {"lying": "side", "trunk": 5, "hip": 60, "knee": 45, "far": {"hip": 20, "knee": 10}},
    ],
)
def test_seen_from_the_side_each_joint_bends_by_its_angle(raw: dict[str, object]) -> None:
    """The module's own definitions, measured on the drawn skeleton: trunk 0 lies flat and 90
    is upright; hip, shoulder and knee angles turn the limb toward the front of the body (up
    when lying on the back, down when face down); ankle 0 holds the foot square to the shin."""
    pose = pose_from_dict(raw)
    p = figure._sagittal(pose).points
    front = -1 if pose.lying == "front" else 1
    assert math.dist(p["pelvis"], p["shoulders"]) == pytest.approx(52)
    trunk = _direction(p["pelvis"], p["shoulders"])
    assert _same(180 - pose.trunk, trunk)
    assert math.dist(p["shoulders"], p["head"]) == pytest.approx(16.5)
    assert _same(trunk - front * pose.neck, _direction(p["shoulders"], p["head"]))
    assert p["low_back"] == pytest.approx(_between(p["pelvis"], p["shoulders"], 0.28))
    assert p["chest"] == pytest.approx(_between(p["pelvis"], p["shoulders"], 0.7))
    down_the_body = trunk - 180
    for side, limbs in (("near", pose.near), ("far", pose.far)):
        thigh = _direction(p["pelvis"], p[f"{side}_knee"])
        shin = _direction(p[f"{side}_knee"], p[f"{side}_ankle"])
        foot = _direction(p[f"{side}_ankle"], p[f"{side}_toe"])
        arm = _direction(p["shoulders"], p[f"{side}_elbow"])
        forearm = _direction(p[f"{side}_elbow"], p[f"{side}_hand"])
        assert _same(down_the_body + front * limbs.hip, thigh)
        assert _same(thigh - front * limbs.knee, shin)
        assert _same(shin + front * (90 - limbs.ankle), foot)
        assert _same(down_the_body + front * limbs.shoulder, arm)
        assert _same(arm + front * limbs.elbow, forearm)
        assert math.dist(p["pelvis"], p[f"{side}_knee"]) == pytest.approx(44)
        assert math.dist(p[f"{side}_knee"], p[f"{side}_ankle"]) == pytest.approx(42)
        assert math.dist(p[f"{side}_ankle"], p[f"{side}_toe"]) == pytest.approx(12)
        assert math.dist(p["shoulders"], p[f"{side}_elbow"]) == pytest.approx(29)
        assert math.dist(p[f"{side}_elbow"], p[f"{side}_hand"]) == pytest.approx(27)


def _between(a: tuple[float, float], b: tuple[float, float], t: float) -> tuple[float, float]:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


@pytest.mark.parametrize(
    "raw",
    [
        {"plane": "frontal", "hip": 20, "knee": 10, "shoulder": 30, "elbow": 20},
        {
            "plane": "frontal",
            "lying": "upright",
            "trunk": 90,
            "hip": 10,
            "far": {"hip": 35, "knee": 40, "shoulder": 90},
        },
    ],
)
def test_seen_from_the_front_each_leg_and_arm_moves_out_to_its_own_side(
    raw: dict[str, object],
) -> None:
    pose = pose_from_dict(raw)
    p = figure._frontal(pose).points
    axis = _direction(p["pelvis"], p["shoulders"])
    assert _same(180 - pose.trunk, axis)
    assert math.dist(p["pelvis"], p["shoulders"]) == pytest.approx(52)
    assert math.dist(p["shoulders"], p["head"]) == pytest.approx(16.5)
    assert _same(axis, _direction(p["shoulders"], p["head"]))
    assert p["low_back"] == pytest.approx(_between(p["pelvis"], p["shoulders"], 0.28))
    assert p["chest"] == pytest.approx(_between(p["pelvis"], p["shoulders"], 0.7))
    down_the_body = axis - 180
    # The near hip and shoulder sit on one side of the axis and the far ones on the other, and
    # each leg and arm moves out toward its own side.
    for side, limbs, out in (("near", pose.near, 1), ("far", pose.far, -1)):
        assert math.dist(p["pelvis"], p[f"{side}_hip"]) == pytest.approx(9)
        assert math.dist(p["shoulders"], p[f"{side}_shoulder"]) == pytest.approx(14)
        assert _same(axis - out * 90, _direction(p["pelvis"], p[f"{side}_hip"]))
        assert _same(axis - out * 90, _direction(p["shoulders"], p[f"{side}_shoulder"]))
        thigh = _direction(p[f"{side}_hip"], p[f"{side}_knee"])
        shin = _direction(p[f"{side}_knee"], p[f"{side}_ankle"])
        arm = _direction(p[f"{side}_shoulder"], p[f"{side}_elbow"])
        assert _same(down_the_body + out * limbs.hip, thigh)
        assert _same(thigh - out * limbs.knee, shin)
        assert _same(shin, _direction(p[f"{side}_ankle"], p[f"{side}_toe"]))
        assert _same(down_the_body + out * limbs.shoulder, arm)
        assert _same(arm - out * limbs.elbow, _direction(p[f"{side}_elbow"], p[f"{side}_hand"]))
        for a, b, length in (
            ("hip", "knee", 44),
            ("knee", "ankle", 42),
            ("ankle", "toe", 6),
            ("shoulder", "elbow", 29),
            ("elbow", "hand", 27),
        ):
            assert math.dist(p[f"{side}_{a}"], p[f"{side}_{b}"]) == pytest.approx(length)
    root = ET.fromstring(figure.svg(pose))  # noqa: S314 - our own output
    # The trunk is a solid shape between the shoulders and the hips, all in the body's colour.
    (torso,) = shapes(root, "polygon")
    corners = [tuple(float(n) for n in c.split(",")) for c in torso.get("points", "").split()]
    assert len(corners) == 4
    assert math.dist(corners[0], corners[1]) == pytest.approx(28, abs=0.15)  # the shoulders
    assert math.dist(corners[2], corners[3]) == pytest.approx(18, abs=0.15)  # the hips
    assert (torso.get("fill"), torso.get("stroke")) == ("#35546e", "#35546e")
    assert (torso.get("class"), torso.get("stroke-linejoin")) == ("fig-body", "round")
    assert torso.get("stroke-width") == "10"  # rounds the corners by half of it
    assert {el.get("class") for el in shapes(root, "line")} == {"fig-body"}
    assert len(limb_lines(root)) == 10


def _box(el: ET.Element) -> tuple[float, float, float, float]:
    """A rect as (left, top, right, bottom) in SVG units (y down)."""
    x, y, w, h = (float(el.get(a, "")) for a in ("x", "y", "width", "height"))
    return x, y, x + w, y + h


def _joint_xs(root: ET.Element) -> list[float]:
    """Where the joints and the head's centre are across the picture."""
    (head,) = shapes(root, "circle")
    return [
        float(head.get("cx", "")),
        *(x for line in limb_lines(root) for x in (line[0], line[2])),
    ]


def _lowest_body_edge(root: ET.Element) -> float:
    """How far down the body reaches (SVG y grows downward), its thickness included."""
    edges = [
        max(float(el.get("y1", "")), float(el.get("y2", "")))
        + float(el.get("stroke-width", "")) / 2
        for el in shapes(root, "line", "fig-body") + shapes(root, "line", "fig-far")
    ]
    (head,) = shapes(root, "circle")
    return max([*edges, float(head.get("cy", "")) + float(head.get("r", ""))])


@pytest.mark.parametrize(
    "raw",
    [
        {},
        {"hip": 90, "knee": 90},
        {"lying": "front", "trunk": 10, "hip": -10},
        {"trunk": -25, "hip": 45, "knee": 90},
        {"lying": "upright", "trunk": 90, "hip": 90, "knee": 90, "far": {"hip": 0, "knee": 0}},
    ],
)
def test_seen_from_the_side_the_body_rests_on_the_bed(raw: dict[str, object]) -> None:
    root = draw(raw)
    # Its lowest part touches the top of the bed (a thin shin or foot may hover a few units
    # above it: the rule allows a limb the thigh's thickness), and nothing sinks into it.
    assert -4.1 <= _lowest_body_edge(root) <= 0.05
    (bed,) = shapes(root, "rect", "fig-bed")
    left, top, right, bottom = _box(bed)
    joints = _joint_xs(root)
    assert (top, bottom) == (0, 22)  # a mattress 22 units deep under the surface
    assert left == pytest.approx(min(joints) - 16, abs=0.15)
    assert right == pytest.approx(max(joints) + 16, abs=0.15)
    assert (bed.get("fill"), bed.get("stroke"), bed.get("rx")) == ("#e4d8c4", "#9c8a70", "5")


def test_on_the_floor_the_body_rests_on_a_line_and_with_no_surface_on_nothing() -> None:
    root = draw({"surface": "floor", "hip": 40, "knee": 70})
    assert not shapes(root, "rect", "fig-bed")
    (floor,) = shapes(root, "line", "fig-floor")
    joints = _joint_xs(root)
    assert (floor.get("y1"), floor.get("y2"), floor.get("stroke-width")) == ("0", "0", "3")
    assert float(floor.get("x1", "")) == pytest.approx(min(joints) - 16, abs=0.15)
    assert float(floor.get("x2", "")) == pytest.approx(max(joints) + 16, abs=0.15)
    assert floor.get("stroke") == "#8d98a3"
    assert _lowest_body_edge(root) == pytest.approx(0, abs=0.1)
    bare = draw({"surface": "none", "hip": 40, "knee": 70})
    assert not shapes(bare, "rect", "fig-bed") and not shapes(bare, "line", "fig-floor")
    assert _lowest_body_edge(bare) == pytest.approx(0, abs=0.1)


@pytest.mark.parametrize(
    ("lying", "at", "count"),
    [
        ("back", "knee", 1),
        ("back", "knee", 2),
        ("back", "calf", 3),
        ("back", "thigh", 1),
        ("back", "foot", 2),
        ("back", "low_back", 1),
        ("back", "pelvis", 1),
        ("front", "chest", 1),
    ],
)
def test_pillows_are_stacked_from_the_bed_up_to_the_body_they_lift(
    lying: str, at: str, count: int
) -> None:
    # The legs lie flat, so the pillows alone decide how high the body is lifted; a head
    # pillow listed first lifts nothing and must not stop the others.
    props = [{"kind": "pillow", "at": "head"}, {"kind": "pillow", "at": at, "count": count}]
    raw = {"lying": lying, "props": props}
    root = draw(raw)
    _under_head, *stack = shapes(root, "rect", "fig-pillow")  # drawn in the order listed
    pillows = sorted(map(_box, stack), key=lambda b: -b[3])
    assert len(pillows) == count
    each = pillows[0][3] - pillows[0][1]
    bottom = 0.0
    for left, top, right, low in pillows:  # one on another, equal, from the bed up
        assert low == pytest.approx(bottom, abs=0.15)
        assert low - top == pytest.approx(each, abs=0.15)
        assert right - left == pytest.approx(40)
        bottom = top
    # The body is lifted so that the stack is at least nine units a pillow, and it touches
    # the point it lifts (the knee, mid-calf or the low back).
    assert -bottom == pytest.approx(9 * count, abs=0.15)  # nine units a pillow
    skeleton = figure._sagittal(pose_from_dict(raw))
    p = skeleton.points
    point = {
        "knee": p["near_knee"],
        "foot": p["near_ankle"],
        "calf": _between(p["near_knee"], p["near_ankle"], 0.55),
        "thigh": _between(p["pelvis"], p["near_knee"], 0.45),
    }.get(at, p.get(at, (0, 0)))
    lift = -float(shapes(root, "line", "fig-body")[0].get("y1", "")) - skeleton.points["pelvis"][1]
    radius = 12 if at in ("low_back", "pelvis", "chest") else 6  # the trunk is thicker
    assert -bottom == pytest.approx(point[1] + lift - radius, abs=0.15)
    centre = (pillows[0][0] + pillows[0][2]) / 2
    assert centre == pytest.approx(point[0], abs=0.15)
    rounding = min(8.0, each / 2)
    assert all(float(el.get("rx", "")) == pytest.approx(rounding, abs=0.05) for el in stack)


def test_a_head_pillow_does_not_lift_the_body() -> None:
    flat, on_pillow = draw({}), draw({"props": [{"kind": "pillow", "at": "head"}]})
    assert limb_lines(flat) == limb_lines(on_pillow)
    (pillow,) = shapes(on_pillow, "rect", "fig-pillow")
    (head,) = shapes(on_pillow, "circle")
    left, _, right, bottom = _box(pillow)
    assert (left + right) / 2 == pytest.approx(float(head.get("cx", "")), abs=0.15)
    assert bottom == pytest.approx(0, abs=0.15)  # on the bed, under the head


def test_calves_on_a_chair_rest_on_its_seat_and_its_legs_stand_on_the_floor() -> None:
    raw = {"surface": "floor", "hip": 90, "knee": 90, "props": [{"kind": "chair", "at": "calf"}]}
    root = draw(raw)
    seat, *_ = (el for el in shapes(root, "rect", "fig-prop"))
    left, top, right, bottom = _box(seat)
    assert (right - left, bottom - top) == pytest.approx((40, 5))
    assert seat.get("rx") == "2"  # a slim seat with slightly rounded corners
    skeleton = figure._sagittal(pose_from_dict(raw))
    calf = _between(skeleton.points["near_knee"], skeleton.points["near_ankle"], 0.55)
    lift = -float(shapes(root, "line", "fig-body")[0].get("y1", "")) - skeleton.points["pelvis"][1]
    assert -top == pytest.approx(calf[1] + lift - 6, abs=0.15)  # the calf sits on the seat
    assert -top >= 30  # a chair seat is well above the floor
    assert (left + right) / 2 == pytest.approx(calf[0], abs=0.15)
    legs = shapes(root, "line", "fig-prop")
    assert [(el.get("y1"), el.get("y2")) for el in legs] == [(seat.get("y"), "0")] * 2
    assert [float(el.get("x1", "")) for el in legs] == pytest.approx(
        [left + 3, right - 3], abs=0.15
    )
    assert all(el.get("x1") == el.get("x2") for el in legs)  # upright legs


def test_a_wall_stands_beyond_the_feet_and_above_the_body() -> None:
    root = draw({"surface": "floor", "hip": 90, "knee": 90, "props": [{"kind": "wall"}]})
    (wall,) = shapes(root, "rect", "fig-wall")
    left, top, right, bottom = _box(wall)
    joints = limb_lines(root)
    assert left == pytest.approx(
        max(x for line in joints for x in (line[0], line[2])) + 20, abs=0.15
    )
    assert right - left == pytest.approx(10)
    assert wall.get("rx") == "2"
    assert bottom == 0  # it stands on the floor
    assert top == pytest.approx(
        min(y for line in joints for y in (line[1], line[3])) - 10, abs=0.15
    )


def test_headphones_are_a_band_over_the_head() -> None:
    root = draw({"props": [{"kind": "headphones"}]})
    (head,) = shapes(root, "circle")
    cx, cy = float(head.get("cx", "")), float(head.get("cy", ""))
    (band,) = shapes(root, "path", "fig-prop")
    m = re.fullmatch(r"M(\S+),(\S+) A(\S+),(\S+) 0 0 1 (\S+),(\S+)", band.get("d", ""))
    assert m
    x1, y1, rx, ry, x2, y2 = (float(n) for n in m.groups())
    assert (x1, y1, x2, y2) == pytest.approx((cx - 12.5, cy, cx + 12.5, cy), abs=0.15)
    assert (rx, ry) == (12.5, 12.5)  # a half circle just clear of the head
    assert (band.get("fill"), band.get("stroke-width")) == ("none", "3")
    assert band.get("stroke-linecap") == "round"
    assert not shapes(draw({}), "path")


def test_a_pillow_between_the_knees_sits_between_them() -> None:
    raw = {
        "lying": "side",
        "hip": 50,
        "knee": 70,
        "props": [{"kind": "pillow", "at": "between_knees"}],
    }
    root = draw(raw)
    (pillow,) = shapes(root, "rect", "fig-pillow")
    left, top, right, bottom = _box(pillow)
    assert (right - left, bottom - top) == pytest.approx((30, 24))
    assert pillow.get("rx") == "8"
    lines = limb_lines(root)
    far_knee, near_knee = lines[0][2:], lines[6][2:]
    assert ((left + right) / 2, (top + bottom) / 2) == pytest.approx(
        ((far_knee[0] + near_knee[0]) / 2, (far_knee[1] + near_knee[1]) / 2), abs=0.15
    )
    # Drawn after the far leg and before the trunk and the near leg, which cover it.
    order = [el.get("class") for el in root if el.tag != f"{SVG}title"]
    assert order.index("fig-pillow") == order.index("fig-body") - 1 == 6


def test_lying_on_one_side_seen_from_above_the_lower_limbs_show_beside_the_upper() -> None:
    root = draw({"lying": "side", "hip": 50, "knee": 70, "shoulder": 30})
    lines = limb_lines(root)
    far, near = lines[:5], lines[6:]
    # Every far joint three units toward the head and six toward the bottom of the picture
    # (the thigh and the upper arm still start at the pelvis and the shoulders).
    for index, (f, n) in enumerate(zip(far, near, strict=True)):
        assert (f[2] - n[2], f[3] - n[3]) == pytest.approx((-3, 6), abs=0.15)
        shift = (0, 0) if index in (0, 3) else (-3, 6)
        assert (f[0] - n[0], f[1] - n[1]) == pytest.approx(shift, abs=0.15)
    # Seen from above the bed lies in the picture, around the whole body, and nothing is lifted.
    (bed,) = shapes(root, "rect", "fig-bed")
    left, top, right, bottom = _box(bed)
    near, far = extents(root, "fig-body"), extents(root, "fig-far")
    body_left, body_top = min(near[0], far[0]), min(near[1], far[1])
    body_right, body_bottom = max(near[2], far[2]), max(near[3], far[3])
    assert left < body_left and top < body_top and right > body_right and bottom > body_bottom
    assert bed.get("rx") == "10"
    assert lines[5][1] == 0  # the pelvis where the skeleton puts it


@pytest.mark.parametrize(
    ("at", "width"), [("head", 34), ("chest", 34), ("thigh", 28), ("calf", 28)]
)
def test_seen_from_above_a_pillow_lies_under_the_point_it_supports(at: str, width: int) -> None:
    raw = {"plane": "frontal", "hip": 20, "props": [{"kind": "pillow", "at": at}]}
    root = draw(raw)
    pillows = shapes(root, "rect", "fig-pillow")
    p = figure._frontal(pose_from_dict(raw)).points
    expected = {
        "head": [p["head"]],
        "chest": [p["chest"]],
        "thigh": [_between(p[f"{s}_hip"], p[f"{s}_knee"], 0.45) for s in ("near", "far")],
        "calf": [_between(p[f"{s}_knee"], p[f"{s}_ankle"], 0.55) for s in ("near", "far")],
    }[at]
    assert len(pillows) == 2  # one for each side (the two of a head or chest pillow coincide)
    for el in pillows:
        left, top, right, bottom = _box(el)
        assert (right - left, bottom - top) == pytest.approx((width, 22))
        assert el.get("rx") == "8"  # a soft pillow: well-rounded corners
        centre = ((left + right) / 2, -(top + bottom) / 2)
        assert any(centre == pytest.approx(point, abs=0.15) for point in expected)
    centres = {(round((b[0] + b[2]) / 2), round(-(b[1] + b[3]) / 2)) for b in map(_box, pillows)}
    assert len(centres) == len(expected)  # one under each thigh or calf


def test_the_title_is_the_alt_text_given_or_the_description_and_is_escaped() -> None:
    pose = pose_from_dict({"hip": 45})
    root = ET.fromstring(figure.svg(pose, alt='Knees "up" & <relaxed>', css_class="step-figure"))  # noqa: S314
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == 'Knees "up" & <relaxed>'
    assert root.get("class") == "step-figure"
    plain = figure.svg(pose)
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="figure-drawing" role="img" ' in plain
    assert f"<title>{describe(pose)}</title>" in plain


@pytest.mark.parametrize(
    "raw",
    [
        {},
        {"surface": "floor"},
        # Sitting with the legs out: the seat is lowest. A bridge with the head raised: the
        # shoulders are.
        {"lying": "upright", "trunk": 90, "hip": 90, "knee": 0},
        {"trunk": -25, "neck": 40, "hip": 45, "knee": 90},
    ],
)
def test_where_the_trunk_is_lowest_it_lies_on_the_bed_exactly(raw: dict[str, object]) -> None:
    assert _lowest_body_edge(draw(raw)) == pytest.approx(0, abs=0.05)


def test_a_chair_seat_is_thirty_units_high_and_lifts_straight_legs_onto_it() -> None:
    root = draw({"props": [{"kind": "chair", "at": "calf"}]})
    seat = shapes(root, "rect", "fig-prop")[0]
    assert -float(seat.get("y", "")) == pytest.approx(30, abs=0.15)
    two = draw({"props": [{"kind": "chair", "at": "calf", "count": 2}]})
    assert -float(shapes(two, "rect", "fig-prop")[0].get("y", "")) == pytest.approx(60, abs=0.15)


def test_seen_from_the_front_lying_on_one_side_each_thigh_pillow_lifts_its_own_leg() -> None:
    raw = {"plane": "frontal", "lying": "side", "hip": 25, "far": {"hip": 0}}
    raw["props"] = [{"kind": "pillow", "at": "thigh"}]
    root = draw(raw)
    stacks = [_box(el) for el in shapes(root, "rect", "fig-pillow")]
    assert len(stacks) == 2
    assert min(bottom - top for _, top, _, bottom in stacks) == pytest.approx(9, abs=0.15)
    assert all(bottom == pytest.approx(0, abs=0.15) for *_, bottom in stacks)


@pytest.mark.parametrize(
    ("lying", "surface", "colour"),
    [("back", "bed", "#e4d8c4"), ("front", "bed", "#e4d8c4"), ("back", "floor", "#eef0f2")],
)
def test_seen_from_the_front_lying_flat_the_bed_is_seen_from_above(
    lying: str, surface: str, colour: str
) -> None:
    raw = {"plane": "frontal", "lying": lying, "surface": surface, "hip": 20, "shoulder": 40}
    root = draw(raw)
    (bed,) = shapes(root, "rect", "fig-bed")
    left, top, right, bottom = _box(bed)
    body = extents(root, "fig-body")
    assert left < body[0] and top < body[1] and right > body[2] and bottom > body[3]
    # 22 units beyond the outermost joints at the head and the feet, 26 at either side.
    xs, ys = zip(*figure._frontal(pose_from_dict(raw)).points.values(), strict=True)
    assert (left, right) == pytest.approx((min(xs) - 22, max(xs) + 22), abs=0.15)
    assert (top, bottom) == pytest.approx((-max(ys) - 26, -min(ys) + 26), abs=0.15)
    assert (bed.get("rx"), bed.get("fill")) == ("10", colour)  # a mat on the floor is pale
    assert not shapes(root, "line", "fig-floor")


def test_headphones_are_inside_the_picture_with_its_margin() -> None:
    root = draw(
        {
            "surface": "none",
            "lying": "upright",
            "trunk": 90,
            "ankle": 50,
            "props": [{"kind": "headphones"}],
        }
    )
    (head,) = shapes(root, "circle")
    cx, cy = float(head.get("cx", "")), float(head.get("cy", ""))
    x0, y0, width, _ = (float(n) for n in root.get("viewBox", "").split())
    # The band reaches 12.5 + 1.5 units from the head's centre, then 4 units of paper.
    assert (x0, y0, x0 + width) == pytest.approx((cx - 18, cy - 18, cx + 18), abs=0.15)


def test_the_floor_has_room_beneath_it() -> None:
    root = draw({"surface": "floor"})
    _, y0, _, height = (float(n) for n in root.get("viewBox", "").split())
    assert y0 + height == pytest.approx(8)  # 4 units under the floor line, and the margin


def test_a_head_pillow_under_a_head_on_the_bed_is_a_thin_one() -> None:
    # In a bridge with the head down the head is lowest and rests on the bed: its pillow is
    # drawn five units thick rather than not at all.
    root = draw({"trunk": -25, "hip": 45, "knee": 90, "props": [{"kind": "pillow", "at": "head"}]})
    (pillow,) = shapes(root, "rect", "fig-pillow")
    assert pillow.get("height") == "5" and pillow.get("y") == "-5"


def test_after_a_chair_the_other_props_are_still_drawn() -> None:
    props = [{"kind": "chair", "at": "calf"}, {"kind": "pillow", "at": "head"}]
    root = draw({"surface": "floor", "hip": 90, "knee": 90, "props": props})
    assert len(shapes(root, "rect", "fig-prop")) == 1
    assert len(shapes(root, "rect", "fig-pillow")) == 1


def test_nothing_but_shapes_between_the_tags() -> None:
    root = draw({"props": [{"kind": "pillow", "at": "knee"}, {"kind": "headphones"}]})
    for element in root.iter():
        if element.tag != f"{SVG}title":
            assert not (element.text or "").strip(), element.text
        assert not (element.tail or "").strip(), element.tail


def test_seen_from_the_front_lying_on_one_side_each_calf_rests_on_a_chair() -> None:
    raw = {"plane": "frontal", "lying": "side", "hip": 20, "far": {"hip": 0}}
    raw["props"] = [{"kind": "chair", "at": "calf"}, {"kind": "pillow", "at": "head"}]
    root = draw(raw)
    assert len(shapes(root, "rect", "fig-prop")) == 2  # one seat under each calf
    assert len(shapes(root, "line", "fig-prop")) == 4
