"""The safety check as one result: level, advice, flags answered yes and safety-netting.

Pure: no ORM, no requests. Built on redflags.triage(); shared by the web pages, API and CLI.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from hiphub.screening.redflags import Flag, Level, LevelInfo, load, triage

# How the questions are grouped on the form: by topic, not by how serious each one is, so the
# page reads calmly. Any flag not listed here still appears, under "Anything else".
GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "below_waist",
        "Feeling and control below the waist",
        (
            "saddle_numbness",
            "new_bladder_problem",
            "new_bowel_incontinence",
            "new_sexual_dysfunction",
        ),
    ),
    (
        "legs",
        "Your legs",
        (
            "bilateral_leg_symptoms",
            "progressive_or_severe_leg_weakness",
            "one_sided_leg_numbness_stable",
        ),
    ),
    (
        "injury",
        "Injuries, and pain away from the low back",
        (
            "major_trauma",
            "fracture_risk_minor_trauma",
            "chest_pain",
            "suspected_aaa",
            "thoracic_pain",
            "lump_or_deformity",
        ),
    ),
    (
        "health",
        "Your general health",
        (
            "fever_or_systemically_unwell",
            "history_of_cancer",
            "unexplained_weight_loss",
            "infection_risk",
            "age_over_50_new_onset",
        ),
    ),
    (
        "pattern",
        "How the pain behaves",
        ("night_or_rest_pain", "inflammatory_pattern", "not_improving_4_6_weeks"),
    ),
)

SAFETY_NET_INTRO = (
    "Whatever the result today, things can change. Call {emergency_number} or go to an "
    "emergency department straight away if any of these appear:"
)
SAFETY_NET_OUTRO = (
    "If the pain gets much worse, or something new worries you, take this check again or "
    "speak to a doctor. You know your body best: if in doubt, get help."
)


@dataclass(frozen=True)
class FlagGroup:
    id: str
    title: str
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class SafetyResult:
    level: Level
    info: LevelInfo
    flags: tuple[Flag, ...]
    safety_net: tuple[str, ...]

    def as_dict(self, emergency_number: str) -> dict[str, Any]:
        def fill(text: str) -> str:
            return text.replace("{emergency_number}", emergency_number)

        return {
            "level": self.level.value,
            "title": self.info.title,
            "advice": fill(self.info.action),
            "detail": self.info.detail,
            "blocks_self_care": self.level.blocks_self_care,
            "flags": [{"id": f.id, "level": f.level.value, "plain": f.plain} for f in self.flags],
            "safety_net": {
                "intro": fill(SAFETY_NET_INTRO),
                "signs": list(self.safety_net),
                "outro": SAFETY_NET_OUTRO,
            },
        }


def question_groups() -> list[FlagGroup]:
    """Every red-flag question, grouped by topic; each flag appears exactly once."""
    flags = load().flags
    groups: list[FlagGroup] = []
    seen: set[str] = set()
    for gid, title, ids in GROUPS:
        members = tuple(flags[i] for i in ids if i in flags)
        seen.update(f.id for f in members)
        if members:
            groups.append(FlagGroup(gid, title, members))
    rest = tuple(f for f in flags.values() if f.id not in seen)
    if rest:
        groups.append(FlagGroup("other", "Anything else", rest))
    return groups


def safety_net_signs() -> tuple[str, ...]:
    """The emergency signs, in plain words: what would make it an emergency."""
    return tuple(f.plain for f in load().levels[Level.EMERGENCY].flags)


def assess(answered_yes: Iterable[str]) -> SafetyResult:
    """Triage the flags answered yes (UnknownFlagError for an unknown id)."""
    chosen = sorted(set(answered_yes))
    level = triage(chosen)
    data = load()
    ranked = sorted(chosen, key=lambda f: -data.levels[data.flags[f].level].rank)
    return SafetyResult(
        level=level,
        info=data.levels[level],
        flags=tuple(data.flags[f] for f in ranked),
        safety_net=safety_net_signs(),
    )
