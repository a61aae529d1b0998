"""The red flags after the 2026-12 clinical review: new signs, their levels, and the data's
integrity rules (data/red_flags.toml)."""

import json
from typing import Any

import pytest
from django.test import Client

from hiphub.screening.redflags import (
    Flag,
    Level,
    LevelInfo,
    PreSessionQuestion,
    RedFlagDataError,
    clearable,
    load,
    parse,
    triage,
)
from hiphub.screening.safety import assess, question_groups

LEVELS = {
    "progressive_one_sided_leg_symptoms": "urgent_same_day",
    "stable_bilateral_leg_symptoms": "see_gp_soon",
    "urinary_retention_or_poor_stream": "emergency",
    "new_unsteady_walking": "emergency",
    "recent_spinal_procedure": "urgent_same_day",
    "one_sided_leg_numbness_stable": "see_gp_soon",
    "bilateral_leg_symptoms": "emergency",
    "night_or_rest_pain": "urgent_same_day",
}


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(("flag", "level"), LEVELS.items())
def test_api_triage_of_each_new_or_changed_flag(visitor: Client, flag: str, level: str) -> None:
    response = post(visitor, "/api/screening/red-flags", {"flags": [flag]})
    assert response.status_code == 200
    assert response.json()["level"] == level
    assert triage([flag]) == Level(level)


def test_the_wording_separates_stable_from_worsening() -> None:
    flags = load().flags
    assert "not getting worse" in flags["one_sided_leg_numbness_stable"].question
    assert "getting worse" in flags["progressive_one_sided_leg_symptoms"].question
    assert "new" in flags["bilateral_leg_symptoms"].question
    assert "getting worse" in flags["bilateral_leg_symptoms"].question
    assert "unchanged" in flags["stable_bilateral_leg_symptoms"].question
    # Night pain and pain no rest eases are each a flag on their own (NHS CKS).
    assert "Either one alone counts" in flags["night_or_rest_pain"].question
    assert "tuberculosis" in flags["infection_risk"].question


def test_every_flag_names_its_source_and_appears_once_on_the_form() -> None:
    data = load()
    assert all(flag.source for flag in data.flags.values())
    asked = [f.id for group in question_groups() for f in group.flags]
    assert sorted(asked) == sorted(data.flags)
    assert "Anything else" not in [g.title for g in question_groups()]
    assert any("IFOMPT" in s for s in data.sources)
    assert any("GIRFT" in s for s in data.sources)
    assert any("NG234" in s for s in data.sources)


def test_only_history_facts_are_clearable_and_never_an_emergency() -> None:
    data = load()
    assert set(clearable(data.flags)) == {
        "history_of_cancer",
        "fracture_risk_minor_trauma",
        "infection_risk",
        "recent_spinal_procedure",
        "lump_or_deformity",
    }
    assert not any(f.clearable for f in data.flags.values() if f.level == Level.EMERGENCY)


def test_the_pre_session_check_covers_the_five_topics_in_at_most_five_questions() -> None:
    questions = load().pre_session
    assert 1 <= len(questions) <= 5
    covered = {flag for q in questions for flag in q.covers}
    for flag in (
        "saddle_numbness",
        "new_bladder_problem",
        "new_bowel_incontinence",
        "new_sexual_dysfunction",
        "progressive_or_severe_leg_weakness",
        "new_unsteady_walking",
        "fever_or_systemically_unwell",
        "major_trauma",
    ):
        assert flag in covered, flag


def raw(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "sources": ["x"],
        "levels": {
            lv.value: {"rank": n, "title": "t", "action": "a", "detail": "d"}
            for n, lv in enumerate(Level)
        },
        "flags": [
            {"id": "a", "level": "emergency", "question": "q?", "plain": "p", "source": "s"}
        ],
        "pre_session": [{"id": "p", "question": "q?", "covers": ["a"]}],
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"flags": [{"id": "a", "level": "emergency", "question": "q?", "plain": "p"}]}, "source"),
        (
            {"flags": [{"id": "a", "level": "emergency", "question": "q?", "plain": "p",
                        "source": "s", "clearable": True}]},
            "cannot be cleared",
        ),
        ({"pre_session": [{"id": "p", "question": "q?", "covers": ["zzz"]}]}, "unknown: zzz"),
        ({"pre_session": [{"id": f"p{i}", "question": "q?", "covers": ["a"]} for i in range(6)]},
         "1 to 5"),
        ({"pre_session": []}, "1 to 5"),
        ({"flags": [{"id": "a", "level": "soon", "question": "q?", "plain": "p", "source": "s"}]},
         "unknown level"),
    ],
)
def test_inconsistent_red_flag_data_is_refused(changes: dict[str, Any], message: str) -> None:
    assert parse(raw()).flags["a"].level == Level.EMERGENCY
    with pytest.raises(RedFlagDataError, match=message):
        parse(raw(**changes))


def test_the_data_file_is_read_field_by_field() -> None:
    data = parse(raw())
    flag = Flag("a", Level.EMERGENCY, "q?", "p", "s", False)
    assert data.flags == {"a": flag}
    rank = list(Level).index(Level.EMERGENCY)  # raw() numbers the levels in order
    assert data.levels[Level.EMERGENCY] == LevelInfo(Level.EMERGENCY, rank, "t", "a", "d", (flag,))
    assert data.levels[Level.SELF_CARE].flags == ()
    assert data.pre_session == (PreSessionQuestion("p", "q?", ("a",)),)
    assert data.sources == ("x",)
    spaced = raw(flags=[{"id": " a ", "level": "emergency", "question": " q? ", "plain": " p ",
                         "source": " s "}])
    assert parse(spaced).flags == {"a": flag}  # surrounding spaces trimmed
    assert parse(raw(flags=[_flag(clearable=True)])).flags["a"].clearable is True
    five = [{"id": f"p{i}", "question": "q?", "covers": ["a"]} for i in range(5)]
    assert len(parse(raw(pre_session=five)).pre_session) == 5  # the most allowed


def _flag(**changes: Any) -> dict[str, Any]:
    return {"id": "a", "level": "urgent_same_day", "question": "q?", "plain": "p", "source": "s",
            **changes}


# A broken data file stops the site at start-up; the message names the record to fix.
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"flags": [_flag(id=" ")]}, "red_flags.toml: a flag needs a non-empty `id`"),
        ({"flags": [_flag(question="")]}, "red_flags.toml: flag a needs a non-empty `question`"),
        ({"flags": [_flag(plain=None)]}, "red_flags.toml: flag a needs a non-empty `plain`"),
        ({"flags": [_flag(source=3)]}, "red_flags.toml: flag a needs a non-empty `source`"),
        ({"flags": [_flag(level="soon")]}, "red_flags.toml: flag a has an unknown level"),
        (
            {"flags": [_flag(clearable="yes")]},
            "red_flags.toml: flag a: clearable must be true or false",
        ),
        (
            {"flags": [_flag(level="emergency", clearable=True)]},
            "red_flags.toml: flag a: an emergency flag cannot be cleared",
        ),
        ({"flags": [_flag(), _flag()]}, "red_flags.toml: flag a appears twice"),
        (
            {"levels": {"emergency": {"rank": 1, "title": "t", "action": "a", "detail": "d"}}},
            "red_flags.toml: every level needs its [levels.<level>] advice",
        ),
        (
            {"pre_session": [{"id": "p", "question": "q?"}]},
            "red_flags.toml: pre_session p must cover known flags",
        ),
        (
            {"pre_session": [{"id": "p", "question": "q?", "covers": ["a", "zz", "yy"]}]},
            "red_flags.toml: pre_session p must cover known flags (unknown: zz, yy)",
        ),
        (
            {"pre_session": [{"question": "q?", "covers": ["a"]}]},
            "red_flags.toml: a pre_session question needs a non-empty `id`",
        ),
        (
            {"pre_session": [{"id": "p", "question": ""}]},
            "red_flags.toml: a pre_session question needs a non-empty `question`",
        ),
        (
            {"pre_session": []},
            "red_flags.toml: the pre-session check needs 1 to 5 questions, not 0",
        ),
    ],
)
def test_each_refusal_of_the_data_file_names_the_record(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(RedFlagDataError) as refused:
        parse(raw(**changes))
    assert str(refused.value) == message


def test_a_data_file_without_flags_is_refused_with_a_message() -> None:
    # No [[flags]] at all: the short check then covers nothing known, which is said plainly
    # (not a TypeError from deep inside the loader).
    without = raw()
    del without["flags"]
    message = r"pre_session p must cover known flags \(unknown: a\)"
    with pytest.raises(RedFlagDataError, match=message):
        parse(without)
    no_short_check = raw()
    del no_short_check["pre_session"]
    with pytest.raises(RedFlagDataError, match="needs 1 to 5 questions, not 0"):
        parse(no_short_check)


def test_assess_reports_cleared_flags_without_changing_the_level() -> None:
    result = assess(["history_of_cancer"], cleared=["history_of_cancer"])
    assert result.level == Level.URGENT_SAME_DAY
    assert result.effective.level == Level.SELF_CARE
    assert not result.blocks_self_care and result.cleared == ("history_of_cancer",)
    emergency = assess(["saddle_numbness"], cleared=["saddle_numbness"])
    assert emergency.blocks_self_care and emergency.cleared == ()


def test_the_triage_api_body_has_the_clearance_fields(visitor: Client) -> None:
    body = post(visitor, "/api/screening/red-flags", {"flags": ["history_of_cancer"]}).json()
    assert body["cleared"] == [] and body["effective_level"] == "urgent_same_day"
    assert body["blocks_self_care"] is True


def test_flags_answered_yes_are_listed_most_urgent_first() -> None:
    result = assess(["age_over_50_new_onset", "history_of_cancer", "saddle_numbness"])
    assert [f.id for f in result.flags] == [
        "saddle_numbness", "history_of_cancer", "age_over_50_new_onset"
    ]  # emergency, then same day, then GP soon: not the alphabetical order of the ids


def test_a_flag_in_no_topic_is_still_asked_under_anything_else(monkeypatch) -> None:
    from hiphub.screening import safety

    dropped, *kept = safety.GROUPS
    monkeypatch.setattr(safety, "GROUPS", tuple(kept))
    groups = question_groups()
    assert [g.id for g in groups] == [gid for gid, _, _ in kept] + ["other"]
    assert groups[-1].title == "Anything else"
    assert sorted(f.id for f in groups[-1].flags) == sorted(dropped[2])
    asked = [f.id for group in groups for f in group.flags]
    assert sorted(asked) == sorted(load().flags)  # every flag once, none lost
