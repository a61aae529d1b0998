"""The anatomy reference data is whole and consistent."""

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from hiphub.anatomy import atlas
from hiphub.anatomy.atlas import SPINAL_LEVELS, AtlasError, load
from hiphub.core.sources import Source

REQUIRED_MUSCLES = """
    psoas_major psoas_minor iliacus quadratus_lumborum gluteus_maximus gluteus_medius
    gluteus_minimus piriformis tensor_fasciae_latae iliocostalis_lumborum longissimus_thoracis
    multifidus_lumbar rectus_femoris adductor_magnus adductor_longus biceps_femoris_long_head
    semitendinosus semimembranosus obturator_internus gemellus_superior gemellus_inferior
    quadratus_femoris latissimus_dorsi
""".split()  # noqa: SIM905 - the list as the issue spells it
REQUIRED_REGIONS = """
    lumbar_paraspinal lumbar_midline iliac_crest sacrum sacroiliac_joint coccyx upper_buttock
    mid_buttock lower_buttock anococcygeal posterior_hip posterior_thigh posterior_knee calf
    greater_trochanter lateral_thigh lateral_leg lower_abdomen groin anterior_thigh
    medial_thigh anterior_knee medial_knee_shin deep_pelvis
""".split()  # noqa: SIM905
SKELETAL_REGIONS = {"lumbar_spine", "pelvis", "femur", "ribcage", "thoracic_spine", "leg", "arm"}


def test_every_required_muscle_and_region_is_present():
    data = load()
    assert set(REQUIRED_MUSCLES) <= set(data.muscles)
    assert set(data.body_regions) == set(REQUIRED_REGIONS)
    assert set(data.skeletal_regions) == SKELETAL_REGIONS
    assert set(data.alert_regions) == {"saddle"}
    assert data.alert_regions["saddle"].red_flag == "saddle_numbness"
    assert set(data.other_sources) == {"hip_joint", "nerve_root", "sacroiliac_joint"}


def test_the_shipped_data_passes_every_integrity_rule():
    assert atlas.check(load()) == []


@pytest.mark.parametrize("muscle_id", REQUIRED_MUSCLES)
def test_each_muscle_is_complete(muscle_id):
    data = load()
    m = data.muscle(muscle_id)
    assert m.origins and m.insertions and m.actions and m.roots and m.sources
    assert all(r in SPINAL_LEVELS for r in m.roots)
    assert all(lm in data.landmarks for lm in m.attachments)
    assert all(r in data.body_regions for r in m.referral)
    assert m.name and m.lay_name and m.ease and m.notes


def test_each_lumbar_vertebra_is_its_own_bone():
    data = load()
    for level in ("t12", "l1", "l2", "l3", "l4", "l5"):
        assert data.bones[level].name.startswith(level.upper())
    assert {data.bones[b].region for b in ("l1", "l5")} == {"lumbar_spine"}
    assert {data.bones[b].region for b in ("hip_bone", "sacrum", "coccyx")} == {"pelvis"}


def test_every_region_has_a_place_on_a_map():
    for region in load().pain_regions.values():
        assert region.placement in ("front", "back", "side")
        assert any(region.shapes.values()), region.id


def test_no_region_is_too_small_to_tap():
    # The pain page draws a map at least 2 px per unit wide: a radius of 6 makes a 24 px target.
    for region in load().pain_regions.values():
        for view, shapes in region.shapes.items():
            for _cx, _cy, rx, ry in shapes:
                assert min(rx, ry) >= 6, f"{region.id} on the {view} map is too small to tap"


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(atlas.DATA_DIR, target)
    return target


@pytest.mark.parametrize(
    ("find", "replace", "message"),
    [
        ('"femur_lesser_trochanter"]', '"femur_lesser_trochanterr"]', "landmark 'femur_lesser_"),
        ('roots = ["L1", "L2", "L3"]', 'roots = ["L1", "L9", "L3"]', "'L9' is not a spinal level"),
        ('roots = ["L1", "L2", "L3"]', 'roots = ["L3", "L1"]', "roots must be listed once each"),
        ('actions = ["hip_flexion"', 'actions = ["levitation"', "unknown action 'levitation'"),
        ('referral = ["lumbar_paraspinal"', 'referral = ["elbow"', "unknown body region 'elbow'"),
        # A muscle may not refer to an alert region: those show safety advice, not muscles.
        ('referral = ["lumbar_paraspinal"', 'referral = ["saddle"', "unknown body region 'saddle'"),
        # Positions of ease must shorten the muscle (Jones 1995).
        (
            'ease_joints = { hip = ["extension", "abduction", "lateral_rotation"] }',
            'ease_joints = { hip = ["flexion"] }',
            "muscle gluteus_maximus: position of ease puts the hip in flexion, which none of "
            "its actions produces, so it would not shorten the muscle",
        ),
        (
            'ease_joints = { lumbar = ["lateral_flexion"], pelvis = ["elevation"] }',
            'ease_joints = { lumbar = ["flexion"] }',
            "muscle quadratus_lumborum: position of ease puts the low back in flexion",
        ),
        (
            'ease_joints = { hip = ["flexion"] }',
            'ease_joints = { hip = ["flexion", "extension"] }',
            "muscle psoas_major: position of ease puts the hip in both flexion and extension",
        ),
        (
            'ease_joints = { hip = ["flexion"] }',
            'ease_joints = { elbow = ["flexion"] }',
            "muscle psoas_major: position of ease names an unknown joint 'elbow'",
        ),
        (
            'ease_joints = { hip = ["flexion"] }',
            'ease_joints = { hip = ["bending"] }',
            "muscle psoas_major: position of ease: the hip has no movement 'bending'",
        ),
        (
            'ease_joints = { hip = ["flexion"] }\n',
            "\n",
            "muscle psoas_major: its position of ease names no joint position (ease_joints)",
        ),
        (
            'joint = "hip", movement = "flexion" }',
            'joint = "hip", movement = "folding" }',
            "action hip_flexion: the hip has no movement 'folding'",
        ),
        (
            'joint = "hip", movement = "flexion" }',
            'joint = "hipp", movement = "flexion" }',
            "action hip_flexion: unknown joint 'hipp'",
        ),
        (
            'leading_cause = ["greater_trochanter"]',
            'leading_cause = ["calf"]',
            "muscle gluteus_medius: leading cause 'calf' is not one of its referral regions",
        ),
        (
            'sources = [\n  { name = "Stedman',
            'sources = []\nunused = [\n  { name = "Stedman',
            "has no source",
        ),
    ],
)
def test_broken_data_is_refused_with_a_message_naming_the_problem(tmp_path, find, replace, message):
    data_dir = _copy_data(tmp_path)
    muscles = data_dir / "muscles.toml"
    text = muscles.read_text()
    assert find in text
    muscles.write_text(text.replace(find, replace, 1))
    with pytest.raises(AtlasError, match=re.escape(message)):
        load(data_dir)


def test_an_unused_landmark_is_an_orphan(tmp_path):
    data_dir = _copy_data(tmp_path)
    skeleton = data_dir / "skeleton.toml"
    skeleton.write_text(
        skeleton.read_text()
        + '\n[landmarks.femur_spare]\nbone = "femur"\nname = "spare"\nat = [1, 2, 3]\n'
    )
    with pytest.raises(AtlasError, match="landmark femur_spare is not attached to any muscle"):
        load(data_dir)


def test_a_repeated_id_is_refused(tmp_path):
    data_dir = _copy_data(tmp_path)
    muscles = data_dir / "muscles.toml"
    text = muscles.read_text()
    start = text.index("[muscles.piriformis]")
    end = text.index("[muscles.tensor_fasciae_latae]")
    muscles.write_text(text + "\n" + text[start:end])
    with pytest.raises(AtlasError, match=r"muscles\.toml"):
        load(data_dir)


def test_unknown_ids_suggest_close_matches():
    with pytest.raises(atlas.UnknownIdError) as info:
        load().muscle("psoas_majr")
    assert "psoas_major" in str(info.value)


@pytest.mark.parametrize(
    ("file", "find", "replace", "message"),
    [
        (
            "body_regions.toml",
            'red_flag = "saddle_numbness"',
            'red_flag = "saddle_numbnes"',
            "alert region saddle: unknown red flag 'saddle_numbnes'",
        ),
        (
            "body_regions.toml",
            'red_flag = "saddle_numbness"\n',
            "",
            "alert region saddle names no red flag",
        ),
        (
            "body_regions.toml",
            "[alerts.saddle]",
            "[alerts.groin]",
            "alert region groin has the same id as a body region",
        ),
        (
            "body_regions.toml",
            'name = "Groin"\n',
            'name = "Groin"\nred_flag = "saddle_numbness"\n',
            "body region groin has a red flag, so belongs under [alerts]",
        ),
        (
            "other_sources.toml",
            'regions = ["groin"]',
            'regions = ["saddle"]',
            "other source hip_joint: unknown body region 'saddle'",
        ),
    ],
)
def test_broken_regions_and_other_sources_are_refused(tmp_path, file, find, replace, message):
    data_dir = _copy_data(tmp_path)
    target = data_dir / file
    text = target.read_text()
    assert find in text
    target.write_text(text.replace(find, replace, 1))
    with pytest.raises(AtlasError, match=re.escape(message)):
        load(data_dir)


def test_an_other_source_needs_a_source(tmp_path):
    data_dir = _copy_data(tmp_path)
    target = data_dir / "other_sources.toml"
    text = target.read_text()
    start = text.index("sources = [", text.index("[other_sources.hip_joint]"))
    end = text.index("]\n", text.index("{", start)) + 2
    target.write_text(text[:start] + "sources = []\n" + text[end:])
    with pytest.raises(AtlasError, match="other source hip_joint has no source"):
        load(data_dir)


# --- clinical truth (issue 10 item 4; clinical-facts.md §8) -------------------------------


@pytest.mark.parametrize("muscle_id", REQUIRED_MUSCLES)
def test_each_position_of_ease_shortens_its_muscle(muscle_id):
    """Every joint position of the position of ease is a movement the muscle itself makes."""
    data = load()
    m = data.muscle(muscle_id)
    named = {(joint, move) for joint, moves in m.ease_joints.items() for move in moves}
    assert named, f"{muscle_id} names no joint position"
    assert named <= data.moves(m)


# The words the plain `ease` text must use for each joint position it names, so the text a
# person reads and the data the check verifies describe the same position.
EASE_WORDS = {
    ("hip", "flexion"): ("bent",),
    ("hip", "extension"): ("slightly back",),
    ("hip", "abduction"): ("out to the side",),
    ("hip", "adduction"): ("inward",),
    ("hip", "lateral_rotation"): ("turned out",),
    ("hip", "medial_rotation"): ("turned in",),
    ("lumbar", "flexion"): ("round",),
    ("lumbar", "extension"): ("arch",),
    ("lumbar", "lateral_flexion"): ("toward the sore side", "toward that side"),
    ("pelvis", "elevation"): ("hitch",),
    ("knee", "flexion"): ("knee bent",),
    ("knee", "extension"): ("knee straight",),
    ("shoulder", "adduction"): ("close in",),
}


@pytest.mark.parametrize("muscle_id", REQUIRED_MUSCLES)
def test_the_ease_text_describes_the_same_joint_positions(muscle_id):
    m = load().muscle(muscle_id)
    for joint, moves in m.ease_joints.items():
        for move in moves:
            words = EASE_WORDS[(joint, move)]
            assert any(w in m.ease for w in words), (muscle_id, joint, move)


@pytest.mark.parametrize(
    ("muscle_id", "joint", "move", "wrong"),
    [
        # Prone with a pillow under the hips flexes the hip: it stretches gluteus maximus.
        ("gluteus_maximus", "hip", "extension", "face down with a pillow under the hips"),
        # Side-lying on the other side with a pillow under the waist stretches the sore side.
        ("quadratus_lumborum", "lumbar", "lateral_flexion", "lie on the other side"),
        # A pillow under the belly flexes the lumbar spine: it stretches the extensors.
        ("iliocostalis_lumborum", "lumbar", "extension", "pillow under the belly"),
        ("longissimus_thoracis", "lumbar", "extension", "pillow under the belly"),
        ("multifidus_lumbar", "lumbar", "extension", "pillow under the belly"),
    ],
)
def test_the_reviewed_positions_of_ease_are_corrected(muscle_id, joint, move, wrong):
    m = load().muscle(muscle_id)
    assert move in m.ease_joints[joint]
    assert wrong not in m.ease.lower()
    assert "knees bent" not in m.ease  # lying on the back with bent knees rounds the back


def test_quadratus_lumborum_ease_hitches_the_hip():
    m = load().muscle("quadratus_lumborum")
    assert m.ease_joints == {"lumbar": ("lateral_flexion",), "pelvis": ("elevation",)}


@pytest.mark.parametrize(
    ("muscle_id", "regions"),
    [
        ("gluteus_medius", {"greater_trochanter"}),
        ("gluteus_minimus", {"greater_trochanter", "lateral_thigh", "posterior_thigh"}),
        ("multifidus_lumbar", {"lumbar_paraspinal"}),
        ("quadratus_lumborum", {"lumbar_paraspinal"}),
        ("obturator_internus", {"mid_buttock", "posterior_hip", "anococcygeal"}),
        ("gemellus_superior", {"mid_buttock", "posterior_hip"}),
        ("gemellus_inferior", {"mid_buttock", "posterior_hip"}),
        ("quadratus_femoris", {"mid_buttock", "posterior_hip"}),
    ],
)
def test_referral_regions_after_the_clinical_review(muscle_id, regions):
    assert regions <= set(load().muscle(muscle_id).referral)


@pytest.mark.parametrize(
    ("muscle_id", "source"),
    [
        ("gluteus_medius", "Grimaldi A"),
        ("gluteus_minimus", "Grimaldi A"),
        ("psoas_major", "Bogduk N, Pearcy M, Hadfield G"),
        ("psoas_major", "Clinical and Radiological Anatomy of the Lumbar Spine"),
        ("multifidus_lumbar", "Macintosh JE, Bogduk N"),
        ("iliocostalis_lumborum", "Clinical and Radiological Anatomy of the Lumbar Spine"),
        ("obturator_internus", "Travell JG, Simons DG"),
        ("gemellus_superior", "Travell JG, Simons DG"),
        ("quadratus_femoris", "Travell JG, Simons DG"),
        ("multifidus_lumbar", "Travell JG, Simons DG"),
        ("quadratus_lumborum", "Travell JG, Simons DG"),
        ("obturator_internus", "Gray's Anatomy, 42nd edition"),
        ("gemellus_inferior", "Gray's Anatomy, 42nd edition"),
        ("latissimus_dorsi", "Gray's Anatomy, 42nd edition"),
        ("iliacus", "Gray's Anatomy, 42nd edition"),
        ("gluteus_maximus", "Gray's Anatomy, 42nd edition"),
        ("gluteus_maximus", "D'Ambrogio KJ, Roth GB"),
        ("quadratus_lumborum", "D'Ambrogio KJ, Roth GB"),
        ("multifidus_lumbar", "D'Ambrogio KJ, Roth GB"),
    ],
)
def test_changed_claims_cite_their_source(muscle_id, source):
    assert any(source in s.name for s in load().muscle(muscle_id).sources)


@pytest.mark.parametrize("muscle_id", REQUIRED_MUSCLES)
def test_every_position_of_ease_cites_jones(muscle_id):
    assert any("Jones LH" in s.name for s in load().muscle(muscle_id).sources)


def test_contested_biomechanics_are_worded_as_views():
    data = load()
    psoas = data.muscle("psoas_major")
    assert "tug the lumbar spine forward" not in psoas.notes
    assert "One view is that a tight psoas pulls the lumbar spine forward" in psoas.notes
    assert "measurements" in psoas.notes and "presses the lumbar vertebrae together" in psoas.notes
    # Bogduk, Pearcy & Hadfield 1992 deny psoas a substantial lumbar flexion role.
    assert "trunk_flexion" not in psoas.actions
    multifidus = data.muscle("multifidus_lumbar")
    assert "One view is that it twists the spine" in multifidus.notes
    assert "trunk_rotation" not in multifidus.actions
    assert "trunk_extension" in multifidus.actions


def test_small_anatomy_fixes():
    data = load()
    assert "does not attach to the lumbar vertebrae" in data.muscle("iliacus").notes
    for muscle_id in ("obturator_internus", "gemellus_superior", "gemellus_inferior"):
        (insertion,) = data.muscle(muscle_id).insertions
        assert insertion == "femur_greater_trochanter_medial"
        assert "inner (medial) face of the greater trochanter" in data.landmarks[insertion].name
    assert "femur_trochanteric_fossa" not in data.landmarks
    assert "L4" in data.muscle("iliocostalis_lumborum").roots
    assert "rib_12" in data.bones_of(data.muscle("latissimus_dorsi"))
    longus = data.muscle("adductor_longus")
    assert longus.caveat == ""
    assert not any("review" in s.name for s in longus.sources)


def test_gluteus_maximus_abduction_is_its_upper_fibres():
    m = load().muscle("gluteus_maximus")
    assert "hip_abduction" in m.actions and "upper fibres" in m.caveat


def test_ease_summary_names_the_joint_positions():
    data = load()
    assert data.ease_summary(data.muscle("quadratus_lumborum")) == (
        "Low back curved toward the sore side; pelvis hitched up on the sore side"
    )
    assert data.ease_summary(data.muscle("rectus_femoris")) == "Hip bent; knee straight"
    assert data.ease_summary(data.muscle("adductor_longus")) == (
        "Hip bent and drawn in toward the other leg"
    )


def test_muscles_moving_a_joint():
    data = load()
    movers = {m.id for m in data.muscles_moving("hip")}
    assert "latissimus_dorsi" not in movers and "multifidus_lumbar" not in movers
    assert {"psoas_major", "gluteus_maximus", "adductor_longus"} <= movers
    assert len(movers) == 17
    assert {m.id for m in data.muscles_moving("shoulder")} == {"latissimus_dorsi"}


def test_a_journal_session_may_name_every_body_region():
    """The self-care form offers every body region; ticking them all must still save."""
    from datetime import UTC, datetime

    from hiphub.journal.schemas import SessionIn

    every = list(load().body_regions)
    data = SessionIn(started_at=datetime(2026, 11, 24, 9, tzinfo=UTC), regions=every)
    assert data.regions == every


# --- Every integrity rule, on a small atlas built in the test ---------------------------------
# A site owner who edits the anatomy data sees these messages when the site starts. Each case
# breaks one record of a consistent two-bone atlas and checks the whole list of problems, word
# for word and in order.

GRAY = (Source("Gray's Anatomy, 42nd edition"),)


def small_atlas(**changes: object) -> atlas.Atlas:
    hip = atlas.Joint("hip", "hip", {"flexion": "bent", "extension": "taken back"})
    iliacus = atlas.Muscle(
        id="iliacus",
        name="Iliacus",
        lay_name="inner hip-bone flexor",
        aliases=(),
        group="hip_flexors",
        origins=("iliac_fossa",),
        insertions=("lesser_trochanter",),
        actions=("hip_flexion", "steadying"),
        nerve="femoral nerve",
        roots=("L2", "L3"),
        referral=("groin", "anterior_thigh"),
        ease="Lie with the hip bent.",
        ease_joints={"hip": ("flexion",)},
        notes="Inside the hip bone.",
        sources=GRAY,
        leading_cause=("groin",),
    )
    groin = atlas.BodyRegion("groin", "Groin", "front", False, {"front": ((80, 170, 8, 8),)})
    thigh = atlas.BodyRegion(
        "anterior_thigh",
        "Front of the thigh",
        "side",
        False,
        {"front": (), "back": ((70, 200, 10, 30),)},
    )
    saddle = atlas.BodyRegion(
        "saddle", "Saddle area", "front", True, {"front": ((100, 177, 6, 9),)}, "saddle_numbness"
    )
    parts: dict[str, object] = {
        "skeletal_regions": {"pelvis": atlas.SkeletalRegion("pelvis", "Pelvis", "hip bones")},
        "bones": {
            "hip_bone": atlas.Bone("hip_bone", "Hip bone", "pelvis", False),
            "femur": atlas.Bone("femur", "Femur", "pelvis", False),
        },
        "landmarks": {
            "iliac_fossa": atlas.Landmark(
                "iliac_fossa", "hip_bone", "iliac fossa", (5, 100, 0), False
            ),
            "lesser_trochanter": atlas.Landmark(
                "lesser_trochanter", "femur", "lesser trochanter", (6, 80, 0), False
            ),
            "femur_head": atlas.Landmark("femur_head", "femur", "head", (8, 90, 0), True),
        },
        "groups": {"hip_flexors": atlas.Group("hip_flexors", "Hip flexors", "lift the thigh")},
        "actions": {
            "hip_flexion": atlas.Action("hip_flexion", "lifts the thigh", "hip", "flexion"),
            "steadying": atlas.Action("steadying", "steadies the pelvis"),
        },
        "joints": {"hip": hip},
        "muscles": {"iliacus": iliacus},
        "body_regions": {"groin": groin, "anterior_thigh": thigh},
        "alert_regions": {"saddle": saddle},
        "other_sources": {
            "hip_joint": atlas.OtherSource("hip_joint", "The hip joint", ("groin",), "Often.", GRAY)
        },
    }
    parts.update(changes)
    return atlas.Atlas(**parts)  # type: ignore[arg-type]


def with_muscle(**changes: object) -> atlas.Atlas:
    base = small_atlas()
    return small_atlas(muscles={"iliacus": replace(base.muscles["iliacus"], **changes)})


def test_the_small_atlas_is_consistent():
    assert atlas.check(small_atlas()) == []


def test_ids_must_be_lower_case_and_not_shared():
    base = small_atlas()
    bones = {**base.bones, "Femur2": atlas.Bone("Femur2", "Femur", "pelvis", False)}
    landmarks = {
        **base.landmarks,
        "iliacus": atlas.Landmark("iliacus", "hip_bone", "a clash", (1, 2, 3), True),
        "hip_bone": atlas.Landmark("hip_bone", "hip_bone", "a clash", (1, 2, 3), True),
    }
    groups = {**base.groups, "2nd": atlas.Group("2nd", "Second", "")}
    assert atlas.check(small_atlas(bones=bones, landmarks=landmarks, groups=groups)) == [
        "'Femur2' is not a lower-case id",
        "'2nd' is not a lower-case id",
        "id 'hip_bone' names two different things",
        "id 'iliacus' names two different things",
        "bone Femur2 has no muscle attached",
    ]


def test_a_lower_case_id_may_hold_digits_and_underscores_after_its_first_letter():
    for good in ("l5", "rib_12", "a"):
        assert atlas.ID.match(good)
    for bad in ("5l", "_rib", "rib-12", "Rib", "rib 12", ""):
        assert not atlas.ID.match(bad), bad


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        (
            lambda a: {"bones": {**a.bones, "femur": replace(a.bones["femur"], region="thigh")}},
            ["bone femur: unknown skeletal region 'thigh'"],
        ),
        (
            lambda a: {
                "landmarks": {
                    **a.landmarks,
                    "femur_head": replace(a.landmarks["femur_head"], bone="femr"),
                }
            },
            ["landmark femur_head: unknown bone 'femr'"],
        ),
        (
            lambda a: {
                "landmarks": {
                    **a.landmarks,
                    "femur_head": replace(a.landmarks["femur_head"], at=(1, 2)),
                }
            },
            ["landmark femur_head: `at` needs three numbers"],
        ),
        (
            lambda a: {
                "landmarks": {
                    **a.landmarks,
                    "femur_head": replace(a.landmarks["femur_head"], at=(1, 2, 3, 4)),
                }
            },
            ["landmark femur_head: `at` needs three numbers"],
        ),
        (
            lambda a: {
                "landmarks": {
                    **a.landmarks,
                    "femur_head": replace(a.landmarks["femur_head"], outline=False),
                }
            },
            ["landmark femur_head is not attached to any muscle"],
        ),
        (
            lambda a: {
                "landmarks": {
                    **a.landmarks,
                    "iliac_fossa": replace(a.landmarks["iliac_fossa"], outline=True),
                }
            },
            ["landmark iliac_fossa is an attachment, so not only an outline"],
        ),
        (
            lambda a: {
                "skeletal_regions": {
                    **a.skeletal_regions,
                    "arm": atlas.SkeletalRegion("arm", "Arm", "upper arm"),
                }
            },
            ["skeletal region arm has no bones"],
        ),
        (
            lambda a: {"alert_regions": {"groin": replace(a.alert_regions["saddle"], id="groin")}},
            ["alert region groin has the same id as a body region"],
        ),
        (
            lambda a: {
                "body_regions": {
                    **a.body_regions,
                    "groin": replace(a.body_regions["groin"], placement="top"),
                }
            },
            ["body region groin: placement must be one of ('front', 'back', 'side')"],
        ),
        (
            lambda a: {
                "alert_regions": {"saddle": replace(a.alert_regions["saddle"], placement="Front")}
            },
            ["body region saddle: placement must be one of ('front', 'back', 'side')"],
        ),
        (
            lambda a: {
                "body_regions": {
                    **a.body_regions,
                    "groin": replace(a.body_regions["groin"], shapes={"front": (), "back": ()}),
                }
            },
            ["body region groin is not drawn on any map"],
        ),
        (
            lambda a: {"alert_regions": {"saddle": replace(a.alert_regions["saddle"], shapes={})}},
            ["body region saddle is not drawn on any map"],
        ),
        (
            lambda a: {
                "alert_regions": {"saddle": replace(a.alert_regions["saddle"], red_flag=None)}
            },
            ["alert region saddle names no red flag"],
        ),
        (
            lambda a: {
                "alert_regions": {"saddle": replace(a.alert_regions["saddle"], red_flag="")}
            },
            ["alert region saddle names no red flag"],
        ),
        (
            lambda a: {
                "alert_regions": {"saddle": replace(a.alert_regions["saddle"], red_flag="numb")}
            },
            ["alert region saddle: unknown red flag 'numb'"],
        ),
        (
            lambda a: {
                "body_regions": {
                    **a.body_regions,
                    "groin": replace(a.body_regions["groin"], red_flag="saddle_numbness"),
                }
            },
            ["body region groin has a red flag, so belongs under [alerts]"],
        ),
        (
            lambda a: {
                "actions": {**a.actions, "steadying": replace(a.actions["steadying"], joint="knee")}
            },
            ["action steadying: unknown joint 'knee'"],
        ),
        (
            lambda a: {
                "actions": {
                    **a.actions,
                    "hip_flexion": replace(a.actions["hip_flexion"], movement="folding"),
                }
            },
            [
                # The position of ease bends the hip, which no action does any more.
                "muscle iliacus: position of ease puts the hip in flexion, which none of its "
                "actions produces, so it would not shorten the muscle",
                "action hip_flexion: the hip has no movement 'folding'",
            ],
        ),
        (
            lambda a: {
                "actions": {
                    **a.actions,
                    "hip_flexion": replace(a.actions["hip_flexion"], movement=None),
                }
            },
            [
                "muscle iliacus: position of ease puts the hip in flexion, which none of its "
                "actions produces, so it would not shorten the muscle",
                "action hip_flexion: the hip has no movement None",
            ],
        ),
        (
            lambda a: {
                "other_sources": {"hip_joint": replace(a.other_sources["hip_joint"], sources=())}
            },
            ["other source hip_joint has no source"],
        ),
        (
            lambda a: {
                "other_sources": {
                    "hip_joint": replace(
                        a.other_sources["hip_joint"], regions=("saddle", "groin", "elbow")
                    )
                }
            },
            [
                "other source hip_joint: unknown body region 'saddle'",
                "other source hip_joint: unknown body region 'elbow'",
            ],
        ),
    ],
)
def test_each_broken_record_is_named_word_for_word(change, problems):
    assert atlas.check(small_atlas(**change(small_atlas()))) == problems


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        (
            {"origins": ()},
            [
                "muscle iliacus has no origin",
                "landmark iliac_fossa is not attached to any muscle",
                "bone hip_bone has no muscle attached",
            ],
        ),
        (
            {"insertions": ("lesser_trochanter", "greater_trochanter")},
            ["muscle iliacus: unknown insertion landmark 'greater_trochanter'"],
        ),
        (
            {"origins": ("iliac_crest", "iliac_fossa")},
            ["muscle iliacus: unknown origin landmark 'iliac_crest'"],
        ),
        (
            {"insertions": ()},
            [
                "muscle iliacus has no insertion",
                "landmark lesser_trochanter is not attached to any muscle",
                "bone femur has no muscle attached",
            ],
        ),
        (
            {"actions": (), "ease_joints": {}},
            [
                "muscle iliacus has no action",
                "muscle iliacus: its position of ease names no joint position (ease_joints)",
            ],
        ),
        (
            {"actions": ("hip_flexion", "levitation")},
            ["muscle iliacus: unknown action 'levitation'"],
        ),
        ({"roots": ()}, ["muscle iliacus has no spinal root"]),
        (
            {"roots": ("L2", "L9", "l3")},
            [
                "muscle iliacus: 'L9' is not a spinal level",
                "muscle iliacus: 'l3' is not a spinal level",
            ],
        ),
        (
            {"roots": ("L3", "L2")},
            ["muscle iliacus: roots must be listed once each, top to bottom"],
        ),
        (
            {"roots": ("L2", "L2")},
            ["muscle iliacus: roots must be listed once each, top to bottom"],
        ),
        ({"roots": ("C1", "Co1")}, []),
        ({"roots": ("S5",)}, []),
        ({"sources": ()}, ["muscle iliacus has no source"]),
        ({"group": "flexors"}, ["muscle iliacus: unknown group 'flexors'"]),
        (
            {"referral": ("groin", "saddle", "elbow")},
            [
                "muscle iliacus: unknown body region 'saddle'",
                "muscle iliacus: unknown body region 'elbow'",
            ],
        ),
        (
            {"leading_cause": ("groin", "calf")},
            ["muscle iliacus: leading cause 'calf' is not one of its referral regions"],
        ),
        (
            {"ease_joints": {"knee": ("flexion",)}},
            ["muscle iliacus: position of ease names an unknown joint 'knee'"],
        ),
        (
            {"ease_joints": {"hip": ("bending", "flexion")}},
            ["muscle iliacus: position of ease: the hip has no movement 'bending'"],
        ),
        (
            {"ease_joints": {"hip": ("extension",)}},
            [
                "muscle iliacus: position of ease puts the hip in extension, which none of its "
                "actions produces, so it would not shorten the muscle"
            ],
        ),
        (
            {"ease_joints": {"knee": ("flexion",), "hip": ("extension", "flexion")}},
            [
                "muscle iliacus: position of ease names an unknown joint 'knee'",
                "muscle iliacus: position of ease puts the hip in extension, which none of its "
                "actions produces, so it would not shorten the muscle",
                "muscle iliacus: position of ease puts the hip in both flexion and extension",
            ],
        ),
    ],
)
def test_each_broken_muscle_is_named_word_for_word(changes, problems):
    assert atlas.check(with_muscle(**changes)) == problems


def test_opposite_movements_are_refused_for_each_pair():
    hip = atlas.Joint("hip", "hip", {m: m for pair in atlas.OPPOSITES for m in pair})
    actions = {
        f"hip_{m}": atlas.Action(f"hip_{m}", m, "hip", m) for pair in atlas.OPPOSITES for m in pair
    }
    data = small_atlas(joints={"hip": hip}, actions=actions)
    muscle = replace(
        data.muscles["iliacus"],
        actions=tuple(actions),
        ease_joints={"hip": ("adduction", "abduction", "medial_rotation", "lateral_rotation")},
    )
    assert atlas.check(replace(data, muscles={"iliacus": muscle})) == [
        "muscle iliacus: position of ease puts the hip in both abduction and adduction",
        "muscle iliacus: position of ease puts the hip in both lateral_rotation and "
        "medial_rotation",
    ]


# --- Reading the four data files field by field ---------------------------------------------

SMALL_FILES = {
    "skeleton.toml": """\
[skeletal_regions]
pelvis = { name = "Pelvis", plain = "the hip bones" }

[bones]
hip_bone = { name = "Hip bone", region = "pelvis" }
sacrum = { name = "Sacrum", region = "pelvis", midline = true }

[landmarks]
iliac_fossa = { bone = "hip_bone", name = "iliac fossa", at = [5, 100, 0] }
sacrum_ala = { bone = "sacrum", name = "ala of the sacrum", at = [3, 104, -2] }
sacrum_tip = { bone = "sacrum", name = "tip of the sacrum", at = [0, 90, -4], outline = true }
""",
    "muscles.toml": """\
[groups]
hip_flexors = { name = "Hip flexors", plain = "lift the thigh" }

[actions]
hip_flexion = { text = "lifts the thigh", joint = "hip", movement = "flexion" }
steadying = { text = "steadies the pelvis" }

[joints.hip]
name = "hip"
flexion = "bent"
extension = "taken back"

[muscles.iliacus]
name = "Iliacus"
lay_name = "inner hip-bone flexor"
aliases = ["iliopsoas"]
group = "hip_flexors"
origins = ["iliac_fossa"]
insertions = ["sacrum_ala"]
actions = ["hip_flexion", "steadying"]
nerve = "femoral nerve"
roots = ["L2", "L3"]
caveat = "Variants are reported."
referral = ["groin"]
leading_cause = ["groin"]
ease = "Lie with the hip bent."
ease_joints = { hip = ["flexion"] }
notes = "Inside the hip bone."
sources = [{ name = "Gray's Anatomy", url = "https://example.org/gray" }, { name = "Jones LH" }]

[muscles.bare]
name = "Bare"
lay_name = "a muscle with only what it must have"
group = "hip_flexors"
origins = ["iliac_fossa"]
insertions = ["sacrum_ala"]
actions = ["hip_flexion"]
nerve = "a nerve"
roots = ["S1"]
ease = "Rest."
ease_joints = { hip = ["flexion"] }
notes = "None."
sources = [{ name = "Gray's Anatomy" }]
""",
    "body_regions.toml": """\
[regions.groin]
name = "Groin"
placement = "front"
front = [[80, 170, 8, 8], [120, 170, 8, 8]]

[regions.sacrum]
name = "Sacrum"
placement = "back"
midline = true
note = "The flat bone."
back = [[100, 128, 9, 13]]

[alerts.saddle]
name = "Saddle area"
placement = "front"
red_flag = "saddle_numbness"
front = [[100, 177, 6, 9]]
""",
    "other_sources.toml": """\
[other_sources.hip_joint]
name = "The hip joint"
regions = ["groin"]
text = "Often the joint."
sources = [{ name = "Lesher 2008", url = "https://pubmed.ncbi.nlm.nih.gov/18254763/" }]

[other_sources.nerve_root]
name = "A nerve root"
regions = ["groin", "sacrum"]
text = "Sometimes a nerve."
safety_check = true
sources = [{ name = "NICE" }]
""",
}


def small_data(tmp_path: Path, file: str = "", old: str = "", new: str = "") -> Path:
    for name, text in SMALL_FILES.items():
        if name == file:
            assert old in text, old
            text = text.replace(old, new, 1)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_data_files_are_read_field_by_field(tmp_path):
    data = load(small_data(tmp_path))
    assert data.skeletal_regions == {
        "pelvis": atlas.SkeletalRegion("pelvis", "Pelvis", "the hip bones")
    }
    assert data.bones == {
        "hip_bone": atlas.Bone("hip_bone", "Hip bone", "pelvis", midline=False),
        "sacrum": atlas.Bone("sacrum", "Sacrum", "pelvis", midline=True),
    }
    assert data.landmarks["iliac_fossa"] == atlas.Landmark(
        "iliac_fossa", "hip_bone", "iliac fossa", (5, 100, 0), outline=False
    )
    assert data.landmarks["sacrum_tip"].outline is True
    assert data.groups == {
        "hip_flexors": atlas.Group("hip_flexors", "Hip flexors", "lift the thigh")
    }
    assert data.actions == {
        "hip_flexion": atlas.Action("hip_flexion", "lifts the thigh", "hip", "flexion"),
        "steadying": atlas.Action("steadying", "steadies the pelvis", None, None),
    }
    assert data.joints == {
        "hip": atlas.Joint("hip", "hip", {"flexion": "bent", "extension": "taken back"})
    }
    assert data.muscles["iliacus"] == atlas.Muscle(
        id="iliacus",
        name="Iliacus",
        lay_name="inner hip-bone flexor",
        aliases=("iliopsoas",),
        group="hip_flexors",
        origins=("iliac_fossa",),
        insertions=("sacrum_ala",),
        actions=("hip_flexion", "steadying"),
        nerve="femoral nerve",
        roots=("L2", "L3"),
        referral=("groin",),
        ease="Lie with the hip bent.",
        ease_joints={"hip": ("flexion",)},
        notes="Inside the hip bone.",
        sources=(Source("Gray's Anatomy", "https://example.org/gray"), Source("Jones LH", None)),
        caveat="Variants are reported.",
        leading_cause=("groin",),
    )
    assert data.muscles["iliacus"].ease_joints == {"hip": ("flexion",)}


def test_optional_fields_of_a_muscle_default_to_nothing(tmp_path):
    bare = load(small_data(tmp_path)).muscle("bare")
    assert (bare.aliases, bare.referral, bare.caveat, bare.leading_cause) == ((), (), "", ())
    assert bare.sources == (Source("Gray's Anatomy", None),)


def test_a_muscle_with_no_position_of_ease_is_refused_by_name(tmp_path):
    ease = 'ease = "Rest."\n'
    data_dir = small_data(
        tmp_path, "muscles.toml", ease + 'ease_joints = { hip = ["flexion"] }\n', ease
    )
    with pytest.raises(AtlasError) as info:
        load(data_dir)
    assert str(info.value) == (
        "anatomy data: muscle bare: its position of ease names no joint position (ease_joints)"
    )


def test_regions_and_other_sources_are_read_field_by_field(tmp_path):
    data = load(small_data(tmp_path))
    assert data.body_regions == {
        "groin": atlas.BodyRegion(
            "groin",
            "Groin",
            "front",
            False,
            {"front": ((80, 170, 8, 8), (120, 170, 8, 8)), "back": ()},
            None,
            "",
        ),
        "sacrum": atlas.BodyRegion(
            "sacrum",
            "Sacrum",
            "back",
            True,
            {"front": (), "back": ((100, 128, 9, 13),)},
            None,
            "The flat bone.",
        ),
    }
    assert data.body_regions["groin"].shapes == {
        "front": ((80, 170, 8, 8), (120, 170, 8, 8)),
        "back": (),
    }
    assert data.alert_regions == {
        "saddle": atlas.BodyRegion(
            "saddle",
            "Saddle area",
            "front",
            False,
            {"front": ((100, 177, 6, 9),), "back": ()},
            "saddle_numbness",
            "",
        )
    }
    assert list(data.pain_regions) == ["groin", "sacrum", "saddle"]
    assert data.other_sources == {
        "hip_joint": atlas.OtherSource(
            "hip_joint",
            "The hip joint",
            ("groin",),
            "Often the joint.",
            (Source("Lesher 2008", "https://pubmed.ncbi.nlm.nih.gov/18254763/"),),
            False,
        ),
        "nerve_root": atlas.OtherSource(
            "nerve_root",
            "A nerve root",
            ("groin", "sacrum"),
            "Sometimes a nerve.",
            (Source("NICE", None),),
            True,
        ),
    }


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("skeleton.toml", ', plain = "the hip bones"', "", "'plain'"),
        ("skeleton.toml", 'name = "Hip bone", ', "", "'name'"),
        ("skeleton.toml", ", at = [5, 100, 0]", "", "'at'"),
        ("muscles.toml", 'lay_name = "inner hip-bone flexor"\n', "", "'lay_name'"),
        ("muscles.toml", 'group = "hip_flexors"\norigins', "origins", "'group'"),
        ("muscles.toml", 'origins = ["iliac_fossa"]\ninsertions', "insertions", "'origins'"),
        ("muscles.toml", 'insertions = ["sacrum_ala"]\nactions', "actions", "'insertions'"),
        ("muscles.toml", 'actions = ["hip_flexion", "steadying"]\n', "", "'actions'"),
        ("muscles.toml", 'nerve = "femoral nerve"\n', "", "'nerve'"),
        ("muscles.toml", 'roots = ["L2", "L3"]\n', "", "'roots'"),
        ("muscles.toml", 'ease = "Lie with the hip bent."\n', "", "'ease'"),
        ("muscles.toml", 'notes = "Inside the hip bone."\n', "", "'notes'"),
        ("muscles.toml", 'sources = [{ name = "Gray\'s Anatomy", url', "x = [{ url", "'sources'"),
        ("muscles.toml", '{ name = "Jones LH" }', '{ title = "Jones LH" }', "'name'"),
        ("muscles.toml", '[joints.hip]\nname = "hip"', "[joints.hip]", "'name'"),
        ("body_regions.toml", 'name = "Groin"\n', "", "'name'"),
        ("body_regions.toml", 'placement = "back"\n', "", "'placement'"),
        ("other_sources.toml", 'text = "Often the joint."\n', "", "'text'"),
        ("other_sources.toml", 'regions = ["groin"]\n', "", "'regions'"),
    ],
)
def test_a_record_missing_a_field_is_refused_naming_the_field(tmp_path, file, old, new, message):
    with pytest.raises(AtlasError) as info:
        load(small_data(tmp_path, file, old, new))
    assert str(info.value) == f"anatomy data: a record is missing the field {message}"


def test_a_file_that_is_not_toml_is_refused_naming_the_file(tmp_path):
    data_dir = small_data(tmp_path, "body_regions.toml", "[regions.groin]", "[regions.groin")
    with pytest.raises(AtlasError) as info:
        load(data_dir)
    assert str(info.value) == (
        f"{data_dir / 'body_regions.toml'}: Expected ']' at the end of a table declaration "
        "(at line 1, column 15)"
    )


def test_a_missing_file_is_refused_naming_the_file(tmp_path):
    data_dir = small_data(tmp_path)
    (data_dir / "other_sources.toml").unlink()
    with pytest.raises(AtlasError) as info:
        load(data_dir)
    assert str(info.value) == (
        f"{data_dir / 'other_sources.toml'}: [Errno 2] No such file or directory: "
        f"'{data_dir / 'other_sources.toml'}'"
    )


def test_every_problem_is_named_at_once(tmp_path):
    data_dir = small_data(
        tmp_path, "muscles.toml", 'roots = ["L2", "L3"]', 'roots = ["L3", "L9", "L2"]'
    )
    with pytest.raises(AtlasError) as info:
        load(data_dir)
    assert str(info.value) == (
        "anatomy data: muscle iliacus: 'L9' is not a spinal level; "
        "muscle iliacus: roots must be listed once each, top to bottom"
    )


# --- Looking things up -----------------------------------------------------------------------


def test_an_unknown_id_names_the_kind_and_up_to_three_close_matches():
    data = load()
    with pytest.raises(atlas.UnknownIdError) as info:
        data.muscle("gluteus_maxim")
    assert str(info.value) == (
        "No muscle called 'gluteus_maxim'. Did you mean gluteus_maximus, gluteus_minimus, "
        "gluteus_medius?"
    )
    assert isinstance(info.value, KeyError) and info.value.args == ("gluteus_maxim",)
    assert (info.value.kind, info.value.value) == ("muscle", "gluteus_maxim")
    with pytest.raises(atlas.UnknownIdError) as info:
        data.body_region("elbow")
    assert str(info.value) == "No body region called 'elbow'."
    assert info.value.suggestions == []


def test_an_unknown_id_suggests_no_more_than_three_matches():
    base = small_atlas().muscle("iliacus")
    four = {f"iliacus_{x}": replace(base, id=f"iliacus_{x}") for x in "abcd"}
    with pytest.raises(atlas.UnknownIdError) as info:
        small_atlas(muscles=four).muscle("iliacus")
    # All four are as close; difflib keeps three of them.
    assert str(info.value) == (
        "No muscle called 'iliacus'. Did you mean iliacus_d, iliacus_c, iliacus_b?"
    )


def test_a_body_region_lookup_finds_alert_regions_too():
    data = small_atlas()
    assert data.body_region("groin").name == "Groin"
    assert data.body_region("saddle").red_flag == "saddle_numbness"
    assert data.muscle("iliacus").name == "Iliacus"


def test_what_a_muscle_moves_leaves_out_actions_that_move_nothing():
    data = small_atlas()
    actions = {
        **data.actions,
        "half": atlas.Action("half", "a joint and no movement", "hip", None),
        "other": atlas.Action("other", "a movement and no joint", None, "flexion"),
    }
    data = small_atlas(actions=actions)
    muscle = replace(
        data.muscle("iliacus"), actions=("steadying", "hip_flexion", "half", "other", "gone")
    )
    assert data.moves(muscle) == {("hip", "flexion")}


def test_the_ease_summary_joins_one_two_or_three_positions():
    hip = atlas.Joint(
        "hip",
        "hip",
        {"flexion": "bent", "abduction": "out to the side", "lateral_rotation": "turned out"},
    )
    knee = atlas.Joint("knee", "knee", {"extension": "straight"})
    data = small_atlas(joints={"hip": hip, "knee": knee})
    muscle = data.muscle("iliacus")
    assert data.ease_summary(replace(muscle, ease_joints={"hip": ("flexion",)})) == "Hip bent"
    assert (
        data.ease_summary(replace(muscle, ease_joints={"hip": ("flexion", "abduction")}))
        == "Hip bent and out to the side"
    )
    three = {"hip": ("flexion", "abduction", "lateral_rotation"), "knee": ("extension",)}
    assert (
        data.ease_summary(replace(muscle, ease_joints=three))
        == "Hip bent, out to the side and turned out; knee straight"
    )


def test_muscles_moving_a_joint_and_muscles_by_group():
    data = small_atlas()
    still = replace(data.muscle("iliacus"), id="still", actions=("steadying",), group="rotators")
    groups = {
        "rotators": atlas.Group("rotators", "Rotators", "turn the thigh"),
        "empty": atlas.Group("empty", "Empty", "nothing here"),
        **data.groups,
    }
    data = small_atlas(muscles={"still": still, **data.muscles}, groups=groups)
    assert [m.id for m in data.muscles_moving("hip")] == ["iliacus"]
    assert data.muscles_moving("knee") == []
    assert [(g.id, [m.id for m in ms]) for g, ms in data.muscles_by_group()] == [
        ("rotators", ["still"]),
        ("hip_flexors", ["iliacus"]),
    ]


def test_the_bones_a_muscle_attaches_to_in_order():
    data = small_atlas()
    muscle = replace(
        data.muscle("iliacus"),
        origins=("lesser_trochanter", "iliac_fossa"),
        insertions=("femur_head",),
    )
    assert data.bones_of(muscle) == ["femur", "hip_bone"]
    assert data.bone_of("iliac_fossa").name == "Hip bone"
    assert data.region_of_bone("femur").name == "Pelvis"


def test_roots_in_words():
    muscle = small_atlas().muscle("iliacus")
    assert replace(muscle, roots=("L2", "L3", "L4")).roots_text == "L2–L4"
    assert replace(muscle, roots=("S1",)).roots_text == "S1"
