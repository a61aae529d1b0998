"""Questionnaire data and scoring: every published rule, its edges, and properties."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hiphub.screening import questionnaires as q
from hiphub.screening.questionnaires import AnswerError, QuestionnaireDataError, change, score

ODI_IDS = [f"s{i}" for i in range(1, 11)]
RMDQ_IDS = [f"r{i}" for i in range(1, 25)]
SB_IDS = [f"q{i}" for i in range(1, 10)]


def odi(*values: int | None) -> dict[str, int | None]:
    assert len(values) == 10
    return dict(zip(ODI_IDS, values, strict=True))


def start_back(agree: set[int], q9: int = 0) -> dict[str, int | None]:
    """Items 1-8 agreed if their number is in `agree`; item 9 given as its option value."""
    answers: dict[str, int | None] = {f"q{i}": int(i in agree) for i in range(1, 9)}
    answers["q9"] = q9
    return answers


def rmdq(ticked: int) -> dict[str, int | None]:
    return {item: int(n < ticked) for n, item in enumerate(RMDQ_IDS)}


# ---------------------------------------------------------------------------------------------
# The data file


def test_instruments_are_exactly_the_five_we_score() -> None:
    assert set(q.instruments()) == {"start_back", "odi", "rmdq", "nrs", "pgic"}


@pytest.mark.parametrize(
    ("instrument_id", "count", "first", "last"),
    [
        ("start_back", 9, "q1", "q9"),
        ("odi", 10, "s1", "s10"),
        ("rmdq", 24, "r1", "r24"),
        ("nrs", 1, "pain", "pain"),
        ("pgic", 1, "impression", "impression"),
    ],
)
def test_item_counts_and_ids(instrument_id: str, count: int, first: str, last: str) -> None:
    items = q.instruments()[instrument_id].items
    assert len(items) == count
    assert (items[0].id, items[-1].id) == (first, last)
    assert len({it.id for it in items}) == count


@pytest.mark.parametrize("instrument_id", ["start_back", "odi", "rmdq", "nrs", "pgic"])
def test_every_instrument_is_complete_and_sourced(instrument_id: str) -> None:
    inst = q.instruments()[instrument_id]
    assert inst.name and inst.intro and inst.kind in q.KINDS
    assert inst.sources, "every questionnaire names its sources"
    for src in inst.sources:
        assert src.name and src.url.startswith(("https://", "http://"))
    assert "clinical" in inst.licence_note.lower()
    if instrument_id in {"start_back", "odi", "rmdq"}:
        assert "official" in inst.licence_note and "paraphrase" in inst.licence_note
    texts = [it.text for it in inst.items]
    assert len(set(texts)) == len(texts), "no two questions share wording"
    for item in inst.items:
        values = [o.value for o in item.options]
        assert len(set(values)) == len(values), f"{item.id}: option values repeat"
        assert all(o.label for o in item.options)


def test_option_ranges_match_the_published_forms() -> None:
    inst = q.instruments()
    for item in inst["start_back"].items[:8]:
        assert {o.value for o in item.options} == {0, 1}
    assert [o.label for o in inst["start_back"].items[8].options][3:] == [
        "Very much",
        "Extremely",
    ]
    for item in inst["odi"].items:
        assert [o.value for o in item.options] == [0, 1, 2, 3, 4, 5]
        assert item.optional
    assert not any(it.optional for it in inst["rmdq"].items + inst["start_back"].items)
    assert [o.value for o in inst["nrs"].items[0].options] == list(range(11))
    pgic = inst["pgic"].items[0].options
    assert [o.value for o in pgic] == [1, 2, 3, 4, 5, 6, 7]
    assert (pgic[0].label, pgic[3].label, pgic[6].label) == (
        "Very much improved",
        "No change",
        "Very much worse",
    )


def test_kinds_separate_screening_outcomes_and_impression() -> None:
    kinds = {iid: inst.kind for iid, inst in q.instruments().items()}
    assert kinds == {
        "start_back": "screening",
        "odi": "outcome",
        "rmdq": "outcome",
        "nrs": "outcome",
        "pgic": "global_impression",
    }


@pytest.mark.parametrize(
    ("instrument_id", "item_id", "keeps", "drifted"),
    [
        # Roland & Fairbank 2000: changing position to get the back comfortable, in any
        # position, not only sitting or lying.
        ("rmdq", "r2", ("changing position", "comfortable"), ("sitting or lying",)),
        # ...and not doing ANY of the usual jobs around the house: all of them stopped.
        ("rmdq", "r4", ("all of my usual household tasks", "none of them"), ("any of",)),
        # STarT Back item 5: a belief that activity is not safe for someone with the condition.
        ("start_back", "q5", ("I think", "not really safe", "physically active"), ("feel",)),
        # The Oswestry asks about back or leg trouble.
        ("odi", None, ("back or leg pain",), ()),
    ],
)
def test_paraphrases_keep_the_meaning_of_the_published_item(
    instrument_id: str, item_id: str | None, keeps: tuple[str, ...], drifted: tuple[str, ...]
) -> None:
    inst = q.instrument(instrument_id)
    item = inst.item(item_id) if item_id else None
    text = item.text if item else inst.intro
    for words in keeps:
        assert words in text, (item_id, text)
    for words in drifted:
        assert words not in text, (item_id, text)


GOOD = q.DATA_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (GOOD.replace('id = "odi"', 'id = "odi', 1), "not valid TOML"),
        (GOOD.replace('id = "pgic"', 'id = "pgicx"', 1), "has no scoring rules"),
        (GOOD.replace('id = "r24"', 'id = "r23"', 1), "item ids must be unique"),
        (GOOD.replace('id = "s10"', 'id = "s11"', 1), "items must be s1"),
        (GOOD.replace('{ value = 4, label = "Extremely" },\n', "", 1), "option values must be"),
        (
            GOOD.replace('{ value = 2, label = "Much improved" }', '{ value = 1, label = "X" }'),
            "option values must be unique",
        ),
        (GOOD.replace('kind = "screening"', 'kind = "quiz"', 1), "kind must be one of"),
        (GOOD.replace("\noptional = true\n", "\n", 1), "'optional' must be True"),
        (GOOD.replace('label = "No change"', 'label = ""', 1), "'label' must be a non-empty"),
        (
            GOOD.replace("[[instrument.source]]", "[[instrument.elsewhere]]"),
            "[[instrument.source]]",
        ),
        (GOOD.replace('url = "https://physio-pedia', 'url = "ftp://physio-pedia', 1), "http(s)"),
        ("version = 1\n", "needs [[instrument]] tables"),
    ],
)
def test_a_broken_data_file_gives_a_clear_error(broken: str, message: str) -> None:
    assert broken != GOOD
    with pytest.raises(QuestionnaireDataError, match=re.escape(message)):
        q.parse_instruments(broken)


def test_a_missing_instrument_is_reported() -> None:
    start = GOOD.index('[[instrument]]\nid = "nrs"')
    end = GOOD.index('[[instrument]]\nid = "pgic"')
    with pytest.raises(QuestionnaireDataError, match="lacks: nrs"):
        q.parse_instruments(GOOD[:start] + GOOD[end:])


def test_parsing_reproduces_the_data_file_exactly() -> None:
    """A fresh parse (not the cached one) keeps every field the file gives, in order."""
    raw = tomllib.loads(GOOD)["instrument"]
    parsed = q.parse_instruments(GOOD)
    assert list(parsed) == [r["id"] for r in raw]
    for entry in raw:
        inst = parsed[entry["id"]]
        assert (inst.id, inst.name, inst.kind) == (entry["id"], entry["name"], entry["kind"])
        assert (inst.intro, inst.licence_note) == (
            entry["intro"].strip(),
            entry["licence_note"].strip(),
        )
        assert [(s.name, s.url) for s in inst.sources] == [
            (src["name"], src["url"]) for src in entry["source"]
        ]
        assert [it.id for it in inst.items] == [it["id"] for it in entry["item"]]
        for item, raw_item in zip(inst.items, entry["item"], strict=True):
            assert item.text == raw_item["text"]
            assert item.optional is entry.get("optional", False)
            raw_options = raw_item.get("options", entry.get("options"))
            assert [(o.value, o.label) for o in item.options] == [
                (o["value"], o["label"]) for o in raw_options
            ]
    assert parsed == q.instruments()


MINIMAL = """[[instrument]]
id = "nrs"
name = "Pain"
kind = "outcome"
intro = "Intro"
licence_note = "Licence"
options = [{ value = 0, label = "zero" }]
ITEMS
SOURCES
"""
ITEM = '[[instrument.item]]\nid = "pain"\ntext = "How bad?"\n'
SOURCE = '[[instrument.source]]\nname = "Ostelo"\nurl = "https://example.org/ostelo"\n'


def minimal(items: str = ITEM, sources: str = SOURCE) -> str:
    """One small, well-formed instrument (nrs) for breaking in one place."""
    return MINIMAL.replace("ITEMS", items).replace("SOURCES", sources)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("instrument = [1]\n", "instrument 1 must be a table"),
        (minimal().replace('id = "nrs"\n', ""), "instrument 1: 'id' must be a non-empty string"),
        (minimal().replace('name = "Pain"', 'name = "  "'),
         "instrument 'nrs': 'name' must be a non-empty string"),
        (minimal().replace('intro = "Intro"', "intro = 3"),
         "instrument 'nrs': 'intro' must be a non-empty string"),
        (minimal().replace('licence_note = "Licence"', 'licence_note = ""'),
         "instrument 'nrs': 'licence_note' must be a non-empty string"),
        (minimal().replace('kind = "outcome"', 'kind = "quiz"'),
         "instrument 'nrs': kind must be one of ['global_impression', 'outcome', 'screening'], "
         "not 'quiz'"),
        (minimal().replace('kind = "outcome"', 'kind = "outcome"\noptional = "yes"'),
         "instrument 'nrs': 'optional' must be true or false"),
        (minimal().replace('kind = "outcome"', 'kind = "outcome"\nchecklist = "yes"'),
         "instrument 'nrs': 'checklist' must be true or false"),
        (minimal().replace('kind = "outcome"', "kind = 1"),
         "instrument 'nrs': 'kind' must be a non-empty string"),
        (minimal(items=""), "instrument 'nrs': needs at least one [[instrument.item]]"),
        (minimal(items="").replace('kind = "outcome"', 'kind = "outcome"\nitem = "pain"'),
         "instrument 'nrs': needs at least one [[instrument.item]]"),
        (minimal(items="").replace('kind = "outcome"', 'kind = "outcome"\nitem = [1]'),
         "instrument 'nrs': item 1 must be a table"),
        (minimal(items=ITEM + '[[instrument.item]]\ntext = "Again?"\n'),
         "instrument 'nrs' item 2: 'id' must be a non-empty string"),
        (minimal(items='[[instrument.item]]\nid = "pain"\n'),
         "instrument 'nrs' item 'pain': 'text' must be a non-empty string"),
        (minimal(items=ITEM + ITEM), "instrument 'nrs': item ids must be unique"),
        (minimal().replace('options = [{ value = 0, label = "zero" }]', "options = []"),
         "instrument 'nrs' item 'pain': 'options' must be a non-empty list"),
        (minimal().replace('options = [{ value = 0, label = "zero" }]', 'options = "zero"'),
         "instrument 'nrs' item 'pain': 'options' must be a non-empty list"),
        (minimal().replace('options = [{ value = 0, label = "zero" }]', "options = [0]"),
         "instrument 'nrs' item 'pain': option 1 must be a table"),
        (minimal().replace("{ value = 0, ", "{ value = false, "),
         "instrument 'nrs' item 'pain': option 1 needs a whole-number 'value'"),
        (minimal().replace("{ value = 0, ", '{ value = "0", '),
         "instrument 'nrs' item 'pain': option 1 needs a whole-number 'value'"),
        (minimal().replace('label = "zero" }]', 'label = "zero" }, { value = 1 }]'),
         "instrument 'nrs' item 'pain' option 2: 'label' must be a non-empty string"),
        (minimal().replace('label = "zero" }]', 'label = "zero" }, { value = 0, label = "z" }]'),
         "instrument 'nrs' item 'pain': option values must be unique, got [0, 0]"),
        (minimal(sources=""), "instrument 'nrs': needs at least one [[instrument.source]]"),
        (minimal(sources="").replace('kind = "outcome"', 'kind = "outcome"\nsource = "x"'),
         "instrument 'nrs': needs at least one [[instrument.source]]"),
        (minimal(sources="").replace('kind = "outcome"', 'kind = "outcome"\nsource = [1]'),
         "instrument 'nrs': source 1 must be a table"),
        (minimal(sources=SOURCE + '[[instrument.source]]\nname = "No link"\n'),
         "instrument 'nrs' source 2: 'url' must be a non-empty string"),
        (minimal(sources=SOURCE + '[[instrument.source]]\nurl = "https://example.org"\n'),
         "instrument 'nrs' source 2: 'name' must be a non-empty string"),
        (minimal().replace("https://example.org/ostelo", "ftp://example.org"),
         "instrument 'nrs' source 1: url must start with http(s)://"),
        (GOOD + GOOD[GOOD.index('[[instrument]]\nid = "pgic"') :],
         "instrument 'pgic' appears twice"),
        (minimal().replace('"nrs"', '"vas"'),
         "instrument 'vas' has no scoring rules; known: start_back, odi, rmdq, nrs, pgic"),
        ("instrument = 3\n", "questionnaire data needs [[instrument]] tables"),
    ],
)
def test_every_data_error_names_the_place_exactly(text: str, message: str) -> None:
    with pytest.raises(QuestionnaireDataError) as info:
        q.parse_instruments(text)
    assert str(info.value) == message


def test_a_mismatch_with_the_scoring_rules_is_named_exactly() -> None:
    wrong_ids = GOOD.replace('id = "pain"', 'id = "ache"', 1)
    with pytest.raises(QuestionnaireDataError) as info:
        q.parse_instruments(wrong_ids)
    assert str(info.value) == "instrument 'nrs': items must be pain in that order, got ache"
    lifting = 'id = "s3"\ntext = "Lifting"'
    two = GOOD.replace('id = "s2"', 'id = "s3"', 1).replace(lifting, 'id = "s2"\ntext = "Lifting"')
    with pytest.raises(QuestionnaireDataError) as info:
        q.parse_instruments(two)
    assert str(info.value).startswith(
        "instrument 'odi': items must be s1, s2, s3, s4, s5, s6, s7, s8, s9, s10 in that order, "
        "got s1, s3, s2, s4"
    )
    values = GOOD.replace('{ value = 10, label = "10: the worst pain I can imagine" }',
                          '{ value = 11, label = "11" }', 1)
    with pytest.raises(QuestionnaireDataError) as info:
        q.parse_instruments(values)
    assert str(info.value) == (
        "instrument 'nrs' item 'pain': option values must be [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "
        "got [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11]"
    )


def test_instruments_names_the_file_when_it_is_broken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "questionnaires.toml"
    broken.write_text("instrument = 3\n", encoding="utf-8")
    monkeypatch.setattr(q, "DATA_FILE", broken)
    q.instruments.cache_clear()
    try:
        with pytest.raises(QuestionnaireDataError, match=r"^questionnaires\.toml: "):
            q.instruments()
    finally:
        monkeypatch.undo()
        q.instruments.cache_clear()
    assert len(q.instruments()) == 5


# ---------------------------------------------------------------------------------------------
# Bad answers


@pytest.mark.parametrize(
    ("instrument_id", "answers", "field", "message"),
    [
        ("sf36", {}, "instrument", "unknown questionnaire"),
        ("nrs", {"pain": 3, "mood": 2}, "mood", "not a question"),
        ("nrs", {"pain": 11}, "pain", "not an allowed answer"),
        ("nrs", {"pain": -1}, "pain", "not an allowed answer"),
        ("nrs", {"pain": "7"}, "pain", "whole number"),
        ("nrs", {"pain": 2.0}, "pain", "whole number"),
        ("nrs", {"pain": True}, "pain", "whole number"),
        ("nrs", {}, "pain", "needs an answer"),
        ("nrs", {"pain": None}, "pain", "needs an answer"),
        ("pgic", {"impression": 0}, "impression", "not an allowed answer"),
        ("pgic", {"impression": 8}, "impression", "not an allowed answer"),
        ("start_back", {**start_back(set()), "q9": 5}, "q9", "not an allowed answer"),
        ("start_back", {**start_back(set()), "q3": 2}, "q3", "not an allowed answer"),
        ("start_back", {**start_back(set()), "q7": None}, "q7", "needs an answer"),
        ("rmdq", {**rmdq(3), "r5": None}, "r5", "needs an answer"),
        ("rmdq", {**rmdq(3), "r12": 2}, "r12", "not an allowed answer"),
        ("odi", odi(0, 0, 0, 0, 6, 0, 0, 0, 0, 0), "s5", "not an allowed answer"),
        ("odi", odi(*[None] * 10), "answers", "None of the ten sections"),
        ("odi", {}, "answers", "None of the ten sections"),
    ],
)
def test_bad_answers_name_the_field(
    instrument_id: str, answers: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(AnswerError, match=message) as info:
        score(instrument_id, answers)  # type: ignore[arg-type]
    assert info.value.field == field
    assert str(info.value).startswith(f"{field}: ")
    assert isinstance(info.value, ValueError)


# ---------------------------------------------------------------------------------------------
# STarT Back


@pytest.mark.parametrize(
    ("q9", "points"),
    [(0, 0), (1, 0), (2, 0), (3, 1), (4, 1)],
)
def test_start_back_item_9_counts_only_very_much_and_extremely(q9: int, points: int) -> None:
    result = score("start_back", start_back(set(), q9=q9))
    assert (result.total, result.subscale) == (points, points)


@pytest.mark.parametrize(
    ("agree", "q9", "total", "subscale", "band"),
    [
        (set(), 0, 0, 0, "low"),  # all zero
        ({1, 2, 3, 4, 5, 6, 7, 8}, 4, 9, 5, "high"),  # all at maximum
        ({1, 2, 3}, 0, 3, 0, "low"),  # total 3: the top of low
        ({5, 6, 7}, 0, 3, 3, "low"),  # total 3 even with a distressed profile
        ({5, 6}, 3, 3, 3, "low"),
        ({1, 2, 3, 4}, 0, 4, 0, "medium"),  # total 4, no distress: medium
        ({1, 5, 6, 7}, 0, 4, 3, "medium"),  # subscale 3: still medium
        ({1, 2, 3, 4, 5, 6, 7, 8}, 2, 8, 4, "high"),  # item 9 "moderately" is not positive
        ({1, 2, 3, 4, 5, 6, 7}, 2, 7, 3, "medium"),  # high total, subscale 3: medium
        ({5, 6, 7, 8}, 0, 4, 4, "high"),  # subscale 4: high
        ({5, 6, 7}, 3, 4, 4, "high"),
        ({1, 2, 3, 4, 5, 6, 7, 8}, 0, 8, 4, "high"),
    ],
)
def test_start_back_totals_subscale_and_risk(
    agree: set[int], q9: int, total: int, subscale: int, band: str
) -> None:
    result = score("start_back", start_back(agree, q9))
    assert (result.total, result.subscale, result.band) == (total, subscale, band)
    assert result.maximum == 9
    assert result.band_label == f"{band} risk"
    assert result.percent is None and result.missing == ()


# ---------------------------------------------------------------------------------------------
# Oswestry


def test_odi_worked_example_with_one_section_missed() -> None:
    result = score("odi", odi(3, 2, 1, 2, 1, 1, 2, None, 2, 2))
    assert (result.total, result.maximum) == (16, 45)
    assert result.percent == pytest.approx(35.5555555, abs=1e-6)
    assert result.band == "moderate"
    assert result.band_label == "moderate disability"
    assert result.missing == ("s8",)
    assert result.warnings == ()


def test_odi_fairbank_example_all_answered_is_twice_the_sum() -> None:
    result = score("odi", odi(3, 2, 1, 2, 1, 1, 2, 0, 2, 2))
    assert (result.total, result.maximum, result.percent) == (16, 50, 32.0)


@pytest.mark.parametrize(
    ("answers", "percent", "band"),
    [
        ((0,) * 10, 0.0, "minimal"),
        ((5,) * 10, 100.0, "bed_bound"),
        ((1,) * 10, 20.0, "minimal"),  # 20 is the top of minimal
        ((2, 1, 1, 1, 1, 1, 1, 1, 1, 1), 22.0, "moderate"),
        ((2,) * 10, 40.0, "moderate"),
        ((3, 2, 2, 2, 2, 2, 2, 2, 2, 2), 42.0, "severe"),
        ((3,) * 10, 60.0, "severe"),
        ((4, 3, 3, 3, 3, 3, 3, 3, 3, 3), 62.0, "very_severe"),
        ((4,) * 10, 80.0, "very_severe"),
        ((5, 4, 4, 4, 4, 4, 4, 4, 4, 4), 82.0, "bed_bound"),
        # Fractional percents from missed sections land on the right side of each boundary.
        ((1, 1, 1, None, None, None, None, None, None, None), 20.0, "minimal"),
        ((1, 1, 1, 1, 1, 1, 1, 1, 1, None), 20.0, "minimal"),
        ((2, 1, 1, 1, 1, 1, 1, 1, 1, None), 22.222222, "moderate"),
        ((2, 2, 2, None, None, None, None, None, None, None), 40.0, "moderate"),
        ((3, 2, 2, 2, 2, 2, 2, 2, 2, None), 42.222222, "severe"),
        ((3, 3, 3, 3, 3, 3, None, None, None, None), 60.0, "severe"),
        ((4, 3, 3, 3, 3, 3, None, None, None, None), 63.333333, "very_severe"),
        ((4, 4, 4, 4, 4, 4, 4, None, None, None), 80.0, "very_severe"),
        ((5, 4, 4, 4, 4, 4, 4, None, None, None), 82.857143, "bed_bound"),
        ((None, None, None, None, None, None, None, None, None, 0), 0.0, "minimal"),
        ((None, None, None, None, None, None, None, None, None, 5), 100.0, "bed_bound"),
    ],
)
def test_odi_percent_and_bands(answers: tuple[int | None, ...], percent: float, band: str) -> None:
    result = score("odi", odi(*answers))
    assert result.percent == pytest.approx(percent, abs=1e-6)
    assert result.band == band
    assert result.maximum == 5 * sum(a is not None for a in answers)


def test_odi_band_labels_are_respectful_and_mapped_to_published_names() -> None:
    labels = {band_id: (label, published) for _, band_id, label, published in q.ODI_BANDS}
    assert list(labels) == ["minimal", "moderate", "severe", "very_severe", "bed_bound"]
    assert labels["very_severe"][0] == "very severe disability"
    assert "crippled" in labels["very_severe"][1]
    for label, _published in labels.values():
        assert "crippled" not in label and "exaggerat" not in label


@pytest.mark.parametrize(
    ("missed", "warned"),
    [(0, False), (1, False), (2, False), (3, True), (9, True)],
)
def test_odi_warns_when_three_or_more_sections_are_missing(missed: int, warned: bool) -> None:
    answers = [2] * (10 - missed) + [None] * missed
    result = score("odi", odi(*answers))
    assert len(result.missing) == missed
    assert bool(result.warnings) is warned
    if warned:
        assert f"{missed} of the 10 sections" in result.warnings[0]
        assert "less reliable" in result.warnings[0]


def test_odi_absent_key_counts_as_missed_section() -> None:
    answers = odi(3, 2, 1, 2, 1, 1, 2, None, 2, 2)
    del answers["s8"]
    assert (
        score("odi", answers).percent == score("odi", odi(3, 2, 1, 2, 1, 1, 2, None, 2, 2)).percent
    )


# ---------------------------------------------------------------------------------------------
# Roland-Morris, pain 0-10, global impression


@pytest.mark.parametrize("ticked", [0, 1, 4, 5, 20, 23, 24])
def test_rmdq_counts_ticked_statements(ticked: int) -> None:
    result = score("rmdq", rmdq(ticked))
    assert (result.total, result.maximum, result.band) == (ticked, 24, None)


@pytest.mark.parametrize("pain", [0, 1, 5, 9, 10])
def test_nrs_is_the_number_given(pain: int) -> None:
    result = score("nrs", {"pain": pain})
    assert (result.total, result.maximum) == (pain, 10)


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (1, "Very much improved"),
        (2, "Much improved"),
        (3, "A little improved"),
        (4, "No change"),
        (5, "A little worse"),
        (6, "Much worse"),
        (7, "Very much worse"),
    ],
)
def test_pgic_keeps_the_ninds_number_and_the_label(value: int, label: str) -> None:
    result = score("pgic", {"impression": value})
    assert (result.total, result.label, result.maximum) == (value, label, 7)


def test_scores_turn_into_plain_json() -> None:
    result = score("odi", odi(5, 5, 5, None, None, None, 4, 4, 4, 4))
    data = json.loads(json.dumps(result.as_dict()))
    assert data["instrument_id"] == "odi"
    assert data["missing"] == ["s4", "s5", "s6"]
    assert data["band"] == "bed_bound"
    assert len(data["warnings"]) == 1
    assert json.loads(json.dumps(score("pgic", {"impression": 2}).as_dict()))["label"] == (
        "Much improved"
    )


# ---------------------------------------------------------------------------------------------
# Change and minimal important change


def nrs_score(pain: int) -> q.Score:
    return score("nrs", {"pain": pain})


def rmdq_score(ticked: int) -> q.Score:
    return score("rmdq", rmdq(ticked))


def odi_score(total: int) -> q.Score:
    """ODI with all sections answered: percent = 2 x total."""
    values = [min(5, max(0, total - 5 * i)) for i in range(10)]
    result = score("odi", odi(*values))
    assert result.total == total
    return result


MAKE = {"nrs": nrs_score, "odi": odi_score, "rmdq": rmdq_score}


@pytest.mark.parametrize(
    ("instrument_id", "before", "after", "improvement", "percent", "absolute", "relative"),
    [
        # NRS: 2 points (meaningful) or 30 % (reported only)
        ("nrs", 6, 4, 2, 33.333333, True, True),
        ("nrs", 8, 6, 2, 25.0, True, False),  # exactly 2 points
        ("nrs", 8, 7, 1, 12.5, False, False),
        ("nrs", 3, 2, 1, 33.333333, False, True),  # 30 % arm alone: not meaningful
        ("nrs", 10, 7, 3, 30.0, True, True),  # exactly 30 %
        ("nrs", 1, 0, 1, 100.0, False, True),  # all the pain gone, but 1 point
        ("nrs", 10, 9, 1, 10.0, False, False),
        ("nrs", 4, 6, -2, -50.0, False, False),  # worse
        ("nrs", 5, 5, 0, 0.0, False, False),
        # RMDQ: 5 points or 30 %
        ("rmdq", 20, 15, 5, 25.0, True, False),  # exactly 5 points
        ("rmdq", 20, 16, 4, 20.0, False, False),
        ("rmdq", 14, 8, 6, 42.857143, True, True),
        ("rmdq", 10, 7, 3, 30.0, False, True),  # exactly 30 %, 3 points: chance
        ("rmdq", 3, 2, 1, 33.333333, False, True),  # the case the review named
        ("rmdq", 10, 8, 2, 20.0, False, False),
        ("rmdq", 24, 20, 4, 16.666667, False, False),
        # ODI in percentage points: 10 points or 30 %
        ("odi", 25, 20, 10, 20.0, True, False),  # 50 % -> 40 %: exactly 10 points
        ("odi", 25, 21, 8, 16.0, False, False),  # 50 % -> 42 %
        ("odi", 10, 7, 6, 30.0, False, True),  # 20 % -> 14 %: exactly 30 %, 6 points
        ("odi", 5, 3, 4, 40.0, False, True),  # 10 % -> 6 %: the case the review named
        ("odi", 10, 8, 4, 20.0, False, False),
        ("odi", 20, 30, -20, -50.0, False, False),
    ],
)
def test_change_is_meaningful_only_at_the_absolute_threshold(
    instrument_id: str,
    before: int,
    after: int,
    improvement: float,
    percent: float,
    absolute: bool,
    relative: bool,
) -> None:
    result = change(instrument_id, MAKE[instrument_id](before), MAKE[instrument_id](after))
    assert result.improvement_points == pytest.approx(improvement)
    assert result.points == pytest.approx(-improvement)
    assert result.percent == pytest.approx(percent, abs=1e-6)
    assert (result.meets_absolute, result.meets_relative) == (absolute, relative)
    assert result.meaningful is absolute
    assert result.meets_mic is absolute  # the older name follows the meaningful rule
    assert str(q.MIC_POINTS[instrument_id]) in result.rule and "30 %" in result.rule
    data = result.as_dict()
    assert (data["meaningful"], data["meets_mic"], data["meets_relative"]) == (
        absolute,
        absolute,
        relative,
    )
    if improvement > 0:
        assert ("meaningful change, large enough" in result.note) is absolute
        assert ("within the range scores move by chance" in result.note) is not absolute
        assert ("meets the published 30 % rule" in result.note) is (relative and not absolute)
    assert not re.search(r"[+\u2212-]\d", result.note)  # no signed numbers in words


@pytest.mark.parametrize(
    ("instrument_id", "before", "after", "note"),
    [
        (
            "rmdq",
            3,
            2,
            "The score is 33.3 % better than the first one, which meets the published 30 % "
            "rule, but an improvement of 1 point is within the range scores move by chance; a "
            "meaningful change on this scale is at least 5 points.",
        ),
        (
            "rmdq",
            14,
            8,
            "An improvement of 6 points reaches the threshold of 5 points: a meaningful change, "
            "large enough to matter to most people.",
        ),
        (
            "nrs",
            7,
            6,
            "An improvement of 1 point is within the range scores move by chance; a meaningful "
            "change on this scale is at least 2 points.",
        ),
        ("nrs", 5, 5, "The score has not changed."),
        ("nrs", 4, 5, "The score is 1 point worse, within the range scores move by chance."),
        (
            "rmdq",
            4,
            9,
            "The score is 5 points worse, as large as a meaningful change. If things keep "
            "getting worse, speak to a GP or physiotherapist.",
        ),
        (
            "odi",
            10,
            15,
            "The score is 10 percentage points worse, as large as a meaningful change. If things "
            "keep getting worse, speak to a GP or physiotherapist.",
        ),
        (
            "odi",
            20,
            17,
            "An improvement of 6 percentage points is within the range scores move by chance; a "
            "meaningful change on this scale is at least 10 percentage points.",
        ),
    ],
)
def test_the_note_says_what_a_change_means(
    instrument_id: str, before: int, after: int, note: str
) -> None:
    result = change(instrument_id, MAKE[instrument_id](before), MAKE[instrument_id](after))
    assert result.note == note


@pytest.mark.parametrize(
    ("before", "after", "shown"),
    [
        (35.56, 25.57, "just under 10 percentage points"),  # 9.99 rounds to 10
        (35.56, 25.56, "10 percentage points"),
        (50, 49, "1 percentage point"),
    ],
)
def test_the_note_never_rounds_a_change_up_to_the_threshold(
    before: float, after: float, shown: str
) -> None:
    def pct(value: float) -> q.Score:
        return q.Score("odi", total=value, maximum=100)

    result = change("odi", pct(before), pct(after))
    assert f"improvement of {shown} " in result.note


def test_odi_change_uses_percentage_points_with_missed_sections() -> None:
    baseline = score("odi", odi(3, 2, 1, 2, 1, 1, 2, None, 2, 2))  # 35.56 %
    latest = score("odi", odi(2, 1, 1, 1, 1, 1, 1, None, 1, 1))  # 10 of 45 = 22.22 %
    result = change("odi", baseline, latest)
    assert result.baseline == pytest.approx(35.555556, abs=1e-6)
    assert result.improvement_points == pytest.approx(13.333333, abs=1e-6)
    assert result.percent == pytest.approx(37.5)
    assert result.meaningful and result.meets_relative
    assert "percentage points" in result.rule


@pytest.mark.parametrize(
    ("instrument_id", "after", "points"),
    [("nrs", 0, 0), ("nrs", 3, 3), ("rmdq", 0, 0), ("rmdq", 6, 6), ("odi", 0, 0), ("odi", 5, 10)],
)
def test_baseline_zero_has_no_relative_change(instrument_id: str, after: int, points: int) -> None:
    result = change(instrument_id, MAKE[instrument_id](0), MAKE[instrument_id](after))
    assert result.percent is None
    assert result.note.startswith("The starting score was 0, so the 30 % rule cannot be applied")
    assert result.points == points
    assert result.meaningful is False and result.meets_relative is False
    json.dumps(result.as_dict())


@pytest.mark.parametrize("instrument_id", ["start_back", "pgic"])
def test_change_is_not_defined_for_screening_or_impression(instrument_id: str) -> None:
    answers = start_back(set()) if instrument_id == "start_back" else {"impression": 4}
    s = score(instrument_id, answers)
    with pytest.raises(AnswerError) as info:
        change(instrument_id, s, s)
    assert info.value.field == "instrument"


def test_change_refuses_scores_from_another_questionnaire() -> None:
    with pytest.raises(AnswerError) as info:
        change("nrs", score("rmdq", rmdq(5)), nrs_score(3))
    assert info.value.field == "baseline"
    with pytest.raises(AnswerError) as info:
        change("nrs", nrs_score(3), score("rmdq", rmdq(5)))
    assert info.value.field == "latest"


# ---------------------------------------------------------------------------------------------
# Properties


def answers_for(instrument_id: str) -> st.SearchStrategy[dict[str, int | None]]:
    inst = q.instruments()[instrument_id]
    fields: dict[str, st.SearchStrategy[int | None]] = {}
    for item in inst.items:
        values: st.SearchStrategy[int | None] = st.sampled_from([o.value for o in item.options])
        fields[item.id] = st.one_of(st.none(), values) if item.optional else values
    strategy = st.fixed_dictionaries(fields)
    if instrument_id == "odi":
        return strategy.filter(lambda a: any(v is not None for v in a.values()))
    return strategy


any_answers = st.sampled_from(sorted(q.EXPECTED)).flatmap(
    lambda iid: st.tuples(st.just(iid), answers_for(iid))
)
BAND_RANK = {"low": 0, "medium": 1, "high": 2}
BAND_RANK.update({band_id: n for n, (_, band_id, _, _) in enumerate(q.ODI_BANDS)})


@settings(max_examples=300)
@given(any_answers)
def test_scores_stay_in_range(case: tuple[str, dict[str, int | None]]) -> None:
    instrument_id, answers = case
    result = score(instrument_id, answers)
    low = 1 if instrument_id == "pgic" else 0
    assert low <= result.total <= result.maximum
    if result.percent is not None:
        assert 0 <= result.percent <= 100
    if result.subscale is not None:
        assert 0 <= result.subscale <= 5 and result.subscale <= result.total
    if result.band is not None:
        assert result.band in BAND_RANK
    json.dumps(result.as_dict())


@settings(max_examples=300)
@given(any_answers, st.data())
def test_a_higher_answer_never_lowers_a_score(
    case: tuple[str, dict[str, int | None]], data: st.DataObject
) -> None:
    instrument_id, answers = case
    item = data.draw(st.sampled_from(q.instruments()[instrument_id].items))
    current = answers[item.id]
    higher = [o.value for o in item.options if current is None or o.value > current]
    if current is None:
        higher = [max(higher)]  # answering a missed section with its worst statement
    if not higher:
        return
    raised = {**answers, item.id: data.draw(st.sampled_from(higher))}
    before, after = score(instrument_id, answers), score(instrument_id, raised)
    if instrument_id == "odi":
        assert before.percent is not None and after.percent is not None
        assert after.percent >= before.percent - 1e-9
    else:
        assert after.total >= before.total
    if before.subscale is not None and after.subscale is not None:
        assert after.subscale >= before.subscale
    if before.band is not None and after.band is not None:
        assert BAND_RANK[after.band] >= BAND_RANK[before.band]


@settings(max_examples=200)
@given(
    st.sampled_from(["nrs", "rmdq", "odi"]).flatmap(
        lambda iid: st.tuples(st.just(iid), answers_for(iid), answers_for(iid))
    )
)
def test_change_is_consistent_with_its_rule(
    case: tuple[str, dict[str, int | None], dict[str, int | None]],
) -> None:
    instrument_id, first, second = case
    result = change(instrument_id, score(instrument_id, first), score(instrument_id, second))
    assert result.improvement_points == pytest.approx(-result.points)
    assert result.points == pytest.approx(result.latest - result.baseline)
    if result.baseline == 0:
        assert result.percent is None and result.note
    else:
        assert result.percent == pytest.approx(100 * result.improvement_points / result.baseline)
    assert result.meaningful is (
        result.improvement_points >= q.MIC_POINTS[instrument_id] - 1e-9
    )
    assert result.meets_relative is (
        result.percent is not None and result.percent >= q.MIC_PERCENT - 1e-9
    )
    if result.improvement_points <= 0:
        assert not result.meaningful and not result.meets_relative


def test_an_answer_error_keeps_the_field_and_the_message_apart() -> None:
    error = AnswerError("s3", "this question needs an answer")
    assert (error.field, error.message) == ("s3", "this question needs an answer")
    assert str(error) == "s3: this question needs an answer"


def test_a_score_as_a_dict() -> None:
    s = score("odi", odi(3, 2, 1, 2, 1, 1, 2, None, 2, 2))
    data = s.as_dict()
    assert data == {
        "instrument_id": "odi",
        "total": 16,
        "maximum": 45,
        "percent": pytest.approx(35.5555556),
        "band": "moderate",
        "band_label": "moderate disability",
        "subscale": None,
        "missing": ["s8"],
        "warnings": [],
        "label": None,
    }


def test_two_missing_instruments_are_both_named() -> None:
    text = GOOD[: GOOD.index('[[instrument]]\nid = "nrs"')]
    with pytest.raises(QuestionnaireDataError) as info:
        q.parse_instruments(text)
    assert str(info.value) == "questionnaire data lacks: nrs, pgic"


def test_the_change_rule_and_its_refusals_word_for_word() -> None:
    assert q.mic_rule("rmdq") == (
        "A change is meaningful when the Roland-Morris score improves by at least 5 points "
        "(Ostelo et al. 2008). A smaller change is within the range scores move by chance, even "
        "when it reaches the published 30 % of the starting score."
    )
    with pytest.raises(AnswerError) as info:
        q.mic_rule("pgic")
    assert str(info.value) == "instrument: change is only worked out for nrs, rmdq, odi"
    with pytest.raises(AnswerError) as info:
        change("nrs", nrs_score(3), score("rmdq", rmdq(5)))
    assert info.value.message == "is a 'rmdq' score, but change was asked for 'nrs'"
    with pytest.raises(AnswerError) as info:
        change("nrs", nrs_score(3), "3")  # type: ignore[arg-type]
    assert info.value.message == "expected a Score from score()"
    empty = q.Score("odi", total=0, maximum=0)
    with pytest.raises(AnswerError) as info:
        change("odi", empty, odi_score(5))
    assert str(info.value) == "baseline: an Oswestry score needs at least one answered section"


def test_a_zero_start_says_why_only_the_threshold_counts() -> None:
    result = change("rmdq", rmdq_score(0), rmdq_score(0))
    assert result.instrument_id == "rmdq"
    assert result.note == (
        "The starting score was 0, so the 30 % rule cannot be applied; only the absolute "
        "threshold is used. The score has not changed."
    )


@pytest.mark.parametrize(
    ("instrument_id", "answers", "text"),
    [
        ("nrs", [("pain", 6)], "answers: expected a mapping of item id to answer value"),
        ("nrs", {}, "pain: this question needs an answer"),
        ("nrs", {"pain": 11}, "pain: 11 is not an allowed answer (allowed: 0, 1, 2, 3, 4, 5, 6, "
         "7, 8, 9, 10)"),
        ("odi", {}, "answers: None of the ten sections was answered, so there is no score to "
         "show."),
        ("sf36", {}, "instrument: unknown questionnaire 'sf36'; known: start_back, odi, rmdq, "
         "nrs, pgic"),
    ],
)
def test_answer_errors_word_for_word(instrument_id: str, answers: object, text: str) -> None:
    with pytest.raises(AnswerError) as info:
        score(instrument_id, answers)  # type: ignore[arg-type]
    assert str(info.value) == text


def test_every_score_names_its_instrument_and_odi_warns_in_full() -> None:
    assert score("start_back", start_back(set())).instrument_id == "start_back"
    assert score("pgic", {"impression": 4}).instrument_id == "pgic"
    thin = score("odi", odi(2, 2, 2, 2, 2, 2, 2, None, None, None))
    assert thin.warnings == (
        "3 of the 10 sections were left out, so this result is less reliable than usual. There "
        "is no agreed limit on missing sections; treat it with care.",
    )
    with pytest.raises(AnswerError) as info:
        q.odi_band(100.5)
    assert str(info.value) == "percent: an Oswestry score cannot be above 100, got 100.5"
    with pytest.raises(AnswerError) as info:
        change("nrs", "3", nrs_score(3))  # type: ignore[arg-type]
    assert str(info.value) == "baseline: expected a Score from score()"


def test_only_the_roland_morris_is_a_checklist_and_a_checklist_is_yes_or_no() -> None:
    instruments = q.parse_instruments(GOOD)
    assert {iid for iid, inst in instruments.items() if inst.checklist} == {"rmdq"}
    two_answers = GOOD.replace("checklist = true", "checklist = true", 1).replace(
        'id = "odi"', 'id = "odi"\nchecklist = true', 1
    )
    with pytest.raises(QuestionnaireDataError) as refused:
        q.parse_instruments(two_answers)
    assert str(refused.value) == "instrument 'odi': a checklist's items must be answered 1 or 0"
    with pytest.raises(QuestionnaireDataError) as refused:
        q.parse_instruments(GOOD.replace('kind = "screening"', "kind = 3", 1))
    assert str(refused.value).startswith("instrument '")  # the message says where
