"""docs/anatomy.md stays true to the anatomy data: every source the data cites is listed, and
every muscle whose facts changed in the clinical review is in its table."""

from pathlib import Path

import pytest

from hiphub.anatomy.atlas import load

DOC = " ".join((Path(__file__).parents[2] / "docs" / "anatomy.md").read_text().split())


def _cited() -> list[str]:
    data = load()
    names = {s.name for m in data.muscles.values() for s in m.sources}
    names |= {s.name for o in data.other_sources.values() for s in o.sources}
    return sorted(names)


@pytest.mark.parametrize("name", _cited())
def test_every_source_in_the_data_is_listed_in_the_docs(name: str) -> None:
    assert name in DOC, f"{name!r} is cited by the anatomy data but not listed in docs/anatomy.md"


def test_the_docs_state_the_envelopes_and_the_saddle_area() -> None:
    assert '`{"regions": [{"id", "name", "muscles": N,' in DOC
    assert '`{"path": [' in DOC
    assert '"candidates": [' in DOC
    assert "exits with status 3" in DOC


def test_the_docs_count_the_regions_and_hip_movers() -> None:
    data = load()
    assert f"the {len(data.body_regions)} body regions where pain is felt" in DOC
    assert (
        f"{len(data.muscles_moving('hip'))} of its {len(data.muscles)} muscles move the hip" in DOC
    )
