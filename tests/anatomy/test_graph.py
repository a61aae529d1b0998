"""The graph queries answer the questions the anatomy pages, API and CLI ask."""

import pytest

from hiphub.anatomy import graph
from hiphub.anatomy.atlas import UnknownIdError, load


def test_psoas_major_attachments_follow_the_anatomy_texts():
    rows = graph.attachments("psoas_major")
    origin_bones = {r.bone for r in rows if r.role == "origin"}
    assert origin_bones == {"t12", "l1", "l2", "l3", "l4", "l5"}
    transverse = [r for r in rows if r.landmark.endswith("_transverse_process")]
    assert {r.bone for r in transverse} == {"l1", "l2", "l3", "l4", "l5"}
    assert [r.landmark for r in rows if r.role == "insertion"] == ["femur_lesser_trochanter"]


def test_the_pelvis_is_the_hub_by_count_not_by_decree():
    ranking = graph.hub()
    assert ranking[0].region == "pelvis"
    counts = [h.muscle_count for h in ranking]
    assert counts == sorted(counts, reverse=True)
    data = load()
    pelvic = {
        m.id
        for m in data.muscles.values()
        if any(data.region_of_bone(b).id == "pelvis" for b in data.bones_of(m))
    }
    assert ranking[0].muscle_count == len(pelvic)


@pytest.mark.parametrize(
    ("start", "end", "through"),
    [
        ("psoas_major", "piriformis", {"pelvis", "femur"}),
        ("latissimus_dorsi", "gluteus_maximus", {"pelvis", "thoracic_spine", "ribcage"}),
        ("semitendinosus", "quadratus_femoris", {"pelvis"}),
    ],
)
def test_paths_alternate_muscle_and_bone(start, end, through):
    steps = graph.path(start, end)
    assert steps[0].id == start and steps[-1].id == end
    assert [s.kind for s in steps] == ["muscle", "bone"] * (len(steps) // 2) + ["muscle"]
    assert {s.region for s in steps if s.kind == "bone"} <= through


def test_path_from_a_muscle_to_itself_is_just_that_muscle():
    assert [s.id for s in graph.path("iliacus", "iliacus")] == ["iliacus"]


def test_connected_muscles_name_what_they_share():
    rows = graph.connected("piriformis")
    by_id = {r.muscle: r for r in rows}
    assert "femur" in by_id["gluteus_medius"].shared_bones
    assert "sacrum" in by_id["gluteus_maximus"].shared_bones
    assert "piriformis" not in by_id
    shared = [len(r.shared_bones) for r in rows]
    assert shared == sorted(shared, reverse=True)


def test_compensators_share_an_action_and_say_why():
    rows = graph.compensators("gluteus_medius")
    ids = [r.muscle for r in rows]
    assert {"gluteus_minimus", "tensor_fasciae_latae"} <= set(ids)
    assert ids[0] == "gluteus_minimus"  # shares two actions and both bones
    data = load()
    for row in rows:
        assert set(row.shared_actions) <= set(data.muscle("gluteus_medius").actions)
        assert row.reason.startswith("also ")
    assert "latissimus_dorsi" not in ids


def test_pain_candidates_for_the_sacroiliac_joint_and_lower_buttock():
    rows = graph.candidates(["sacroiliac_joint", "lower_buttock"])
    top_three = [r.muscle for r in rows[:3]]
    assert "quadratus_lumborum" in top_three
    for row in rows:
        assert row.regions and set(row.regions) <= {"sacroiliac_joint", "lower_buttock"}
        assert row.reason
    explained = [len(r.regions) for r in rows]
    assert explained == sorted(explained, reverse=True)


def test_pain_candidates_ignore_repeats_and_report_partial_matches():
    rows = graph.candidates(["groin", "groin", "anterior_knee"])
    assert rows[0].muscle == "rectus_femoris" or "groin" in rows[0].regions
    partial = [r for r in rows if len(r.regions) == 1]
    assert all("1 of the 2 places" in r.reason for r in partial)


@pytest.mark.parametrize("bad", [["elbow"], ["groin", "nose"]])
def test_unknown_regions_are_refused(bad):
    with pytest.raises(UnknownIdError):
        graph.candidates(bad)


def test_no_regions_is_a_clear_error():
    with pytest.raises(ValueError, match="at least one"):
        graph.candidates([])
