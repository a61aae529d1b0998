"""The graph queries answer the questions the anatomy pages, API and CLI ask.

The ranking rules docs/anatomy.md states are pinned here with exact orders and exact wording,
so a change to any tie-break or sentence fails a test (issue 17: mutation testing).
"""

from dataclasses import replace

import networkx as nx
import pytest

from hiphub.anatomy import graph
from hiphub.anatomy.atlas import UnknownIdError, load
from hiphub.core.sources import Source


def ids(rows):
    return [r.muscle for r in rows]


def test_psoas_major_attachments_follow_the_anatomy_texts():
    rows = graph.attachments("psoas_major")
    origin_bones = {r.bone for r in rows if r.role == "origin"}
    assert origin_bones == {"t12", "l1", "l2", "l3", "l4", "l5"}
    transverse = [r for r in rows if r.landmark.endswith("_transverse_process")]
    assert {r.bone for r in transverse} == {"l1", "l2", "l3", "l4", "l5"}
    assert [r.landmark for r in rows if r.role == "insertion"] == ["femur_lesser_trochanter"]
    first = rows[0]
    assert (first.role, first.landmark, first.bone, first.bone_name, first.region) == (
        "origin",
        "t12_body",
        "t12",
        "T12 vertebra",
        "thoracic_spine",
    )
    assert first.landmark_name == "side of the T12 body and the disc below"


# --- the hub ------------------------------------------------------------------------------


def test_the_pelvis_is_the_hub_by_count_not_by_decree():
    ranking = graph.hub()
    assert ranking[0].region == "pelvis"
    data = load()
    pelvic = {
        m.id
        for m in data.muscles.values()
        if any(data.region_of_bone(b).id == "pelvis" for b in data.bones_of(m))
    }
    assert ranking[0].muscle_count == len(pelvic) == len(ranking[0].muscles)
    assert ranking[0].muscles == sorted(pelvic)
    assert ranking[0].bones == ["sacrum", "coccyx", "hip_bone"]


def test_hub_ranks_by_muscle_count_then_betweenness():
    ranking = graph.hub()
    assert [(h.region, h.muscle_count) for h in ranking] == [
        ("pelvis", 22),
        ("femur", 12),
        ("lumbar_spine", 6),  # ties with the leg on 6 muscles ...
        ("leg", 6),  # ... and lies on more shortest routes, so it comes first
        ("thoracic_spine", 5),
        ("ribcage", 4),
        ("arm", 1),
    ]
    by_id = {h.region: h for h in ranking}
    assert by_id["lumbar_spine"].betweenness > by_id["leg"].betweenness
    assert by_id["arm"].betweenness == 0.0  # the humerus is a dead end
    assert 0 < by_id["pelvis"].betweenness < 1
    assert by_id["pelvis"].name == "Pelvis"


def _hub_entry(region: str, name: str, count: int, between: float) -> graph.HubEntry:
    return graph.HubEntry(region, name, count, [], [], between)


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        # More muscles first, whatever the betweenness or name.
        ([("a", "A", 1, 0.9), ("b", "B", 2, 0.1)], ["b", "a"]),
        # Equal muscles: higher betweenness first, whatever the name.
        ([("a", "A", 2, 0.1), ("b", "B", 2, 0.5)], ["b", "a"]),
        # Equal in both: by name (not id).
        ([("z", "Alpha", 2, 0.5), ("a", "Beta", 2, 0.5)], ["z", "a"]),
    ],
)
def test_hub_tie_breaks(entries, expected):
    rows = [_hub_entry(*e) for e in entries]
    assert [h.region for h in sorted(rows, key=graph.hub_order)] == expected


# --- paths --------------------------------------------------------------------------------


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
    assert all(s.region is None for s in steps if s.kind == "muscle")


def test_path_names_each_step():
    steps = graph.path("psoas_major", "piriformis")
    assert [(s.kind, s.id, s.name, s.region) for s in steps] == [
        ("muscle", "psoas_major", "Psoas major", None),
        ("bone", "femur", "Femur", "femur"),
        ("muscle", "piriformis", "Piriformis", None),
    ]


def test_path_from_a_muscle_to_itself_is_just_that_muscle():
    assert [s.id for s in graph.path("iliacus", "iliacus")] == ["iliacus"]


def test_muscles_that_do_not_connect_have_an_empty_path(monkeypatch):
    # Cut latissimus dorsi off from everything but the arm: no chain reaches psoas major.
    cut = nx.Graph(graph.muscle_bone_graph())
    lat = graph._muscle_node("latissimus_dorsi")
    cut.remove_edges_from([(lat, b) for b in list(cut.neighbors(lat)) if b != "bone:humerus"])
    monkeypatch.setattr(graph, "muscle_bone_graph", lambda: cut)
    assert graph.path("latissimus_dorsi", "psoas_major") == []


def test_muscle_bone_edges_are_public_ids():
    edges = graph.muscle_bone_edges()
    assert ("psoas_major", "t12") in edges and ("latissimus_dorsi", "rib_12") in edges
    assert len(edges) == graph.muscle_bone_graph().number_of_edges()
    assert not any(":" in a or ":" in b for a, b in edges)


# --- connected and compensators -----------------------------------------------------------


def test_connected_muscles_name_what_they_share():
    rows = graph.connected("piriformis")
    by_id = {r.muscle: r for r in rows}
    assert "femur" in by_id["gluteus_medius"].shared_bones
    assert "sacrum" in by_id["gluteus_maximus"].shared_bones
    assert by_id["gluteus_maximus"].shared_bone_names == [
        "Sacrum",
        "Hip bone (ilium, ischium and pubis)",
        "Femur",
    ]
    assert "piriformis" not in by_id
    # Most shared bones first (three: hip bone, sacrum, femur), then by name.
    assert [r.muscle for r in rows[:3]] == ["gluteus_maximus", "iliacus", "adductor_longus"]
    shared = [len(r.shared_bones) for r in rows]
    assert shared == sorted(shared, reverse=True)
    twos = [r.name for r in rows if len(r.shared_bones) == 2]
    assert twos and twos == sorted(twos)


def test_compensators_share_an_action_and_say_why():
    rows = graph.compensators("gluteus_medius")
    assert [(r.muscle, r.shared_actions, r.shared_bones) for r in rows] == [
        ("gluteus_minimus", ["hip_abduction", "hip_medial_rotation"], ["hip_bone", "femur"]),
        ("tensor_fasciae_latae", ["hip_abduction", "hip_medial_rotation"], ["hip_bone"]),
        ("gluteus_maximus", ["hip_abduction"], ["hip_bone", "femur"]),
        ("piriformis", ["hip_abduction"], ["hip_bone", "femur"]),
    ]
    assert rows[0].reason == (
        "also moves the thigh out to the side (hip abduction) and turns the thigh inward "
        "(medial rotation); pulls on the same Hip bone, Femur"
    )


def test_compensators_rank_by_actions_then_bones_then_name():
    rows = graph.compensators("psoas_major")
    assert [(r.muscle, len(r.shared_bones)) for r in rows] == [
        ("longissimus_thoracis", 6),
        ("iliocostalis_lumborum", 4),  # ties with quadratus lumborum: by name
        ("quadratus_lumborum", 4),
        ("adductor_longus", 1),
        ("adductor_magnus", 1),
        ("iliacus", 1),
        ("rectus_femoris", 0),
        ("tensor_fasciae_latae", 0),
    ]
    by_id = {r.muscle: r for r in rows}
    # A compensator sharing no bone gives only the action as its reason.
    assert by_id["rectus_femoris"].reason == "also lifts the thigh forward (hip flexion)"
    assert by_id["quadratus_lumborum"].reason == (
        "also bends the trunk to its own side; pulls on the same L1 vertebra, L2 vertebra, "
        "L3 vertebra, L4 vertebra"
    )


# --- "Where does it hurt?" ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("regions", "expected"),
    [
        # Two places: the muscles explaining both come first, smallest pattern first
        # (longissimus 2, gluteus maximus 5, quadratus lumborum 8), then those explaining one.
        (
            ["sacroiliac_joint", "lower_buttock"],
            [
                "longissimus_thoracis",
                "gluteus_maximus",
                "quadratus_lumborum",
                "semimembranosus",
                "semitendinosus",
                "piriformis",
                "gluteus_minimus",
                "iliacus",
                "psoas_major",
                "gluteus_medius",
            ],
        ),
        # Outer hip: the gluteal tendons are the commonest cause (Grimaldi 2015), so they rank
        # before tensor fasciae latae although its pattern is smaller.
        (
            ["greater_trochanter"],
            ["gluteus_minimus", "gluteus_medius", "tensor_fasciae_latae", "quadratus_lumborum"],
        ),
        # Two places where only gluteus medius explains both: count beats the leading cause.
        (
            ["greater_trochanter", "iliac_crest"],
            [
                "gluteus_medius",
                "quadratus_lumborum",
                "gluteus_minimus",
                "tensor_fasciae_latae",
            ],
        ),
        (["anococcygeal"], ["obturator_internus"]),
        (
            ["posterior_hip"],
            [
                "gemellus_inferior",
                "gemellus_superior",
                "quadratus_femoris",
                "obturator_internus",
                "piriformis",
            ],
        ),
        (["lumbar_midline"], ["multifidus_lumbar"]),
    ],
)
def test_pain_candidates_rank_exactly(regions, expected):
    assert ids(graph.candidates(regions)) == expected


def test_pain_candidates_for_the_sacroiliac_joint_and_lower_buttock():
    rows = graph.candidates(["sacroiliac_joint", "lower_buttock"])
    assert ids(rows[:3]) == ["longissimus_thoracis", "gluteus_maximus", "quadratus_lumborum"]
    assert [r.pattern_size for r in rows[:3]] == [2, 5, 8]
    assert [len(r.regions) for r in rows] == [2, 2, 2, 1, 1, 1, 1, 1, 1, 1]
    for row in rows:
        assert row.regions and set(row.regions) <= {"sacroiliac_joint", "lower_buttock"}


def test_pain_candidates_ignore_repeats_and_report_partial_matches():
    rows = graph.candidates(["groin", "groin", "anterior_knee"])
    assert rows[0].muscle == "rectus_femoris"
    partial = [r for r in rows if len(r.regions) == 1]
    assert partial, "groin alone should bring up several muscles"
    assert all("(1 of the 2 places you chose)" in r.reason for r in partial)
    assert rows == graph.candidates(["groin", "anterior_knee"])


@pytest.mark.parametrize(
    ("regions", "muscle", "reason"),
    [
        # One place, fully explained: no "(n of m)".
        (
            ["coccyx"],
            "multifidus_lumbar",
            "commonly described as referring to the tailbone (coccyx)",
        ),
        # Two names joined with "and"; a partial match says how many places it explains.
        (
            ["sacroiliac_joint", "coccyx", "calf"],
            "gluteus_maximus",
            "commonly described as referring to the sacroiliac joint (dimple beside the sacrum) "
            "and tailbone (coccyx) (2 of the 3 places you chose)",
        ),
        # Three names: commas, then "and"; all explained.
        (
            ["sacrum", "coccyx", "mid_buttock"],
            "gluteus_maximus",
            "commonly described as referring to the sacrum (flat bone at the base of the spine), "
            "tailbone (coccyx) and middle of the buttock",
        ),
        (
            ["calf", "lateral_leg", "groin"],
            "gluteus_minimus",
            "commonly described as referring to the calf and outside of the lower leg "
            "(2 of the 3 places you chose)",
        ),
        # A leading cause: "there" when it is every place the muscle explains ...
        (
            ["greater_trochanter"],
            "gluteus_medius",
            "commonly described as referring to the outer hip (greater trochanter); clinical "
            "studies name it among the commonest causes of pain there",
        ),
        # ... and the place by name when it is only some of them.
        (
            ["greater_trochanter", "iliac_crest", "calf"],
            "gluteus_medius",
            "commonly described as referring to the outer hip (greater trochanter) and top of the "
            "pelvis (iliac crest) (2 of the 3 places you chose); clinical studies name it among "
            "the commonest causes of pain at the outer hip (greater trochanter)",
        ),
        (
            ["greater_trochanter"],
            "tensor_fasciae_latae",
            "commonly described as referring to the outer hip (greater trochanter)",
        ),
    ],
)
def test_pain_reasons_word_by_word(regions, muscle, reason):
    rows = {r.muscle: r for r in graph.candidates(regions)}
    assert rows[muscle].reason == reason


def test_candidate_fields():
    row = graph.candidates(["greater_trochanter", "iliac_crest"])[0]
    assert row.muscle == "gluteus_medius" and row.name == "Gluteus medius"
    assert row.regions == ["greater_trochanter", "iliac_crest"]
    assert row.region_names == ["Outer hip (greater trochanter)", "Top of the pelvis (iliac crest)"]
    assert row.pattern_size == 8
    assert row.leading_cause == ["greater_trochanter"]
    assert graph.candidates(["iliac_crest"])[0].leading_cause == []


def _candidate(name: str, explained: int, leading: int, size: int) -> graph.Candidate:
    regions = [f"r{i}" for i in range(explained)]
    return graph.Candidate(name, name, regions, regions, size, regions[:leading], "")


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # More chosen places explained beats a leading cause and a focused pattern.
        ([("a", 1, 1, 1), ("b", 2, 0, 9)], ["b", "a"]),
        # Equal places: a leading cause beats a focused pattern.
        ([("a", 1, 0, 1), ("b", 1, 1, 9)], ["b", "a"]),
        # Equal places and leading causes: the smaller pattern first, whatever the name.
        ([("a", 1, 0, 5), ("b", 1, 0, 2)], ["b", "a"]),
        # Equal in all: by name.
        ([("b", 1, 0, 2), ("a", 1, 0, 2)], ["a", "b"]),
    ],
)
def test_candidate_tie_breaks(rows, expected):
    built = [_candidate(*r) for r in rows]
    assert [c.muscle for c in sorted(built, key=graph.candidate_order)] == expected


@pytest.mark.parametrize("bad", [["elbow"], ["groin", "nose"]])
def test_unknown_regions_are_refused(bad):
    with pytest.raises(UnknownIdError):
        graph.candidates(bad)
    with pytest.raises(UnknownIdError):
        graph.other_sources(bad)


@pytest.mark.parametrize("query", [graph.candidates, graph.other_sources, graph.alert_flags])
def test_no_regions_is_a_clear_error(query):
    # The sentence the pain API and CLI pass on, word for word.
    with pytest.raises(ValueError, match=r"^Choose at least one body region\.$"):
        query([])


# --- the saddle area and other sources ----------------------------------------------------


@pytest.mark.parametrize("regions", [["saddle"], ["groin", "saddle"], ["saddle", "saddle", "calf"]])
def test_the_saddle_area_raises_its_red_flag_and_suggests_no_muscle(regions):
    assert graph.alert_flags(regions) == ["saddle_numbness"]
    assert graph.candidates(regions) == []
    assert graph.other_sources(regions) == []


def test_ordinary_regions_raise_no_flag():
    assert graph.alert_flags(["groin", "calf"]) == []


@pytest.mark.parametrize(
    ("regions", "expected"),
    [
        (["groin"], [("hip_joint", ["groin"])]),
        (["calf"], [("nerve_root", ["calf"])]),
        (
            ["lateral_leg", "medial_knee_shin"],
            [("nerve_root", ["lateral_leg", "medial_knee_shin"])],
        ),
        (["sacroiliac_joint"], [("sacroiliac_joint", ["sacroiliac_joint"])]),
        # In the data's order, whatever order the places were chosen in.
        (
            ["sacroiliac_joint", "calf", "groin"],
            [
                ("hip_joint", ["groin"]),
                ("nerve_root", ["calf"]),
                ("sacroiliac_joint", ["sacroiliac_joint"]),
            ],
        ),
        (["lumbar_midline", "greater_trochanter"], []),
    ],
)
def test_other_sources_for_the_chosen_regions(regions, expected):
    assert [(o.id, o.regions) for o in graph.other_sources(regions)] == expected


def test_other_sources_are_plain_possibilities_with_sources():
    (hip,) = graph.other_sources(["groin"])
    assert hip.name == "The hip joint itself"
    assert "often comes from the hip joint itself" in hip.text
    assert hip.sources and all(isinstance(s, Source) for s in hip.sources)
    assert "Lesher" in hip.sources[0].name
    assert hip.safety_check is False
    (nerve,) = graph.other_sources(["calf"])
    assert "sciatica" in nerve.name and nerve.safety_check is True
    for other in load().other_sources.values():
        assert "diagnos" not in other.text.lower()


# --- records ------------------------------------------------------------------------------


def test_muscle_record_is_complete_and_plain():
    record = graph.muscle_record("gluteus_maximus")
    assert list(record) == [
        "id",
        "name",
        "lay_name",
        "aliases",
        "group",
        "origins",
        "insertions",
        "actions",
        "nerve",
        "roots",
        "referral_regions",
        "leading_cause_of",
        "position_of_ease",
        "ease_joints",
        "ease_summary",
        "notes",
        "caveat",
        "sources",
    ]
    assert record["ease_joints"] == {"hip": ["extension", "abduction", "lateral_rotation"]}
    assert (
        record["ease_summary"] == "Hip taken slightly back, resting out to the side and turned out"
    )
    assert record["origins"][0] == {
        "role": "origin",
        "landmark": "hip_posterior_ilium",
        "landmark_name": "ilium behind the posterior gluteal line",
        "bone": "hip_bone",
        "bone_name": "Hip bone (ilium, ischium and pubis)",
        "region": "pelvis",
    }
    assert record["sources"][2] == {
        "name": "Willard et al. 2012, The thoracolumbar fascia",
        "url": "https://pmc.ncbi.nlm.nih.gov/articles/PMC3512278",
    }
    assert graph.muscle_record("gluteus_medius")["leading_cause_of"] == ["greater_trochanter"]
    assert graph.muscle_record("gluteus_medius")["caveat"] is None


def test_as_json_turns_results_into_plain_values():
    step = graph.PathStep("bone", "femur", "Femur", "femur")
    assert graph.as_json(step) == {
        "kind": "bone",
        "id": "femur",
        "name": "Femur",
        "region": "femur",
    }
    assert graph.as_json([step, replace(step, id="x")])[1]["id"] == "x"
    assert graph.as_json([]) == []
