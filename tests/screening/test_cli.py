"""`hiphub screen ...`: triage and scoring from the terminal; bad input exits with status 2."""

import json
import subprocess
import sys
from typing import Any

import pytest
from typer.testing import CliRunner

from hiphub.screening import questionnaires as q
from hiphub.screening.models import QuestionnaireResult, SafetyCheck
from hiphub.screening.redflags import load
from hiphub.screening.safety import question_groups

runner = CliRunner()


def run(app: Any, *args: str) -> Any:
    return runner.invoke(app, ["screen", *args])


def test_red_flags_lists_every_flag(cli_app: Any) -> None:
    result = run(cli_app, "red-flags", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    ids = [f["id"] for level in data for f in level["flags"]]
    assert "saddle_numbness" in ids and len(ids) == len(load().flags) == 26
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
    message = "flags: Unknown red-flag id: nope. See `hiphub screen red-flags`."
    assert message in " ".join(result.output.split())  # however the terminal wraps it


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


# --- Answering: `screen safety|startback|odi|rmdq`, interactive or --json -------------------


def flat(text: str) -> str:
    """Rich wraps long lines; compare text with the line breaks taken out."""
    return " ".join(text.split())


def pick(instrument_id: str, item_index: int, value: int) -> str:
    """The number to type for the option with this value (answers are numbered 1, 2, ...)."""
    options = q.instrument(instrument_id).items[item_index].options
    return str([o.value for o in options].index(value) + 1)


def lines(*answers: str) -> str:
    return "\n".join(answers) + "\n"


def answer(app: Any, command: str, stdin: str, *args: str) -> Any:
    return runner.invoke(app, ["screen", command, *args], input=stdin)


FLAG_ORDER = [f.id for g in question_groups() for f in g.flags]
ODI_EXAMPLE = [3, 2, 1, 2, 1, 1, 2, None, 2, 2]


def test_safety_asks_every_flag_and_shows_emergency_advice(cli_app: Any) -> None:
    replies = ["y" if f == "saddle_numbness" else "n" for f in FLAG_ORDER]
    result = answer(cli_app, "safety", lines(*replies))
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    # Each question is asked in hiphub's own wording from the data file.
    for flag in load().flags.values():
        assert flat(flag.question) in out
    assert "(emergency)" in out
    assert "Call 999" in out
    assert "self-care stays closed" in out
    assert "if in doubt, get help" in out  # safety-netting closes every result


def test_safety_all_no_is_self_care_with_safety_netting(cli_app: Any) -> None:
    result = answer(cli_app, "safety", lines(*["n"] * len(FLAG_ORDER)))
    assert result.exit_code == 0
    out = flat(result.stdout)
    assert "(self_care)" in out
    assert "self-care stays closed" not in out
    assert "straight away if any of these appear" in out


def test_safety_json_on_stdin_gives_the_api_answer(cli_app: Any, visitor: Any) -> None:
    body = {"flags": ["not_improving_4_6_weeks"]}
    result = answer(cli_app, "safety", json.dumps(body), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["level"] == "see_gp_soon"
    assert [f["id"] for f in data["flags"]] == ["not_improving_4_6_weeks"]
    assert data["advice"]
    assert data["safety_net"]["signs"]
    api = visitor.post("/api/screening/red-flags", json.dumps(body), "application/json").json()
    assert {key: data.get(key) for key in api} == api  # everything the API says, the same


def test_startback_interactive_high_risk(cli_app: Any) -> None:
    agree = [False] * 4 + [True] * 4
    replies = [pick("start_back", i, int(a)) for i, a in enumerate(agree)]
    replies.append(pick("start_back", 8, 3))  # "very much" bothersome
    result = answer(cli_app, "startback", lines(*replies))
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert flat(q.instrument("start_back").items[0].text) in out
    assert "high risk (5 of 9; emotional side 5 of 5)" in out
    assert "not a diagnosis" in out


def test_startback_json(cli_app: Any) -> None:
    body = {
        "agree": [True, True, True, False, False, False, False, False],
        "bothersomeness": "very much",
    }
    result = answer(cli_app, "startback", json.dumps(body), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"total": 4, "psychosocial": 1, "risk": "medium"}


@pytest.mark.parametrize("label", ["a little", "slightly"])
def test_startback_json_takes_the_item_9_label_people_see(cli_app: Any, label: str) -> None:
    assert [o.label for o in q.instrument("start_back").items[8].options][1] == "A little"
    body = {"agree": [True] * 3 + [False] * 5, "bothersomeness": label}
    result = answer(cli_app, "startback", json.dumps(body), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"total": 3, "psychosocial": 0, "risk": "low"}


def test_the_answer_shapes_need_neither_django_nor_ninja() -> None:
    """The CLI validates --json with screening.shapes; it must not need the HTTP layer."""
    code = (
        "import sys, hiphub.screening.shapes as s\n"
        "assert s.StartBackIn and s.odi_answers and s.BOTHER_VALUES and s.SCALE_MAX\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'django', 'ninja'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_help_says_that_user_stores_the_result(cli_app: Any) -> None:
    text = flat(run(cli_app, "--help").stdout)
    assert "Nothing is stored unless --user names a member" in text
    assert "Nothing is stored. " not in text


def test_odi_interactive_with_a_skipped_section(cli_app: Any) -> None:
    replies = ["s" if v is None else pick("odi", i, v) for i, v in enumerate(ODI_EXAMPLE)]
    result = answer(cli_app, "odi", lines(*replies))
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "36 %, moderate disability" in out
    assert "16 points out of a possible 45" in out


def test_odi_json_worked_example(cli_app: Any) -> None:
    result = answer(cli_app, "odi", json.dumps({"sections": ODI_EXAMPLE}), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "percent": 16 * 100 / 45,
        "band": "moderate disability",
        "answered": 9,
        "warning": None,
    }


def test_rmdq_interactive_and_json(cli_app: Any) -> None:
    ticks = [True] * 7 + [False] * 17
    replies = [pick("rmdq", i, int(t)) for i, t in enumerate(ticks)]
    result = answer(cli_app, "rmdq", lines(*replies))
    assert result.exit_code == 0, result.output
    assert "7 of 24" in result.stdout
    as_json = answer(cli_app, "rmdq", json.dumps({"ticks": ticks}), "--json")
    assert json.loads(as_json.stdout) == {"score": 7}


def test_an_invalid_choice_is_asked_again(cli_app: Any) -> None:
    replies = ["9", *[pick("rmdq", i, 0) for i in range(24)]]
    result = answer(cli_app, "rmdq", lines(*replies))
    assert result.exit_code == 0, result.output
    assert "Please select one of the available options" in result.stdout
    assert "0 of 24" in result.stdout


def test_input_ending_early_exits_2_naming_the_question(cli_app: Any) -> None:
    result = answer(cli_app, "odi", lines("1", "2"))
    assert result.exit_code == 2
    assert "s3: the input ended" in flat(result.output)
    safety = answer(cli_app, "safety", "")
    assert safety.exit_code == 2
    assert f"{FLAG_ORDER[0]}: the input ended" in flat(safety.output)


BAD_JSON = [
    ("startback", {"agree": [True] * 7, "bothersomeness": "slightly"}, "agree"),
    ("startback", {"agree": [True] * 8, "bothersomeness": "a lot"}, "bothersomeness"),
    ("startback", {"agree": [True] * 8}, "bothersomeness"),
    ("odi", {"sections": [1] * 9}, "sections"),
    ("odi", {"sections": [1] * 9 + [6]}, "sections[9]"),
    ("odi", {"sections": [None] * 10}, "sections"),
    ("rmdq", {"ticks": [True] * 25}, "ticks"),
    ("rmdq", {"ticks": [1] * 24}, "ticks[0]"),
    ("safety", {"flags": ["saddle_numbness", "nope"]}, "flags"),
    ("safety", {"flag": []}, "flags"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("command", "body", "field"), BAD_JSON)
def test_bad_json_answers_exit_2_naming_the_field_and_store_nothing(
    cli_app: Any, alice: Any, command: str, body: Any, field: str
) -> None:
    result = answer(cli_app, command, json.dumps(body), "--json", "--user", alice.email)
    assert result.exit_code == 2
    assert f"{field}:" in flat(result.output)
    assert result.stdout == ""
    assert QuestionnaireResult.objects.count() == 0
    assert SafetyCheck.objects.count() == 0


@pytest.mark.parametrize("stdin", ["{nope", "", "[true, false]"])
def test_input_that_is_not_a_json_object_exits_2(cli_app: Any, stdin: str) -> None:
    result = answer(cli_app, "rmdq", stdin, "--json")
    assert result.exit_code == 2
    assert "standard input" in result.output


@pytest.mark.django_db
def test_user_option_stores_the_result_for_that_member(cli_app: Any, alice: Any) -> None:
    odi = answer(
        cli_app, "odi", json.dumps({"sections": ODI_EXAMPLE}), "--json", "--user", alice.email
    )
    assert odi.exit_code == 0, odi.output
    stored = QuestionnaireResult.objects.get(user=alice)
    assert (stored.instrument, stored.total, stored.band) == ("odi", 16, "moderate")
    assert stored.percent == pytest.approx(16 * 100 / 45)
    replies = ["y" if f == "chest_pain" else "n" for f in FLAG_ORDER]
    safety = answer(cli_app, "safety", lines(*replies), "--user", alice.email.upper())
    assert safety.exit_code == 0, safety.output
    assert f"Saved to the history of {alice.email}" in flat(safety.stdout)
    check = SafetyCheck.objects.get(user=alice)
    assert (check.level, check.flags) == ("emergency", ["chest_pain"])


@pytest.mark.django_db
def test_unknown_member_exits_2_before_any_question(cli_app: Any) -> None:
    result = answer(cli_app, "rmdq", "", "--user", "nobody@example.org")
    assert result.exit_code == 2
    assert "--user" in result.output
    assert "Roland-Morris" not in result.stdout
