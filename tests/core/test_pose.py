"""A pose read from reviewed data (every refusal names the field, word for word) and the alt
text written from it: what a screen-reader user hears instead of seeing the drawing."""

from typing import Any

import pytest

from hiphub.core.pose import LIMITS, FigureDataError, Limbs, Pose, Prop, describe, pose_from_dict

POINTS_LISTED = (
    "head, shoulders, chest, low_back, pelvis, thigh, knee, calf, foot, between_knees, top_arm"
)


def refusal(raw: Any, where: str = "pose.") -> str:
    with pytest.raises(FigureDataError) as caught:
        pose_from_dict(raw, where)
    return str(caught.value)


# --- Reading ---------------------------------------------------------------------------------


def test_an_empty_table_is_a_person_lying_flat_on_a_bed() -> None:
    pose = pose_from_dict({})
    assert pose == Pose(plane="sagittal", lying="back", surface="bed", trunk=0.0, neck=0.0)
    assert pose.near == pose.far == Limbs(0.0, 0.0, 0.0, 0.0, 0.0)
    assert pose.props == ()


def test_every_field_is_read_and_the_other_side_starts_from_the_near_side() -> None:
    pose = pose_from_dict(
        {
            "plane": "frontal",
            "lying": "side",
            "surface": "floor",
            "trunk": 10,
            "neck": 15,
            "hip": 40,
            "knee": 60,
            "ankle": 5,
            "shoulder": 20,
            "elbow": 30,
            "far": {"knee": 10, "elbow": 0},
            "props": [{"kind": "pillow", "at": "knee", "count": 2}, {"kind": "wall"}],
        }
    )
    assert (pose.plane, pose.lying, pose.surface, pose.trunk, pose.neck) == (
        "frontal",
        "side",
        "floor",
        10.0,
        15.0,
    )
    assert pose.near == Limbs(hip=40, knee=60, ankle=5, shoulder=20, elbow=30)
    # What the far side does not say, it does like the near side.
    assert pose.far == Limbs(hip=40, knee=10, ankle=5, shoulder=20, elbow=0)
    assert pose.props == (Prop("pillow", "knee", 2), Prop("wall", "", 1))
    assert all(isinstance(v, float) for v in (pose.trunk, pose.near.hip, pose.far.knee))


def test_a_pose_knows_its_props_and_where_they_are() -> None:
    pose = pose_from_dict({"props": [{"kind": "pillow", "at": "knee"}, {"kind": "headphones"}]})
    assert pose.has("pillow") and pose.has("pillow", "knee") and pose.has("headphones")
    assert not pose.has("pillow", "head")
    assert not pose.has("chair") and not pose.has("chair", "knee")


@pytest.mark.parametrize("key", sorted(LIMITS))
def test_each_angle_is_allowed_up_to_its_limits_and_refused_just_past_them(key: str) -> None:
    low, high = LIMITS[key]
    for angle in (low, high):
        pose = pose_from_dict({key: angle})
        read = getattr(pose, key) if key in ("trunk", "neck") else getattr(pose.near, key)
        assert read == angle
    between = f"pose.{key} must be between {low:g} and {high:g}"
    assert refusal({key: high + 0.5}) == f"{between}; got {high + 0.5}"
    assert refusal({key: low - 0.5}) == f"{between}; got {low - 0.5}"


def test_the_limits_are_what_a_body_can_do() -> None:
    assert LIMITS == {
        "trunk": (-40, 100),
        "neck": (-30, 60),
        "hip": (-40, 150),
        "knee": (0, 160),
        "ankle": (-40, 50),
        "shoulder": (-60, 180),
        "elbow": (0, 160),
    }


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([], "pose must be a table"),
        ({"hip": True}, "pose.hip must be a number of degrees"),
        ({"trunk": "flat"}, "pose.trunk must be a number of degrees"),
        ({"neck": None}, "pose.neck must be a number of degrees"),
        ({"far": {"knee": False}}, "pose.far.knee must be a number of degrees"),
        ({"hip": 200}, "pose.hip must be between -40 and 150; got 200"),
        ({"far": {"elbow": -1}}, "pose.far.elbow must be between 0 and 160; got -1"),
        ({"elbows": 10, "arms": 2}, "pose: unknown key(s): arms, elbows"),
        ({"far": {"trunk": 5, "neck": 1}}, "pose.far: unknown angle(s): neck, trunk"),
        ({"far": [10]}, "pose.far must be a table of angles for the other side"),
        ({"props": {"kind": "pillow"}}, "pose.props must be a list of tables"),
        (
            {"lying": "upside_down"},
            "pose.lying must be one of back, front, side, upright; got 'upside_down'",
        ),
        ({"plane": "top"}, "pose.plane must be one of sagittal, frontal; got 'top'"),
        ({"surface": "sofa"}, "pose.surface must be one of bed, floor, none; got 'sofa'"),
        (
            {"props": [{"kind": "wall"}, "pillow"]},
            'pose.props[1] must be a table such as { kind = "pillow", at = "knee" }',
        ),
        (
            {"props": [{"kind": "pillow", "at": "knee", "size": 2, "colour": "red"}]},
            "pose.props[0]: unknown key(s): colour, size",
        ),
        (
            {"props": [{"at": "knee"}]},
            "pose.props[0].kind must be one of pillow, chair, wall, headphones; got ''",
        ),
        (
            {"props": [{"kind": "sofa"}]},
            "pose.props[0].kind must be one of pillow, chair, wall, headphones; got 'sofa'",
        ),
        (
            {"props": [{"kind": "pillow", "at": "nose"}]},
            f"pose.props[0].at must be one of {POINTS_LISTED}; got 'nose'",
        ),
        (
            {"props": [{"kind": "chair"}]},
            f"pose.props[0].at must be one of {POINTS_LISTED}; got ''",
        ),
        (
            {"props": [{"kind": "wall", "at": "foot"}]},
            "pose.props[0].at: a wall is not placed at a point",
        ),
        (
            {"props": [{"kind": "headphones", "at": "head"}]},
            "pose.props[0].at: a headphones is not placed at a point",
        ),
    ],
)
def test_bad_pose_data_is_refused_word_for_word(raw: Any, message: str) -> None:
    assert refusal(raw) == message


def test_a_refusal_names_the_muscle_or_step_it_came_from() -> None:
    assert refusal([], "psoas_major.") == "psoas_major must be a table"
    assert refusal({"hip": "x"}, "psoas_major.") == "psoas_major.hip must be a number of degrees"
    assert refusal({"wing": 1}, "psoas_major.") == "psoas_major: unknown key(s): wing"
    assert (
        refusal({"far": {"wing": 1}}, "psoas_major.") == "psoas_major.far: unknown angle(s): wing"
    )


@pytest.mark.parametrize("count", [0, 4, -1, True, 2.0, "2"])
def test_a_prop_comes_one_two_or_three_at_a_time(count: Any) -> None:
    assert refusal({"props": [{"kind": "pillow", "at": "knee", "count": count}]}) == (
        "pose.props[0].count must be 1, 2 or 3"
    )


@pytest.mark.parametrize("count", [1, 2, 3])
def test_one_two_or_three_pillows_are_allowed(count: int) -> None:
    pose = pose_from_dict({"props": [{"kind": "pillow", "at": "knee", "count": count}]})
    assert pose.props == (Prop("pillow", "knee", count),)


# --- Words -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({}, "A person lying on the back on a bed, both hips straight and both knees straight."),
        (
            {"hip": 80, "knee": 90},
            "A person lying on the back on a bed, both hips bent and both knees bent.",
        ),
        (
            {"hip": 130, "knee": 120},
            "A person lying on the back on a bed, both thighs drawn up toward the chest "
            "and both knees bent right up.",
        ),
        (
            {"hip": -13},
            "A person lying on the back on a bed, both thighs taken back behind the body "
            "and both knees straight.",
        ),
        (
            {"hip": -12},
            "A person lying on the back on a bed, both hips straight and both knees straight.",
        ),
        # Each step of the bending words, exactly at its edge and just short of it.
        (
            {"hip": 12, "knee": 12, "far": {"hip": 11.9, "knee": 11.9}},
            "A person lying on the back on a bed, one leg with the hip bent a little and the knee "
            "bent a little, the other with the hip straight and the knee straight.",
        ),
        (
            {"hip": 40, "knee": 40, "far": {"hip": 39.9, "knee": 39.9}},
            "A person lying on the back on a bed, one leg with the hip bent and the knee bent, "
            "the other with the hip bent a little and the knee bent a little.",
        ),
        (
            {"hip": 105, "knee": 105, "far": {"hip": 104.9, "knee": 104.9}},
            "A person lying on the back on a bed, one leg with the thigh drawn up toward the "
            "chest and the knee bent right up, the other with the hip bent and the knee bent.",
        ),
        # Seen from the front or above: how far each leg goes out to the side.
        (
            {"plane": "frontal", "hip": 5},
            "A person lying on the back on a bed, both legs in line with the body.",
        ),
        (
            {"plane": "frontal", "hip": 20},
            "A person lying on the back on a bed, both legs resting out to the side.",
        ),
        (
            {"plane": "frontal", "hip": 40},
            "A person lying on the back on a bed, both legs well out to the side.",
        ),
        (
            {"plane": "frontal", "hip": 8, "far": {"hip": 7.9}},
            "A person lying on the back on a bed, one leg resting out to the side, "
            "the other in line with the body.",
        ),
        (
            {"plane": "frontal", "hip": 35, "far": {"hip": 34.9}},
            "A person lying on the back on a bed, one leg well out to the side, "
            "the other resting out to the side.",
        ),
        # Which way the person lies, and on what.
        (
            {"lying": "side", "surface": "floor", "hip": 50, "knee": 70},
            "A person lying on one side on the floor, both hips bent and both knees bent.",
        ),
        (
            {"lying": "front", "surface": "none"},
            "A person lying face down, both hips straight and both knees straight.",
        ),
        (
            {"lying": "front", "trunk": 6},
            "A person lying face down on a bed, chest raised, both hips straight and both knees "
            "straight.",
        ),
        (
            {"lying": "front", "trunk": 5},
            "A person lying face down on a bed, both hips straight and both knees straight.",
        ),
        (
            {"trunk": -11, "hip": 50, "knee": 80, "surface": "floor"},
            "A person lying on the back on the floor, hips lifted so the body makes a slope from "
            "the knees to the shoulders, both hips bent and both knees bent.",
        ),
        (
            {"trunk": -10, "hip": 50, "knee": 80, "surface": "floor"},
            "A person lying on the back on the floor, both hips bent and both knees bent.",
        ),
        (
            {"lying": "side", "trunk": -20},
            "A person lying on one side on a bed, both hips straight and both knees straight.",
        ),
        # On hands and knees: the hips and the shoulders both past 60 degrees.
        ({"lying": "front", "hip": 61, "shoulder": 61}, "A person on hands and knees."),
        ({"lying": "front", "hip": 61, "shoulder": 60}, "A person lying face down on a bed."),
        (
            {"lying": "front", "hip": 60, "shoulder": 61},
            "A person lying face down on a bed, both hips bent and both knees straight.",
        ),
        # Upright: standing, sitting, or kneeling on one knee.
        ({"lying": "upright"}, "A person standing."),
        ({"lying": "upright", "hip": 61, "far": {"hip": 60}}, "A person standing."),
        ({"lying": "upright", "hip": 61, "knee": 90}, "A person sitting."),
        ({"lying": "upright", "hip": 60, "far": {"hip": 61}}, "A person standing."),
        (
            {"lying": "upright", "hip": 61, "far": {"hip": 19, "knee": 61}},
            "A person kneeling on one knee, the other foot flat in front.",
        ),
        ({"lying": "upright", "hip": 60, "far": {"hip": 19, "knee": 61}}, "A person standing."),
        ({"lying": "upright", "hip": 61, "far": {"hip": 20, "knee": 61}}, "A person standing."),
        ({"lying": "upright", "hip": 61, "far": {"hip": 19, "knee": 60}}, "A person standing."),
    ],
)
def test_the_alt_text_says_how_the_person_lies_and_bends(raw: dict[str, Any], words: str) -> None:
    assert describe(pose_from_dict(raw)) == words


@pytest.mark.parametrize(
    ("at", "words"),
    [
        ("head", "a pillow under the head"),
        ("shoulders", "a pillow under the shoulders"),
        ("chest", "a pillow under the chest"),
        ("low_back", "a pillow under the low back"),
        ("pelvis", "a pillow under the hips"),
        ("thigh", "a pillow under the thigh"),
        ("knee", "a pillow under the knees"),
        ("calf", "a pillow under the calves"),
        ("foot", "a pillow under the feet"),
        ("between_knees", "a pillow between the knees"),
        ("top_arm", "a pillow under the top arm"),
    ],
)
def test_every_place_a_pillow_can_go_is_named(at: str, words: str) -> None:
    pose = pose_from_dict({"lying": "upright", "props": [{"kind": "pillow", "at": at}]})
    assert describe(pose) == f"A person standing, {words}."


@pytest.mark.parametrize(
    ("props", "words"),
    [
        ([{"kind": "pillow", "at": "knee", "count": 2}], "two pillows under the knees"),
        ([{"kind": "pillow", "at": "calf", "count": 3}], "three pillows under the calves"),
        ([{"kind": "chair", "at": "calf"}], "the calves resting on a chair seat"),
        ([{"kind": "chair", "at": "foot"}], "the feet resting on a chair seat"),
        ([{"kind": "chair", "at": "pelvis"}], "a chair"),
        ([{"kind": "wall"}], "a wall beside the feet"),
        ([{"kind": "headphones"}], "headphones on"),
        (
            [{"kind": "wall"}, {"kind": "headphones"}],
            "a wall beside the feet and headphones on",
        ),
        (
            [
                {"kind": "pillow", "at": "head"},
                {"kind": "pillow", "at": "knee", "count": 2},
                {"kind": "headphones"},
            ],
            "a pillow under the head, two pillows under the knees and headphones on",
        ),
    ],
)
def test_the_props_are_listed_in_order_as_a_sentence(
    props: list[dict[str, Any]], words: str
) -> None:
    pose = pose_from_dict({"lying": "upright", "props": props})
    assert describe(pose) == f"A person standing, {words}."


def test_thigh_pillows_seen_from_above_go_under_each_thigh() -> None:
    seen_from_above = pose_from_dict(
        {"plane": "frontal", "hip": 20, "props": [{"kind": "pillow", "at": "thigh", "count": 2}]}
    )
    assert describe(seen_from_above) == (
        "A person lying on the back on a bed, both legs resting out to the side, "
        "two pillows under each thigh."
    )
