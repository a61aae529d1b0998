"""The articulated-figure renderer: every routine step is drawn, as valid SVG that obeys the
site's Content-Security-Policy, with alt text written from the same pose."""

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
