"""`hiphub anatomy ...` answers as the issue asks, as JSON for scripts and tables for people."""

import json

import pytest
from typer.testing import CliRunner

runner = CliRunner()


def run_json(app, *args: str, status: int = 0):
    result = runner.invoke(app, ["anatomy", *args, "--json"])
    assert result.exit_code == status, result.output
    return json.loads(result.stdout)


def test_muscle_psoas_major(cli_app):
    data = run_json(cli_app, "muscle", "psoas_major")
    origin_bones = {o["bone"] for o in data["origins"]}
    assert {"t12", "l1", "l2", "l3", "l4", "l5"} <= origin_bones
    for level in ("l1", "l2", "l3", "l4", "l5"):
        assert f"{level}_transverse_process" in {o["landmark"] for o in data["origins"]}
    assert [i["landmark"] for i in data["insertions"]] == ["femur_lesser_trochanter"]
    assert data["roots"] == ["L1", "L2", "L3"]
    assert data["sources"]


def test_hub_ranks_the_pelvis_first(cli_app):
    data = run_json(cli_app, "hub")
    assert list(data) == ["regions"]
    assert data["regions"][0]["id"] == "pelvis"
    assert data["regions"][0]["muscles"] == 22


def test_path_from_psoas_to_piriformis_goes_through_pelvis_or_femur(cli_app):
    steps = run_json(cli_app, "path", "psoas_major", "piriformis")["path"]
    assert steps[0]["id"] == "psoas_major" and steps[-1]["id"] == "piriformis"
    bones = [s for s in steps if s["kind"] == "bone"]
    assert bones and all(b["region"] in ("pelvis", "femur") for b in bones)


def test_pain_ranks_quadratus_lumborum_in_the_top_three(cli_app):
    rows = run_json(cli_app, "pain", "sacroiliac_joint", "lower_buttock")["candidates"]
    assert "quadratus_lumborum" in [r["muscle"] for r in rows[:3]]
    assert rows and all(r["regions"] for r in rows)


def test_outer_hip_pain_ranks_a_gluteal_first(cli_app):
    rows = run_json(cli_app, "pain", "greater_trochanter")["candidates"]
    assert rows[0]["muscle"] in ("gluteus_medius", "gluteus_minimus")


def test_the_saddle_area_prints_the_emergency_advice_and_exits_3(cli_app, settings):
    result = runner.invoke(cli_app, ["anatomy", "pain", "saddle"])
    assert result.exit_code == 3
    text = " ".join(result.stdout.split())
    assert "Emergency: get help now" in text
    assert f"Call {settings.EMERGENCY_NUMBER} or go to an emergency department now" in text
    assert "Candidate muscles" not in text
    data = run_json(cli_app, "pain", "saddle", status=3)
    assert data["candidates"] == [] and data["safety"]["level"] == "emergency"


def test_other_sources_are_named_in_the_table(cli_app):
    result = runner.invoke(cli_app, ["anatomy", "pain", "groin", "calf"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "The hip joint itself:" in text
    assert "A nerve root in the low back (sciatica):" in text


def test_compensators_and_list_and_regions(cli_app):
    rows = run_json(cli_app, "compensators", "piriformis")
    assert rows, "piriformis shares its actions with the other rotators"
    assert all(
        "hip_lateral_rotation" in r["shared_actions"] or "hip_abduction" in r["shared_actions"]
        for r in rows
    )
    assert len(run_json(cli_app, "list")) >= 23
    regions = run_json(cli_app, "regions")
    assert len(regions) == 25
    assert regions[-1] == {
        "id": "saddle",
        "name": "Between the legs or around the back passage (the saddle area)",
        "placement": "front",
        "red_flag": "saddle_numbness",
    }


def test_tables_for_people(cli_app):
    result = runner.invoke(cli_app, ["anatomy", "muscle", "piriformis"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "Piriformis" in text and "Femur" in text and "Nerve: nerve to piriformis (S1–S2)" in text
    result = runner.invoke(cli_app, ["anatomy", "pain", "groin"])
    assert "not a diagnosis" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["muscle", "psoas_majr"], "psoas_major"),
        (["pain", "elbow"], "No body region called 'elbow'"),
        (["path", "psoas_major", "nope"], "No muscle called 'nope'"),
        (["compensators", "glute"], "No muscle called 'glute'"),
    ],
)
def test_unknown_ids_exit_2_with_a_message(cli_app, args, message):
    result = runner.invoke(cli_app, ["anatomy", *args])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
