"""The techniques vocabulary (directory/data/techniques.toml) is whole and honest."""

import tomllib
from typing import Any

import pytest

from hiphub.core import refdata
from hiphub.core.sources import Source
from hiphub.directory import techniques
from hiphub.directory.techniques import TechniqueDataError

RAW = tomllib.loads(techniques.DATA_FILE.read_text(encoding="utf-8"))


def test_the_issues_vocabulary_is_there_in_order() -> None:
    vocab = techniques.load()
    assert list(vocab.techniques)[: len(techniques.REQUIRED)] == list(techniques.REQUIRED)
    assert [t.id for t in vocab.techniques.values() if t.approach] == [
        "myofascial_release", "trigger_point", "muscle_belly_release",
    ]


def test_every_technique_names_a_source_and_the_evidence_is_cited() -> None:
    vocab = techniques.load()
    for technique in vocab.techniques.values():
        assert technique.sources, technique.id
    assert any("Cochrane" in s.name for s in vocab.evidence_sources)
    assert any("NG59" in s.name for s in vocab.evidence_sources)
    assert "low-certainty" in vocab.evidence and "short term" in vocab.evidence


def test_no_promise_language() -> None:
    text = techniques.DATA_FILE.read_text(encoding="utf-8").lower()
    for word in ("cure", "eliminate", "guarantee", "heals"):
        assert word not in text.replace("not as a cure", ""), word


def test_slugs_find_techniques() -> None:
    vocab = techniques.load()
    assert vocab.by_slug("trigger-point") is vocab.techniques["trigger_point"]
    assert vocab.by_slug("reiki") is None
    assert vocab.techniques["muscle_belly_release"].slug == "muscle-belly-release"


def test_the_loader_is_part_of_start_up() -> None:
    assert any(loader.target == "hiphub.directory.techniques:load" for loader in refdata.LOADERS)
    assert "therapy techniques: loaded" in refdata.refresh()


def _broken(change: Any) -> dict[str, Any]:
    data = tomllib.loads(techniques.DATA_FILE.read_text(encoding="utf-8"))
    change(data)
    return data


def _drop(*indexes: int) -> Any:
    def change(d: dict[str, Any]) -> None:
        for i in sorted(indexes, reverse=True):
            d["techniques"].pop(i)

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["techniques"][0].pop("what"),
         "technique myofascial_release: what is missing or empty"),
        (lambda d: d["techniques"][1].update(feels="   "),
         "technique trigger_point: feels is missing or empty"),
        (lambda d: d["techniques"][1].update(sources=[]),
         "technique trigger_point: sources must list at least one source"),
        (lambda d: d["techniques"][1].pop("sources"),
         "technique trigger_point: sources must list at least one source"),
        (lambda d: d["techniques"][1].update(sources=[{"name": "x", "url": "http://a"}]),
         "technique trigger_point: source url 'http://a' must start with https://"),
        (lambda d: d["techniques"][1].update(sources=[{"url": "https://example.org/"}]),
         "technique trigger_point: every source needs a name"),
        (lambda d: d["techniques"][1].update(sources=[{"name": "  "}]),
         "technique trigger_point: every source needs a name"),
        # A source written as bare text instead of { name = "…" }.
        (lambda d: d["techniques"][1].update(sources=["Travell and Simons, 1992"]),
         "technique trigger_point: every source needs a name"),
        (lambda d: d["techniques"][2].update(id="Muscle Belly"),
         "techniques[2]: id 'Muscle Belly' must be lower_snake_case"),
        (lambda d: d["techniques"][2].pop("id"), "techniques[2]: id None must be lower_snake_case"),
        (lambda d: d["techniques"][2].update(approach="yes"),
         "technique muscle_belly_release: approach must be true or false"),
        (lambda d: d["techniques"].__setitem__(3, "positional_release"),
         "techniques[3] is not a table"),
        (lambda d: d["techniques"].append(dict(d["techniques"][0])),
         "technique myofascial_release is listed twice"),
        (_drop(7), "required techniques are missing: swedish"),
        (_drop(7, 5), "required techniques are missing: deep_tissue, swedish"),
        (lambda d: d.pop("evidence"), "[evidence] needs a text"),
        (lambda d: d["evidence"].pop("text"), "[evidence] needs a text"),
        (lambda d: d["evidence"].update(text=" \n "), "[evidence] needs a text"),
        (lambda d: d.update(evidence="Massage has low-certainty evidence."),
         "[evidence] needs a text"),
        (lambda d: d["evidence"].update(sources=[]),
         "[evidence]: sources must list at least one source"),
        (lambda d: d["evidence"].update(sources=[{"name": "NICE", "url": "www.nice.org.uk"}]),
         "[evidence]: source url 'www.nice.org.uk' must start with https://"),
        (lambda d: d.pop("techniques"), "the file lists no [[techniques]]"),
        (lambda d: d.update(techniques=[]), "the file lists no [[techniques]]"),
        # One table written [techniques] instead of the list [[techniques]].
        (lambda d: d.update(techniques=d["techniques"][0]), "the file lists no [[techniques]]"),
    ],
)
def test_a_broken_file_is_refused_word_for_word(change: Any, message: str) -> None:
    with pytest.raises(TechniqueDataError) as caught:
        techniques.parse(_broken(change))
    assert str(caught.value) == message


def _entry(tid: str, **fields: Any) -> dict[str, Any]:
    return {"id": tid, "name": tid, "short": tid, "what": tid, "feels": tid, "ask": tid,
            "approach": False, "sources": [{"name": "A source"}]} | fields


def test_a_file_is_read_field_by_field_in_its_order() -> None:
    entries = [_entry(t) for t in techniques.REQUIRED]
    entries[1] = _entry(
        "trigger_point",
        name=" Trigger point therapy\n",
        short="\nPressure on tender knots ",
        what="  Presses on each tender spot.\n",
        feels="\tA strong pressure.",
        ask="Which muscles do you check? ",
        approach=True,
        sources=[{"name": "Travell and Simons, 1992"},
                 {"name": "NCCIH", "url": "https://www.nccih.nih.gov/"}],
    )
    entries.append(_entry("reflexology"))
    vocab = techniques.parse({
        "evidence": {"text": "\nLow-certainty evidence.\n",
                     "sources": [{"name": "Cochrane", "url": "https://doi.org/x"}]},
        "techniques": entries,
    })
    assert list(vocab.techniques) == [*techniques.REQUIRED, "reflexology"]
    assert vocab.techniques["trigger_point"] == techniques.Technique(
        id="trigger_point",
        name="Trigger point therapy",
        short="Pressure on tender knots",
        what="Presses on each tender spot.",
        feels="A strong pressure.",
        ask="Which muscles do you check?",
        approach=True,
        sources=(Source("Travell and Simons, 1992", None),
                 Source("NCCIH", "https://www.nccih.nih.gov/")),
    )
    assert vocab.techniques["swedish"].approach is False
    assert vocab.evidence == "Low-certainty evidence."
    assert vocab.evidence_sources == (Source("Cochrane", "https://doi.org/x"),)


def test_names_follow_the_ids_given_and_skip_unknown_ones() -> None:
    vocab = techniques.parse(RAW)
    assert vocab.names(["swedish", "reiki", "trigger_point"]) == [
        "Swedish massage", "Trigger point therapy",
    ]
    assert vocab.names(()) == []
