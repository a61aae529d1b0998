"""`hiphub anatomy ...` answers as the issue asks, as JSON for scripts and tables for people."""

import json

import pytest
from typer.testing import CliRunner

runner = CliRunner()


def run_json(app, *args: str):
    result = runner.invoke(app, ["anatomy", *args, "--json"])
    assert result.exit_code == 0, result.output
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
    assert data[0]["region"] == "pelvis"


def test_path_from_psoas_to_piriformis_goes_through_pelvis_or_femur(cli_app):
    steps = run_json(cli_app, "path", "psoas_major", "piriformis")
    assert steps[0]["id"] == "psoas_major" and steps[-1]["id"] == "piriformis"
    bones = [s for s in steps if s["kind"] == "bone"]
    assert bones and all(b["region"] in ("pelvis", "femur") for b in bones)


def test_pain_ranks_quadratus_lumborum_in_the_top_three(cli_app):
    rows = run_json(cli_app, "pain", "sacroiliac_joint", "lower_buttock")
    assert "quadratus_lumborum" in [r["muscle"] for r in rows[:3]]
    assert all(r["regions"] for r in rows)


def test_compensators_and_list_and_regions(cli_app):
    rows = run_json(cli_app, "compensators", "piriformis")
    assert all(
        "hip_lateral_rotation" in r["shared_actions"] or "hip_abduction" in r["shared_actions"]
        for r in rows
    )
    assert len(run_json(cli_app, "list")) >= 23
    assert len(run_json(cli_app, "regions")) == 23


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
