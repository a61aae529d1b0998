"""The anatomy reference data is whole and consistent."""

import re
import shutil
from pathlib import Path

import pytest

from hiphub.anatomy import atlas
from hiphub.anatomy.atlas import SPINAL_LEVELS, AtlasError, load

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
