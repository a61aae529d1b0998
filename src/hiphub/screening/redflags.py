"""Red flags and triage: which level of concern a set of answers reaches. Pure: no ORM.

The flags, the levels' advice and the short pre-session questions live in
data/red_flags.toml; `load()` reads and checks them and refuses an inconsistent file with a
message naming the record.
"""

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).parent / "data" / "red_flags.toml"
MAX_PRE_SESSION_QUESTIONS = 5


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
    source: str = ""
    clearable: bool = False  # a history fact a clinician's assessment can clear


@dataclass(frozen=True)
class LevelInfo:
    level: Level
    rank: int
    title: str
    action: str
    detail: str
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class PreSessionQuestion:
    """One question of the short "anything new?" check; `covers` names full-check flags."""

    id: str
    question: str
    covers: tuple[str, ...]


@dataclass(frozen=True)
class RedFlagData:
    flags: dict[str, Flag]
    levels: dict[Level, LevelInfo]
    sources: tuple[str, ...]
    pre_session: tuple[PreSessionQuestion, ...] = ()


class RedFlagDataError(ValueError):
    """data/red_flags.toml is inconsistent; the message names the record."""


class UnknownFlagError(ValueError):
    def __init__(self, unknown: list[str]) -> None:
        super().__init__("Unknown red-flag id: " + ", ".join(unknown))


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RedFlagDataError(f"red_flags.toml: {where} needs a non-empty `{key}`")
    return value.strip()


def parse(raw: dict[str, Any]) -> RedFlagData:
    """Build and check the red-flag data from the parsed TOML."""
    flags: dict[str, Flag] = {}
    for entry in raw.get("flags", []):
        flag_id = _text(entry, "id", "a flag")
        where = f"flag {flag_id}"
        try:
            level = Level(entry.get("level"))
        except ValueError:
            raise RedFlagDataError(f"red_flags.toml: {where} has an unknown level") from None
        clearable = entry.get("clearable", False)
        if not isinstance(clearable, bool):
            raise RedFlagDataError(f"red_flags.toml: {where}: clearable must be true or false")
        if clearable and level == Level.EMERGENCY:
            raise RedFlagDataError(f"red_flags.toml: {where}: an emergency flag cannot be cleared")
        if flag_id in flags:
            raise RedFlagDataError(f"red_flags.toml: flag {flag_id} appears twice")
        flags[flag_id] = Flag(
            flag_id,
            level,
            _text(entry, "question", where),
            _text(entry, "plain", where),
            _text(entry, "source", where),
            clearable,
        )
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
    if set(levels) != set(Level):
        raise RedFlagDataError("red_flags.toml: every level needs its [levels.<level>] advice")
    pre_session = tuple(
        PreSessionQuestion(
            _text(entry, "id", "a pre_session question"),
            _text(entry, "question", "a pre_session question"),
            tuple(entry.get("covers", ())),
        )
        for entry in raw.get("pre_session", [])
    )
    if not 1 <= len(pre_session) <= MAX_PRE_SESSION_QUESTIONS:
        raise RedFlagDataError(
            f"red_flags.toml: the pre-session check needs 1 to {MAX_PRE_SESSION_QUESTIONS} "
            f"questions, not {len(pre_session)}"
        )
    for question in pre_session:
        unknown = [f for f in question.covers if f not in flags]
        if not question.covers or unknown:
            raise RedFlagDataError(
                f"red_flags.toml: pre_session {question.id} must cover known flags"
                + (f" (unknown: {', '.join(unknown)})" if unknown else "")
            )
    return RedFlagData(
        flags=flags, levels=levels, sources=tuple(raw["sources"]), pre_session=pre_session
    )


@cache
def load() -> RedFlagData:
    try:
        raw = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RedFlagDataError(f"{DATA_FILE}: {exc}") from None
    return parse(raw)


def flags_by_level() -> list[LevelInfo]:
    """Levels that have flags, most serious first."""
    data = load()
    ordered = sorted(data.levels.values(), key=lambda info: -info.rank)
    return [info for info in ordered if info.flags]


def check_known(flag_ids: Iterable[str]) -> None:
    """UnknownFlagError naming every id that is not a red flag."""
    unknown = sorted(set(flag_ids) - load().flags.keys())
    if unknown:
        raise UnknownFlagError(unknown)


def triage(answered_yes: Iterable[str]) -> Level:
    """The highest level among the flags answered yes; self-care when there are none."""
    chosen = set(answered_yes)
    check_known(chosen)
    data = load()
    if not chosen:
        return Level.SELF_CARE
    return max((data.flags[f].level for f in chosen), key=lambda lv: data.levels[lv].rank)


def clearable(flag_ids: Iterable[str]) -> list[str]:
    """The flags among these that a clinician's assessment can clear, in data order."""
    chosen = set(flag_ids)
    return [f.id for f in load().flags.values() if f.id in chosen and f.clearable]
