"""Reading data/ease_poses.toml (anatomy/easefigure.py): the poses drawn for a muscle's position
of ease, and the refusal of a broken file word for word. Pure: no database."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from hiphub.anatomy import easefigure
from hiphub.anatomy.atlas import load
from hiphub.anatomy.easefigure import EasePoseError, ease_poses
from hiphub.core.pose import Limbs, Pose, Prop


@pytest.fixture
def muscles() -> Iterator[frozenset[str]]:
    ease_poses.cache_clear()
    yield frozenset(load().muscles)
    ease_poses.cache_clear()


def write_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    data = tmp_path / "ease_poses.toml"
    data.write_text(text, encoding="utf-8")
    monkeypatch.setattr(easefigure, "DATA", data)


def test_psoas_rests_on_the_floor_with_the_calves_on_a_chair(muscles: frozenset[str]) -> None:
    pose = ease_poses(muscles)["psoas_major"]
    assert (pose.surface, pose.lying, pose.near.hip, pose.near.knee) == ("floor", "back", 90, 90)
    assert pose.props == (Prop("pillow", "head"), Prop("chair", "calf"))


def test_muscles_a_flat_drawing_would_misstate_have_no_pose(muscles: frozenset[str]) -> None:
    poses = ease_poses(muscles)
    assert "quadratus_lumborum" in muscles and "quadratus_lumborum" not in poses
    assert "latissimus_dorsi" in muscles and "latissimus_dorsi" not in poses


def test_a_pose_for_a_muscle_the_atlas_does_not_know_is_refused(
    muscles: frozenset[str],
) -> None:
    with pytest.raises(EasePoseError) as refused:
        ease_poses(muscles - {"psoas_major"})
    assert str(refused.value) == "ease_poses.toml: unknown muscle 'psoas_major'"


def test_a_pose_that_cannot_be_drawn_is_refused_naming_the_muscle_and_field(
    muscles: frozenset[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_data(tmp_path, monkeypatch, "[psoas_major]\nhip = 90\nknee = 200\n")
    with pytest.raises(EasePoseError) as refused:
        ease_poses(muscles)
    assert str(refused.value) == (
        "ease_poses.toml: psoas_major.knee must be between 0 and 160; got 200"
    )


def test_each_muscle_of_a_file_gets_its_own_pose(
    muscles: frozenset[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_data(tmp_path, monkeypatch, "[iliacus]\nhip = 45\n\n[piriformis]\nknee = 30\n")
    assert ease_poses(muscles) == {
        "iliacus": Pose(near=Limbs(hip=45), far=Limbs(hip=45)),
        "piriformis": Pose(near=Limbs(knee=30), far=Limbs(knee=30)),
    }
