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
    mid_buttock lower_buttock posterior_hip posterior_thigh posterior_knee calf
    greater_trochanter lateral_thigh lateral_leg lower_abdomen groin anterior_thigh
    medial_thigh anterior_knee medial_knee_shin deep_pelvis
""".split()  # noqa: SIM905
SKELETAL_REGIONS = {"lumbar_spine", "pelvis", "femur", "ribcage", "thoracic_spine", "leg", "arm"}


def test_every_required_muscle_and_region_is_present():
    data = load()
    assert set(REQUIRED_MUSCLES) <= set(data.muscles)
    assert set(data.body_regions) == set(REQUIRED_REGIONS)
    assert set(data.skeletal_regions) == SKELETAL_REGIONS


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
    for region in load().body_regions.values():
        assert region.placement in ("front", "back", "side")
        assert any(region.shapes.values()), region.id


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
