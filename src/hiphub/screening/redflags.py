"""Red flags and triage: which level of concern a set of answers reaches. Pure: no ORM."""

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "red_flags.toml"


class Level(StrEnum):
    SELF_CARE = "self_care"
    SEE_GP_SOON = "see_gp_soon"
    URGENT_SAME_DAY = "urgent_same_day"
    EMERGENCY = "emergency"

    @property
    def blocks_self_care(self) -> bool:
        return self in (Level.EMERGENCY, Level.URGENT_SAME_DAY)


@dataclass(frozen=True)
class Flag:
    id: str
    level: Level
    question: str
    plain: str


@dataclass(frozen=True)
class LevelInfo:
    level: Level
    rank: int
    title: str
    action: str
    detail: str
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class RedFlagData:
    flags: dict[str, Flag]
    levels: dict[Level, LevelInfo]
    sources: tuple[str, ...]


class UnknownFlagError(ValueError):
    def __init__(self, unknown: list[str]) -> None:
        self.unknown = unknown
        super().__init__("Unknown red-flag id: " + ", ".join(unknown))


@cache
def load() -> RedFlagData:
    raw = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    flags = {
        f["id"]: Flag(f["id"], Level(f["level"]), f["question"], f["plain"]) for f in raw["flags"]
    }
    levels = {}
    for key, info in raw["levels"].items():
        level = Level(key)
        levels[level] = LevelInfo(
            level=level,
            rank=int(info["rank"]),
            title=info["title"],
            action=info["action"],
            detail=info["detail"],
            flags=tuple(f for f in flags.values() if f.level == level),
        )
    return RedFlagData(flags=flags, levels=levels, sources=tuple(raw["sources"]))


def flags_by_level() -> list[LevelInfo]:
    """Levels that have flags, most serious first."""
    data = load()
    ordered = sorted(data.levels.values(), key=lambda info: -info.rank)
    return [info for info in ordered if info.flags]


def triage(answered_yes: list[str] | set[str] | tuple[str, ...]) -> Level:
    """The highest level among the flags answered yes; self-care when there are none."""
    data = load()
    unknown = sorted(set(answered_yes) - data.flags.keys())
    if unknown:
        raise UnknownFlagError(unknown)
    if not answered_yes:
        return Level.SELF_CARE
    return max((data.flags[f].level for f in answered_yes), key=lambda lv: data.levels[lv].rank)
