"""The controlled vocabulary of techniques (data/techniques.toml), read and checked once.
Pure: no ORM, no request.

A broken file raises TechniqueDataError naming the technique and the field, so `hiphub
serve` stops at start-up (core/refdata.py) instead of a page failing later.
"""

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hiphub.core.sources import Source

DATA_FILE = Path(__file__).parent / "data" / "techniques.toml"
# The vocabulary: these ids must always exist (listings and the API store them).
REQUIRED = (
    "myofascial_release",
    "trigger_point",
    "muscle_belly_release",
    "positional_release",
    "neuromuscular",
    "deep_tissue",
    "sports_massage",
    "swedish",
)
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TEXT_FIELDS = ("name", "short", "what", "feels", "ask")


class TechniqueDataError(ValueError):
    """The techniques file is missing something or holds a value that makes no sense."""


@dataclass(frozen=True)
class Technique:
    id: str
    name: str
    short: str
    what: str
    feels: str
    ask: str
    approach: bool  # one of the techniques the approach hiphub grew from asks for
    sources: tuple[Source, ...]

    @property
    def slug(self) -> str:
        return self.id.replace("_", "-")


@dataclass(frozen=True)
class Vocabulary:
    techniques: dict[str, Technique]  # in the file's order
    evidence: str
    evidence_sources: tuple[Source, ...]

    def by_slug(self, slug: str) -> Technique | None:
        return self.techniques.get(slug.replace("-", "_"))

    def names(self, ids: list[str] | tuple[str, ...]) -> list[str]:
        return [self.techniques[i].name for i in ids if i in self.techniques]


def _sources(raw: Any, where: str) -> tuple[Source, ...]:
    if not isinstance(raw, list) or not raw:
        raise TechniqueDataError(f"{where}: sources must list at least one source")
    found = []
    for item in raw:
        if not isinstance(item, dict) or not str(item.get("name", "")).strip():
            raise TechniqueDataError(f"{where}: every source needs a name")
        url = item.get("url")
        if url is not None and not str(url).startswith("https://"):
            raise TechniqueDataError(f"{where}: source url {url!r} must start with https://")
        found.append(Source(str(item["name"]), None if url is None else str(url)))
    return tuple(found)


def _technique(raw: Any, index: int) -> Technique:
    if not isinstance(raw, dict):
        raise TechniqueDataError(f"techniques[{index}] is not a table")
    tid = raw.get("id")
    if not isinstance(tid, str) or not _ID.match(tid):
        raise TechniqueDataError(f"techniques[{index}]: id {tid!r} must be lower_snake_case")
    for field in _TEXT_FIELDS:
        value = raw.get(field)
        if not isinstance(value, str) or not value.strip():
            raise TechniqueDataError(f"technique {tid}: {field} is missing or empty")
    if not isinstance(raw.get("approach"), bool):
        raise TechniqueDataError(f"technique {tid}: approach must be true or false")
    return Technique(
        id=tid,
        name=raw["name"].strip(),
        short=raw["short"].strip(),
        what=raw["what"].strip(),
        feels=raw["feels"].strip(),
        ask=raw["ask"].strip(),
        approach=raw["approach"],
        sources=_sources(raw.get("sources"), f"technique {tid}"),
    )


def parse(data: dict[str, Any]) -> Vocabulary:
    """Check a parsed file and build the vocabulary."""
    evidence = data.get("evidence")
    if not isinstance(evidence, dict) or not str(evidence.get("text", "")).strip():
        raise TechniqueDataError("[evidence] needs a text")
    raw_list = data.get("techniques")
    if not isinstance(raw_list, list) or not raw_list:
        raise TechniqueDataError("the file lists no [[techniques]]")
    techniques: dict[str, Technique] = {}
    for index, raw in enumerate(raw_list):
        technique = _technique(raw, index)
        if technique.id in techniques:
            raise TechniqueDataError(f"technique {technique.id} is listed twice")
        techniques[technique.id] = technique
    missing = [t for t in REQUIRED if t not in techniques]
    if missing:
        raise TechniqueDataError(f"required techniques are missing: {', '.join(missing)}")
    return Vocabulary(
        techniques=techniques,
        evidence=str(evidence["text"]).strip(),
        evidence_sources=_sources(evidence.get("sources"), "[evidence]"),
    )


@cache
def load() -> Vocabulary:
    try:
        data = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise TechniqueDataError(f"{DATA_FILE.name}: {exc}") from None
    return parse(data)
