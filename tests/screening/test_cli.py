"""`hiphub screen ...`: triage and scoring from the terminal; bad input exits with status 2."""

import json
from typing import Any

from typer.testing import CliRunner

runner = CliRunner()


def run(app: Any, *args: str) -> Any:
    return runner.invoke(app, ["screen", *args])


def test_red_flags_lists_every_flag(cli_app: Any) -> None:
    result = run(cli_app, "red-flags", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    ids = [f["id"] for level in data for f in level["flags"]]
    assert "saddle_numbness" in ids and len(ids) == 21
    table = run(cli_app, "red-flags")
    assert "saddle_numbness" in table.stdout


def test_triage_prints_level_and_advice(cli_app: Any) -> None:
    result = run(cli_app, "triage", "saddle_numbness", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["level"] == "emergency"
    text = run(cli_app, "triage", "not_improving_4_6_weeks")
    assert "See a GP soon" in text.stdout
    assert "straight away" in text.stdout  # safety-netting
    clean = run(cli_app, "triage", "--json")
    assert json.loads(clean.stdout)["level"] == "self_care"


def test_unknown_flag_exits_2(cli_app: Any) -> None:
    result = run(cli_app, "triage", "saddle_numbness", "nope")
    assert result.exit_code == 2
    assert "nope" in result.output


def test_score_odi_worked_example(cli_app: Any) -> None:
    sections = {"s1": 3, "s2": 2, "s3": 1, "s4": 2, "s5": 1, "s6": 1, "s7": 2, "s9": 2, "s10": 2}
    answers = [arg for item, v in sections.items() for arg in ("--answer", f"{item}={v}")]
    result = run(cli_app, "score", "odi", *answers, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["total"], data["maximum"], data["band"]) == (16, 45, "moderate")
    text = run(cli_app, "score", "odi", *answers)
    assert "36 %, moderate disability" in text.stdout


def test_score_from_answers_json(cli_app: Any) -> None:
    result = run(cli_app, "score", "pgic", "--answers-json", '{"impression": 2}', "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["label"] == "Much improved"


def test_bad_answers_exit_2_naming_the_item(cli_app: Any) -> None:
    out_of_range = run(cli_app, "score", "nrs", "--answer", "pain=11")
    assert out_of_range.exit_code == 2
    assert "pain" in out_of_range.output
    not_a_number = run(cli_app, "score", "nrs", "--answer", "pain=lots")
    assert not_a_number.exit_code == 2
    assert "pain" in not_a_number.output
    missing = run(cli_app, "score", "start_back", "--answer", "q1=1")
    assert missing.exit_code == 2
    assert "q2" in missing.output
    unknown = run(cli_app, "score", "nope", "--answer", "x=1")
    assert unknown.exit_code == 2
    assert "instrument" in unknown.output
    bad_json = run(cli_app, "score", "nrs", "--answers-json", "{nope")
    assert bad_json.exit_code == 2


def test_instruments_lists_item_ids(cli_app: Any) -> None:
    data = json.loads(run(cli_app, "instruments", "--json").stdout)
    by_id = {d["id"]: d for d in data}
    assert by_id["nrs"]["items"] == ["pain"]
    assert by_id["odi"]["items"] == [f"s{i}" for i in range(1, 11)]
