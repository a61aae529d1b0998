"""A cited source, as every reference-data file names them (anatomy, questionnaires, protocols)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    name: str
    url: str | None = None
