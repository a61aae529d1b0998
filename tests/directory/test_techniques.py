"""The techniques vocabulary (directory/data/techniques.toml) is whole and honest."""

import tomllib
from typing import Any

import pytest

from hiphub.core import refdata
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


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["techniques"][0].pop("what"), "myofascial_release: what is missing"),
        (lambda d: d["techniques"][1].update(sources=[]), "trigger_point: sources must list"),
        (lambda d: d["techniques"][1].update(sources=[{"name": "x", "url": "http://a"}]),
         "must start with https://"),
        (lambda d: d["techniques"][2].update(id="Muscle Belly"), "lower_snake_case"),
        (lambda d: d["techniques"][2].update(approach="yes"), "approach must be true or false"),
        (lambda d: d["techniques"].append(dict(d["techniques"][0])), "listed twice"),
        (lambda d: d["techniques"].pop(7), "required techniques are missing: swedish"),
        (lambda d: d.pop("evidence"), "[evidence] needs a text"),
    ],
)
def test_a_broken_file_names_the_technique_and_field(change: Any, message: str) -> None:
    with pytest.raises(TechniqueDataError, match=message.replace("[", r"\[").replace("]", r"\]")):
        techniques.parse(_broken(change))
